// ImportWriter: the one way importers write into the case. It resolves identifiers to entities
// (same normalised value → same entity), records where every row came from (source locators) and
// stores per-record diagnostics. It runs inside the caller's per-file transaction.
#pragma once

#include "identifiers.hpp"
#include "sqlite.hpp"
#include "time.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace casegraph::store {

enum class Severity { error, warning };
[[nodiscard]] std::string_view to_string(Severity s);

struct Party {
    std::int64_t entity_id = 0;
    std::string role; // CONTRACTS.md party role: sender, recipient, caller, callee, payer, payee, ...
};

struct EventRecord {
    std::string kind; // CONTRACTS.md event kind
    EventTime time;
    std::optional<std::string> direction; // incoming | outgoing | unknown
    std::optional<std::string> app;       // sms, imessage, whatsapp, telegram, bank, ...
    std::optional<std::string> thread;    // chat / thread id as the source names it
    std::optional<std::string> body;
    std::optional<std::int64_t> amount_minor; // integer minor units, signed from the account holder's view
    std::optional<std::string> currency;      // ISO 4217
    bool deleted = false;                     // recovered / deleted record: always shown as such
    nlohmann::json attrs = nlohmann::json::object();
    int seq = 0; // distinguishes several events from one source record
    // What makes two sightings one event (bank transactions: account, statement, place, amount, refs);
    // empty: every record is its own event. See ImportWriter::event.
    std::string identity;
    std::vector<Party> parties;
};

// Where the default region for a phone number came from (DOMAIN.md §5.2).
struct RegionHint {
    std::string region; // ISO 3166 alpha-2
    std::string from;   // row | device | evidence | case | analyst
};

struct Resolved {
    std::int64_t entity_id = 0;
    std::int64_t identifier_id = 0;
    IdStatus status = IdStatus::raw;
    std::string value;
};

struct ImportCounts {
    std::int64_t records = 0;
    std::int64_t events = 0;
    std::int64_t errors = 0;
    std::int64_t warnings = 0;
    std::int64_t sightings = 0; // records that were another sighting of an event already in the case
};

class ImportWriter {
  public:
    ImportWriter(const Db& db, std::int64_t evidence_id, std::int64_t import_run_id,
                 std::string evidence_sha256);

    // The source row for a locator inside this evidence file (created once).
    std::int64_t source(std::string_view locator);

    // Normalises and resolves an identifier to its entity, creating both when new, and records the
    // sighting (raw text, region and where that came from). Raw and invalid values are scoped to this
    // evidence file and never merge with anything else.
    Resolved identifier(std::string_view type, std::string_view raw, std::int64_t source_id,
                        const RegionHint& region = {});
    // An app handle or display name, meaningful only within `scope` (e.g. "telegram", or
    // "whatsapp-txt:<sha256>" for names in one export). label defaults to the value.
    Resolved handle(std::string_view scope, std::string_view value, std::int64_t source_id,
                    std::string_view label = {});
    // An entity found by its resolution key (e.g. a person from one contact card), created when new.
    std::int64_t entity(std::string_view kind, std::string_view key, std::string_view label,
                        std::int64_t source_id, std::string_view role = {});
    // Gives an entity a label when it has none (a phone number's saved contact name, say).
    void label_if_empty(std::int64_t entity_id, std::string_view label);

    // Writes the event and returns its id. When e.identity names an event already in the case, nothing
    // new is written: source_id is recorded as another sighting of that event (event_sighting) and its id
    // is returned; counts().sightings says how many.
    std::int64_t event(const EventRecord& e, std::int64_t source_id);
    // The event already in the case with this identity, if any.
    [[nodiscard]] std::optional<std::int64_t> event_with_identity(std::string_view identity);

    void diagnostic(std::string_view locator, Severity severity, std::string_view message);
    void count_record() { ++counts_.records; }
    // After a record's savepoint is rolled back, its rows are gone: the counts go back to before it.
    void restore_counts(const ImportCounts& before) {
        counts_.events = before.events;
        counts_.errors = before.errors;
        counts_.warnings = before.warnings;
        counts_.sightings = before.sightings;
    }

    // After a savepoint rollback the caches may name rows that no longer exist.
    void forget_caches();

    // Records without savepoints. A savepoint per record copied every page the record touched into the
    // statement journal (a fifth of an import's CPU); instead, while logging is on, every row the writer
    // writes (and every label it changes) is noted, and undo_after(mark) takes back what was written
    // since mark, newest first: the case is then as a savepoint rollback would have left it (the same
    // rowids are handed out again, none of the tables uses AUTOINCREMENT). own_changes() counts the rows
    // the writer changed, so a caller can tell whether anything else wrote (see ImportContext::record).
    void log_undo(bool on) { log_undo_ = on; }
    [[nodiscard]] std::size_t undo_mark() const { return undo_.size(); }
    void undo_after(std::size_t mark);
    // Keeps the rows but no longer notes them (they are committed with the file's transaction).
    void forget_undo_after(std::size_t mark) {
        if (mark < undo_.size())
            undo_.resize(mark);
    }
    [[nodiscard]] std::int64_t own_changes() const { return own_changes_; }

