// Louvain community detection (see communities.hpp): local moves that raise modularity, then the
// communities are folded into single nodes and the moves repeat, until nothing improves.
#include "communities.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

namespace casegraph::graph {
namespace {

struct WGraph {
    std::vector<std::vector<std::pair<std::size_t, double>>> adj; // neighbour, weight (self loops once)
    std::vector<double> self;                                     // self-loop weight per node
};

double degree(const WGraph& w, std::size_t i) {
    double k = 2 * w.self[i];
    for (const auto& [j, x] : w.adj[i])
        k += x;
    return k;
}

// One pass of local moves; returns each node's community (renumbered 0..c-1) and whether any moved.
std::pair<std::vector<std::size_t>, bool> local_moves(const WGraph& w, std::mt19937_64& rng) {
    const auto n = w.adj.size();
    std::vector<std::size_t> comm(n);
    std::iota(comm.begin(), comm.end(), std::size_t{0});
    std::vector<double> k(n), tot(n);
    double m2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        k[i] = degree(w, i);
        tot[i] = k[i];
        m2 += k[i];
    }
    bool moved_any = false;
    if (m2 == 0)
        return {comm, false};
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> to_comm(n, 0.0);
    std::vector<std::size_t> touched;
    // Passes repeat while nodes move, but a handful of nodes flipping between two equally good
    // communities on a huge graph should not keep it running: stop when almost nothing moves.
    const std::size_t settled = n / 10'000;
    for (std::size_t moves = n + 1, pass = 0; moves > settled && pass < 25; ++pass) {
        moves = 0;
        for (const auto i : order) {
            const auto old = comm[i];
            touched.clear();
            for (const auto& [j, x] : w.adj[i]) {
                if (to_comm[comm[j]] == 0)
                    touched.push_back(comm[j]);
                to_comm[comm[j]] += x;
            }
            tot[old] -= k[i];
            // Gain of joining c, up to terms equal for every c: w(i,c) - tot(c)·k(i)/2m.
            std::size_t best = old;
            double best_gain = to_comm[old] - tot[old] * k[i] / m2;
            std::sort(touched.begin(), touched.end()); // ties go to the lowest community id
            for (const auto c : touched) {
                const double gain = to_comm[c] - tot[c] * k[i] / m2;
                if (gain > best_gain + 1e-12) {
                    best_gain = gain;
                    best = c;
                }
            }
            tot[best] += k[i];
            comm[i] = best;
            for (const auto c : touched)
                to_comm[c] = 0;
            if (best != old) {
                ++moves;
                moved_any = true;
            }
        }
    }
    std::map<std::size_t, std::size_t> renumber;
    for (auto& c : comm)
        c = renumber.emplace(c, renumber.size()).first->second;
    return {comm, moved_any};
}

double modularity(const WGraph& w, const std::vector<std::size_t>& comm) {
    double m2 = 0, inside = 0;
    std::map<std::size_t, double> tot;
    for (std::size_t i = 0; i < w.adj.size(); ++i) {
        const double k = degree(w, i);
        m2 += k;
        tot[comm[i]] += k;
        inside += 2 * w.self[i];
        for (const auto& [j, x] : w.adj[i])
            if (comm[j] == comm[i])
                inside += x;
    }
    if (m2 == 0)
        return 0;
    double q = inside / m2;
    for (const auto& [c, t] : tot)
        q -= (t / m2) * (t / m2);
    return q;
}

} // namespace

Communities louvain(const CaseGraph& g, std::uint64_t seed) {
    const auto n = g.vertex_count();
    // Level-0 nodes in entity-id order, so the result depends on the seed and the case, not load order.
    std::vector<Vertex> by_id(n);
    std::iota(by_id.begin(), by_id.end(), Vertex{0});
    std::sort(by_id.begin(), by_id.end(), [&g](Vertex a, Vertex b) { return g.entity(a) < g.entity(b); });
    std::vector<std::size_t> node_of(n);
    for (std::size_t i = 0; i < n; ++i)
        node_of[by_id[i]] = i;
    WGraph w;
    w.adj.resize(n);
    w.self.assign(n, 0.0);
    for (const auto& p : g.pairs()) {
        w.adj[node_of[p.u]].push_back({node_of[p.v], 1.0});
        w.adj[node_of[p.v]].push_back({node_of[p.u], 1.0});
    }
    for (auto& a : w.adj)
        std::sort(a.begin(), a.end());
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> member(n); // level-0 node → current community
    std::iota(member.begin(), member.end(), std::size_t{0});
    const WGraph level0 = w;
    for (;;) {
        auto [comm, moved] = local_moves(w, rng);
        if (!moved)
            break;
        for (auto& m : member)
            m = comm[m];
        // Fold: one node per community, edge weights summed, internal weight kept as a self loop.
        const auto c = *std::max_element(comm.begin(), comm.end()) + 1;
        WGraph next;
        next.adj.resize(c);
        next.self.assign(c, 0.0);
        std::vector<std::map<std::size_t, double>> acc(c);
        for (std::size_t i = 0; i < w.adj.size(); ++i) {
            next.self[comm[i]] += w.self[i];
            for (const auto& [j, x] : w.adj[i]) {
                if (comm[i] == comm[j])
                    next.self[comm[i]] += x / 2; // each internal edge is seen from both ends
                else
                    acc[comm[i]][comm[j]] += x;
            }
        }
        for (std::size_t i = 0; i < c; ++i)
            next.adj[i].assign(acc[i].begin(), acc[i].end());
        w = std::move(next);
    }
    Communities out;
    out.modularity = modularity(level0, member);
    std::map<std::size_t, std::vector<Vertex>> groups;
    for (std::size_t i = 0; i < n; ++i)
        groups[member[i]].push_back(by_id[i]);
    for (auto& [c, vs] : groups)
        out.groups.push_back(std::move(vs));
    std::stable_sort(out.groups.begin(), out.groups.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return out;
}

} // namespace casegraph::graph
