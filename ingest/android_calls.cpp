// Android call log: the `calls` table (CallLog.Calls) in calllog.db (Android 7+) or contacts2.db
// (older). `date` is ms since the Unix epoch, `duration` seconds, `countryiso` the row's own region.
#include "android_common.hpp"
#include "formats.hpp"
#include "sqlite_util.hpp"

namespace casegraph::ingest {
namespace {

// calls.type (CallLog.Calls): the direction and whether a conversation happened.
struct CallType {
    std::string_view name;
    std::string_view direction;
};

CallType call_type(std::int64_t t) {
    switch (t) {
    case 1:
        return {"incoming", "incoming"};
    case 2:
        return {"outgoing", "outgoing"};
    case 3:
        return {"missed", "incoming"};
    case 4:
        return {"voicemail", "incoming"};
    case 5:
        return {"rejected", "incoming"};
    case 6:
        return {"blocked", "incoming"};
    case 7:
        return {"answered_externally", "incoming"};
    default:
        return {"unknown", "unknown"};
    }
}

// calls.presentation (CallLog.Calls.PRESENTATION_*).
std::string_view presentation_name(std::int64_t p) {
    switch (p) {
    case 1:
        return "allowed";
    case 2:
        return "restricted";
    case 3:
        return "unknown";
    case 4:
        return "payphone";
    default:
        return "unrecognised";
    }
}

// Before `presentation` existed (and on some OEM builds still) a hidden number was written into
// `number` as a marker: -1 unknown, -2 private, -3 payphone (CallerInfo constants).
std::optional<std::string_view> legacy_withheld_marker(std::string_view number) {
    if (number == "-1")
        return "unknown";
    if (number == "-2")
        return "restricted";
    if (number == "-3")
        return "payphone";
    return std::nullopt;
}

const std::vector<std::string> kCallColumns = {"_id",
                                               "number",
                                               "date",
                                               "duration",
                                               "type",
                                               "name",
                                               "countryiso",
                                               "presentation",
                                               "normalized_number",
                                               "numbertype",
                                               "numberlabel",
                                               "geocoded_location",
                                               "subscription_id",
                                               "phone_account_address",
                                               "subscription_component_name",
                                               "features",
                                               "is_read",
                                               "new"};
enum Col {
    kId,
    kNumber,
    kDate,
    kDuration,
    kType,
    kName,
    kCountry,
    kPresentation,
    kNormalized,
    kNumberType,
    kNumberLabel,
    kGeocoded,
    kSubId,
    kAccountAddress,
    kComponent,
    kFeatures,
    kIsRead,
    kNew
};

class AndroidCalls final : public Importer {
  public:
    std::string_view format() const override { return "android-calls"; }
    std::string_view version() const override { return "1"; }
    std::string_view description() const override { return "Android call log (calllog.db / contacts2.db)"; }

    int detect(const Probe& p) const override {
        if (!p.has_table("calls"))
            return 0;
        // calllog.db: the call log and little else. A contacts2.db (with `data`) goes to android-contacts,
        // which reads its calls too.
        return p.has_table("data") ? 50 : 85;
    }

