// iOS address book `AddressBook.sqlitedb`: ABPerson (names, organisation, note) and ABMultiValue (phones,
// emails, postal addresses, IM handles, URLs, related names, social profiles). Each person becomes a
// person (or organisation) entity and a contact_card event linking the owner, the person and every
// identifier on the card. CreationDate / ModificationDate are Apple-epoch seconds.
#include "evidence_owner.hpp"
#include "formats.hpp"
#include "private_copy.hpp"
#include "sqlite_util.hpp"

#include <algorithm>
#include <map>

namespace casegraph::ingest {
namespace {

// ABMultiValue.property (iLEAPP addressBook.py).
constexpr std::int64_t kPhone = 3, kEmail = 4, kAddress = 5, kIm = 13, kUrl = 22, kRelated = 23, kSocial = 46;

// Apple wraps its built-in labels as "_$!<Mobile>!$_".
std::string strip_label(const std::string& s) {
    if (s.size() > 8 && s.starts_with("_$!<") && s.ends_with(">!$_"))
        return s.substr(4, s.size() - 8);
    return s;
}

struct Value {
    std::int64_t uid = 0;
    std::int64_t property = 0;
    std::string label;
    std::optional<std::string> value;
    std::map<std::string, std::string> entries; // ABMultiValueEntry key -> value (addresses, IM, social)
    std::size_t not_utf8 = 0;                   // bytes of the above replaced by U+FFFD
};

// ABMultiValue walked beside ABPerson, both in record-id order: each person's values are read with the
// person instead of every value of the book being held in a map first (~0.8 KB a card; issue 10).
class Values {
  public:
    Values(const store::Db& db, const std::set<std::string>& cols)
        : st_(db.prepare("SELECT " + int_key("record_id") + ", " +
                         select_list(cols, {"UID", "property", "label", "value"}) +
                         " FROM ABMultiValue ORDER BY " + int_key_order(db, "ABMultiValue", "record_id") +
                         ", UID")) {
        if (has_table(db, "ABMultiValueLabel")) {
            auto st = db.prepare("SELECT ROWID, value FROM ABMultiValueLabel");
            while (st.step()) {
                TextCells cells(st);
                labels_[st.column_int64(0)] = {strip_label(cells.text(1)), cells.replaced()};
            }
        }
        if (has_table(db, "ABMultiValueEntry") && has_table(db, "ABMultiValueEntryKey")) {
            auto st = db.prepare("SELECT e.parent_id, k.value, e.value FROM ABMultiValueEntry e JOIN "
                                 "ABMultiValueEntryKey k ON k.ROWID = e.key");
            while (st.step()) {
                TextCells cells(st);
                auto key = cells.text(1);
                entries_[st.column_int64(0)][key] = cells.text(2);
                entries_not_utf8_[st.column_int64(0)] += cells.replaced();
            }
        }
        left_ = st_.step();
    }

    // The values of record `id`; those of lower record ids (no person of that id) are passed over.
    std::vector<Value> of(std::int64_t id) {
        std::vector<Value> out;
        for (; left_ && st_.column_int64(0) <= id; left_ = st_.step()) {
            Value v = read();
            if (st_.column_int64(0) == id)
                out.push_back(std::move(v));
        }
        return out;
    }

    // Reads the values no person was walked to, so every label is checked, and notes the labels not found.
    void finish(ImportContext& ctx) {
        for (; left_; left_ = st_.step())
            (void)read();
        if (unknown_labels_ > 0)
            ctx.note("multivalue_labels_not_found", unknown_labels_);
    }

  private:
    Value read() {
        Value v;
        v.uid = st_.column_opt_int64(1).value_or(0);
        v.property = st_.column_int64(2);
        if (!st_.column_is_null(3)) {
            const auto l = labels_.find(st_.column_int64(3));
            if (l != labels_.end()) {
                v.label = l->second.first;
                v.not_utf8 += l->second.second;
            } else
                ++unknown_labels_;
        }
        TextCells cells(st_);
        v.value = cells.opt(4);
        v.not_utf8 += cells.replaced();
        if (const auto e = entries_.find(v.uid); e != entries_.end()) {
            v.entries = e->second;
            v.not_utf8 += entries_not_utf8_[v.uid];
        }
        return v;
    }

