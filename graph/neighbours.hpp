// Neighbourhood to k hops and the common contacts of several entities.
#pragma once

#include "filter.hpp"

namespace casegraph::graph {

struct Neighbour {
    Vertex vertex = 0;
    int hops = 0;
    Vertex via = 0;                   // the vertex one hop closer to the start (the start itself at 1 hop)
    std::vector<std::int64_t> events; // events behind the via–vertex contact
    std::int64_t volume = 0;          // events of the via–vertex pair
};

// Breadth-first, ignoring direction. Ranked by hops, then volume (most contact first), then entity id.
[[nodiscard]] std::vector<Neighbour> neighbours(const CaseGraph& g, Vertex start, int max_hops);

struct CommonContact {
    Vertex vertex = 0;
    std::vector<std::int64_t> events; // events between the contact and each of the given entities
    std::int64_t volume = 0;
};

// Entities in direct contact with every one of `of` (the inputs themselves excluded). Ranked by volume.
[[nodiscard]] std::vector<CommonContact> common_contacts(const CaseGraph& g, const std::vector<Vertex>& of);

} // namespace casegraph::graph
