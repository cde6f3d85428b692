// Paths between two entities: the shortest, the k shortest simple paths (Yen) and all simple paths up
// to a length. Lengths count hops; direction is ignored (contact runs both ways).
#pragma once

#include "filter.hpp"

#include <optional>
#include <set>

namespace casegraph::graph {

using Path = std::vector<Vertex>; // from first to last vertex

// Fewest hops; among equally short paths the one through lower entity ids (deterministic).
[[nodiscard]] std::optional<Path> shortest_path(const CaseGraph& g, Vertex from, Vertex to);

// Yen's algorithm over the hop metric: up to k loopless paths, shortest first, none longer than max_len.
[[nodiscard]] std::vector<Path> k_shortest_paths(const CaseGraph& g, Vertex from, Vertex to, int k,
                                                 int max_len);

inline constexpr std::size_t kAllPathsStepBudget = 20'000'000;

// Every simple path of at most max_len hops, shortest first; stops after `limit` paths or
// kAllPathsStepBudget steps of the walk (then the list is incomplete).
[[nodiscard]] std::vector<Path> all_simple_paths(const CaseGraph& g, Vertex from, Vertex to, int max_len,
                                                 std::size_t limit = 1000);

} // namespace casegraph::graph