    void import(const Input& input, ImportContext& ctx) const override {
        auto edb = open_evidence_db(input.path, input.wal, input.display_name);
        if (!has_table(edb.db, "calls"))
            throw InputError("unsupported", input.display_name + ": no table calls; not an Android call log");
        ctx.note("user_version", edb.db.scalar_int("PRAGMA user_version"));
        ctx.note("wal_present", edb.wal_present);
        const auto owner = evidence_owner(ctx, ctx.writer().source(ctx.locator("sqlite:calls")));
        (void)read_android_call_log(edb, ctx, owner);
    }
};

} // namespace

std::int64_t read_android_call_log(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner) {
    const auto& db = edb.db;
    const auto cols = table_columns(db, "calls");
    for (const char* required : {"_id", "number", "date", "type"})
        if (cols.count(required) == 0)
            throw InputError("unsupported", ctx.input().display_name + ": table calls has no column " +
                                                required + "; not a CallLog.Calls schema casegraph knows");
    ctx.note("calls.columns", static_cast<std::int64_t>(cols.size()));
    const RowLocator where(edb, "calls");
    auto& w = ctx.writer();
    std::int64_t rows = 0;
    std::int64_t withheld = 0;
    // typeof(date) last: a date stored as text is a malformed row, not a call at the epoch.
    auto st = db.prepare("SELECT " + select_list(cols, kCallColumns) +
                         ", typeof(\"date\") FROM calls ORDER BY _id");
    const int date_type = static_cast<int>(kCallColumns.size());
    while (st.step()) {
        ++rows;
        const std::string inner = where(st.column_int64(kId));
        const bool wal_only = where.wal_only(st.column_int64(kId));
        ctx.record(inner, [&] {
            TextCells cells(st);
            const auto src = w.source(ctx.locator(inner));
            store::EventRecord e;
            e.kind = "call";
            e.app = "phone";
            if (const auto t = cells.text(date_type); t == "text" || t == "blob")
                throw std::runtime_error("calls.date is " + t + " '" + cells.text(kDate) +
                                         "', not ms since the Unix epoch; call not imported");
            if (!st.column_is_null(kDate) && st.column_int64(kDate) != 0) {
                const auto ms = st.column_int64(kDate);
                e.time = store::time_from_unix_ms(ms, std::to_string(ms), "android calls.date unix-ms");
            } else {
                e.time.raw = cells.text(kDate);
                e.time.rule = "android calls.date missing";
                ctx.warning(inner, "no date (calls.date is 0 or NULL)");
            }
            const auto type_code = st.column_opt_int64(kType);
            const CallType type = call_type(type_code.value_or(0));
            if (type.name == "unknown")
                ctx.warning(inner, "calls.type " + cells.text(kType) +
                                       " is not a known call type; "
                                       "direction recorded as unknown");
            e.direction = std::string(type.direction);
            e.attrs["call_type"] = type.name;
            if (type_code)
                e.attrs["call_type_code"] = *type_code;
            const auto duration = st.column_opt_int64(kDuration);
            if (duration)
                e.attrs["duration_s"] = *duration;
            // Only incoming/answered-elsewhere calls say they were answered; an outgoing call was answered
            // when it lasted (Android counts duration from the moment of connection).
            if (type_code == 1 || type_code == 7)
                e.attrs["answered"] = true;
            else if (type_code == 2)
                e.attrs["answered"] = duration.value_or(0) > 0;
            else if (type.name != "unknown")
                e.attrs["answered"] = false;
            if (wal_only)
                e.attrs["wal_only"] = true;
            auto put_text = [&](int col, const char* key) {
                if (auto v = cells.opt(col); v && !v->empty())
                    e.attrs[key] = *v;
            };
            auto put_int = [&](int col, const char* key) {
                if (auto v = st.column_opt_int64(col))
                    e.attrs[key] = *v;
            };
            put_text(kName, "cached_name");
            put_text(kCountry, "countryiso");
            put_text(kNormalized, "normalized_number");
            put_int(kNumberType, "numbertype");
            put_text(kNumberLabel, "numberlabel");
            put_text(kGeocoded, "geocoded_location");
            put_text(kSubId, "subscription_id");
            put_text(kAccountAddress, "phone_account_address");
            put_text(kComponent, "subscription_component_name");
            put_int(kFeatures, "features");
            put_int(kIsRead, "is_read");
            put_int(kNew, "new");

            const std::string number = cells.text(kNumber);
            const auto presentation = st.column_opt_int64(kPresentation);
            if (presentation)
                e.attrs["presentation"] = presentation_name(*presentation);
            std::optional<std::string_view> hidden = legacy_withheld_marker(number);
            if (!hidden && number.find_first_not_of(" \t") == std::string::npos)
                hidden = presentation && *presentation != 1 ? presentation_name(*presentation) : "unknown";
            std::int64_t other = 0;
            if (hidden) {
                // No number to resolve: one pseudo-party per evidence file and kind of withholding, so
                // withheld calls never merge across phones and never become an empty phone number.
                ++withheld;
                e.attrs["withheld"] = *hidden;
                other = w.entity("phone", "withheld:" + w.evidence_sha256() + ":" + std::string(*hidden),
                                 "withheld number (" + std::string(*hidden) + ")", src, "withheld");
            } else {
                const auto region = row_region(ctx, cells.opt(kCountry));
                if (auto iso = cells.opt(kCountry); iso && !iso->empty() && region.from != "row")
                    ctx.warning(inner, "calls.countryiso '" + *iso +
                                           "' is not a region libphonenumber knows; "
                                           "read the number with the " +
                                           region.from + " region '" + region.region + "'");
                const auto r = w.identifier("phone", number, src, region);
                other = r.entity_id;
                if (auto name = cells.opt(kName); name && !name->empty())
                    w.label_if_empty(other, *name);
                if (auto norm = cells.opt(kNormalized);
                    norm && !norm->empty() && r.status != store::IdStatus::raw && *norm != r.value)
                    ctx.warning(inner, "the phone normalised '" + number + "' to " + *norm +
                                           "; casegraph read " + r.value + " with region '" + region.region +
                                           "' (" + region.from + "); kept casegraph's reading");
            }
            if (type.direction == "outgoing")
                e.parties = {{owner, "caller"}, {other, "callee"}};
            else
                e.parties = {{other, "caller"}, {owner, "callee"}};
            cells.report(ctx, inner);
            w.event(e, src);
        });
    }
    ctx.note("calls.rows", rows);
    ctx.note("calls.withheld", withheld);
    ctx.note("calls.wal_only_rows", where.wal_only_rows());
    return rows;
}

const Importer& android_calls_importer() {
    static const AndroidCalls instance;
    return instance;
}

} // namespace casegraph::ingest
