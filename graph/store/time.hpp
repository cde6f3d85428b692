// Event time as CONTRACTS.md fixes it (instant or date, precision, offset, raw text, rule) and the
// conversions every importer shares: Unix and Apple epochs, local wall clock + IANA zone, ISO 8601.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casegraph::store {

struct EventTime {
    std::optional<std::int64_t> utc_ms; // an instant, or
    std::optional<std::string> date;    // YYYY-MM-DD for date-only sources (a day, never midnight UTC)
    std::string precision = "s";        // ms | s | min | day
    std::string offset = "unknown";     // the source's UTC offset (+02:00) or unknown
    bool offset_assumed = false;        // the offset came from --tz, not from the source
    std::string raw;                    // the value as found
    std::string rule;                   // how it was read, e.g. "unix-ms", "apple-ns", "local+tz"
};

struct Civil {
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
};

[[nodiscard]] EventTime time_from_unix_ms(std::int64_t ms, std::string raw, std::string rule,
                                          std::string precision = "ms");
[[nodiscard]] EventTime time_from_date(const Civil& day, std::string raw, std::string rule);

struct LocalConversion {
    std::int64_t utc_ms = 0;
    std::string offset;     // +01:00
    bool ambiguous = false; // the wall time occurs twice (DST fold); the earlier instant is used
    bool skipped = false;   // the wall time does not exist (DST gap); shifted forward by the gap
};

// Converts a wall-clock time in an IANA zone (e.g. "Europe/London") to an instant. nullopt when the
// zone is not known to the system's tz database or the date is invalid.
[[nodiscard]] std::optional<LocalConversion> local_to_utc(const Civil& local, std::string_view zone);
// A wall-clock time with a known offset in seconds east of UTC.
[[nodiscard]] std::int64_t civil_to_utc_ms(const Civil& c, int offset_seconds = 0);
[[nodiscard]] bool civil_is_valid(const Civil& c);
[[nodiscard]] bool is_known_zone(std::string_view zone);

[[nodiscard]] std::string format_offset(int offset_seconds); // +05:30
// 2024-03-01T10:00:00.000Z (milliseconds always shown, so values sort as text).
[[nodiscard]] std::string format_utc_ms(std::int64_t ms);
[[nodiscard]] std::string format_date(const Civil& c); // 2024-03-01
[[nodiscard]] Civil utc_ms_to_civil(std::int64_t ms);

// CONTRACTS.md `T`: 2024-03-01, 2024-03-01T10:00, 2024-03-01T10:00:00Z, with optional seconds,
// fraction and offset. A date or a date-time without offset is read as UTC.
[[nodiscard]] std::optional<std::int64_t> parse_iso_instant(std::string_view text);

// Now, as an ISO 8601 UTC string. SOURCE_DATE_EPOCH, when set, fixes it (reproducible test output).
[[nodiscard]] std::string now_utc_iso();
[[nodiscard]] std::int64_t now_utc_ms();

} // namespace casegraph::store
