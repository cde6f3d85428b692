// Shortest, k shortest (Yen) and all simple paths (see paths.hpp).
#include "paths.hpp"

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <deque>

namespace casegraph::graph {
namespace {

// BFS avoiding blocked vertices and blocked pairs; the parent of each vertex is the first one that
// reached it in entity-id order, which makes ties deterministic.
std::optional<Path> bfs(const CaseGraph& g, Vertex from, Vertex to, const std::vector<bool>& blocked_v,
                        const std::set<std::pair<Vertex, Vertex>>& blocked_e) {
    constexpr Vertex kNone = ~Vertex{0};
    std::vector<Vertex> parent(g.vertex_count(), kNone);
    parent[from] = from;
    std::deque<Vertex> queue{from};
    while (!queue.empty()) {
        const auto u = queue.front();
        queue.pop_front();
        if (u == to)
            break;
        for (auto e : boost::make_iterator_range(boost::out_edges(u, g.csr()))) {
            const auto v = static_cast<Vertex>(boost::target(e, g.csr()));
            if (parent[v] != kNone || blocked_v[v] || blocked_e.count({u, v}) != 0)
                continue;
            parent[v] = u;
            queue.push_back(v);
        }
    }
    if (parent[to] == kNone)
        return std::nullopt;
    Path p{to};
    while (p.back() != from)
        p.push_back(parent[p.back()]);
    std::reverse(p.begin(), p.end());
    return p;
}

// Shorter first; equal lengths by their entity ids, so the ranking is stable across runs.
bool path_less(const CaseGraph& g, const Path& a, const Path& b) {
    if (a.size() != b.size())
        return a.size() < b.size();
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [&g](Vertex x, Vertex y) { return g.entity(x) < g.entity(y); });
}

} // namespace

std::optional<Path> shortest_path(const CaseGraph& g, Vertex from, Vertex to) {
    return bfs(g, from, to, std::vector<bool>(g.vertex_count(), false), {});
}

std::vector<Path> k_shortest_paths(const CaseGraph& g, Vertex from, Vertex to, int k, int max_len) {
    std::vector<Path> found;
    if (k <= 0 || from == to)
        return found;
    auto first = shortest_path(g, from, to);
    if (!first || static_cast<int>(first->size()) - 1 > max_len)
        return found;
    found.push_back(*first);
    std::vector<Path> candidates;
    while (static_cast<int>(found.size()) < k) {
        const Path& last = found.back();
        // Each prefix of the last path is a root; deviate at its spur node, avoiding the next hop of
        // every accepted path sharing the root and every vertex of the root (to stay loopless).
        for (std::size_t i = 0; i + 1 < last.size(); ++i) {
            const Vertex spur = last[i];
            const Path root(last.begin(), last.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            std::set<std::pair<Vertex, Vertex>> blocked_e;
            for (const auto& p : found)
                if (p.size() > i + 1 && std::equal(root.begin(), root.end(), p.begin())) {
                    blocked_e.insert({p[i], p[i + 1]});
                    blocked_e.insert({p[i + 1], p[i]});
                }
            std::vector<bool> blocked_v(g.vertex_count(), false);
            for (std::size_t j = 0; j < i; ++j)
                blocked_v[root[j]] = true;
            auto spur_path = bfs(g, spur, to, blocked_v, blocked_e);
            if (!spur_path)
                continue;
            Path total = root;
            total.insert(total.end(), spur_path->begin() + 1, spur_path->end());
            if (static_cast<int>(total.size()) - 1 > max_len)
                continue;
            if (std::find(candidates.begin(), candidates.end(), total) == candidates.end() &&
                std::find(found.begin(), found.end(), total) == found.end())
                candidates.push_back(std::move(total));
        }
        if (candidates.empty())
            break;
        auto best = std::min_element(candidates.begin(), candidates.end(),
                                     [&g](const Path& a, const Path& b) { return path_less(g, a, b); });
        found.push_back(*best);
        candidates.erase(best);
    }
    return found;
}

std::vector<Path> all_simple_paths(const CaseGraph& g, Vertex from, Vertex to, int max_len,
                                   std::size_t limit) {
    std::vector<Path> out;
    if (from == to)
        return out;
    std::vector<bool> on_path(g.vertex_count(), false);
    Path cur{from};
    on_path[from] = true;
    // Iterative deepening would find short paths first but repeat work; depth-first with a sort at the
    // end is simpler and the limit keeps it bounded.
    std::vector<std::vector<std::pair<Vertex, std::uint32_t>>> stack{g.neighbours(from)};
    std::vector<std::size_t> pos{0};
    // The number of simple paths grows as degree^length: around hubs the walk, not the answer, is what
    // explodes. A step budget keeps an interactive query interactive; Yen (--k) is the bounded tool.
    std::size_t steps = 0;
    while (!stack.empty() && out.size() < limit && ++steps < kAllPathsStepBudget) {
        if (pos.back() >= stack.back().size()) {
            stack.pop_back();
            pos.pop_back();
            on_path[cur.back()] = false;
            cur.pop_back();
            continue;
        }
        const Vertex v = stack.back()[pos.back()++].first;
        if (on_path[v])
            continue;
        if (v == to) {
            cur.push_back(v);
            out.push_back(cur);
            cur.pop_back();
            continue;
        }
        if (static_cast<int>(cur.size()) >= max_len)
            continue; // cur has max_len vertices: one more hop could only reach `to`, handled above
        cur.push_back(v);
        on_path[v] = true;
        stack.push_back(g.neighbours(v));
        pos.push_back(0);
    }
    std::sort(out.begin(), out.end(), [&g](const Path& a, const Path& b) { return path_less(g, a, b); });
    return out;
}

} // namespace casegraph::graph
