// Android telephony provider (mmssms.db): the `sms` table. Columns follow the Telephony provider
// contract; `date` is ms since the Unix epoch; the owner's own number is not in the row.
#include "formats.hpp"
#include "private_copy.hpp"
#include "sqlite_util.hpp"

#include <optional>

namespace casegraph::ingest {
namespace {

// sms.type (Telephony.TextBasedSmsColumns): 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
std::string_view type_name(std::int64_t t) {
    switch (t) {
    case 1:
        return "inbox";
    case 2:
        return "sent";
    case 3:
        return "draft";
    case 4:
        return "outbox";
    case 5:
        return "failed";
    case 6:
        return "queued";
    default:
        return "unknown";
    }
}

class AndroidSms final : public Importer {
  public:
    std::string_view format() const override { return "android-sms"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "Android mmssms.db (SMS)"; }

    int detect(const Probe& p) const override {
        if (!p.has_table("sms"))
            return 0;
        return p.has_table("threads") || p.has_table("canonical_addresses") ? 80 : 40;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        const auto& db = edb.db;
        const auto cols = table_columns(db, "sms");
        for (const char* required : {"_id", "address", "date", "type", "body"})
            if (cols.count(required) == 0)
                throw InputError("unsupported",
                                 input.display_name + ": table sms has no column " + required +
                                     "; this is not a Telephony provider schema casegraph knows");
        ctx.note("user_version", db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        std::set<std::int64_t> main_ids;
        if (edb.main_only)
            main_ids = rowids(*edb.main_only, "sms", "_id");

        auto& w = ctx.writer();
        const auto owner_src = w.source(ctx.locator("sqlite:sms"));
        std::int64_t owner = ctx.owner_entity(owner_src);
        if (owner == 0)
            // Without --owner the device's own number is unknown: one placeholder per evidence file.
            owner = w.entity("device", "device-owner:" + w.evidence_sha256(),
                             "owner of " + input.display_name, owner_src, "device-owner");

        auto st = db.prepare("SELECT " +
                             select_list(cols, {"_id", "thread_id", "address", "date", "date_sent", "type",
                                                "read", "status", "body", "subject", "service_center",
                                                "sub_id", "locked", "seen", "error_code"}) +
                             " FROM sms ORDER BY _id");
        while (st.step()) {
            const std::int64_t id = st.column_int64(0);
            const bool wal_only = edb.main_only && main_ids.count(id) == 0;
            const std::string inner =
                std::string(wal_only ? "sqlite-wal:" : "sqlite:") + "sms/rowid=" + std::to_string(id);
            ctx.record(inner, [&] {
                const auto src = w.source(ctx.locator(inner));
                const auto address = st.column_opt_text(2);
                const auto type = st.column_int64(5);
                store::EventRecord e;
                e.kind = "message";
                e.app = "sms";
                if (!st.column_is_null(1))
                    e.thread = std::to_string(st.column_int64(1));
                e.body = st.column_opt_text(8);
                if (!st.column_is_null(3) && st.column_int64(3) != 0) {
                    const auto ms = st.column_int64(3);
                    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "android sms.date unix-ms");
                } else {
                    e.time.raw = st.column_text(3);
                    e.time.rule = "android sms.date missing";
                    ctx.warning(inner, "no date (sms.date is 0 or NULL)");
                }
                const bool incoming = type == 1;
                e.direction = incoming ? "incoming" : (type >= 2 && type <= 6 ? "outgoing" : "unknown");
                e.attrs["sms_type"] = type_name(type);
                if (!st.column_is_null(4) && st.column_int64(4) != 0)
                    e.attrs["date_sent_ms"] = st.column_int64(4);
                if (!st.column_is_null(6))
                    e.attrs["read"] = st.column_int64(6);
                if (!st.column_is_null(7))
                    e.attrs["status"] = st.column_int64(7);
                if (auto s = st.column_opt_text(9))
                    e.attrs["subject"] = *s;
                if (auto s = st.column_opt_text(10))
                    e.attrs["service_center"] = *s;
                if (!st.column_is_null(11))
                    e.attrs["sub_id"] = st.column_int64(11);
                if (wal_only)
                    e.attrs["wal_only"] = true;
                std::int64_t other = 0;
                if (address && !address->empty()) {
                    other = w.identifier("phone", *address, src, ctx.default_region()).entity_id;
                } else {
                    ctx.warning(inner, "no address: the other party is unknown");
                    other = w.entity("phone", "unknown-party:" + w.evidence_sha256(), "unknown party", src);
                }
                if (incoming)
                    e.parties = {{other, "sender"}, {owner, "recipient"}};
                else
                    e.parties = {{owner, "sender"}, {other, "recipient"}};
                w.event(e, src);
            });
        }
    }
};

} // namespace

const Importer& android_sms_importer() {
    static const AndroidSms instance;
    return instance;
}

} // namespace casegraph::ingest
