// Every place an event was read (schema v6): the source it was first written from (the primary) and
// each sighting in event_sighting, i.e. the same bank transaction read again from another statement
// file. Whatever shows an event's source (bundles, exhibits, query JSON, the detail pane) reads it here,
// so that no reader cites only the first file.
#pragma once

#include "sqlite.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::store {

struct EventSource {
    std::int64_t event_id = 0;
    std::int64_t evidence_id = 0;
    std::string evidence_sha256, evidence_name, locator;
    bool primary = false; // event.source_id; false for a sighting
};

// SQL rows (event_id, source_id, is_primary) of the events whose id satisfies `id_condition` (SQL after
// the id column: "= ?1", "IN (SELECT event_id FROM link_event WHERE link_id = ?1)"): each event's own
// source and each sighting. For queries that aggregate over sources (count the evidence files behind a
// link) instead of listing them; the condition is applied inside both arms, since SQLite 3.40 does not
// push it into a UNION ALL subquery and would otherwise read every event of the case.
[[nodiscard]] std::string event_source_rows(std::string_view id_condition);

// The sources of one event: the primary first, then the sightings by file hash and locator. Empty when
// there is no such event.
[[nodiscard]] std::vector<EventSource> event_sources(const Db& db, std::int64_t event_id);

// The sources of many events, grouped per event in the order of `ids` (an id given twice is listed
// once), each event's primary first as above.
[[nodiscard]] std::vector<EventSource> event_sources(const Db& db, const std::vector<std::int64_t>& ids);

// The events that have at least one sighting, ascending: few (repeated bank statements), so a reader of
// many events asks event_sources only about these.
[[nodiscard]] std::vector<std::int64_t> sighted_events(const Db& db);

} // namespace casegraph::store
