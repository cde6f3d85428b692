// The CONTRACTS.md JSON of `casegraph query` results: entities in the contract's entity shape and the
// evidence behind every result as [{"event_id","evidence_sha256","locator"}].
#pragma once

#include "graph/centrality.hpp"
#include "graph/communities.hpp"
#include "graph/corroboration.hpp"
#include "graph/indicators.hpp"
#include "graph/money.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"
#include "graph/timeline.hpp"

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
    // In query_json_more.cpp:
    // Hops as results [{"hop","from","to","currency","total_minor","passed_minor","first","last",
    // "evidence"}]; the fan-in / fan-out summaries go to `fans`.
    [[nodiscard]] nlohmann::json money(const graph::MoneyFlow& f, nlohmann::json& fans);
    // {"indicator":"NAME","params":{…},"matches":[{"entities":[…],"summary":"…","evidence":[…]}]}
    [[nodiscard]] nlohmann::json indicator(const graph::IndicatorResult& r);
    [[nodiscard]] nlohmann::json corroboration(graph::Vertex a, graph::Vertex b,
                                               const graph::Corroboration& c);
    [[nodiscard]] nlohmann::json timeline(const std::vector<graph::Vertex>& who, const graph::Timeline& t);
    [[nodiscard]] nlohmann::json communities(const graph::Communities& c);

    [[nodiscard]] const store::Db& db() const { return db_; }
    [[nodiscard]] const graph::CaseGraph& graph() const { return g_; }

  private:
    const store::Db& db_;
    const graph::CaseGraph& g_;
    std::unordered_map<std::int64_t, nlohmann::json> cache_;
};

} // namespace casegraph::exporter
