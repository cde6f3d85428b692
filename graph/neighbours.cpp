// Breadth-first neighbourhoods and common contacts (see neighbours.hpp).
#include "neighbours.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace casegraph::graph {
namespace {

// Per-thread scratch that outlives one query: a visited stamp per vertex (a new epoch clears it in O(1))
// and where each vertex was reached from. A hub's neighbourhood at 1M events then costs no allocation
// proportional to the graph, only to the answer.
struct Scratch {
    std::vector<std::uint32_t> stamp;
    std::vector<Vertex> via;
    std::vector<std::uint32_t> pair;
    std::uint32_t epoch = 0;

    void begin(std::size_t n) {
        if (stamp.size() < n) {
            stamp.assign(n, 0);
            via.resize(n);
            pair.resize(n);
            epoch = 0;
        }
        if (++epoch == 0) { // wrapped: clear once every 2^32 queries
            std::fill(stamp.begin(), stamp.end(), 0);
            epoch = 1;
        }
    }
};

// LSD radix sort on 16-bit digits; digits every key shares are skipped (most high bits are).
void radix_sort(std::vector<std::uint64_t>& keys) {
    if (keys.size() < 4096) { // below this, clearing 4 × 64k counters costs more than it saves
        std::sort(keys.begin(), keys.end());
        return;
    }
    std::vector<std::uint64_t> tmp(keys.size());
    std::vector<std::uint32_t> count(1U << 16);
    for (int shift = 0; shift < 64; shift += 16) {
        std::fill(count.begin(), count.end(), 0);
        for (const auto k : keys)
            ++count[(k >> shift) & 0xFFFF];
        if (count[(keys.front() >> shift) & 0xFFFF] == keys.size())
            continue;
        std::uint32_t sum = 0;
        for (auto& c : count)
            sum += std::exchange(c, sum);
        for (const auto k : keys)
            tmp[count[(k >> shift) & 0xFFFF]++] = k;
        keys.swap(tmp);
    }
}

} // namespace

std::vector<Neighbour> neighbours(const CaseGraph& g, Vertex start, int max_hops) {
    thread_local Scratch s;
    s.begin(g.vertex_count());
    const auto epoch = s.epoch;
    s.stamp[start] = epoch;
    // Each level is walked in the order the previous one was found in, and CSR rows are sorted by
    // target, so "via" is the first vertex of the previous hop in entity-id order. Within a level the
    // order is volume descending, then vertex — vertices are numbered in entity-id order, so that is the
    // entity-id tie-break: one 64-bit key per vertex (volume complement high, vertex low), radix-sorted.
    constexpr std::uint64_t kMaxVolume = std::numeric_limits<std::uint32_t>::max();
    std::vector<Neighbour> out;
    std::vector<std::uint64_t> keys;
    std::vector<Vertex> frontier{start}, next;
    for (int hop = 1; hop <= max_hops && !frontier.empty(); ++hop) {
        next.clear();
        for (const auto u : frontier) {
            const auto targets = g.adjacent(u);
            const auto pairs = g.adjacent_pairs(u);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                const auto v = targets[i];
                if (s.stamp[v] == epoch)
                    continue;
                s.stamp[v] = epoch;
                s.via[v] = u;
                s.pair[v] = pairs[i];
                next.push_back(v);
            }
        }
        keys.clear();
        for (const auto v : next) {
            const auto vol =
                static_cast<std::uint64_t>(std::max<std::int64_t>(g.pairs()[s.pair[v]].events, 0));
            keys.push_back((kMaxVolume - std::min(vol, kMaxVolume)) << 32 | v);
        }
        radix_sort(keys);
        out.reserve(out.size() + keys.size());
        for (const auto k : keys) {
            const auto v = static_cast<Vertex>(k & 0xFFFFFFFFU);
            const auto pi = s.pair[v];
            out.push_back({v, hop, s.via[v], pi, g.pairs()[pi].events});
        }
        frontier.swap(next);
    }
    return out;
}

std::vector<std::int64_t> neighbour_events(const CaseGraph& g, const Neighbour& n) {
    return g.pair_events(n.pair);
}

std::vector<CommonContact> common_contacts(const CaseGraph& g, const std::vector<Vertex>& of) {
    std::vector<CommonContact> out;
    if (of.empty())
        return out;
    std::vector<int> seen(g.vertex_count(), 0);
    for (const auto a : of)
        for (const auto v : g.adjacent(a))
            ++seen[v];
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
