// Breadth-first neighbourhoods and common contacts (see neighbours.hpp).
#include "neighbours.hpp"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <deque>

namespace casegraph::graph {

std::vector<Neighbour> neighbours(const CaseGraph& g, Vertex start, int max_hops) {
    std::vector<int> dist(g.vertex_count(), -1);
    std::vector<Neighbour> out;
    std::deque<Vertex> queue{start};
    dist[start] = 0;
    while (!queue.empty()) {
        const auto u = queue.front();
        queue.pop_front();
        if (dist[u] >= max_hops)
            continue;
        // Visit in entity-id order so that the recorded "via" does not depend on load order.
        for (auto e : boost::make_iterator_range(boost::out_edges(u, g.csr()))) {
            const auto v = static_cast<Vertex>(boost::target(e, g.csr()));
            const auto pi = g.csr()[e];
            if (dist[v] >= 0)
                continue;
            dist[v] = dist[u] + 1;
            out.push_back({v, dist[v], u, g.pair_events(u, v), g.pairs()[pi].events});
            queue.push_back(v);
        }
    }
    std::stable_sort(out.begin(), out.end(), [&g](const Neighbour& a, const Neighbour& b) {
        if (a.hops != b.hops)
            return a.hops < b.hops;
        if (a.volume != b.volume)
            return a.volume > b.volume;
        return g.entity(a.vertex) < g.entity(b.vertex);
    });
    return out;
}

std::vector<CommonContact> common_contacts(const CaseGraph& g, const std::vector<Vertex>& of) {
    std::vector<CommonContact> out;
    if (of.empty())
        return out;
    std::vector<int> seen(g.vertex_count(), 0);
    for (const auto a : of)
        for (auto e : boost::make_iterator_range(boost::out_edges(a, g.csr())))
            ++seen[boost::target(e, g.csr())];
    for (Vertex v = 0; v < g.vertex_count(); ++v) {
        if (seen[v] != static_cast<int>(of.size()) || std::find(of.begin(), of.end(), v) != of.end())
            continue;
        CommonContact c{v, {}, 0};
        for (const auto a : of) {
            const auto ev = g.pair_events(a, v);
            c.events.insert(c.events.end(), ev.begin(), ev.end());
            c.volume += g.pair(a, v)->events;
        }
        out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), [&g](const CommonContact& a, const CommonContact& b) {
        return a.volume != b.volume ? a.volume > b.volume : g.entity(a.vertex) < g.entity(b.vertex);
    });
    return out;
}

} // namespace casegraph::graph
