// The case's links loaded into a Boost compressed-sparse-row graph: the in-memory structure the
// analyses run on. Vertices are entity ids; every edge keeps the link id behind it.
#pragma once

#include "store/sqlite.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace casegraph::graph {

struct EdgeData {
    std::int64_t link_id = 0;
    std::int64_t count = 0;
};

using Csr = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, EdgeData>;

class LinkGraph {
  public:
    // Loads every link; undirected links are stored in both directions.
    static LinkGraph load(const store::Db& db);

    [[nodiscard]] const Csr& csr() const { return g_; }
    [[nodiscard]] std::size_t vertex_count() const { return entity_of_.size(); }
    [[nodiscard]] std::int64_t entity(std::size_t v) const { return entity_of_[v]; }
    [[nodiscard]] std::optional<std::size_t> vertex(std::int64_t entity_id) const;
    // Connected components, ignoring direction: the component index of every vertex.
    [[nodiscard]] std::vector<std::size_t> components(std::size_t& count) const;

  private:
    Csr g_;
    std::vector<std::int64_t> entity_of_;
    std::unordered_map<std::int64_t, std::size_t> vertex_of_;
};

} // namespace casegraph::graph
