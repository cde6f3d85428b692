// Calendar days in a case's zone (its --tz, case_info "tz"; UTC when none or unknown). A date-only record
// (a bank booking day, no time of day) belongs to its day in this zone: the day starts at local midnight
// (or where the clock jumped when DST skips midnight), never at midnight UTC. The UI timeline, the export
// selection's time window and the timeline exhibit all place and select booking days with this one rule.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
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
    // The first day starting at or after `from`; the last day starting before `to`.
    [[nodiscard]] std::int64_t first_day_from(std::int64_t from) const;
    [[nodiscard]] std::int64_t last_day_before(std::int64_t to) const;
    // The days whose start lies in [from, to), as an inclusive range; nullopt when no day starts there.
    // A window holds a date-only record exactly when its day is in this range.
    [[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>>
    days_starting_in(std::int64_t from, std::int64_t to) const;
    // The zone's offset from UTC at ms, in seconds east.
    [[nodiscard]] std::int64_t offset_seconds(std::int64_t ms) const;
    // absl/strftime-style format of ms in the zone ("%Y-%m-%d %H:%M %Z").
    [[nodiscard]] std::string format(std::int64_t ms, const char* fmt) const;

  private:
    std::string zone_; // "" = UTC
    std::string name_;
};

} // namespace casegraph::graph
