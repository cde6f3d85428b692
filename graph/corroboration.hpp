// Corroboration of a contact between A and B: the independent sources (distinct evidence files, and
// the devices they came from) that hold an event between the two, so an exhibit can say "seen in N".
#pragma once

#include "filter.hpp"

namespace casegraph::graph {

struct SourceSupport {
    std::int64_t evidence_id = 0;
    std::string sha256, name;
    std::vector<std::int64_t> devices; // device entities the file's events name (owner / device roles)
    std::vector<std::int64_t> events;
    std::int64_t first_ms = 0, last_ms = 0;
    bool date_only = false;
};

struct Corroboration {
    std::vector<SourceSupport> sources; // most events first
    std::size_t devices = 0;            // distinct devices over all sources
    std::vector<std::int64_t> events;   // all supporting events, ascending
};

// Every event between a and b that the graph's filter (time window, kinds) keeps. Evidence files are
// independent sources; the same device seen in two files (an extraction and a backup) is counted once in
// `devices`, which is the stricter number to quote.
[[nodiscard]] Corroboration corroborate(const store::Db& db, const CaseGraph& g, Vertex a, Vertex b);

} // namespace casegraph::graph
