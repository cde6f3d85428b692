// The timeline exhibit: events of the selected entities on lanes (one per entity, or one per
// counterparty when a single entity is selected), placed in time on an axis that adapts from years to
// minutes. Marks group a lane's events in one bucket of the axis; every mark has a note number that the
// source table resolves to event ids, evidence files and locators. The axis is on the calendar of the case
// zone (Facts::zone, graph::ZoneDays), so a day bucket runs from local midnight; date-only records (bank
// bookings) sit on their day in that zone; records with no time are listed apart, never placed at 1970.
#pragma once

#include "exhibit.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace casegraph::exporter {

struct TimelineLane {
    std::int64_t entity = 0;       // the lane's entity (its counterparty on a pair lane)
    std::string label, kind, tags; // already redacted
    std::int64_t events = 0;
};

struct TimelineMark {
    int number = 0;
    std::size_t lane = 0;
    std::int64_t start_ms = 0, end_ms = 0; // the bucket (or the day, for date-only bookings) it covers
    bool day_only = false;                 // a date-only booking drawn over its whole day
    std::map<std::string, std::int64_t> kinds;
    std::vector<std::size_t> events; // indexes into Facts::events
};

struct TimelineTick {
    std::int64_t ms = 0;
    std::string label;
};

struct TimelineModel {
    std::vector<TimelineLane> lanes;
    bool pair_lanes = false;      // lanes are the focus entity's counterparties
    std::string focus_label;      // the focus entity on pair lanes
    std::size_t hidden_lanes = 0; // entities with events that got no lane (too many to draw)
    std::int64_t start_ms = 0, end_ms = 0;
    std::string bucket; // "1 day", "15 min" ...
    std::string zone;   // the case zone the buckets, ticks and booking days are in ("UTC" when none)
    std::vector<TimelineTick> ticks;
    std::vector<TimelineMark> marks;
    int undated_number = 0; // note number of the undated list (0: none)
    std::vector<std::size_t> undated;
    int off_lane_number = 0; // note number of dated events with no party on a shown lane (0: none)
    std::vector<std::size_t> off_lane;
};

// focus: the entities the selection named (entity:, tag:, indicator:); empty for `all`.
[[nodiscard]] TimelineModel build_timeline(const Facts& f, const std::vector<std::int64_t>& focus,
                                           std::optional<std::int64_t> from_ms,
                                           std::optional<std::int64_t> to_ms);

// The source table the timeline's note numbers point into, one line per event of each mark.
[[nodiscard]] std::vector<std::string> timeline_source_lines(const Facts& f, const TimelineModel& t);

[[nodiscard]] std::string draw_timeline_chart(const Facts& f, const TimelineModel& t, const ChartMeta& m,
                                              const std::string& format);

} // namespace casegraph::exporter
