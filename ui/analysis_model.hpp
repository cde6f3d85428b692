// The analysis panel's view model: shortest paths between two entities and indicator patterns from
// the graph engine (graph/), kept as entity lists so a result can be highlighted on the canvas.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::ui {

struct PathHop {
    std::int64_t entity = 0;
    std::string label;
};

struct MatchRow {
    std::vector<std::int64_t> entities; // the entity the pattern is about first
    std::string summary;
    std::size_t events = 0;
};

class AnalysisModel {
  public:
    // Up to k shortest paths (hops ≤ max_len) between two entities typed as the CLI takes them
    // ("#12", "+44 7700 900111", an IBAN). Sets error (and clears paths) when one cannot be found.
    void find_paths(const store::Db& db, const std::string& region, const std::string& from,
                    const std::string& to, int k = 3, int max_len = 6);
    // Runs one indicator pattern with the case's settings (graph::apply_case_settings) over its default
    // thresholds. Sets error for an unknown name or a bad setting.
    void run_indicator(const store::Db& db, const std::string& region, const std::string& name);
    [[nodiscard]] static std::vector<std::string> indicator_names();
    void clear();

    std::string path_from, path_to;          // what was asked
    std::vector<std::vector<PathHop>> paths; // shortest first
    std::string path_error;
    std::string indicator;         // the pattern last run
    std::vector<MatchRow> matches; // best first
    std::string indicator_params;  // thresholds used (JSON)
    std::string indicator_error;
};

// Every entity of every match, in order, without repeats (highlight "all matches").
[[nodiscard]] std::vector<std::int64_t> all_match_entities(const std::vector<MatchRow>& m);
// The entities of one path, in order.
[[nodiscard]] std::vector<std::int64_t> path_entities(const std::vector<PathHop>& p);

} // namespace casegraph::ui
