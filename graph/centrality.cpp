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
    const auto& csr = g.csr();
    std::vector<Vertex> order;
    std::vector<std::int64_t> dist(n);
    std::vector<double> sigma(n), delta(n);
    std::vector<Vertex> queue(n);
    for (const auto s : sources) {
        std::fill(dist.begin(), dist.end(), -1);
        std::fill(sigma.begin(), sigma.end(), 0.0);
        std::fill(delta.begin(), delta.end(), 0.0);
        order.clear();
        dist[s] = 0;
        sigma[s] = 1;
        std::size_t head = 0, tail = 0;
        queue[tail++] = s;
        while (head < tail) {
            const auto v = queue[head++];
            order.push_back(v);
            for (auto e : boost::make_iterator_range(boost::out_edges(v, csr))) {
                const auto w = static_cast<Vertex>(boost::target(e, csr));
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    queue[tail++] = w;
                }
                if (dist[w] == dist[v] + 1)
                    sigma[w] += sigma[v];
            }
        }
        // Dependencies accumulate back from the farthest vertex; predecessors are the neighbours one
        // step closer, found again from dist instead of stored lists (less memory at 1M edges).
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const auto w = *it;
            for (auto e : boost::make_iterator_range(boost::out_edges(w, csr))) {
                const auto v = static_cast<Vertex>(boost::target(e, csr));
                if (dist[v] == dist[w] - 1)
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if (w != s)
                cb[w] += delta[w];
        }
    }
    for (auto& x : cb)
        x *= scale;
    return cb;
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
