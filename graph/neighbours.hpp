// Neighbourhood to k hops and the common contacts of several entities.
#pragma once

#include "filter.hpp"

namespace casegraph::graph {

// One entity of a neighbourhood. Its evidence is not copied: `pair` indexes g.pairs(), whose links and
// their events are views into the graph; neighbour_events() materialises the ids when they are needed
// (a hub's 2-hop neighbourhood at 1M events is ~100k entities, most of which nobody will look at).
struct Neighbour {
    Vertex vertex = 0;
    int hops = 0;
    Vertex via = 0;          // the vertex one hop closer to the start (the start itself at 1 hop)
    std::uint32_t pair = 0;  // index into g.pairs() of the via–vertex contact
    std::int64_t volume = 0; // events of the via–vertex pair
};

// Breadth-first, ignoring direction. Ranked by hops, then volume (most contact first), then entity id.
// "via" is the first vertex of the previous hop, in entity-id order, that is in contact with the vertex.
[[nodiscard]] std::vector<Neighbour> neighbours(const CaseGraph& g, Vertex start, int max_hops);

// The events behind a neighbour's via–vertex contact (all kinds), ascending id.
[[nodiscard]] std::vector<std::int64_t> neighbour_events(const CaseGraph& g, const Neighbour& n);

struct CommonContact {
    Vertex vertex = 0;
    std::vector<std::int64_t> events; // events between the contact and each of the given entities
    std::int64_t volume = 0;
};

// Entities in direct contact with every one of `of` (the inputs themselves excluded). Ranked by volume.
[[nodiscard]] std::vector<CommonContact> common_contacts(const CaseGraph& g, const std::vector<Vertex>& of);

} // namespace casegraph::graph
