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

// The event was read from one of the files: its primary source's or one of its sightings'.
bool in_files(const CaseData& d, const std::set<std::int64_t>& files, const EventPair& p) {
    if (files.count(p.evidence_id) != 0)
        return true;
    if (const auto* more = d.sighting_evidence(p.event_id))
        for (const auto f : *more)
            if (files.count(f) != 0)
                return true;
    return false;
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
    // A date-only event is inside the window when its booking day in the case zone overlaps it
    // (graph/zone_days.hpp): the window's days are worked out once, each pair's day is compared.
    const auto days = data.days().days_in_window(filter.from_ms, filter.to_ms);
    for (std::uint32_t i = 0; i < all.size(); ++i) {
        const auto& p = all[i];
        if (!kind_ok[p.kind])
            continue;
        if ((filter.from_ms || filter.to_ms) && !p.has_time)
            continue;
        if (p.date_only) {
            if (!days.holds(ZoneDays::day_of_utc_midnight(p.ms)))
                continue;
        } else if ((filter.from_ms && p.ms < *filter.from_ms) || (filter.to_ms && p.ms > *filter.to_ms)) {
            continue;
        }
        if (!filter.evidence_ids.empty() && !in_files(data, filter.evidence_ids, p))
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
    // Group by u with a counting pass (u < vertex count), then sort each row: the rows are small, so
    // this is far cheaper than one sort over every record.
    const auto nv = cg.entity_of_.size();
    std::vector<std::uint32_t> row(nv + 1, 0);
    for (const auto i : kept)
        ++row[static_cast<std::size_t>(cg.vertex_of_[static_cast<std::size_t>(all[i].a)]) + 1];
    for (std::size_t x = 0; x < nv; ++x)
        row[x + 1] += row[x];
    std::vector<Rec> recs(kept.size());
    {
        auto fill = row;
        for (const auto i : kept) {
            const auto& p = all[i];
            const auto u = static_cast<Vertex>(cg.vertex_of_[static_cast<std::size_t>(p.a)]);
            const auto v = static_cast<Vertex>(cg.vertex_of_[static_cast<std::size_t>(p.b)]);
            const auto kc = (static_cast<std::uint32_t>(p.kind) << 17) |
                            (static_cast<std::uint32_t>(p.currency) << 1) | (p.directed ? 1U : 0U);
            recs[fill[u]++] = {u, v, kc, p.ms, i};
        }
    }
    kept = {};
    for (std::size_t x = 0; x < nv; ++x)
        std::sort(recs.begin() + row[x], recs.begin() + row[x + 1]);

    // Links: runs of equal (u, v, kind, currency, direction). The event array is sized up front, so
    // the slices taken into it stay valid; the link array too (counted first), so growing it never
    // holds two copies.
    auto same_link = [](const Rec& x, const Rec& y) { return x.u == y.u && x.v == y.v && x.kc == y.kc; };
    std::size_t nlinks = recs.empty() ? 0 : 1;
    for (std::size_t i = 1; i < recs.size(); ++i)
        nlinks += same_link(recs[i - 1], recs[i]) ? 0 : 1;
    cg.links_.reserve(nlinks);
    cg.events_.reserve(recs.size());
    for (std::size_t i = 0; i < recs.size();) {
        const auto& r = recs[i];
        const auto first = cg.events_.size();
        std::int64_t total = 0;
        std::size_t j = i;
        for (; j < recs.size() && same_link(recs[j], r); ++j) {
            const auto& p = all[recs[j].pair];
            cg.events_.push_back({p.event_id, p.ms, p.amount_minor, static_cast<std::int32_t>(p.evidence_id),
                                  p.date_only, p.has_time});
            total += p.amount_minor;
        }
        cg.links_.push_back({r.u, r.v, static_cast<std::uint16_t>(r.kc >> 17),
                             static_cast<std::uint16_t>((r.kc >> 1) & 0xFFFF), (r.kc & 1U) != 0,
                             std::span<const EdgeEvent>(cg.events_.data() + first, j - i), total});
        i = j;
    }
    recs = {};

    // Pairs: links grouped by their unordered ends (lo, hi), again a counting pass on lo and a sort
    // per row. Link indexes of one pair stay ascending.
    std::fill(row.begin(), row.end(), 0U);
    for (const auto& l : cg.links_)
        ++row[std::min(l.u, l.v) + 1];
    for (std::size_t x = 0; x < nv; ++x)
        row[x + 1] += row[x];
    std::vector<std::pair<Vertex, std::uint32_t>> by_ends(cg.links_.size()); // (hi, link) in lo's row
    {
        auto fill = row;
        for (std::uint32_t i = 0; i < cg.links_.size(); ++i) {
            const auto& l = cg.links_[i];
            by_ends[fill[std::min(l.u, l.v)]++] = {std::max(l.u, l.v), i};
        }
    }
    for (std::size_t x = 0; x < nv; ++x)
        std::sort(by_ends.begin() + row[x], by_ends.begin() + row[x + 1]);
    cg.pair_links_.resize(by_ends.size());
    std::size_t npairs = 0;
    for (Vertex lo = 0; lo < nv; ++lo)
        for (auto i = row[lo]; i < row[lo + 1]; ++i)
            npairs += i == row[lo] || by_ends[i].first != by_ends[i - 1].first ? 1 : 0;
    cg.pairs_.reserve(npairs);
    std::vector<std::uint32_t> degree(nv + 1, 0);
    for (Vertex lo = 0; lo < nv; ++lo)
        for (auto i = row[lo]; i < row[lo + 1];) {
            const auto hi = by_ends[i].first;
            const auto first = i;
            std::int64_t events = 0;
            for (; i < row[lo + 1] && by_ends[i].first == hi; ++i) {
                cg.pair_links_[i] = by_ends[i].second;
                events += static_cast<std::int64_t>(cg.links_[by_ends[i].second].events.size());
            }
            cg.pairs_.push_back(
                {lo, hi, std::span<const std::uint32_t>(cg.pair_links_.data() + first, i - first), events});
            ++degree[lo + 1];
            ++degree[hi + 1];
        }
    by_ends = {};

    // Both arcs of each pair go into the CSR, each row sorted by target (so pair(a, b) can binary-search
    // a's row). Pairs are in (lo, hi) order: placing first every arc hi → lo, then every arc lo → hi,
    // fills each row in ascending target order without a sort.
    for (std::size_t x = 0; x < nv; ++x)
        degree[x + 1] += degree[x];
    std::vector<std::pair<Vertex, Vertex>> ends(degree[nv]);
    std::vector<std::uint32_t> props(degree[nv]);
    auto fill = degree;
    for (std::uint32_t pi = 0; pi < cg.pairs_.size(); ++pi) {
        const auto& pr = cg.pairs_[pi];
        const auto k = fill[pr.v]++;
        ends[k] = {pr.v, pr.u};
        props[k] = pi;
    }
    for (std::uint32_t pi = 0; pi < cg.pairs_.size(); ++pi) {
        const auto& pr = cg.pairs_[pi];
        const auto k = fill[pr.u]++;
        ends[k] = {pr.u, pr.v};
        props[k] = pi;
    }
    cg.g_ = Csr(boost::edges_are_sorted, ends.begin(), ends.end(), props.begin(), nv);
    return cg;
}

void CaseGraph::rebase(const CaseGraph& from) {
    for (auto& l : links_)
        l.events = {events_.data() + (l.events.data() - from.events_.data()), l.events.size()};
    for (auto& p : pairs_)
        p.links = {pair_links_.data() + (p.links.data() - from.pair_links_.data()), p.links.size()};
}

CaseGraph::CaseGraph(const CaseGraph& o)
    : data_(o.data_), g_(o.g_), entity_of_(o.entity_of_), vertex_of_(o.vertex_of_), events_(o.events_),
      pair_links_(o.pair_links_), links_(o.links_), pairs_(o.pairs_) {
    rebase(o);
}

CaseGraph& CaseGraph::operator=(const CaseGraph& o) {
    if (this != &o) {
        CaseGraph copy(o);
        *this = std::move(copy);
    }
    return *this;
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
    const auto* p = pair(a, b);
    return p != nullptr ? pair_events(static_cast<std::uint32_t>(p - pairs_.data()))
                        : std::vector<std::int64_t>{};
}

std::vector<std::int64_t> CaseGraph::pair_events(std::uint32_t pair_index) const {
    std::vector<std::int64_t> out;
    const auto& p = pairs_[pair_index];
    out.reserve(static_cast<std::size_t>(p.events));
    for (const auto li : p.links)
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
