// Corroboration of a contact between A and B: the independent sources that hold an event between the two,
// so an exhibit can say "seen in N independent sources". Evidence files are counted, and so are the
// devices they came from: three files extracted from one handset (its SMS, call log and contacts) are one
// source, not three. A bank transaction read from two statement files (event_sighting) is supported by
// both files; an event is counted once per file however often that file repeats it.
#pragma once

#include "filter.hpp"

#include <optional>

namespace casegraph::graph {

struct SourceSupport {
    std::int64_t evidence_id = 0;
    std::string sha256, name;
    std::vector<std::int64_t> devices; // the device / owner the file came from (0 or 1 entries)
    std::vector<std::int64_t> events;
    // The dated events' span; nullopt when none is dated (a contact card has no time).
    std::optional<std::int64_t> first_ms, last_ms;
    std::size_t undated = 0; // events with neither instant nor date
    bool date_only = false;
};

struct Corroboration {
    std::vector<SourceSupport> sources; // most events first
    std::size_t devices = 0;            // distinct known devices over all sources
    // Devices, plus each file whose device is unknown (a bank statement) counted on its own: the number
    // to quote as "independent sources".
    std::size_t independent = 0;
    std::vector<std::int64_t> events; // all supporting events, ascending
};

// The device an evidence file came from, as the ingest recorded it: the owner given with --owner
// (import_run params: the entity its identifier resolves to), else the per-file device placeholder
// (`device-owner:<sha256>`, ingest/evidence_owner.cpp), as its merge representative; 0 when the file
// names none (statements, which name their account holder instead). Merging two placeholders (or a
// placeholder with the owner's phone) tells corroboration that two files came from one handset.
[[nodiscard]] std::int64_t evidence_device(const store::Db& db, const CaseData& data,
                                           std::int64_t evidence_id);

// Every event between a and b that the graph's filter (time window, kinds) keeps.
[[nodiscard]] Corroboration corroborate(const store::Db& db, const CaseGraph& g, Vertex a, Vertex b);

} // namespace casegraph::graph