    store::Statement st_;
    bool left_ = false;
    std::map<std::int64_t, std::pair<std::string, std::size_t>> labels_; // label, bytes not UTF-8
    std::map<std::int64_t, std::map<std::string, std::string>> entries_; // parent UID -> key -> value
    std::map<std::int64_t, std::size_t> entries_not_utf8_;
    std::int64_t unknown_labels_ = 0;
};

class IosContacts final : public Importer {
  public:
    std::string_view format() const override { return "ios-contacts"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "iOS AddressBook.sqlitedb contacts"; }

    int detect(const Probe& p) const override {
        return p.has_table("ABPerson") && p.has_table("ABMultiValue") ? 95 : 0;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const auto pcols = table_columns(db, "ABPerson");
        const auto mcols = table_columns(db, "ABMultiValue");
        for (const char* c : {"ROWID", "First", "Last"})
            if (pcols.count(c) == 0)
                throw InputError("unsupported", input.display_name + ": table ABPerson has no column " + c +
                                                    "; not an AddressBook schema casegraph knows");
        for (const char* c : {"record_id", "property", "value"})
            if (mcols.count(c) == 0)
                throw InputError("unsupported", input.display_name + ": table ABMultiValue has no column " +
                                                    c + "; not an AddressBook schema casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);

        Values values(db, mcols);
        std::set<std::int64_t> main_ids;
        if (edb.main_only)
            main_ids = rowids(*edb.main_only, "ABPerson", "ROWID");
        auto& w = ctx.writer();
        const std::int64_t owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:ABPerson")));
        std::int64_t orphans = 0;
        {
            auto st =
                db.prepare("SELECT count(*) FROM ABMultiValue WHERE record_id NOT IN (SELECT ROWID FROM "
                           "ABPerson)");
            orphans = st.step() ? st.column_int64(0) : 0;
        }
        if (orphans > 0)
            // Values of deleted people can survive in ABMultiValue: reported, since no card owns them.
            ctx.note("multivalues_without_person", orphans);

        auto st =
            db.prepare("SELECT " +
                       select_list(pcols, {"ROWID", "First", "Middle", "Last", "Organization", "Nickname",
                                           "Note", "CreationDate", "ModificationDate", "Kind", "JobTitle",
                                           "Department", "Prefix", "Suffix", "Birthday"}) +
                       " FROM ABPerson ORDER BY ROWID");
        while (st.step()) {
            const std::int64_t id = st.column_int64(0);
            const bool wal_only = edb.main_only && main_ids.count(id) == 0;
            const std::string inner =
                std::string(wal_only ? "sqlite-wal:" : "sqlite:") + "ABPerson/rowid=" + std::to_string(id);
            const auto card_values = values.of(id);
            ctx.record(inner, [&] {
                TextCells cells(st);
                for (const auto& v : card_values)
                    cells.add(v.not_utf8, "ABMultiValue UID " + std::to_string(v.uid));
                const auto src = w.source(ctx.locator(inner));
                store::EventRecord e;
                e.kind = "contact_card";
                e.app = "contacts";
                auto text = [&](int col) { return cells.opt(col).value_or(""); };
                std::string name;
                for (const int col : {12, 1, 2, 3, 13})
                    if (const auto v = text(col); !v.empty())
                        name += (name.empty() ? "" : " ") + v;
                const auto org = text(4);
                // Kind 1 marks a company card in the Contacts app.
                const bool is_org = st.column_opt_int64(9).value_or(0) == 1 || (name.empty() && !org.empty());
                if (is_org && !org.empty())
                    name = org;
                for (const auto& [col, key] :
                     {std::pair{1, "first"}, std::pair{2, "middle"}, std::pair{3, "last"},
                      std::pair{4, "organization"}, std::pair{5, "nickname"}, std::pair{6, "note"},
                      std::pair{10, "job_title"}, std::pair{11, "department"}, std::pair{12, "prefix"},
                      std::pair{13, "suffix"}, std::pair{14, "birthday"}})
                    if (const auto v = text(col); !v.empty())
                        e.attrs[key] = v;
                if (!st.column_is_null(7)) {
                    e.time = apple_time_seconds(st.column_double(7), cells.text(7), "ABPerson.CreationDate");
                } else {
                    e.time.rule = "ABPerson.CreationDate missing";
                }
                if (!st.column_is_null(8))
                    e.attrs["modified"] = store::format_utc_ms(
                        *apple_time_seconds(st.column_double(8), cells.text(8), "ABPerson.ModificationDate")
                             .utc_ms);
                if (wal_only)
                    e.attrs["wal_only"] = true;

                struct Found {
                    std::string type, raw, label, scope;
                };
                std::vector<Found> ids;
                nlohmann::json addresses = nlohmann::json::array(), related = nlohmann::json::array(),
                               other = nlohmann::json::array();
                {
                    for (const auto& v : card_values) {
                        const auto val = v.value.value_or("");
                        switch (v.property) {
                        case kPhone:
                            ids.push_back({"phone", val, v.label, ""});
                            break;
                        case kEmail:
                            ids.push_back({"email", val, v.label, ""});
                            break;
                        case kUrl:
                            ids.push_back({"url", val, v.label, ""});
                            break;
                        case kIm:
                        case kSocial: {
                            // Handle and service live in ABMultiValueEntry (keys username / service).
                            const auto user = v.entries.count("username") ? v.entries.at("username") : val;
                            auto service = v.entries.count("service") ? v.entries.at("service") : "im";
                            for (auto& ch : service)
                                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                            if (!user.empty())
                                ids.push_back({"handle", user, v.label, service});
                            if (v.entries.count("url"))
                                other.push_back({{"url", v.entries.at("url")}, {"label", v.label}});
                            break;
                        }
                        case kAddress: {
                            // Known parts in postal order, then any other part (SubLocality...) by key.
                            static const std::vector<std::string> order{
                                "Street", "SubLocality", "City",    "SubAdministrativeArea",
                                "State",  "ZIP",         "Country", "CountryCode"};
                            std::string a;
                            for (const auto& k : order)
                                if (const auto f = v.entries.find(k);
                                    f != v.entries.end() && !f->second.empty())
                                    a += (a.empty() ? "" : ", ") + f->second;
                            for (const auto& [k, fv] : v.entries)
                                if (std::find(order.begin(), order.end(), k) == order.end() && !fv.empty())
                                    a += (a.empty() ? "" : ", ") + k + "=" + fv;
                            if (a.empty())
                                a = val;
                            addresses.push_back(v.label.empty() ? a : v.label + ": " + a);
                            break;
                        }
                        case kRelated:
                            related.push_back(v.label.empty() ? val : v.label + ": " + val);
                            break;
                        default:
                            other.push_back({{"property", v.property}, {"label", v.label}, {"value", val}});
                        }
                    }
                }
                if (!addresses.empty())
                    e.attrs["addresses"] = addresses;
                if (!related.empty())
                    e.attrs["related_names"] = related;
                if (!other.empty())
                    e.attrs["other_values"] = other;
                if (name.empty() && !ids.empty())
                    name = ids.front().raw;
                if (name.empty()) {
                    name = "(unnamed card)";
                    ctx.warning(inner, "card has no name, organisation or identifier");
                }
                e.attrs["name"] = name;
                const std::string kind = is_org ? "organisation" : "person";
                const auto person = w.entity(
                    kind, kind + ":" + w.evidence_sha256() + ":" + ctx.locator(inner), name, src, "contact");
                e.parties = {{owner, "owner"}, {person, "participant"}};
                nlohmann::json listed = nlohmann::json::array();
                for (const auto& f : ids) {
                    if (f.raw.find_first_not_of(" \t") == std::string::npos) {
                        ctx.warning(inner, "empty " + f.type + " value on the card; skipped");
                        continue;
                    }
                    const auto r = f.type == "handle"
                                       ? w.handle(f.scope, f.raw, src)
                                       : w.identifier(f.type, f.raw, src, ctx.default_region());
                    w.label_if_empty(r.entity_id, name);
                    e.parties.push_back({r.entity_id, "participant"});
                    nlohmann::json j{{"type", f.type}, {"raw", f.raw}, {"value", r.value}};
                    if (!f.label.empty())
                        j["label"] = f.label;
                    if (!f.scope.empty())
                        j["scope"] = f.scope;
                    listed.push_back(std::move(j));
                }
                e.attrs["identifiers"] = listed;
                cells.report(ctx, inner);
                w.event(e, src);
            });
        }
        values.finish(ctx);
    }
};

} // namespace

const Importer& ios_contacts_importer() {
    static const IosContacts instance;
    return instance;
}

} // namespace casegraph::ingest
