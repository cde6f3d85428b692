// The case's events, parties and analyst state read once from SQLite into flat arrays, so that a
// filter change re-derives the graph from memory instead of re-querying the case file.
#pragma once

#include "store/event_sources.hpp"
#include "store/sqlite.hpp"
#include "zone_days.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace casegraph::graph {

// One (event, linked pair) as update_links_for_run derived it: a message between two phones, a payment
// payer → payee. An event with three parties gives several rows. a/b are merge representatives.
struct EventPair {
    std::int64_t event_id = 0;
    std::int64_t a = 0, b = 0;     // directed rows: a is the payer / origin
    std::int64_t ms = 0;           // instant, or midnight UTC of a date-only event
    std::int64_t amount_minor = 0; // absolute amount, 0 when none
    std::int64_t evidence_id = 0;
    std::uint16_t kind = 0;     // index into CaseData::kinds
    std::uint16_t currency = 0; // index into CaseData::currencies ("" = none)
    bool directed = false;
    bool date_only = false; // ms is a day, not an instant
    bool has_time = false;  // false when the event has neither instant nor date
};
static_assert(sizeof(EventPair) == 56, "one record per event-pair: keep it compact");

struct EntityInfo {
    std::string kind;
    std::string label;
};

// Evidence behind a result (CONTRACTS.md): the event and where it was read; `sightings` are the other
// places the same event was read (a bank transaction in a second statement file), primary excluded.
struct EvidenceRef {
    std::int64_t event_id = 0;
    std::string evidence_sha256;
    std::string locator;
    std::vector<store::EventSource> sightings;
};

class CaseData {
  public:
    // Reads every linked event of the case, and its zone (case_info "tz", days()). Live merges (rows in
    // `merge` without undone_at) fold the entities of a cluster onto its lowest id, so every analysis sees
    // the merged view.
    static CaseData load(const store::Db& db);
    // A case built in memory (benchmarks at sizes no demo case reaches quickly). kinds and currencies
    // are the tables the pairs' indexes point into; currencies[0] must be "".
    static CaseData from_parts(std::vector<EventPair> pairs, std::vector<std::string> kinds,
                               std::vector<std::string> currencies,
                               std::unordered_map<std::int64_t, EntityInfo> entities);

    [[nodiscard]] const std::vector<EventPair>& pairs() const { return pairs_; }
    // The case's calendar days (its --tz, UTC when none; from_parts: UTC): where a date-only pair's day
    // starts and ends, for the window rule of graph/zone_days.hpp.
    [[nodiscard]] const ZoneDays& days() const { return days_; }
    [[nodiscard]] const std::vector<std::string>& kinds() const { return kinds_; }
    [[nodiscard]] std::int64_t max_entity_id() const { return max_entity_id_; }
    [[nodiscard]] const std::vector<std::string>& currencies() const { return currencies_; }
    [[nodiscard]] std::optional<std::uint16_t> kind_index(const std::string& kind) const;
    [[nodiscard]] const EntityInfo* entity(std::int64_t id) const;
    [[nodiscard]] const std::vector<std::string>& tags(std::int64_t id) const;
    [[nodiscard]] bool has_tag(std::int64_t id, const std::string& tag) const;
    // Entities carrying a live tag, merge representatives, ascending.
    [[nodiscard]] std::vector<std::int64_t> tagged(const std::string& tag) const;
    // The merge representative of an entity (itself when not merged).
    [[nodiscard]] std::int64_t representative(std::int64_t id) const;
    // Every entity id folded onto a representative (the representative first).
    [[nodiscard]] std::vector<std::int64_t> members(std::int64_t rep) const;
    // The evidence files that also carried an event (its sightings, store::event_sources), beside the
    // primary file of its pairs; null when it has none. Few events have any (repeated bank statements).
    [[nodiscard]] const std::vector<std::int64_t>* sighting_evidence(std::int64_t event_id) const;

  private:
    std::vector<EventPair> pairs_;
    std::vector<std::string> kinds_, currencies_;
    std::unordered_map<std::int64_t, EntityInfo> entities_;
    std::unordered_map<std::int64_t, std::vector<std::string>> tags_;
    std::unordered_map<std::int64_t, std::int64_t> rep_;
    std::unordered_map<std::int64_t, std::vector<std::int64_t>> sighting_evidence_;
    std::int64_t max_entity_id_ = 0;
    ZoneDays days_;
    void compute_max_entity_id();
};

// Resolves event ids to their evidence file hash and locator, and their sightings (store::event_sources),
// in the order given (duplicates dropped).
[[nodiscard]] std::vector<EvidenceRef> evidence_for(const store::Db& db,
                                                    const std::vector<std::int64_t>& ids);

// "2024-03-01T10:00:00Z" for an instant, "2024-03-01" for a date-only value.
[[nodiscard]] std::string format_time(std::int64_t ms, bool date_only);

} // namespace casegraph::graph
