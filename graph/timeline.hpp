// The timeline of an entity or a pair: events per day and per hour of day, first and last contact, and
// bursts (days far busier than the entity's usual day).
#pragma once

#include "filter.hpp"

#include <array>
#include <map>
#include <optional>

namespace casegraph::graph {

struct Timeline {
    std::vector<std::int64_t> events; // ascending id
    std::int64_t timed = 0;           // events with a time (the rest cannot be placed)
    std::optional<std::int64_t> first_ms, last_ms;
    std::map<std::string, std::int64_t> per_day;              // YYYY-MM-DD (UTC) → events
    std::array<std::int64_t, 24> per_hour{};                  // UTC hour of day; date-only events excluded
    std::map<std::string, std::int64_t> per_kind;             // message, call, ...
    std::vector<std::pair<std::string, std::int64_t>> bursts; // days with ≥ max(3, mean + 2·sd) events
};

// All events of `a` (with anyone), or only those between a and b.
[[nodiscard]] Timeline timeline(const CaseGraph& g, Vertex a, std::optional<Vertex> b);

} // namespace casegraph::graph
