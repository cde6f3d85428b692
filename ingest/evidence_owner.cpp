// Owner party, Apple-epoch time conversion and per-row phone regions (see evidence_owner.hpp).
#include "evidence_owner.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace casegraph::ingest {

std::int64_t evidence_owner(ImportContext& ctx, std::int64_t source_id) {
    if (const auto owner = ctx.owner_entity(source_id); owner != 0)
        return owner;
    auto& w = ctx.writer();
    return w.entity("device", "device-owner:" + w.evidence_sha256(), "owner of " + ctx.input().display_name,
                    source_id, "device-owner");
}

store::EventTime apple_time_auto(std::int64_t value, const std::string& column) {
    const std::string raw = std::to_string(value);
    if (value > 100'000'000'000LL || value < -100'000'000'000LL) {
        // Nanoseconds: keep millisecond precision (the store's unit); the raw value keeps the rest.
        const std::int64_t ms = value / 1'000'000 + kAppleEpochOffsetS * 1000;
        return store::time_from_unix_ms(ms, raw, "apple-ns " + column, "ms");
    }
    return store::time_from_unix_ms((value + kAppleEpochOffsetS) * 1000, raw, "apple-s " + column, "s");
}

store::EventTime apple_time_seconds(double value, const std::string& raw, const std::string& column) {
    // Core Data REAL seconds carry a fraction: round to the millisecond the store keeps. A value no
    // date can have (NaN, or beyond year ±30000) is a malformed record, not a time.
    if (!std::isfinite(value) || std::fabs(value) > 1e12)
        throw std::runtime_error(column + " " + raw + " is not an Apple-epoch time in seconds");
    const auto ms =
        static_cast<std::int64_t>(std::llround((value + static_cast<double>(kAppleEpochOffsetS)) * 1000.0));
    return store::time_from_unix_ms(ms, raw, "apple-s " + column, "ms");
}

store::RegionHint row_region(const ImportContext& ctx, const std::optional<std::string>& iso) {
    if (iso && iso->size() == 2) {
        std::string up;
        for (const char c : *iso)
            up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (store::is_phone_region(up))
            return {up, "row"};
    }
    return ctx.default_region();
}

} // namespace casegraph::ingest
