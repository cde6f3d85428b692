// The CONTRACTS.md JSON of `casegraph query` results: entities in the contract's entity shape and the
// evidence behind every result as [{"event_id","evidence_sha256","locator"}].
#pragma once

#include "graph/centrality.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"

#include <nlohmann/json.hpp>
#include <unordered_map>

namespace casegraph::exporter {

class QueryJson {
  public:
    QueryJson(const store::Db& db, const graph::CaseGraph& g) : db_(db), g_(g) {}

    // The contract entity shape (cached: hubs appear in many results).
    [[nodiscard]] nlohmann::json entity(std::int64_t entity_id);
    [[nodiscard]] nlohmann::json vertex(graph::Vertex v) { return entity(g_.entity(v)); }
    [[nodiscard]] nlohmann::json evidence(const std::vector<std::int64_t>& event_ids) const;

    [[nodiscard]] nlohmann::json neighbours(const std::vector<graph::Neighbour>& r);
    [[nodiscard]] nlohmann::json common(const std::vector<graph::CommonContact>& r);
    // {"hops":[{"from","to","evidence"}]}
    [[nodiscard]] nlohmann::json path(const graph::Path& p);
    [[nodiscard]] nlohmann::json central(const std::vector<graph::Ranked>& r);
    [[nodiscard]] nlohmann::json components(const std::vector<std::vector<graph::Vertex>>& c);

    [[nodiscard]] const store::Db& db() const { return db_; }
    [[nodiscard]] const graph::CaseGraph& graph() const { return g_; }

  private:
    const store::Db& db_;
    const graph::CaseGraph& g_;
    std::unordered_map<std::int64_t, nlohmann::json> cache_;
};

} // namespace casegraph::exporter
