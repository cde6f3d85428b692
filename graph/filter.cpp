// Deriving the filtered graph from the in-memory case (see filter.hpp).
#include "filter.hpp"

#include <algorithm>
#include <boost/range/iterator_range.hpp>

namespace casegraph::graph {
namespace {

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

// One event-pair that passed the filter, in graph terms. Sorting these groups them into links with
// their events already in time order, without a hash map in the hot loop.
struct Rec {
    Vertex u, v;
    std::uint32_t kc; // kind << 17 | currency << 1 | directed
    std::int64_t ms;
    std::uint32_t pair; // index into CaseData::pairs()
    bool operator<(const Rec& o) const {
        if (u != o.u)
            return u < o.u;
        if (v != o.v)
            return v < o.v;
        if (kc != o.kc)
            return kc < o.kc;
        if (ms != o.ms)
            return ms < o.ms;
        return pair < o.pair;
    }
};

} // namespace

CaseGraph CaseGraph::build(const CaseData& data, const Filter& filter) {
    CaseGraph cg;
    cg.data_ = &data;
    std::vector<bool> kind_ok(data.kinds().size(), filter.event_kinds.empty());
    for (const auto& k : filter.event_kinds)
        if (auto i = data.kind_index(k))
            kind_ok[*i] = true;
    const auto ids = static_cast<std::size_t>(data.max_entity_id()) + 1;
    // Entity checks are needed only with entity filters; 0 = not yet checked, 1 = passes, 2 = fails.
    const bool check_entities = !filter.entity_kinds.empty() || !filter.tags.empty();
    std::vector<std::uint8_t> entity_ok(check_entities ? ids : 0, 0);
    auto ok = [&](std::int64_t id) {
        if (!check_entities)
            return true;
        auto& s = entity_ok[static_cast<std::size_t>(id)];
        if (s == 0)
            s = passes_entity(data, filter, id) ? 1 : 2;
        return s == 1;
    };
    const auto& all = data.pairs();
    std::vector<std::uint32_t> kept;
    kept.reserve(all.size());
    std::vector<bool> present(ids, false);
    for (std::uint32_t i = 0; i < all.size(); ++i) {
        const auto& p = all[i];
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
        kept.push_back(i);
        present[static_cast<std::size_t>(p.a)] = true;
        present[static_cast<std::size_t>(p.b)] = true;
    }
    // Vertices are numbered in entity-id order: every walk that visits neighbours in CSR order is then
    // deterministic by entity id without sorting.
    cg.vertex_of_.assign(ids, -1);
    for (std::size_t id = 0; id < ids; ++id)
        if (present[id]) {
            cg.vertex_of_[id] = static_cast<std::int32_t>(cg.entity_of_.size());
            cg.entity_of_.push_back(static_cast<std::int64_t>(id));
        }
    std::vector<Rec> recs;
    recs.reserve(kept.size());
    for (const auto i : kept) {
        const auto& p = all[i];
        const auto u = static_cast<Vertex>(cg.vertex_of_[static_cast<std::size_t>(p.a)]);
        const auto v = static_cast<Vertex>(cg.vertex_of_[static_cast<std::size_t>(p.b)]);
        const auto kc = (static_cast<std::uint32_t>(p.kind) << 17) |
                        (static_cast<std::uint32_t>(p.currency) << 1) | (p.directed ? 1U : 0U);
        recs.push_back({u, v, kc, p.ms, i});
    }
    kept = {};
    std::sort(recs.begin(), recs.end());

    for (std::size_t i = 0; i < recs.size();) {
        const auto& r = recs[i];
        Link l{r.u,
               r.v,
               static_cast<std::uint16_t>(r.kc >> 17),
               static_cast<std::uint16_t>((r.kc >> 1) & 0xFFFF),
               (r.kc & 1U) != 0,
               {},
               0};
        std::size_t j = i;
        for (; j < recs.size() && recs[j].u == r.u && recs[j].v == r.v && recs[j].kc == r.kc; ++j) {
            const auto& p = all[recs[j].pair];
            l.events.push_back({p.event_id, p.ms, p.date_only, p.has_time, p.amount_minor, p.evidence_id});
            l.total_minor += p.amount_minor;
        }
        cg.links_.push_back(std::move(l));
        i = j;
    }
    recs = {};

    // Pairs: links grouped by their unordered ends. Both arcs of a pair go into the CSR, sorted by
    // (source, target) so that pair(a, b) can binary-search a's row.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> by_ends;
    by_ends.reserve(cg.links_.size());
    for (std::uint32_t i = 0; i < cg.links_.size(); ++i) {
        const auto& l = cg.links_[i];
        const auto lo = std::min(l.u, l.v), hi = std::max(l.u, l.v);
        by_ends.emplace_back((static_cast<std::uint64_t>(lo) << 32) | hi, i);
    }
    std::sort(by_ends.begin(), by_ends.end());
    struct Arc {
        Vertex s, t;
        std::uint32_t pair;
        bool operator<(const Arc& o) const { return s != o.s ? s < o.s : t < o.t; }
    };
    std::vector<Arc> arcs;
    arcs.reserve(by_ends.size() * 2);
    for (std::size_t i = 0; i < by_ends.size();) {
        const auto key = by_ends[i].first;
        Pair pr{static_cast<Vertex>(key >> 32), static_cast<Vertex>(key & 0xFFFFFFFFU), {}, 0};
        for (; i < by_ends.size() && by_ends[i].first == key; ++i) {
            pr.links.push_back(by_ends[i].second);
            pr.events += static_cast<std::int64_t>(cg.links_[by_ends[i].second].events.size());
        }
        const auto pi = static_cast<std::uint32_t>(cg.pairs_.size());
        arcs.push_back({pr.u, pr.v, pi});
        arcs.push_back({pr.v, pr.u, pi});
        cg.pairs_.push_back(std::move(pr));
    }
    std::sort(arcs.begin(), arcs.end());
    std::vector<std::pair<Vertex, Vertex>> ends;
    std::vector<std::uint32_t> props;
    ends.reserve(arcs.size());
    props.reserve(arcs.size());
    for (const auto& a : arcs) {
        ends.emplace_back(a.s, a.t);
        props.push_back(a.pair);
    }
    cg.g_ = Csr(boost::edges_are_sorted, ends.begin(), ends.end(), props.begin(), cg.entity_of_.size());
    return cg;
}

std::optional<Vertex> CaseGraph::vertex(std::int64_t entity_id) const {
    if (entity_id < 0 || static_cast<std::size_t>(entity_id) >= vertex_of_.size() ||
        vertex_of_[static_cast<std::size_t>(entity_id)] < 0)
        return std::nullopt;
    return static_cast<Vertex>(vertex_of_[static_cast<std::size_t>(entity_id)]);
}

const Pair* CaseGraph::pair(Vertex a, Vertex b) const {
    const auto range = boost::out_edges(a, g_);
    const auto it = std::lower_bound(range.first, range.second, b,
                                     [this](const auto& e, Vertex t) { return boost::target(e, g_) < t; });
    if (it != range.second && boost::target(*it, g_) == b)
        return &pairs_[g_[*it]];
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
    return out; // CSR rows are sorted by target, and vertices are numbered in entity-id order
}

} // namespace casegraph::graph
