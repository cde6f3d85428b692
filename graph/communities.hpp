// Communities: groups of entities in closer contact with each other than with the rest (Louvain
// modularity optimisation, deterministic for a seed). Boost 1.74 has no community detection.
#pragma once

#include "filter.hpp"

#include <cstdint>

namespace casegraph::graph {

struct Communities {
    std::vector<std::vector<Vertex>> groups; // largest first; each by entity id
    double modularity = 0;
};

// Every contact pair counts once (weight 1): a thousand messages between a controller and one victim
// should not outweigh the shape of who talks to whom. Singletons (isolated vertices) are their own group.
[[nodiscard]] Communities louvain(const CaseGraph& g, std::uint64_t seed = 1);

} // namespace casegraph::graph
