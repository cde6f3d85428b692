// Degree, volume and betweenness centrality; connected components (see centrality.hpp).
#include "centrality.hpp"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <numeric>
#include <random>

namespace casegraph::graph {

std::vector<double> degree_centrality(const CaseGraph& g) {
    std::vector<double> out(g.vertex_count());
    for (Vertex v = 0; v < g.vertex_count(); ++v)
        out[v] = static_cast<double>(boost::out_degree(v, g.csr()));
    return out;
}

std::vector<double> volume_centrality(const CaseGraph& g) {
    std::vector<double> out(g.vertex_count(), 0.0);
    for (const auto& p : g.pairs()) {
        out[p.u] += static_cast<double>(p.events);
        out[p.v] += static_cast<double>(p.events);
    }
    return out;
}

std::vector<double> betweenness_centrality(const CaseGraph& g, std::size_t samples, std::uint64_t seed) {
    const std::size_t n = g.vertex_count();
    std::vector<double> cb(n, 0.0);
    std::vector<Vertex> sources(n);
    std::iota(sources.begin(), sources.end(), Vertex{0});
    double scale = 0.5; // every unordered pair is seen from both ends
    if (samples > 0 && samples < n) {
        // Sort by entity id before shuffling so the sample depends on the seed, not on load order.
        std::sort(sources.begin(), sources.end(),
                  [&g](Vertex a, Vertex b) { return g.entity(a) < g.entity(b); });
        std::mt19937_64 rng(seed);
        std::shuffle(sources.begin(), sources.end(), rng);
        sources.resize(samples);
        scale *= static_cast<double>(n) / static_cast<double>(samples);
    }
    // The forward pass checks `dist` on every arc (a 4-byte array: it stays in cache) and records the arcs
    // of the shortest-path DAG as it finds them — about a tenth of the arcs on a large sparse graph — so
    // the backward pass walks those instead of every arc again. Marks are reset only where the source
    // reached.
    std::vector<std::int32_t> dist(n, -1);
    std::vector<double> sigma(n, 0.0), delta(n, 0.0);
    std::vector<Vertex> order(n);
    std::vector<std::pair<Vertex, Vertex>> dag; // (v, w): v is one step closer to the source than w
    for (const auto s : sources) {
        std::size_t head = 0, tail = 0;
        order[tail++] = s;
        dist[s] = 0;
        sigma[s] = 1;
        dag.clear();
        while (head < tail) {
            const auto v = order[head++];
            const auto dw = dist[v] + 1;
            for (const auto w : g.adjacent(v)) {
                if (dist[w] < 0) {
                    dist[w] = dw;
                    order[tail++] = w;
                }
                if (dist[w] == dw) {
                    sigma[w] += sigma[v];
                    dag.emplace_back(v, w);
                }
            }
        }
        // Dependencies accumulate back from the farthest vertex. The DAG arcs were recorded in the order
        // their near ends left the queue, so walked backwards every arc out of w comes before any arc
        // into w: delta(w) is complete when it is passed on.
        for (auto it = dag.rbegin(); it != dag.rend(); ++it) {
            const auto [v, w] = *it;
            delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
        }
        for (std::size_t i = 1; i < tail; ++i)
            cb[order[i]] += delta[order[i]];
        for (std::size_t i = 0; i < tail; ++i) {
            const auto v = order[i];
            dist[v] = -1;
            sigma[v] = 0;
            delta[v] = 0;
        }
    }
    for (auto& x : cb)
        x *= scale;
    return cb;
}

std::size_t default_betweenness_samples(const CaseGraph& g) {
    if (g.vertex_count() <= 5000)
        return 0;
    const auto arcs = std::max<std::size_t>(boost::num_edges(g.csr()), 1);
    return std::clamp<std::size_t>(200'000'000 / arcs, 100, 500);
}

std::vector<Ranked> rank(const CaseGraph& g, const std::vector<double>& scores, std::size_t top) {
    std::vector<Ranked> out;
    out.reserve(scores.size());
    for (Vertex v = 0; v < scores.size(); ++v)
        out.push_back({v, scores[v]});
    std::sort(out.begin(), out.end(), [&g](const Ranked& a, const Ranked& b) {
        return a.score != b.score ? a.score > b.score : g.entity(a.vertex) < g.entity(b.vertex);
    });
    if (top > 0 && out.size() > top)
        out.resize(top);
    return out;
}

std::vector<std::vector<Vertex>> components(const CaseGraph& g) {
    // Union-find over pairs: direction does not matter for "who is connected to whom".
    std::vector<Vertex> parent(g.vertex_count());
    std::iota(parent.begin(), parent.end(), Vertex{0});
    auto find = [&parent](Vertex x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (const auto& p : g.pairs()) {
        const auto a = find(p.u), b = find(p.v);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    std::vector<std::vector<Vertex>> comps;
    std::vector<std::int64_t> index(g.vertex_count(), -1);
    for (Vertex v = 0; v < g.vertex_count(); ++v) {
        const auto r = find(v);
        if (index[r] < 0) {
            index[r] = static_cast<std::int64_t>(comps.size());
            comps.emplace_back();
        }
        comps[static_cast<std::size_t>(index[r])].push_back(v);
    }
    for (auto& c : comps)
        std::sort(c.begin(), c.end(), [&g](Vertex a, Vertex b) { return g.entity(a) < g.entity(b); });
    std::sort(comps.begin(), comps.end(), [&g](const auto& a, const auto& b) {
        return a.size() != b.size() ? a.size() > b.size() : g.entity(a.front()) < g.entity(b.front());
    });
    return comps;
}

} // namespace casegraph::graph
