// Centrality (degree, communication volume, betweenness exact or sampled) and connected components.
#pragma once

#include "filter.hpp"

#include <cstdint>

namespace casegraph::graph {

enum class Measure { degree, volume, betweenness };

// Distinct contacts of each vertex.
[[nodiscard]] std::vector<double> degree_centrality(const CaseGraph& g);
// Events behind all of each vertex's contacts.
[[nodiscard]] std::vector<double> volume_centrality(const CaseGraph& g);
// Brandes over the undirected hop metric, each unordered pair of endpoints counted once (so a path
// graph a–b–c gives b the value 1). samples = 0: exact; otherwise that many source vertices drawn with
// `seed` and the sum scaled by n/samples (an unbiased estimate, Brandes & Pich 2007).
[[nodiscard]] std::vector<double> betweenness_centrality(const CaseGraph& g, std::size_t samples = 0,
                                                         std::uint64_t seed = 1);

// The sample size to use when the caller gives none: 0 (exact) up to 5,000 entities; above that as many
// sources as fit about 2·10^8 arc visits (one Brandes pass walks every arc), but at least 100 and at most
// 500 — 100 at 1M events (~2M arcs), 500 up to ~400k arcs. Depends only on the graph's size, so with a
// fixed seed the answer is reproducible.
[[nodiscard]] std::size_t default_betweenness_samples(const CaseGraph& g);

struct Ranked {
    Vertex vertex = 0;
    double score = 0;
};
// Highest first; ties by entity id. top = 0 keeps all.
[[nodiscard]] std::vector<Ranked> rank(const CaseGraph& g, const std::vector<double>& scores,
                                       std::size_t top);

// Connected components, largest first (ties by lowest entity id); each lists its vertices by entity id.
[[nodiscard]] std::vector<std::vector<Vertex>> components(const CaseGraph& g);

} // namespace casegraph::graph
