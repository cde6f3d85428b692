// The detail pane's view model: everything about one entity or one event, each fact with the evidence
// file, its SHA-256 and the locator inside it, so the analyst always sees where a fact came from.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::ui {

struct SourceRef {
    std::string evidence_name;
    std::string sha256;
    std::string locator;
    std::string role; // why this source names the entity, or the identifier's raw text
};

struct IdentifierRow {
    std::string type, value, status, scope;
    std::vector<SourceRef> seen_in; // each sighting: the raw text and where
};

struct LinkRow {
    std::int64_t other_entity = 0;
    std::string other_label, other_kind;
    std::string kind;
    std::string direction; // "→", "←" or "↔"
    std::int64_t count = 0;
    std::string first, last;
    std::string amount; // transactions only
    // Distinct evidence files holding the link's events, each event's sightings included (a payment in
    // two statement downloads is held by both files).
    std::int64_t evidence_files = 0;
};

struct EntityDetail {
    std::int64_t id = 0;
    std::string kind, label, origin;
    std::vector<IdentifierRow> identifiers;
    std::vector<std::string> tags;
    std::vector<LinkRow> links;
    std::vector<SourceRef> sources;
    // Distinct evidence files naming it: its own records and identifier sightings, and the files its
    // events were read from (every sighting of a transaction included).
    std::int64_t evidence_files = 0;
};

struct PartyRow {
    std::int64_t entity = 0;
    std::string label, role;
    bool victim = false;
};

struct EventDetail {
    std::int64_t id = 0;
    std::string kind, when, precision, offset, time_raw, direction, app, thread, body, amount, attrs;
    bool offset_assumed = false;
    bool deleted = false;         // recovered or deleted record: always labelled
    bool has_media = false;       // attachment/media present in attrs
    bool media_of_victim = false; // hidden behind a click when a party is tagged victim
    std::vector<PartyRow> parties;
    SourceRef source; // the record the event was written from (sources.front())
    // Every place the event was read: the primary first (role "first read"), then each sighting in
    // another statement file or at another place (role "also read"), by file hash and locator.
    std::vector<SourceRef> sources;
    // Other evidence files holding the same event: its sightings in other files, plus the same message
    // or call recorded by another file (the SMS on both phones).
    std::int64_t corroborating_sources = 0;
};

[[nodiscard]] std::optional<EntityDetail> load_entity(const store::Db& db, std::int64_t id,
                                                      std::size_t link_limit = 200);
[[nodiscard]] std::optional<EventDetail> load_event(const store::Db& db, std::int64_t id);
// "1,234.50 GBP" from minor units.
[[nodiscard]] std::string format_amount(std::int64_t minor, const std::string& currency);

} // namespace casegraph::ui
