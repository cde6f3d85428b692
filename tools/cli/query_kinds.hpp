// The parts of `casegraph query` split out of cmd_query.cpp: the run context, the kinds beyond the
// basic graph walks (money, indicators, corroboration, timeline, communities) and the text rendering.
#pragma once

#include "args.hpp"
#include "export/query_json.hpp"
#include "graph/filter.hpp"

#include <iosfwd>
#include <optional>

namespace casegraph::cli {

struct QueryRun {
    const store::Db& db;
    const graph::CaseData& data;
    const graph::CaseGraph& graph;
    const graph::Filter& graph_filter;
    const Parsed& parsed;
    std::string kind;
    std::vector<std::string> args; // after CASE KIND
    std::string region;
    // Top-level keys beside "query" and "results" (money's fan-in / fan-out summaries).
    nlohmann::json extra = nlohmann::json::object();

    // ENTITY argument i as its merge representative; throws EntityNotFound / UsageError.
    std::int64_t entity_arg(std::size_t i);
    // ...and its vertex, nullopt when the filter leaves it out of the graph.
    std::optional<graph::Vertex> vertex_arg(std::size_t i);
};

// nullopt when q.kind is none of them.
[[nodiscard]] std::optional<nlohmann::json> run_more_kinds(QueryRun& q, exporter::QueryJson& js,
                                                           nlohmann::json& params);

void print_query_text(std::ostream& os, const nlohmann::json& doc);
// Text for the kinds of run_more_kinds; result n (1-based) of its kind.
void print_more_text(std::ostream& os, const std::string& kind, const nlohmann::json& r, std::size_t n);
// One line of a result's scalar fields, its entities and evidence count.
void print_fallback_text(std::ostream& os, const nlohmann::json& r);

} // namespace casegraph::cli
