// Android contacts (contacts2.db, ContactsContract): `raw_contacts` cards with their `data` rows decoded
// through `mimetypes`. Older contacts2.db files also hold the call log, which is read here too because
// detection gives each file to one importer.
#include "android_common.hpp"
#include "formats.hpp"
#include "sqlite_util.hpp"

#include <map>

namespace casegraph::ingest {
namespace {

constexpr std::string_view kPhone = "vnd.android.cursor.item/phone_v2";
constexpr std::string_view kEmail = "vnd.android.cursor.item/email_v2";
constexpr std::string_view kName = "vnd.android.cursor.item/name";
constexpr std::string_view kOrganization = "vnd.android.cursor.item/organization";
constexpr std::string_view kPostal = "vnd.android.cursor.item/postal-address_v2";

struct DataRow {
    std::int64_t id = 0;
    std::string locator; // inner locator of the data row
    std::string mimetype;
    std::optional<std::string> data1, data2, data3, data4;
};

struct Card {
    std::string inner; // locator of the card
    std::optional<std::string> display_name, account_type, account_name;
    std::optional<std::int64_t> contact_id;
    bool deleted = false;
    bool from_raw_contacts = false;
    bool wal_only = false;
    std::vector<DataRow> data;
};

bool present(const std::optional<std::string>& s) {
    return s && !s->empty();
}

class AndroidContacts final : public Importer {
  public:
    std::string_view format() const override { return "android-contacts"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "Android contacts2.db (contacts, and calls)"; }

