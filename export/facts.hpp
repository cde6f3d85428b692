// What an export holds: the selection (CONTRACTS.md SEL) and the facts it picks out of the case, each
// row carrying the evidence file hash and locator it came from.
#pragma once

#include "cancel.hpp"
#include "store/event_sources.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace casegraph::exporter {

// A selection the user got wrong (unknown entity, bad SEL term): the CLI turns it into exit 2.
class SelectionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Selection {
    std::string text = "all"; // as given, recorded in the manifest
    bool all = true;
    std::vector<std::int64_t> seeds; // entity:...
    std::string tag;                 // tag:NAME
    int hops = 0;                    // hops:N around the seeds, over links
    // indicator:NAME: the entities and events of the pattern's matches (graph/indicators.hpp), found in
    // the selection's time window. Without hops the events are exactly the matches' evidence; with
    // hops:N the match entities are seeds like entity: ones.
    std::string indicator;
    std::vector<std::int64_t> indicator_entities, indicator_events;
    // The window, both ends included. A date given as --from/--to is a day in the case zone: --from
    // starts at its local midnight, --to ends just before the next day's. A date-only record (bank
    // booking) is in the window when its day in the case zone overlaps it (graph::ZoneDays).
    std::optional<std::int64_t> from_ms, to_ms;
    std::string from_text, to_text;
    std::string zone; // the case zone (case_info "tz"), "" = UTC
};

// SEL terms are joined with ';' ("entity:#12,+44 7700 900111;hops:2"); commas separate entities.
// `indicator:NAME` runs the named indicator over the case (default thresholds, the case region).
[[nodiscard]] Selection parse_selection(const store::Db& db, const std::string& sel,
                                        const std::string& region, const std::string& from,
                                        const std::string& to);

struct EvidenceRow {
    std::int64_t id = 0;
    std::string sha256, name, registered_at, registered_by, detected_format, region, tz;
    std::int64_t size = 0;
    std::string import_params; // JSON of the import run(s), so an examiner can repeat the import
    std::string sidecar_of;    // for a -wal registered with its database: that database's SHA-256
};

struct EntityRow {
    std::int64_t id = 0;
    std::string kind, label, tags, pseudonym;
    std::int64_t sources = 0;
    std::string evidence_sha256, locator; // the first place the entity was seen
};

struct IdentifierRow {
    std::int64_t identifier_id = 0, entity_id = 0;
    std::string type, value, status, raw, region, evidence_sha256, locator;
    std::string region_from; // row | device | evidence | case | analyst (analyst: given as --owner)
};

struct EventRow {
    std::int64_t id = 0;
    std::string kind, time, precision, offset, direction, app, thread, body, currency;
    int seq = 0;
    bool deleted = false;
    std::optional<std::int64_t> amount_minor;
    std::vector<std::pair<std::string, std::int64_t>> parties; // role, entity id
    std::string evidence_sha256, locator;
    // The other places the same event was read (a transaction in a second statement file), by file hash
    // and locator; their files are in Facts::evidence like the primary's.
    std::vector<store::EventSource> sightings;
};

struct LinkRow {
    std::int64_t link_id = 0, a = 0, b = 0, event_id = 0;
    std::string kind, first, last, currency;
    bool directed = false;
    std::int64_t count = 0;
    std::optional<std::int64_t> total_minor;
    std::string evidence_sha256, locator;
};

struct Facts {
    std::vector<EvidenceRow> evidence;
    std::vector<EntityRow> entities;
    std::vector<IdentifierRow> identifiers;
    std::vector<EventRow> events;
    std::vector<LinkRow> links; // one row per link and event behind it (counts are over the selection)
    std::string zone;           // the case zone days are read in (Selection::zone), "" = UTC
};

// `cancelled` is polled per row read; when it returns true, ExportCancelled is thrown.
[[nodiscard]] Facts collect_facts(const store::Db& db, const Selection& sel,
                                  const CancelCheck& cancelled = {});

// The entities a selection names (entity:, the tag's entities, the indicator's matches), ascending and
// present in the facts: the focus of a timeline or money exhibit. Empty for `all` and windows.
[[nodiscard]] std::vector<std::int64_t> focus_entities(const Selection& sel, const Facts& f);

} // namespace casegraph::exporter
