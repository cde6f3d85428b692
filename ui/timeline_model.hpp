// The timeline's view model: event times (an instant, or the day of a date-only event) binned into histogram
// buckets at a "nice" width for the visible range (years down to minutes) on the calendar of the case's
// display time zone, axis ticks on bucket boundaries, a brush that yields the links active in it, and the
// events behind a clicked bucket.
#pragma once

#include "case_clock.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace casegraph::ui {

struct Bucket {
    std::int64_t start_ms = 0, end_ms = 0;
    std::int64_t count = 0;
    std::int64_t deleted = 0; // recovered/deleted events in it, drawn in their own colour
};

// An axis mark at a bucket boundary: "2024", "2024-03", "2024-01-11", "2024-01-11 14:00" or "14:15".
struct AxisTick {
    std::int64_t ms = 0;
    std::string label;
};

struct TimelineEvent {
    std::int64_t id = 0;
    std::int64_t utc_ms = 0; // its instant; for a date-only event the start of its day in the display zone
    std::string kind;
    std::string summary; // body, or amount, shortened for a list row
    bool deleted = false;
    bool date_only = false; // a booking date with no time of day: `date` holds it
    std::string date;       // YYYY-MM-DD of a date-only event
};

class TimelineModel {
  public:
    void load(const store::Db& db);
    // Tests and benches: times (and per time whether deleted) given directly, link activity optional.
    void assign(std::vector<std::int64_t> times_ms, std::vector<char> deleted = {});

    [[nodiscard]] bool empty() const { return times_.empty(); }
    [[nodiscard]] std::int64_t first_ms() const { return times_.empty() ? 0 : times_.front(); }
    [[nodiscard]] std::int64_t last_ms() const { return times_.empty() ? 0 : times_.back(); }
    [[nodiscard]] std::size_t event_count() const { return times_.size(); }
    // Events with neither an instant nor a date (not drawn), and date-only events (drawn on their day).
    [[nodiscard]] std::int64_t undated_count() const { return undated_; }
    [[nodiscard]] std::int64_t date_only_count() const { return date_only_; }

    // The visible range; zoom keeps the time under `anchor_ms` fixed. Clamped to 10 minutes … whole span.
    std::int64_t view_from = 0, view_to = 0;
    void fit();
    void zoom(double factor, std::int64_t anchor_ms);
    void pan(std::int64_t delta_ms);

    // The zone whose calendar the buckets and ticks follow (the case's --tz); "" or unknown = UTC. A
    // date-only event sits at the start of its day in this zone (CaseClock::day_start): in its own day's
    // bar and lane; a brush or click list holds it when its day overlaps them. Changing the zone moves the
    // loaded date-only events with it.
    void set_zone(const std::string& iana_zone);
    [[nodiscard]] std::string zone_name() const; // "Europe/London" or "UTC"
    [[nodiscard]] const CaseClock& clock() const { return clock_; }
    // "2024-01-11 14:05 GMT" in the display zone (tooltips).
    [[nodiscard]] std::string format_local(std::int64_t ms) const;

    // Bucket width for the current view: the smallest of 1 min, 5 min, 15 min, 1 h, 6 h, 1 day, 1 week,
    // 1 month, 1 year that gives at most max_buckets bars. Returned as its nominal length (a month is
    // 30 days here); the buckets themselves follow the zone's calendar: whole minutes and hours of its
    // clock, local midnights (a DST change day is 23 or 25 hours), Mondays, month and year starts.
    [[nodiscard]] std::int64_t bucket_width(int max_buckets) const;
    [[nodiscard]] static std::string width_name(std::int64_t width_ms);
    [[nodiscard]] std::vector<Bucket> buckets(int max_buckets) const;
    // Axis ticks for the view: on bucket boundaries, at most about max_ticks, labelled for their unit.
    [[nodiscard]] std::vector<AxisTick> ticks(int max_ticks, int max_buckets) const;

    // Brushing: [from, to) in UTC ms. The graph keeps only links with an event inside it: an instant in
    // [from, to), or a date-only event whose day in the display zone overlaps it
    // (CaseClock::days_overlapping).
    std::optional<std::pair<std::int64_t, std::int64_t>> brush;
    [[nodiscard]] std::unordered_set<std::int64_t> links_in_brush() const;

    // Events in [from, to), oldest first, at most `limit` (a clicked bar): instants inside it, and
    // date-only events whose day in the display zone overlaps it (the brush's rule). For a day bar or a
    // longer one that is the bar that counts them; a bar shorter than a day (counting a booking at its
    // day's start) lists its day's bookings too.
    [[nodiscard]] std::vector<TimelineEvent> events_in(const store::Db& db, std::int64_t from,
                                                       std::int64_t to, std::size_t limit = 500) const;
    // A listed event's time in the display zone, zone named ("2024-03-05 23:30 EST"), or its day for a
    // date-only one ("2024-03-05 (date only)").
    [[nodiscard]] std::string when(const TimelineEvent& e) const;
    // Times of one entity's events, for its lane under the histogram (date-only ones placed as above).
    [[nodiscard]] std::vector<std::int64_t> entity_times(const store::Db& db, std::int64_t entity) const;

  private:
    void place(); // times_ and deleted_times_ from the loaded rows and the zone
    // As loaded: instants, and date-only events by day (days from 1970-01-01), each sorted.
    std::vector<std::pair<std::int64_t, char>> instant_rows_, day_rows_;           // (time or day, deleted)
    std::vector<std::pair<std::int64_t, std::int64_t>> instant_links_, day_links_; // (time or day, link id)
    std::vector<std::int64_t> times_;                                              // sorted
    std::vector<std::int64_t> deleted_times_;                                      // sorted
    std::int64_t undated_ = 0, date_only_ = 0;
    std::string zone_; // "" = UTC
    CaseClock clock_;
};

// "2024-01-08 14:05" (UTC) for labels and lists.
[[nodiscard]] std::string format_utc(std::int64_t ms, bool with_seconds = false);

} // namespace casegraph::ui