    int detect(const Probe& p) const override {
        if (!p.has_table("data") || !p.has_table("mimetypes"))
            return 0;
        return p.has_table("raw_contacts") || p.has_table("contacts") ? 90 : 60;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const bool have_data = has_table(db, "data") && has_table(db, "mimetypes");
        const bool have_calls = has_table(db, "calls");
        if (!have_data && !have_calls)
            throw InputError("unsupported", input.display_name +
                                                ": neither data + mimetypes nor calls; not a contacts2.db "
                                                "casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        auto& w = ctx.writer();
        const auto owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:raw_contacts")));
        if (have_data)
            import_cards(edb, ctx, owner);
        else
            ctx.warning("sqlite:data", "tables data/mimetypes are absent: no contact cards could be read");
        if (have_calls)
            (void)read_android_call_log(edb, ctx, owner);
        else
            ctx.note("calls.rows", 0);
    }

  private:
    static void import_cards(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner) {
        const auto& db = edb.db;
        const auto dcols = table_columns(db, "data");
        for (const char* required : {"_id", "raw_contact_id", "mimetype_id", "data1"})
            if (dcols.count(required) == 0)
                throw InputError("unsupported", ctx.input().display_name + ": table data has no column " +
                                                    required +
                                                    "; not a ContactsContract schema casegraph knows");
        std::map<std::int64_t, std::string> mimetypes;
        {
            auto st = db.prepare("SELECT _id, mimetype FROM mimetypes");
            while (st.step())
                mimetypes[st.column_int64(0)] = st.column_text(1);
        }

        // The cards: raw_contacts when present, else one per raw_contact_id seen in data (plaso's sample
        // and some trimmed extractions lack raw_contacts). Both tables are walked side by side in key order
        // and each card is imported as soon as its data rows are read: holding every card with its rows
        // until the end cost ~1.7 KB a card (1M cards: ~1.7 GB; issue 10).
        const bool have_raw = has_table(db, "raw_contacts");
        if (!have_raw)
            ctx.warning(
                "sqlite:raw_contacts",
                "table raw_contacts is absent (a trimmed extraction?): contact cards are assembled from "
                "data rows alone, without account, display name or deleted flag");
        ctx.note("raw_contacts.present", have_raw);
        std::optional<store::Statement> raw;
        std::optional<RowLocator> raw_where;
        if (have_raw) {
            const auto rcols = table_columns(db, "raw_contacts");
            raw_where.emplace(edb, "raw_contacts");
            const std::string id = rcols.count("_id") != 0 ? "_id" : "NULL";
            raw.emplace(db.prepare("SELECT " + int_key(id) + ", " +
                                   select_list(rcols, {"contact_id", "display_name", "account_type",
                                                       "account_name", "deleted"}) +
                                   " FROM raw_contacts ORDER BY " + int_key_order(db, "raw_contacts", id)));
        }
        const RowLocator where(edb, "data");
        auto data =
            db.prepare("SELECT " + int_key("raw_contact_id") + ", " +
                       select_list(dcols, {"_id", "mimetype_id", "data1", "data2", "data3", "data4"}) +
                       " FROM data ORDER BY " + int_key_order(db, "data", "raw_contact_id") + ", _id");

        std::map<std::string, std::int64_t> other_mimetypes;
        std::int64_t data_rows = 0, cards = 0, imported = 0;
        bool raw_left = raw && raw->step();
        bool data_left = data.step();
        while (raw_left || data_left) {
            std::int64_t id = raw_left ? raw->column_int64(0) : data.column_int64(0);
            if (raw_left && data_left)
                id = std::min(id, data.column_int64(0));
            Card card;
            if (raw_left && raw->column_int64(0) == id) {
                card.inner = (*raw_where)(id);
                card.wal_only = raw_where->wal_only(id);
                card.contact_id = raw->column_opt_int64(1);
                TextCells cells(*raw);
                card.display_name = cells.opt(2);
                card.account_type = cells.opt(3);
                card.account_name = cells.opt(4);
                cells.report(ctx, card.inner);
                card.deleted = raw->column_opt_int64(5).value_or(0) != 0;
                card.from_raw_contacts = true;
                do // a repeated _id (not a rowid table): its first row is the card
                    raw_left = raw->step();
                while (raw_left && raw->column_int64(0) == id);
            } else {
                card.inner = "sqlite:data/raw_contact_id=" + std::to_string(id);
                if (have_raw)
                    ctx.warning(card.inner, "data rows name raw contact " + std::to_string(id) +
                                                ", which is not in raw_contacts (deleted?); imported as a "
                                                "card of its own");
            }
            for (; data_left && data.column_int64(0) == id; data_left = data.step()) {
                ++data_rows;
                DataRow d;
                d.id = data.column_int64(1);
                d.locator = where(d.id);
                TextCells cells(data);
                const auto mt = mimetypes.find(data.column_int64(2));
                d.mimetype = mt == mimetypes.end() ? "mimetype_id=" + cells.text(2) : mt->second;
                d.data1 = cells.opt(3);
                d.data2 = cells.opt(4);
                d.data3 = cells.opt(5);
                d.data4 = cells.opt(6);
                cells.report(ctx, d.locator);
                card.data.push_back(std::move(d));
            }
            ++cards;
            if (ctx.record(card.inner, [&] { import_card(ctx, owner, id, card, other_mimetypes); }))
                ++imported;
        }
        if (raw_where)
            ctx.note("raw_contacts.wal_only_rows", raw_where->wal_only_rows());
        ctx.note("data.wal_only_rows", where.wal_only_rows());
        ctx.note("data.rows", data_rows);
        ctx.note("contacts.cards", cards);
        ctx.note("contacts.cards_imported", imported);
        // Data kinds this importer does not model (photos, groups, app profiles) are counted, not lost.
        nlohmann::json others = nlohmann::json::object();
        for (const auto& [mt, n] : other_mimetypes)
            others[mt] = n;
        ctx.note("data.rows_not_modelled_by_mimetype", others);
        if (has_table(db, "deleted_contacts"))
            ctx.note("deleted_contacts.rows", db.scalar_int("SELECT count(*) FROM deleted_contacts"));
    }

    static void import_card(ImportContext& ctx, std::int64_t owner, std::int64_t raw_id, const Card& card,
                            std::map<std::string, std::int64_t>& other_mimetypes) {
        auto& w = ctx.writer();
        const auto src = w.source(ctx.locator(card.inner));
        store::EventRecord e;
        e.kind = "contact_card";
        e.app = "contacts";
        e.deleted = card.deleted;
        e.time.rule = "android contacts: a card has no time";
        e.attrs["raw_contact_id"] = raw_id;
        if (card.contact_id)
            e.attrs["contact_id"] = *card.contact_id;
        if (present(card.account_type))
            e.attrs["account_type"] = *card.account_type;
        if (present(card.account_name))
            e.attrs["account_name"] = *card.account_name;
        if (card.wal_only)
            e.attrs["wal_only"] = true;

        std::optional<std::string> name = card.display_name;
        for (const auto& d : card.data)
            if (d.mimetype == kName && !present(name) && present(d.data1))
                name = d.data1;
        const std::string label = present(name) ? *name : "contact " + std::to_string(raw_id);
        const auto person = w.entity(
            "person", "person:" + w.evidence_sha256() + ":" + ctx.locator(card.inner), label, src, "contact");
        e.parties = {{owner, "owner"}, {person, "participant"}};

        auto add_identifier = [&](std::string_view type, const std::string& raw, std::int64_t data_src) {
            const auto r = w.identifier(type, raw, data_src,
                                        type == "phone" ? ctx.default_region() : store::RegionHint{});
            if (present(name))
                w.label_if_empty(r.entity_id, *name);
            e.parties.push_back({r.entity_id, "participant"});
            return r;
        };
        for (const auto& d : card.data) {
            const auto data_src = w.source(ctx.locator(d.locator));
            nlohmann::json item{{"data_rowid", d.id}};
            if (d.mimetype == kPhone) {
                if (!present(d.data1) && !present(d.data4)) {
                    ctx.warning(d.locator, "phone row with no number; skipped");
                    continue;
                }
                item["number"] = d.data1.value_or(d.data4.value_or(""));
                const auto r = add_identifier("phone", present(d.data1) ? *d.data1 : *d.data4, data_src);
                item["value"] = r.value;
                if (present(d.data4)) {
                    item["normalized_number"] = *d.data4;
                    // The phone normalised data4 with its own region; when our reading differs, keep both.
                    if (present(d.data1) && *d.data4 != r.value) {
                        (void)add_identifier("phone", *d.data4, data_src);
                        ctx.warning(d.locator, "the phone normalised '" + *d.data1 + "' to " + *d.data4 +
                                                   "; casegraph read " + r.value +
                                                   " with the default region; both kept");
                    }
                }
                if (present(d.data2))
                    item["type"] = *d.data2;
                if (present(d.data3))
                    item["label"] = *d.data3;
                e.attrs["phones"].push_back(item);
            } else if (d.mimetype == kEmail) {
                if (!present(d.data1)) {
                    ctx.warning(d.locator, "email row with no address; skipped");
                    continue;
                }
                item["address"] = *d.data1;
                item["value"] = add_identifier("email", *d.data1, data_src).value;
                e.attrs["emails"].push_back(item);
            } else if (d.mimetype == kName) {
                if (present(d.data1))
                    item["display"] = *d.data1;
                if (present(d.data2))
                    item["given"] = *d.data2;
                if (present(d.data3))
                    item["family"] = *d.data3;
                e.attrs["names"].push_back(item);
            } else if (d.mimetype == kOrganization) {
                if (present(d.data1))
                    item["company"] = *d.data1;
                if (present(d.data4))
                    item["title"] = *d.data4;
                e.attrs["organizations"].push_back(item);
            } else if (d.mimetype == kPostal) {
                if (present(d.data1))
                    item["formatted"] = *d.data1;
                e.attrs["postal_addresses"].push_back(item);
            } else {
                item["mimetype"] = d.mimetype;
                e.attrs["other_data"].push_back(item);
                ++other_mimetypes[d.mimetype];
            }
        }
        w.event(e, src);
    }
};

} // namespace

const Importer& android_contacts_importer() {
    static const AndroidContacts instance;
    return instance;
}

} // namespace casegraph::ingest
