// Calendar days in a case's zone (its --tz, case_info "tz"; UTC when none or unknown). A date-only record
// (a bank booking day, no time of day) belongs to its day in this zone: the day starts at local midnight
// (or where the clock jumped when DST skips midnight), never at midnight UTC, and runs until the next day
// starts: [day_start(day), day_start(day + 1)).
// The one window rule: a date-only record is inside a time window when its booking day, so taken, OVERLAPS
// the window — for a half-open window [from, to): day_start(day) < to && day_start(day + 1) > from. A window
// of whole local days holds exactly those days; a window of part of a day (10:00-14:00) holds that day's
// bookings; a window ending exactly at a local midnight does not hold the day that starts there. The UI
// timeline's brush, the export selection's window and `casegraph query --from/--to` (graph::Filter, through
// CaseData::days()) and indicator windows all select booking days with it. (The timeline's histogram bars
// still count a booking once, in the bar holding its day's start.)
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace casegraph::graph {

class ZoneDays {
  public:
    // "" or a zone the tz database does not know: UTC.
    explicit ZoneDays(const std::string& iana_zone = "");
    // The days of an open case: its --tz setting (case_info "tz").
    [[nodiscard]] static ZoneDays of(const store::Db& db);
    [[nodiscard]] const std::string& zone() const { return zone_; }      // "" = UTC
    [[nodiscard]] const std::string& zone_name() const { return name_; } // "America/New_York" or "UTC"

    // Days as a count from 1970-01-01 (a calendar day, no zone), parsed from "YYYY-MM-DD".
    [[nodiscard]] static std::optional<std::int64_t> parse_day(std::string_view yyyy_mm_dd);
    [[nodiscard]] static std::string day_text(std::int64_t day);
    // The instant day `day` starts in the zone: its local midnight, or the moment the clock jumped when a
    // DST change skips midnight (the earlier instant when midnight repeats).
    [[nodiscard]] std::int64_t day_start(std::int64_t day) const;
    // The local day holding instant ms.
    [[nodiscard]] std::int64_t day_of(std::int64_t ms) const;
    // The day of a date-only record stored as its day's midnight UTC (event `date` read as an instant).
    [[nodiscard]] static std::int64_t day_of_utc_midnight(std::int64_t ms);
    // The last day starting before `to`; the first day ending after `from` (the day holding `from`).
    [[nodiscard]] std::int64_t last_day_before(std::int64_t to) const;
    [[nodiscard]] std::int64_t first_day_ending_after(std::int64_t from) const;
    // The days overlapping [from, to) (day_start(day) < to && day_start(day + 1) > from), as an inclusive
    // range; nullopt when the window is empty. A window holds a date-only record exactly when its day is in
    // this range.
    [[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>>
    days_overlapping(std::int64_t from, std::int64_t to) const;
    // The days overlapping a window with BOTH ends included ([from, to], as graph::Filter and export
    // selections give it), either end open; the days from `first` to `last`, possibly none.
    struct DayRange {
        std::int64_t first = std::numeric_limits<std::int64_t>::min();
        std::int64_t last = std::numeric_limits<std::int64_t>::max();
        [[nodiscard]] bool holds(std::int64_t day) const { return first <= day && day <= last; }
    };
    [[nodiscard]] DayRange days_in_window(std::optional<std::int64_t> from,
                                          std::optional<std::int64_t> to_inclusive) const;
    // The zone's offset from UTC at ms, in seconds east.
    [[nodiscard]] std::int64_t offset_seconds(std::int64_t ms) const;
    // absl/strftime-style format of ms in the zone ("%Y-%m-%d %H:%M %Z").
    [[nodiscard]] std::string format(std::int64_t ms, const char* fmt) const;

  private:
    std::string zone_; // "" = UTC
    std::string name_;
};

} // namespace casegraph::graph
