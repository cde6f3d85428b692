// Deriving the filtered graph from the in-memory case (see filter.hpp).
#include "filter.hpp"

#include <algorithm>
#include <boost/range/iterator_range.hpp>

namespace casegraph::graph {
namespace {

std::uint64_t pair_key(Vertex a, Vertex b) {
    if (a > b)
        std::swap(a, b);
    return (static_cast<std::uint64_t>(a) << 32) | b;
}

bool passes_entity(const CaseData& d, const Filter& f, std::int64_t id) {
    if (!f.entity_kinds.empty()) {
        const auto* e = d.entity(id);
        if (e == nullptr || f.entity_kinds.count(e->kind) == 0)
            return false;
    }
    if (!f.tags.empty()) {
        bool any = false;
        for (const auto& t : d.tags(id))
            any = any || f.tags.count(t) != 0;
        if (!any)
            return false;
    }
    return true;
}

} // namespace

CaseGraph CaseGraph::build(const CaseData& data, const Filter& filter) {
    CaseGraph cg;
    cg.data_ = &data;
    std::vector<bool> kind_ok(data.kinds().size(), filter.event_kinds.empty());
    for (const auto& k : filter.event_kinds)
        if (auto i = data.kind_index(k))
            kind_ok[*i] = true;
    std::unordered_map<std::int64_t, bool> entity_ok;
    auto ok = [&](std::int64_t id) {
        auto [it, fresh] = entity_ok.emplace(id, false);
        if (fresh)
            it->second = passes_entity(data, filter, id);
        return it->second;
    };
    auto vertex_for = [&cg](std::int64_t entity) {
        auto [it, fresh] = cg.vertex_of_.emplace(entity, static_cast<Vertex>(cg.entity_of_.size()));
        if (fresh)
            cg.entity_of_.push_back(entity);
        return it->second;
    };

    // Links keyed by (u, v, kind, currency, directed); the key packs small indexes beside the pair.
    struct Key {
        std::uint64_t uv;
        std::uint32_t rest;
        bool operator==(const Key& o) const { return uv == o.uv && rest == o.rest; }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const { return std::hash<std::uint64_t>()(k.uv * 31 + k.rest); }
    };
    std::unordered_map<Key, std::uint32_t, KeyHash> link_of;
    link_of.reserve(data.pairs().size() / 4 + 16);
    for (const auto& p : data.pairs()) {
        if (!kind_ok[p.kind])
            continue;
        if ((filter.from_ms || filter.to_ms) && !p.has_time)
            continue;
        // A date-only event counts for the whole day: it is inside the window when its day overlaps it.
        const std::int64_t day_end = p.date_only ? p.ms + 86'400'000 - 1 : p.ms;
        if (filter.from_ms && day_end < *filter.from_ms)
            continue;
        if (filter.to_ms && p.ms > *filter.to_ms)
            continue;
        if (!filter.evidence_ids.empty() && filter.evidence_ids.count(p.evidence_id) == 0)
            continue;
        if (!ok(p.a) || !ok(p.b))
            continue;
        const auto u = vertex_for(p.a), v = vertex_for(p.b);
        const Key key{(static_cast<std::uint64_t>(u) << 32) | v,
                      (static_cast<std::uint32_t>(p.kind) << 17) |
                          (static_cast<std::uint32_t>(p.currency) << 1) | (p.directed ? 1U : 0U)};
        auto [it, fresh] = link_of.emplace(key, static_cast<std::uint32_t>(cg.links_.size()));
        if (fresh)
            cg.links_.push_back({u, v, p.kind, p.currency, p.directed, {}, 0});
        auto& l = cg.links_[it->second];
        l.events.push_back({p.event_id, p.ms, p.date_only, p.has_time, p.amount_minor, p.evidence_id});
        l.total_minor += p.amount_minor;
    }

    std::vector<std::pair<Vertex, Vertex>> arcs;
    std::vector<std::uint32_t> props;
    arcs.reserve(cg.links_.size() * 2);
    props.reserve(cg.links_.size() * 2);
    for (std::uint32_t i = 0; i < cg.links_.size(); ++i) {
        auto& l = cg.links_[i];
        std::sort(l.events.begin(), l.events.end(), [](const EdgeEvent& x, const EdgeEvent& y) {
            return x.ms != y.ms ? x.ms < y.ms : x.event_id < y.event_id;
        });
        auto [it, fresh] =
            cg.pair_of_.emplace(pair_key(l.u, l.v), static_cast<std::uint32_t>(cg.pairs_.size()));
        if (fresh) {
            cg.pairs_.push_back({std::min(l.u, l.v), std::max(l.u, l.v), {}, 0});
            arcs.emplace_back(l.u, l.v);
            props.push_back(it->second);
            arcs.emplace_back(l.v, l.u);
            props.push_back(it->second);
        }
        auto& pr = cg.pairs_[it->second];
        pr.links.push_back(i);
        pr.events += static_cast<std::int64_t>(l.events.size());
    }
    cg.g_ = Csr(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), props.begin(),
                cg.entity_of_.size());
    return cg;
}

std::optional<Vertex> CaseGraph::vertex(std::int64_t entity_id) const {
    if (auto it = vertex_of_.find(entity_id); it != vertex_of_.end())
        return it->second;
    return std::nullopt;
}

const Pair* CaseGraph::pair(Vertex a, Vertex b) const {
    if (auto it = pair_of_.find(pair_key(a, b)); it != pair_of_.end())
        return &pairs_[it->second];
    return nullptr;
}

std::vector<std::int64_t> CaseGraph::pair_events(Vertex a, Vertex b) const {
    std::vector<std::int64_t> out;
    if (const auto* p = pair(a, b))
        for (const auto li : p->links)
            for (const auto& e : links_[li].events)
                out.push_back(e.event_id);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::pair<Vertex, std::uint32_t>> CaseGraph::neighbours(Vertex v) const {
    std::vector<std::pair<Vertex, std::uint32_t>> out;
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g_)))
        out.emplace_back(static_cast<Vertex>(boost::target(e, g_)), g_[e]);
    std::sort(out.begin(), out.end(),
              [this](const auto& x, const auto& y) { return entity_of_[x.first] < entity_of_[y.first]; });
    return out;
}

} // namespace casegraph::graph
