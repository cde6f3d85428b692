// iOS call history `CallHistory.storedata` (Core Data): table ZCALLRECORD. Phone, FaceTime and every
// CallKit VoIP app (WhatsApp, Signal, Telegram...) land in the same table, told apart by
// ZSERVICE_PROVIDER. ZDATE is Apple-epoch seconds (REAL); ZADDRESS is text or, on some versions, a BLOB.
#include "evidence_owner.hpp"
#include "formats.hpp"
#include "private_copy.hpp"
#include "sqlite_util.hpp"
#include "vcard_lines.hpp"

#include <cmath>
#include <map>

namespace casegraph::ingest {
namespace {

// ZCALLTYPE (iLEAPP callHistory.py): 0 third-party app, 1 phone, 8 FaceTime video, 16 FaceTime audio.
std::string_view call_type_name(std::int64_t t) {
    switch (t) {
    case 0:
        return "third_party";
    case 1:
        return "phone";
    case 8:
        return "facetime_video";
    case 16:
        return "facetime_audio";
    default:
        return "unknown";
    }
}

// The app a call belongs to, from its CallKit provider bundle id.
std::string app_of(const std::string& provider) {
    static const std::map<std::string, std::string> known = {
        {"com.apple.Telephony", "phone"},
        {"com.apple.FaceTime", "facetime"},
        {"net.whatsapp.WhatsApp", "whatsapp"},
        {"net.whatsapp.WhatsAppSMB", "whatsapp-business"},
        {"org.whispersystems.signal", "signal"},
        {"ph.telegra.Telegraph", "telegram"},
        {"com.viber", "viber"},
        {"com.skype.skype", "skype"},
        {"com.facebook.Messenger", "messenger"},
        {"com.burbn.instagram", "instagram"}};
    if (provider.empty())
        return "phone";
    const auto it = known.find(provider);
    return it != known.end() ? it->second : provider;
}

// A dialable number: digits with the usual separators and at least five digits.
bool looks_like_phone(const std::string& s) {
    int digits = 0;
    for (const char c : s) {
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '*' && c != '#')
            return false;
    }
    return digits >= 5;
}

class IosCalls final : public Importer {
  public:
    std::string_view format() const override { return "ios-calls"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override {
        return "iOS CallHistory.storedata (phone, FaceTime, VoIP)";
    }

    int detect(const Probe& p) const override { return p.has_table("ZCALLRECORD") ? 95 : 0; }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const auto cols = table_columns(db, "ZCALLRECORD");
        for (const char* required : {"Z_PK", "ZADDRESS", "ZDATE", "ZORIGINATED"})
            if (cols.count(required) == 0)
                throw InputError("unsupported", input.display_name + ": table ZCALLRECORD has no column " +
                                                    required + "; not a CallHistory schema casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        if (has_table(db, "Z_METADATA"))
            ctx.note("core_data_version", db.scalar_int("SELECT Z_VERSION FROM Z_METADATA LIMIT 1"));
        std::set<std::int64_t> main_ids;
        if (edb.main_only)
            main_ids = rowids(*edb.main_only, "ZCALLRECORD", "Z_PK");

        auto& w = ctx.writer();
        const std::int64_t owner = evidence_owner(ctx, w.source(ctx.locator("sqlite:ZCALLRECORD")));
        std::map<std::string, std::int64_t> per_provider;
        // Column order below is fixed; select_list puts NULL for columns this version lacks.
        auto st = db.prepare(
            "SELECT " +
            select_list(cols, {"Z_PK", "ZADDRESS", "ZDATE", "ZDURATION", "ZORIGINATED", "ZANSWERED",
                               "ZCALLTYPE", "ZSERVICE_PROVIDER", "ZISO_COUNTRY_CODE", "ZNAME", "ZLOCATION",
                               "ZDISCONNECTED_CAUSE", "ZREAD", "ZUNIQUE_ID", "ZJUNKCONFIDENCE"}) +
            " FROM ZCALLRECORD ORDER BY Z_PK");
        while (st.step()) {
            const std::int64_t id = st.column_int64(0);
            const bool wal_only = edb.main_only && main_ids.count(id) == 0;
            const std::string inner =
                std::string(wal_only ? "sqlite-wal:" : "sqlite:") + "ZCALLRECORD/rowid=" + std::to_string(id);
            ctx.record(inner, [&] {
                TextCells cells(st);
                const auto src = w.source(ctx.locator(inner));
                store::EventRecord e;
                e.kind = "call";
                const auto provider = cells.opt(7).value_or("");
                e.app = app_of(provider);
                per_provider[provider.empty() ? "(none)" : provider]++;
                if (!provider.empty())
                    e.attrs["service_provider"] = provider;
                if (st.column_is_null(2))
                    throw std::runtime_error("ZDATE is NULL: the call has no time");
                e.time = apple_time_seconds(st.column_double(2), cells.text(2), "ZCALLRECORD.ZDATE");
                const bool outgoing = st.column_opt_int64(4).value_or(0) == 1;
                e.direction = outgoing ? "outgoing" : "incoming";
                const auto answered = st.column_opt_int64(5);
                if (answered)
                    e.attrs["answered"] = *answered != 0;
                if (!outgoing && answered && *answered == 0)
                    e.attrs["missed"] = true;
                if (const auto t = st.column_opt_int64(6)) {
                    e.attrs["call_type"] = call_type_name(*t);
                    e.attrs["zcalltype"] = *t;
                }
                if (!st.column_is_null(3))
                    e.attrs["duration_s"] = st.column_double(3);
                for (const auto& [col, key] :
                     {std::pair{9, "contact_name"}, std::pair{10, "location"}, std::pair{13, "unique_id"}})
                    if (auto v = cells.opt(col); v && !v->empty())
                        e.attrs[key] = *v;
                for (const auto& [col, key] : {std::pair{11, "disconnected_cause"}, std::pair{12, "read"},
                                               std::pair{14, "junk_confidence"}})
                    if (const auto v = st.column_opt_int64(col))
                        e.attrs[key] = *v;
                const auto region = row_region(ctx, cells.opt(8));
                if (auto iso = cells.opt(8); iso && !iso->empty())
                    e.attrs["iso_country_code"] = *iso;
                if (wal_only)
                    e.attrs["wal_only"] = true;

                // ZADDRESS: TEXT on most versions, a BLOB of UTF-8 bytes on others.
                std::string address;
                if (!st.column_is_null(1)) {
                    const auto bytes = st.column_blob(1);
                    address.assign(bytes.begin(), bytes.end());
                    if (!vcard::valid_utf8(address))
                        throw std::runtime_error("ZADDRESS is not UTF-8 (" + std::to_string(bytes.size()) +
                                                 " bytes); not read as an address");
                    while (!address.empty() && address.back() == '\0')
                        address.pop_back(); // C-string BLOBs carry their terminator
                }
                std::int64_t other = 0;
                if (address.empty()) {
                    other = w.entity("phone", "withheld:" + w.evidence_sha256(), "withheld number", src);
                    e.attrs["withheld"] = true;
                } else if (address.find('@') != std::string::npos) {
                    other =
                        w.identifier("email", address, src, region).entity_id; // FaceTime with an Apple ID
                } else if (looks_like_phone(address)) {
                    other = w.identifier("phone", address, src, region).entity_id;
                } else {
                    // A VoIP app's own account id: meaningful only inside that app.
                    other = w.handle(provider.empty() ? "callhistory" : provider, address, src).entity_id;
                }
                if (const auto name = cells.opt(9); name && !name->empty())
                    w.label_if_empty(other, *name);
                if (outgoing)
                    e.parties = {{owner, "caller"}, {other, "callee"}};
                else
                    e.parties = {{other, "caller"}, {owner, "callee"}};
                cells.report(ctx, inner);
                w.event(e, src);
            });
        }
        nlohmann::json providers = nlohmann::json::object();
        for (const auto& [k, n] : per_provider)
            providers[k] = n;
        ctx.note("service_providers", providers);
    }
};

} // namespace

const Importer& ios_calls_importer() {
    static const IosCalls instance;
    return instance;
}

} // namespace casegraph::ingest
