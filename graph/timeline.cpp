// Entity and pair timelines (see timeline.hpp).
#include "timeline.hpp"

#include "store/time.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace casegraph::graph {

Timeline timeline(const CaseGraph& g, Vertex a, std::optional<Vertex> b) {
    Timeline t;
    std::set<std::int64_t> seen; // an event with three parties sits on two pairs of a: count it once
    auto add_pair = [&](std::uint32_t pi) {
        for (const auto li : g.pairs()[pi].links) {
            const auto& l = g.links()[li];
            for (const auto& e : l.events) {
                if (!seen.insert(e.event_id).second)
                    continue;
                t.events.push_back(e.event_id);
                ++t.per_kind[g.kind_name(l.kind)];
                if (!e.has_time)
                    continue;
                ++t.timed;
                t.first_ms = t.first_ms ? std::min(*t.first_ms, e.ms) : e.ms;
                t.last_ms = t.last_ms ? std::max(*t.last_ms, e.ms) : e.ms;
                const auto c = store::utc_ms_to_civil(e.ms);
                ++t.per_day[store::format_date(c)];
                if (!e.date_only)
                    ++t.per_hour[static_cast<std::size_t>(c.hour)];
            }
        }
    };
    for (const auto& [v, pi] : g.neighbours(a))
        if (!b || v == *b)
            add_pair(pi);
    std::sort(t.events.begin(), t.events.end());
    if (!t.per_day.empty()) {
        // Mean and spread over active days only: quiet days say nothing about what is unusual.
        double sum = 0, sq = 0;
        for (const auto& [d, n] : t.per_day) {
            sum += static_cast<double>(n);
            sq += static_cast<double>(n) * static_cast<double>(n);
        }
        const double k = static_cast<double>(t.per_day.size());
        const double mean = sum / k, sd = std::sqrt(std::max(0.0, sq / k - mean * mean));
        const double threshold = std::max(3.0, mean + 2 * sd);
        for (const auto& [d, n] : t.per_day)
            if (static_cast<double>(n) >= threshold && t.per_day.size() > 1)
                t.bursts.emplace_back(d, n);
    }
    return t;
}

} // namespace casegraph::graph
