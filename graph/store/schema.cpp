// Migrations of the case file. Each entry moves the schema from version N-1 to N and is never edited
// once released: a change is a new entry (see docs/schema_changes.md).
#include "schema.hpp"

#include <array>
#include <string>
#include <string_view>

namespace casegraph::store {
namespace {

// Version 1: evidence, sources, entities, identifiers, events, links, annotations, errors, audit.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE case_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One row per distinct evidence byte stream (SHA-256). Never updated after registration except
-- status/detected_format, which describe what casegraph made of it.
CREATE TABLE evidence_file (
    id              INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL UNIQUE,
    size            INTEGER NOT NULL,
    original_path   TEXT NOT NULL,
    original_name   TEXT NOT NULL,
    media_kind      TEXT NOT NULL DEFAULT 'file',      -- file | archive | folder-member
    detected_format TEXT,
    status          TEXT NOT NULL DEFAULT 'registered', -- registered | imported | partial | unsupported | failed | encrypted
    registered_by   TEXT NOT NULL,
    registered_at   TEXT NOT NULL,                     -- UTC, ISO 8601
    region          TEXT,                              -- default phone region given for this evidence
    tz              TEXT                               -- zone given for local times in this evidence
) STRICT;

-- Members of an archive evidence file, each hashed as it was read.
CREATE TABLE evidence_member (
    id          INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence_file(id),
    path        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    detected_format TEXT,
    UNIQUE (evidence_id, path)
) STRICT;

CREATE TABLE import_run (
    id               INTEGER PRIMARY KEY,
    evidence_id      INTEGER NOT NULL REFERENCES evidence_file(id),
    member           TEXT NOT NULL DEFAULT '',  -- archive member path, '' for the file itself
    importer         TEXT NOT NULL,
    importer_version TEXT NOT NULL,
    params           TEXT NOT NULL,          -- JSON: region, tz, owner, date order, profile
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    status           TEXT NOT NULL,          -- ok | partial | failed | unsupported
    records          INTEGER NOT NULL DEFAULT 0,
    errors           INTEGER NOT NULL DEFAULT 0,
    warnings         INTEGER NOT NULL DEFAULT 0,
    notes            TEXT                    -- JSON: schema seen, assumptions made
) STRICT;

-- A place inside one evidence file (CONTRACTS.md locator). Every evidence-derived row points here.
CREATE TABLE source (
    id            INTEGER PRIMARY KEY,
    evidence_id   INTEGER NOT NULL REFERENCES evidence_file(id),
    import_run_id INTEGER NOT NULL REFERENCES import_run(id),
    locator       TEXT NOT NULL,
    UNIQUE (evidence_id, locator)
) STRICT;

CREATE TABLE entity (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL UNIQUE,  -- resolution key: how the same entity is found again
    label      TEXT NOT NULL DEFAULT '',
    origin     TEXT NOT NULL DEFAULT 'import'  -- import | analyst
) STRICT;
CREATE INDEX entity_kind ON entity(kind);

CREATE TABLE entity_source (
    entity_id INTEGER NOT NULL REFERENCES entity(id),
    source_id INTEGER NOT NULL REFERENCES source(id),
    role      TEXT NOT NULL DEFAULT '',  -- why this source names the entity (e.g. 'contact', 'holder')
    PRIMARY KEY (entity_id, source_id, role)
) STRICT, WITHOUT ROWID;

-- A normalised identifier. (type, scope, value) is unique: the same normalised value from any source
-- resolves to the same entity. Scope is '' for global identifiers (E.164 phones, emails, IBANs) and
-- names the evidence or app for those that are only meaningful there (raw phones, display names).
CREATE TABLE identifier (
    id        INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entity(id),
    type      TEXT NOT NULL,
    scope     TEXT NOT NULL DEFAULT '',
    value     TEXT NOT NULL,
    status    TEXT NOT NULL,  -- valid | possible | invalid | raw
    rule      TEXT NOT NULL,  -- normalisation rule and version
    UNIQUE (type, scope, value)
) STRICT;
CREATE INDEX identifier_entity ON identifier(entity_id);

-- Every sighting of an identifier: the raw text, where it was seen and the region used to read it.
-- This is what makes a resolution explainable.
CREATE TABLE identifier_source (
    identifier_id INTEGER NOT NULL REFERENCES identifier(id),
    source_id     INTEGER NOT NULL REFERENCES source(id),
    raw           TEXT NOT NULL,
    region        TEXT NOT NULL DEFAULT '',
    region_from   TEXT NOT NULL DEFAULT '',  -- row | device | evidence | case | analyst
    PRIMARY KEY (identifier_id, source_id, raw)
) STRICT, WITHOUT ROWID;

CREATE TABLE event (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    source_id      INTEGER NOT NULL REFERENCES source(id),
    seq            INTEGER NOT NULL DEFAULT 0,   -- several events from one source record
    utc_ms         INTEGER,                      -- an instant, or NULL when only a date is known
    date           TEXT,                         -- YYYY-MM-DD for date-only sources
    precision      TEXT NOT NULL DEFAULT 's',    -- ms | s | min | day
    utc_offset     TEXT NOT NULL DEFAULT 'unknown', -- +02:00 or unknown
    offset_assumed INTEGER NOT NULL DEFAULT 0,   -- 1 when the offset came from --tz, not the source
    time_raw       TEXT NOT NULL DEFAULT '',
    time_rule      TEXT NOT NULL DEFAULT '',
    direction      TEXT,                         -- incoming | outgoing | unknown
    app            TEXT,
    thread         TEXT,
    body           TEXT,
    amount_minor   INTEGER,
    currency       TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0,   -- recovered or deleted record
    attrs          TEXT,                         -- JSON: kind-specific fields
    UNIQUE (source_id, seq)
) STRICT;
CREATE INDEX event_time ON event(utc_ms);
CREATE INDEX event_kind ON event(kind);

CREATE TABLE event_party (
    event_id  INTEGER NOT NULL REFERENCES event(id),
    entity_id INTEGER NOT NULL REFERENCES entity(id),
    role      TEXT NOT NULL,
    PRIMARY KEY (event_id, entity_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_party_entity ON event_party(entity_id);

-- Derived from events; dropped and rebuilt by rebuild_links(). a < b for undirected kinds.
CREATE TABLE link (
    id           INTEGER PRIMARY KEY,
    a            INTEGER NOT NULL REFERENCES entity(id),
    b            INTEGER NOT NULL REFERENCES entity(id),
    kind         TEXT NOT NULL,
    directed     INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    first_ms     INTEGER,
    last_ms      INTEGER,
    first_date   TEXT,
    last_date    TEXT,
    currency     TEXT NOT NULL DEFAULT '',
    total_minor  INTEGER,
    UNIQUE (a, b, kind, currency)
) STRICT;
CREATE TABLE link_event (
    link_id  INTEGER NOT NULL REFERENCES link(id),
    event_id INTEGER NOT NULL REFERENCES event(id),
    PRIMARY KEY (link_id, event_id)
) STRICT, WITHOUT ROWID;

-- Analyst decisions: never inferred, never deleted (retraction is a timestamp).
CREATE TABLE tag (
    id         INTEGER PRIMARY KEY,
    entity_id  INTEGER NOT NULL REFERENCES entity(id),
    tag        TEXT NOT NULL,
    analyst    TEXT NOT NULL,
    at         TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT
) STRICT;
CREATE INDEX tag_entity ON tag(entity_id);

CREATE TABLE note (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL,   -- entity | event | link
    target_id   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    analyst     TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;

CREATE TABLE merge (
    id          INTEGER PRIMARY KEY,
    entity_a    INTEGER NOT NULL REFERENCES entity(id),
    entity_b    INTEGER NOT NULL REFERENCES entity(id),
    reason      TEXT NOT NULL,
    analyst     TEXT NOT NULL,
    at          TEXT NOT NULL,
    undone_at   TEXT,
    undone_by   TEXT
) STRICT;

CREATE TABLE import_error (
    id            INTEGER PRIMARY KEY,
    evidence_id   INTEGER NOT NULL REFERENCES evidence_file(id),
    import_run_id INTEGER REFERENCES import_run(id),
    locator       TEXT NOT NULL,
    severity      TEXT NOT NULL,   -- error | warning
    message       TEXT NOT NULL
) STRICT;

-- Append-only; each row's hash covers the previous row's hash, so rewriting history is detectable.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    params    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// Version 2: full-text search over message bodies, entity labels and identifiers.
constexpr std::string_view kV2 = R"sql(
CREATE VIRTUAL TABLE search USING fts5(
    text,
    target_kind UNINDEXED,   -- event | entity | identifier
    target_id   UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE statement_check (
    id            INTEGER PRIMARY KEY,
    evidence_id   INTEGER NOT NULL REFERENCES evidence_file(id),
    locator       TEXT NOT NULL,
    account       TEXT NOT NULL,
    currency      TEXT NOT NULL,
    opening_minor INTEGER,
    closing_minor INTEGER,
    sum_minor     INTEGER NOT NULL,
    result        TEXT NOT NULL      -- ok | mismatch | no-balances
) STRICT;
)sql";

// Version 3: INSERT OR REPLACE could overwrite an audit row. REPLACE deletes the conflicting row
// without firing delete triggers (SQLite fires them only with recursive_triggers on), so the v1
// triggers did not stop it. An insert may now only append after the last row.
// link_event is looked up by event (update_links_for_run skips events already linked).
constexpr std::string_view kV3 = R"sql(
CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
WHEN NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit_log)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX link_event_event ON link_event(event_id);
)sql";

// Version 4: pseudonyms for protected people (DOMAIN.md §7.4). An entity tagged victim or witness gets
// V1, V2… or W1… the first time anything is exported, and keeps it for the life of the case, so every
// bundle and exhibit of one case uses the same names. This table is the key; it never leaves the case
// except through `export --write-key`.
constexpr std::string_view kV4 = R"sql(
CREATE TABLE pseudonym (
    entity_id   INTEGER PRIMARY KEY REFERENCES entity(id),
    role        TEXT NOT NULL,          -- victim | witness (the tag that caused it)
    pseudonym   TEXT NOT NULL UNIQUE,   -- V1, W3, ...
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
) STRICT;
)sql";

// Version 5: what a statement says about its place in the account's series, so statements of one
// account read from different files can be chained (opening = the previous closing, no numbers or days
// missing, none imported twice) and the entry counts and sums a camt statement declares checked.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE statement_check ADD COLUMN statement_ref TEXT;   -- MT940 :20:, camt Stmt/Id, OFX/CSV none
ALTER TABLE statement_check ADD COLUMN seq TEXT;             -- as written: :28C: 00012/001, camt 12 / 3
ALTER TABLE statement_check ADD COLUMN seq_number INTEGER;   -- :28C: statement number, camt ElctrncSeqNb
ALTER TABLE statement_check ADD COLUMN seq_page INTEGER;     -- :28C: page (sequence) number
ALTER TABLE statement_check ADD COLUMN from_date TEXT;       -- YYYY-MM-DD: :60F: date, camt FrDtTm / OPBD
ALTER TABLE statement_check ADD COLUMN to_date TEXT;         -- YYYY-MM-DD: :62F: date, camt ToDtTm / CLBD
ALTER TABLE statement_check ADD COLUMN entries INTEGER;      -- booked entries in sum_minor
ALTER TABLE statement_check ADD COLUMN summary_result TEXT;  -- camt TxsSummry: ok | mismatch; NULL: none
ALTER TABLE statement_check ADD COLUMN detail TEXT;          -- why a check failed, as the diagnostics say
CREATE INDEX statement_check_account ON statement_check(account, currency);
)sql";

// Version 6: one bank transaction seen in two files (the same statement downloaded twice) is one event.
// `identity` says what makes two sightings the same transaction (see ImportWriter::event); every later
// sighting keeps its own source and is recorded in event_sighting instead of becoming a second event, so
// links, totals and analyses count it once and both files stay cited.
constexpr std::string_view kV6 = R"sql(
ALTER TABLE event ADD COLUMN identity TEXT;
CREATE UNIQUE INDEX event_identity ON event(identity) WHERE identity IS NOT NULL;
CREATE TABLE event_sighting (
    event_id  INTEGER NOT NULL REFERENCES event(id),
    source_id INTEGER NOT NULL REFERENCES source(id),
    PRIMARY KEY (event_id, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_sighting_source ON event_sighting(source_id);
)sql";

constexpr std::array<std::string_view, 6> kMigrations{kV1, kV2, kV3, kV4, kV5, kV6};

} // namespace

int latest_schema_version() {
    return static_cast<int>(kMigrations.size());
}

int schema_version(const Db& db) {
    return static_cast<int>(db.scalar_int("PRAGMA user_version"));
}

void migrate(const Db& db, int target) {
    if (target < 0)
        target = latest_schema_version();
    const auto app_id = db.scalar_int("PRAGMA application_id");
    int current = schema_version(db);
    if (current == 0 && app_id == 0) {
        // A fresh file, or a SQLite database that is not ours: only accept it when empty.
        if (db.scalar_int("SELECT count(*) FROM sqlite_master") != 0)
            throw SqliteError(0, db.path() +
                                     ": is a SQLite database but not a casegraph case (no application id)");
    } else if (app_id != kApplicationId) {
        throw SqliteError(0, db.path() + ": is not a casegraph case (application_id " +
                                 std::to_string(app_id) + ")");
    }
    if (current > latest_schema_version())
        throw SqliteError(0, db.path() + ": case schema version " + std::to_string(current) +
                                 " is newer than this casegraph understands (" +
                                 std::to_string(latest_schema_version()) + "); use a newer casegraph");
    while (current < target) {
        Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(current)]);
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version = " + std::to_string(current + 1));
        tx.commit();
        ++current;
    }
}

} // namespace casegraph::store
