// Louvain community detection (see communities.hpp): local moves that raise modularity, then the
// communities are folded into single nodes and the moves repeat, until nothing improves.
// Every level is a flat weighted CSR graph and every per-community quantity a dense array indexed by
// community: no maps and no per-node allocations in the passes that run millions of times at 1M events.
#include "communities.hpp"

#include <algorithm>
#include <numeric>
#include <random>

namespace casegraph::graph {
namespace {

struct WGraph {
    std::vector<std::uint32_t> start{0}; // row i is [start[i], start[i + 1]) of nbr / w
    std::vector<std::uint32_t> nbr;      // neighbour, ascending within a row
    std::vector<double> w;               // weight of that arc (self loops are kept in `self`, not here)
    std::vector<double> self;            // self-loop weight per node
    [[nodiscard]] std::size_t size() const { return self.size(); }
    [[nodiscard]] double degree(std::size_t i) const {
        double k = 2 * self[i];
        for (auto a = start[i]; a < start[i + 1]; ++a)
            k += w[a];
        return k;
    }
};

// Per community: its total degree and, while one node is being placed, the weight from that node to it.
struct CommWeight {
    double tot = 0;
    double to = 0;
};

// Renumbers communities 0..c-1 in order of first appearance. Not inlined: g++ 12 inlined into
// local_moves reports a false -Wfree-nonheap-object on the index vector.
[[gnu::noinline]] void renumber(std::vector<std::uint32_t>& comm) {
    std::vector<std::uint32_t> index(comm.size(), UINT32_MAX);
    std::uint32_t c = 0;
    for (auto& x : comm) {
        if (index[x] == UINT32_MAX)
            index[x] = c++;
        x = index[x];
    }
}

// One pass of local moves; returns each node's community (renumbered 0..c-1) and whether any moved.
std::pair<std::vector<std::uint32_t>, bool> local_moves(const WGraph& w, std::mt19937_64& rng) {
    const auto n = w.size();
    std::vector<std::uint32_t> comm(n);
    std::iota(comm.begin(), comm.end(), std::uint32_t{0});
    std::vector<double> k(n);
    std::vector<CommWeight> cw(n);
    double m2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
        k[i] = w.degree(i);
        cw[i].tot = k[i];
        m2 += k[i];
    }
    bool moved_any = false;
    if (m2 == 0)
        return {comm, false};
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::uint32_t> touched;
    // Passes repeat while nodes move, but a handful of nodes flipping between two equally good
    // communities on a huge graph should not keep it running: stop when almost nothing moves.
    const std::size_t settled = n / 10'000;
    for (std::size_t moves = n + 1, pass = 0; moves > settled && pass < 25; ++pass) {
        moves = 0;
        for (const auto i : order) {
            const auto old = comm[i];
            touched.clear();
            for (auto a = w.start[i]; a < w.start[i + 1]; ++a) {
                auto& c = cw[comm[w.nbr[a]]];
                if (c.to == 0)
                    touched.push_back(comm[w.nbr[a]]);
                c.to += w.w[a];
            }
            cw[old].tot -= k[i];
            // Gain of joining c, up to terms equal for every c: w(i,c) - tot(c)·k(i)/2m.
            std::uint32_t best = old;
            double best_gain = cw[old].to - cw[old].tot * k[i] / m2;
            // Ties go to the lowest community id; the current community keeps the node unless another
            // gains more than 1e-12. Gains are whole weights minus whole·k/2m, so two that differ at all
            // differ by far more than 1e-12: scanning unsorted picks what a scan in id order would.
            bool moving = false;
            for (const auto c : touched) {
                const double gain = cw[c].to - cw[c].tot * k[i] / m2;
                if (gain > best_gain + 1e-12) {
                    best_gain = gain;
                    best = c;
                    moving = true;
                } else if (moving && c < best && gain >= best_gain - 1e-12) {
                    best = c;
                }
            }
            cw[best].tot += k[i];
            comm[i] = best;
            for (const auto c : touched)
                cw[c].to = 0;
            if (best != old) {
                ++moves;
                moved_any = true;
            }
        }
    }
    renumber(comm);
    return {comm, moved_any};
}

double modularity(const WGraph& w, const std::vector<std::uint32_t>& comm) {
    double m2 = 0, inside = 0;
    std::vector<double> tot(w.size(), 0.0);
    for (std::size_t i = 0; i < w.size(); ++i) {
        const double k = w.degree(i);
        m2 += k;
        tot[comm[i]] += k;
        inside += 2 * w.self[i];
        for (auto a = w.start[i]; a < w.start[i + 1]; ++a)
            if (comm[w.nbr[a]] == comm[i])
                inside += w.w[a];
    }
    if (m2 == 0)
        return 0;
    double q = inside / m2;
    for (const auto t : tot)
        q -= (t / m2) * (t / m2); // communities with no node add 0
    return q;
}

// One node per community, edge weights summed, internal weight kept as a self loop. Nodes of a community
// are visited in ascending order and their arcs in row order, so every sum adds in the same order as a
// per-node accumulation would.
WGraph fold(const WGraph& w, const std::vector<std::uint32_t>& comm, std::size_t c) {
    std::vector<std::uint32_t> first(c + 1, 0), members(w.size());
    for (const auto x : comm)
        ++first[x + 1];
    std::partial_sum(first.begin(), first.end(), first.begin());
    auto fill = first;
    for (std::uint32_t i = 0; i < w.size(); ++i)
        members[fill[comm[i]]++] = i;
    WGraph next;
    next.self.assign(c, 0.0);
    next.start.reserve(c + 1);
    std::vector<double> acc(c, 0.0);
    std::vector<std::uint32_t> touched;
    for (std::uint32_t ci = 0; ci < c; ++ci) {
        touched.clear();
        for (auto m = first[ci]; m < first[ci + 1]; ++m) {
            const auto i = members[m];
            next.self[ci] += w.self[i];
            for (auto a = w.start[i]; a < w.start[i + 1]; ++a) {
                const auto cj = comm[w.nbr[a]];
                if (cj == ci) {
                    next.self[ci] += w.w[a] / 2; // each internal edge is seen from both ends
                } else {
                    if (acc[cj] == 0)
                        touched.push_back(cj);
                    acc[cj] += w.w[a];
                }
            }
        }
        std::sort(touched.begin(), touched.end());
        for (const auto cj : touched) {
            next.nbr.push_back(cj);
            next.w.push_back(acc[cj]);
            acc[cj] = 0;
        }
        next.start.push_back(static_cast<std::uint32_t>(next.nbr.size()));
    }
    return next;
}

} // namespace

