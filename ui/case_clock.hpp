// The case's display clock: where a date-only event (a bank booking day, no time of day) sits on the time
// axis, and how an event time is written, both on the calendar of the case's --tz (UTC when none). A booking
// day belongs to that day in the case zone, never to midnight UTC, and every time shown names its zone.
#pragma once

#include "graph/zone_days.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace casegraph::ui {

class CaseClock {
  public:
    // "" or a zone the tz database does not know: UTC.
    explicit CaseClock(const std::string& iana_zone = "");
    // The clock of an open case: its --tz setting (case_info "tz").
    [[nodiscard]] static CaseClock of(const store::Db& db);
    [[nodiscard]] const std::string& zone_name() const {
        return days_.zone_name();
    } // "America/New_York" or "UTC"

    // Days as a count from 1970-01-01 (a calendar day, no zone), parsed from "YYYY-MM-DD".
    [[nodiscard]] static std::optional<std::int64_t> parse_day(std::string_view yyyy_mm_dd) {
        return graph::ZoneDays::parse_day(yyyy_mm_dd);
    }
    [[nodiscard]] static std::string day_text(std::int64_t day) { return graph::ZoneDays::day_text(day); }
    // The instant day `day` starts in the zone (graph::ZoneDays, the rule export uses too): its local
    // midnight, or the moment the clock jumped when a DST change skips midnight. The timeline's day bins
    // start at the same instants, so a date-only event placed here is in its own day's bar (and week,
    // month, year) and never in the day before.
    [[nodiscard]] std::int64_t day_start(std::int64_t day) const { return days_.day_start(day); }
    // The days overlapping [from, to) in the zone, as an inclusive range; nullopt when the window is
    // empty. A brush or a clicked bar holds a date-only event exactly when its day is in this range (the
    // window rule of graph/zone_days.hpp, as export and `casegraph query --from/--to` use): a brush over
    // part of a day holds that day's bookings, one ending at a local midnight not the next day's.
    [[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>>
    days_overlapping(std::int64_t from, std::int64_t to) const {
        return days_.days_overlapping(from, to);
    }

    // "2024-03-05 23:30 EST" (the zone's abbreviation, or "UTC").
    [[nodiscard]] std::string format(std::int64_t utc_ms, bool with_seconds = false) const;
    // An event's time for a list or the detail pane: format(utc_ms) for an instant; "2024-03-05 (date only)"
    // for a date-only event (no invented 00:00); "" when it has neither.
    [[nodiscard]] std::string format_event(std::optional<std::int64_t> utc_ms,
                                           const std::optional<std::string>& date) const;

  private:
    graph::ZoneDays days_;
};

} // namespace casegraph::ui
