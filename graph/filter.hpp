// The filtered in-memory graph: a Boost compressed-sparse-row graph of the entities and links that pass
// a filter (time window, entity kinds, event kinds, evidence files, tags). Every edge keeps its events.
// Storage is flat: the events of all links sit in one array (each link views its slice), and so do the
// link indexes of all pairs, so a 1M-link graph costs a handful of allocations instead of millions.
#pragma once

#include "case_data.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace casegraph::graph {

struct Filter {
    // Both ends included; events without a time are dropped by either. A date-only event is in when its
    // booking day in the case zone (CaseData::days()) overlaps [from_ms, to_ms] (graph/zone_days.hpp).
    std::optional<std::int64_t> from_ms, to_ms;
    std::set<std::string> entity_kinds;  // empty = all
    std::set<std::string> event_kinds;   // empty = all
    std::set<std::int64_t> evidence_ids; // empty = all
    std::set<std::string> tags;          // non-empty: only entities carrying one of these tags
};

struct EdgeEvent {
    std::int64_t event_id = 0;
    std::int64_t ms = 0;
    std::int64_t amount_minor = 0;
    std::int32_t evidence_id = 0; // evidence_file ids are small; 32 bits keep the record at 32 bytes
    bool date_only = false;
    bool has_time = false;
};

// A link as the filter leaves it: one per (u, v, event kind, currency); directed for transactions.
struct Link {
    std::uint32_t u = 0, v = 0; // vertices; u → v when directed, u < v otherwise
    std::uint16_t kind = 0;
    std::uint16_t currency = 0;
    bool directed = false;
    std::span<const EdgeEvent> events; // by time, then id; a slice of the graph's flat event array
    std::int64_t total_minor = 0;
};

// Two entities in contact through any number of links: the unit of neighbourhoods, paths and centrality.
struct Pair {
    std::uint32_t u = 0, v = 0;           // u < v
    std::span<const std::uint32_t> links; // ascending; a slice of the graph's flat link-index array
    std::int64_t events = 0;              // total events behind the pair (communication volume)
};

using Vertex = std::uint32_t;
// Undirected adjacency: both arcs of each pair, the edge property is the pair index. 32-bit vertex and
// edge indexes halve the memory of the default size_t ones and hold any case we expect (< 2^32 arcs).
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, std::uint32_t,
                                               boost::no_property, Vertex, std::uint32_t>;

class CaseGraph {
  public:
    // Re-derives the graph from memory; cheap enough to run on every filter change.
    static CaseGraph build(const CaseData& data, const Filter& filter);

    CaseGraph() = default;
    CaseGraph(CaseGraph&&) noexcept = default;
    CaseGraph& operator=(CaseGraph&&) noexcept = default;
    // Copies re-point the links' and pairs' slices at the copy's own arrays.
    CaseGraph(const CaseGraph& o);
    CaseGraph& operator=(const CaseGraph& o);
    ~CaseGraph() = default;

    [[nodiscard]] const Csr& csr() const { return g_; }
    [[nodiscard]] const CaseData& data() const { return *data_; }
    [[nodiscard]] std::size_t vertex_count() const { return entity_of_.size(); }
    [[nodiscard]] std::int64_t entity(Vertex v) const { return entity_of_[v]; }
    [[nodiscard]] std::optional<Vertex> vertex(std::int64_t entity_id) const;
    [[nodiscard]] const std::vector<Link>& links() const { return links_; }
    [[nodiscard]] const std::vector<Pair>& pairs() const { return pairs_; }
    [[nodiscard]] const Pair* pair(Vertex a, Vertex b) const;
    // Every event behind the contact between a and b (all kinds), ascending id.
    [[nodiscard]] std::vector<std::int64_t> pair_events(Vertex a, Vertex b) const;
    // The same for one pair by its index into pairs().
    [[nodiscard]] std::vector<std::int64_t> pair_events(std::uint32_t pair_index) const;
    // The CSR row of v without iterator overhead: neighbour vertices ascending, and at the same positions
    // the pair index of each arc. Views into the graph (valid while it lives); for tight inner loops.
    [[nodiscard]] std::span<const Vertex> adjacent(Vertex v) const {
        const auto& f = g_.m_forward;
        return {f.m_column.data() + f.m_rowstart[v], f.m_rowstart[v + 1] - f.m_rowstart[v]};
    }
    [[nodiscard]] std::span<const std::uint32_t> adjacent_pairs(Vertex v) const {
        const auto& f = g_.m_forward;
        return {f.m_edge_properties.data() + f.m_rowstart[v], f.m_rowstart[v + 1] - f.m_rowstart[v]};
    }
    // Neighbours of v with the pair index, ascending by neighbour entity id (deterministic order).
    [[nodiscard]] std::vector<std::pair<Vertex, std::uint32_t>> neighbours(Vertex v) const;
    [[nodiscard]] const std::string& kind_name(std::uint16_t k) const { return data_->kinds()[k]; }
    [[nodiscard]] const std::string& currency_name(std::uint16_t c) const { return data_->currencies()[c]; }

  private:
    const CaseData* data_ = nullptr;
    Csr g_;
    std::vector<std::int64_t> entity_of_;
    std::vector<std::int32_t> vertex_of_;   // by entity id (SQLite rowids are dense); -1 = not in the graph
    std::vector<EdgeEvent> events_;         // every link's events, link after link
    std::vector<std::uint32_t> pair_links_; // every pair's link indexes, pair after pair
    std::vector<Link> links_;
    std::vector<Pair> pairs_;
    void rebase(const CaseGraph& from);
};

} // namespace casegraph::graph