Communities louvain(const CaseGraph& g, std::uint64_t seed) {
    const auto n = g.vertex_count();
    // Level-0 nodes in entity-id order, so the result depends on the seed and the case, not load order.
    // Vertices are numbered in entity-id order already (filter.cpp), so node i is vertex i.
    WGraph w;
    w.self.assign(n, 0.0);
    w.start.assign(n + 1, 0);
    for (Vertex v = 0; v < n; ++v)
        w.start[v + 1] = w.start[v] + static_cast<std::uint32_t>(g.adjacent(v).size());
    w.nbr.reserve(w.start[n]);
    for (Vertex v = 0; v < n; ++v) {
        const auto row = g.adjacent(v); // ascending: each pair once in each direction, weight 1
        w.nbr.insert(w.nbr.end(), row.begin(), row.end());
    }
    w.w.assign(w.nbr.size(), 1.0);
    std::mt19937_64 rng(seed);
    std::vector<std::uint32_t> member(n); // level-0 node → current community
    std::iota(member.begin(), member.end(), std::uint32_t{0});
    const WGraph level0 = w;
    for (;;) {
        auto [comm, moved] = local_moves(w, rng);
        if (!moved)
            break;
        for (auto& m : member)
            m = comm[m];
        const auto c = static_cast<std::size_t>(*std::max_element(comm.begin(), comm.end())) + 1;
        w = fold(w, comm, c);
    }
    Communities out;
    out.modularity = modularity(level0, member);
    std::vector<std::vector<Vertex>> groups(n);
    for (Vertex v = 0; v < n; ++v)
        groups[member[v]].push_back(v);
    for (auto& vs : groups)
        if (!vs.empty())
            out.groups.push_back(std::move(vs));
    std::stable_sort(out.groups.begin(), out.groups.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return out;
}

} // namespace casegraph::graph
