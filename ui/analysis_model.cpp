// Paths and indicator patterns for the analysis panel (see analysis_model.hpp).
#include "analysis_model.hpp"

#include "graph/indicators.hpp"
#include "graph/paths.hpp"
#include "store/annotations.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace casegraph::ui {

void AnalysisModel::clear() {
    paths.clear();
    path_error.clear();
    matches.clear();
    indicator.clear();
    indicator_params.clear();
    indicator_error.clear();
}

void AnalysisModel::find_paths(const store::Db& db, const std::string& region, const std::string& from,
                               const std::string& to, int k, int max_len) {
    path_from = from;
    path_to = to;
    paths.clear();
    path_error.clear();
    const auto a = store::find_entity(db, from, region);
    const auto b = store::find_entity(db, to, region);
    if (!a || !b) {
        path_error = "No entity matches '" + (!a ? from : to) + "'";
        return;
    }
    const auto data = graph::CaseData::load(db);
    const auto g = graph::CaseGraph::build(data, {});
    const auto va = g.vertex(data.representative(*a));
    const auto vb = g.vertex(data.representative(*b));
    if (!va || !vb) {
        path_error = "'" + (!va ? from : to) + "' has no links in this case";
        return;
    }
    for (const auto& p : graph::k_shortest_paths(g, *va, *vb, k, max_len)) {
        std::vector<PathHop> hops;
        for (auto v : p) {
            const auto id = g.entity(v);
            const auto* info = data.entity(id);
            hops.push_back({id, info ? info->label : ""});
        }
        paths.push_back(std::move(hops));
    }
    if (paths.empty())
        path_error =
            "No path of at most " + std::to_string(max_len) + " hops between '" + from + "' and '" + to + "'";
}

std::vector<std::string> AnalysisModel::indicator_names() {
    return graph::indicator_names();
}

void AnalysisModel::run_indicator(const store::Db& db, const std::string& region, const std::string& name) {
    indicator = name;
    matches.clear();
    indicator_params.clear();
    indicator_error.clear();
    const auto& names = graph::indicator_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        indicator_error = "Unknown indicator '" + name + "'";
        return;
    }
    const auto data = graph::CaseData::load(db);
    const auto g = graph::CaseGraph::build(data, {});
    graph::IndicatorOptions opt;
    opt.region = region;
    try {
        graph::apply_case_settings(db, opt); // the case's lists and thresholds, as `casegraph query` uses
    } catch (const std::invalid_argument& e) {
        indicator_error = e.what();
        return;
    }
    const auto r = graph::run_indicator(db, g, name, opt);
    indicator_params = r.params.dump();
    for (const auto& m : r.matches)
        matches.push_back({m.entities, m.summary, m.events.size()});
}

std::vector<std::int64_t> all_match_entities(const std::vector<MatchRow>& m) {
    std::vector<std::int64_t> out;
    std::set<std::int64_t> seen;
    for (const auto& row : m)
        for (auto e : row.entities)
            if (seen.insert(e).second)
                out.push_back(e);
    return out;
}

std::vector<std::int64_t> path_entities(const std::vector<PathHop>& p) {
    std::vector<std::int64_t> out;
    for (const auto& h : p)
        out.push_back(h.entity);
    return out;
}

} // namespace casegraph::ui