    // Full-text rows. FTS5 (SQLite 3.40) writes its pending index data to disk at every SAVEPOINT and
    // RELEASE, so one row per record savepoint made one tiny index segment per record (the top item of
    // the ingest profile). With deferral on, rows wait here and flush_search() inserts them together;
    // the ingest loop flushes between records and before it commits a file. A rolled-back record drops
    // its rows with discard_search_after(search_mark()).
    void defer_search(bool on) { defer_search_ = on; }
    [[nodiscard]] std::size_t search_mark() const { return pending_search_.size(); }
    void discard_search_after(std::size_t mark);
    [[nodiscard]] std::size_t search_pending() const { return pending_search_.size(); }
    void flush_search();

    [[nodiscard]] const ImportCounts& counts() const { return counts_; }
    [[nodiscard]] std::int64_t evidence_id() const { return evidence_id_; }
    [[nodiscard]] std::int64_t import_run_id() const { return run_id_; }
    [[nodiscard]] const std::string& evidence_sha256() const { return sha_; }
    [[nodiscard]] const Db& db() const { return db_; }

  private:
    // Text that is not UTF-8 (a damaged source an importer passed through) is stored with U+FFFD for
    // each bad byte and a warning at the record's source: never raw bytes in the case, never a record
    // lost to the JSON writer. `holder` keeps a repaired copy alive.
    std::string_view utf8_checked(std::string_view s, std::string& holder, std::int64_t source_id,
                                  std::string_view what);
    [[nodiscard]] std::optional<EventRecord> utf8_repaired(const EventRecord& e, std::int64_t source_id);
    void utf8_warning(std::int64_t source_id, std::size_t bytes, std::string_view what);
    Resolved resolve(const NormalizedId& id, std::string_view scope, std::string_view raw,
                     std::int64_t source_id, const RegionHint& region, std::string_view label);
    void index_text(std::string_view text, std::string_view kind, std::int64_t id);
    enum class UndoKind : std::uint8_t {
        source,
        entity,
        identifier,
        identifier_source,
        entity_source,
        event,
        event_party,
        event_sighting,
        import_error,
        search,
        label
    };
    struct UndoRow {
        UndoKind kind;
        std::int64_t a = 0; // the row's id, or the first column of its key
        std::int64_t b = 0; // the second column of its key
        std::string text;   // the key's text column, or the label before the change
    };
    // Runs an INSERT the writer prepared and counts its change; notes the row when one was written.
    bool wrote(UndoKind kind, std::int64_t a, std::int64_t b = 0, std::string_view text = {});
    void undo_row(const UndoRow& u);

    const Db& db_;
    std::int64_t evidence_id_;
    std::int64_t run_id_;
    std::string sha_;
    ImportCounts counts_;
    Statement ins_source_, sel_source_, sel_ident_, ins_entity_, sel_entity_, ins_ident_, ins_ident_src_,
        ins_entity_src_, ins_event_, ins_party_, ins_search_, ins_error_, sel_identity_, ins_sighting_,
        sel_label_, upd_label_;
    std::unordered_map<std::string, Resolved> ident_cache_;
    std::unordered_map<std::string, std::int64_t> entity_cache_;
    std::unordered_map<std::string, NormalizedId> norm_cache_; // depends on no row: survives rollbacks
    // Entities whose label label_if_empty can no longer change (it changed nothing last time).
    std::unordered_set<std::int64_t> labelled_;
    bool log_undo_ = false;
    std::vector<UndoRow> undo_;
    std::int64_t own_changes_ = 0;
    struct PendingSearch {
        std::string text;
        std::string_view kind; // "event" | "entity" | "identifier": string literals
        std::int64_t id = 0;
    };
    bool defer_search_ = false;
    std::vector<PendingSearch> pending_search_;
};

// Adds (or, with all=true, rebuilds from scratch) the derived links for events: a↔b per event kind with
// count, first/last time and total amount, and the events behind each link. Incremental: only the
// events of import run `run_id`.
// Links are derived kLinkSlice event ids at a time, so memory stays bounded however large the run.
inline constexpr std::int64_t kLinkSlice = 100'000;
void update_links_for_run(const Db& db, std::int64_t run_id, std::int64_t slice = kLinkSlice);
void rebuild_links(const Db& db, std::int64_t slice = kLinkSlice);

} // namespace casegraph::store
