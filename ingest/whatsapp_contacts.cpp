// WhatsApp on Android, wa.db: `wa_contacts` (jid, saved display_name, self-chosen wa_name, number).
// Each row labels its JID's entity with the saved name and is recorded as a contact_card.
#include "android_common.hpp"
#include "formats.hpp"
#include "sqlite_util.hpp"
#include "whatsapp_common.hpp"

namespace casegraph::ingest {
namespace {

bool present(const std::optional<std::string>& s) {
    return s && !s->empty();
}

class WhatsappContacts final : public Importer {
  public:
    std::string_view format() const override { return "whatsapp-contacts"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "WhatsApp Android wa.db (wa_contacts)"; }

    int detect(const Probe& p) const override { return p.has_table("wa_contacts") ? 90 : 0; }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const auto cols = table_columns(db, "wa_contacts");
        for (const char* required : {"_id", "jid"})
            if (cols.count(required) == 0)
                throw InputError("unsupported", input.display_name + ": table wa_contacts has no column " +
                                                    required + "; not a wa.db casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        auto& w = ctx.writer();
        const auto owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:wa_contacts")));
        const RowLocator where(edb, "wa_contacts");
        std::int64_t rows = 0, groups = 0;
        auto st = db.prepare("SELECT " +
                             select_list(cols, {"_id", "jid", "is_whatsapp_user", "number", "raw_contact_id",
                                                "display_name", "wa_name", "given_name", "family_name",
                                                "status", "nickname", "company", "title"}) +
                             " FROM wa_contacts ORDER BY _id");
        while (st.step()) {
            ++rows;
            const auto id = st.column_int64(0);
            const std::string inner = where(id);
            const bool wal_only = where.wal_only(id);
            ctx.record(inner, [&] {
                TextCells cells(st);
                const std::string jid = cells.text(1);
                if (jid.empty())
                    throw std::runtime_error("wa_contacts.jid is empty");
                const auto src = w.source(ctx.locator(inner));
                const auto display = cells.opt(5);
                const auto wa_name = cells.opt(6);
                // The owner's saved name is how the owner knew this person; the self-chosen name is a claim.
                const std::string label = present(display) ? *display : (present(wa_name) ? *wa_name : "");
                const auto party = whatsapp_party(w, jid, src, label);
                if (!party.understood)
                    ctx.warning(inner, "jid '" + jid +
                                           "' is not a JID shape casegraph knows; kept as a WhatsApp "
                                           "handle");
                store::EventRecord e;
                e.kind = "contact_card";
                e.app = "whatsapp";
                e.time.rule = "whatsapp wa_contacts: a contact has no time";
                e.attrs["jid"] = jid;
                if (party.is_group) {
                    ++groups;
                    e.attrs["group"] = true;
                }
                if (wal_only)
                    e.attrs["wal_only"] = true;
                for (const auto& [col, key] : {std::pair{3, "number"},
                                               {5, "display_name"},
                                               {6, "wa_name"},
                                               {7, "given_name"},
                                               {8, "family_name"},
                                               {9, "status"},
                                               {10, "nickname"},
                                               {11, "company"},
                                               {12, "title"}})
                    if (auto v = cells.opt(col); v && !v->empty())
                        e.attrs[key] = *v;
                for (const auto& [col, key] : {std::pair{2, "is_whatsapp_user"}, {4, "raw_contact_id"}})
                    if (auto v = st.column_opt_int64(col))
                        e.attrs[key] = *v;
                e.parties = {{owner, "owner"}, {party.entity_id, "participant"}};
                if (present(display) && !party.is_group) {
                    const auto person =
                        w.entity("person", "person:" + w.evidence_sha256() + ":" + ctx.locator(inner),
                                 *display, src, "contact");
                    e.parties.push_back({person, "participant"});
                }
                cells.report(ctx, inner);
                w.event(e, src);
            });
        }
        ctx.note("wa_contacts.rows", rows);
        ctx.note("wa_contacts.groups", groups);
        ctx.note("wa_contacts.wal_only_rows", where.wal_only_rows());
    }
};

} // namespace

const Importer& whatsapp_contacts_importer() {
    static const WhatsappContacts instance;
    return instance;
}

} // namespace casegraph::ingest
