// ImportWriter and link derivation (see writer.hpp).
#include "writer.hpp"

#include "mentions.hpp"
#include "utf8.hpp"

#include <algorithm>

namespace casegraph::store {

std::string_view to_string(Severity s) {
    return s == Severity::error ? "error" : "warning";
}

ImportWriter::ImportWriter(const Db& db, std::int64_t evidence_id, std::int64_t import_run_id,
                           std::string evidence_sha256)
    : db_(db), evidence_id_(evidence_id), run_id_(import_run_id), sha_(std::move(evidence_sha256)),
      ins_source_(db.prepare("INSERT INTO source(evidence_id, import_run_id, locator) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT(evidence_id, locator) DO NOTHING")),
      sel_source_(db.prepare("SELECT id FROM source WHERE evidence_id = ?1 AND locator = ?2")),
      sel_ident_(db.prepare(
          "SELECT id, entity_id, status FROM identifier WHERE type = ?1 AND scope = ?2 AND value = ?3")),
      ins_entity_(db.prepare("INSERT INTO entity(kind, key, label) VALUES (?1, ?2, ?3)")),
      sel_entity_(db.prepare("SELECT id FROM entity WHERE key = ?1")),
      ins_ident_(db.prepare("INSERT INTO identifier(entity_id, type, scope, value, status, rule) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")),
      ins_ident_src_(
          db.prepare("INSERT OR IGNORE INTO identifier_source(identifier_id, source_id, raw, region, "
                     "region_from) VALUES (?1, ?2, ?3, ?4, ?5)")),
      ins_entity_src_(
          db.prepare("INSERT OR IGNORE INTO entity_source(entity_id, source_id, role) VALUES (?1,?2,?3)")),
      ins_event_(
          db.prepare("INSERT INTO event(kind, source_id, seq, utc_ms, date, precision, utc_offset, "
                     "offset_assumed, time_raw, time_rule, direction, app, thread, body, amount_minor, "
                     "currency, deleted, attrs, identity) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,"
                     "?14,?15,?16,?17,?18,?19)")),
      ins_party_(
          db.prepare("INSERT OR IGNORE INTO event_party(event_id, entity_id, role) VALUES (?1, ?2, ?3)")),
      ins_search_(db.prepare("INSERT INTO search(text, target_kind, target_id) VALUES (?1, ?2, ?3)")),
      ins_error_(
          db.prepare("INSERT INTO import_error(evidence_id, import_run_id, locator, severity, message) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)")),
      sel_identity_(db.prepare("SELECT id FROM event WHERE identity = ?1")),
      ins_sighting_(db.prepare("INSERT OR IGNORE INTO event_sighting(event_id, source_id) VALUES (?1, ?2)")),
      sel_label_(db.prepare("SELECT label FROM entity WHERE id = ?1")),
      upd_label_(db.prepare("UPDATE entity SET label = ?2 WHERE id = ?1 AND (label = '' OR "
                            "label = (SELECT value FROM identifier WHERE entity_id = ?1 LIMIT 1))")) {}

bool ImportWriter::wrote(UndoKind kind, std::int64_t a, std::int64_t b, std::string_view text) {
    const int n = db_.changes();
    own_changes_ += n;
    if (n > 0 && log_undo_)
        undo_.push_back({kind, a, b, std::string(text)});
    return n > 0;
}

std::int64_t ImportWriter::source(std::string_view locator) {
    ins_source_.bind(1, evidence_id_).bind(2, run_id_).bind(3, locator).run();
    if (wrote(UndoKind::source, db_.last_insert_rowid()))
        return db_.last_insert_rowid();
    sel_source_.bind(1, evidence_id_).bind(2, locator);
    const std::int64_t id = sel_source_.step() ? sel_source_.column_int64(0) : 0;
    sel_source_.reset();
    return id;
}

void ImportWriter::index_text(std::string_view text, std::string_view kind, std::int64_t id) {
    if (text.empty())
        return;
    if (defer_search_) {
        pending_search_.push_back({std::string(text), kind, id});
        return;
    }
    ins_search_.bind(1, text).bind(2, kind).bind(3, id).run();
    wrote(UndoKind::search, db_.last_insert_rowid());
}

void ImportWriter::discard_search_after(std::size_t mark) {
    if (mark < pending_search_.size())
        pending_search_.resize(mark);
}

void ImportWriter::flush_search() {
    for (const auto& p : pending_search_) {
        ins_search_.bind(1, p.text).bind(2, p.kind).bind(3, p.id).run();
        wrote(UndoKind::search, db_.last_insert_rowid());
    }
    pending_search_.clear();
}

namespace {

// A string as nlohmann::json::dump() writes it. Plain printable ASCII (nearly every key and value) is
// copied as it is; anything to escape or check as UTF-8 goes through nlohmann, so the text is the same.
void append_json_string(std::string& out, std::string_view s, const nlohmann::json* node) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
    });
    if (!plain) {
        out += node != nullptr ? node->dump() : nlohmann::json(s).dump();
        return;
    }
    out.push_back('"');
    out.append(s);
    out.push_back('"');
}

// nlohmann::json::dump() of an event's attributes, byte for byte, without its serializer's per-character
// UTF-8 state machine (the largest item of the record's own work in the mt940 profile).
void append_json(std::string& out, const nlohmann::json& v) {
    using T = nlohmann::json::value_t;
    switch (v.type()) {
    case T::object: {
        out.push_back('{');
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first)
                out.push_back(',');
            first = false;
            append_json_string(out, it.key(), nullptr);
            out.push_back(':');
            append_json(out, it.value());
        }
        out.push_back('}');
        return;
    }
    case T::array: {
        out.push_back('[');
        bool first = true;
        for (const auto& e : v) {
            if (!first)
                out.push_back(',');
            first = false;
            append_json(out, e);
        }
        out.push_back(']');
        return;
    }
    case T::string:
        append_json_string(out, v.get_ref<const std::string&>(), &v);
        return;
    case T::boolean:
        out += v.get<bool>() ? "true" : "false";
        return;
    case T::null:
        out += "null";
        return;
    case T::number_integer:
        out += std::to_string(v.get<std::int64_t>());
        return;
    case T::number_unsigned:
        out += std::to_string(v.get<std::uint64_t>());
        return;
    default: // floats, binary: nlohmann's own formatting
        out += v.dump();
        return;
    }
}

// Every key and string value of v is UTF-8.
bool json_utf8(const nlohmann::json& v) {
    if (v.is_string())
        return is_valid_utf8(v.get_ref<const std::string&>());
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it)
            if (!is_valid_utf8(it.key()) || !json_utf8(it.value()))
                return false;
        return true;
    }
    if (v.is_array())
        return std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return json_utf8(e); });
    return true;
}

// v with U+FFFD for every byte of a key or string that is not UTF-8; `bad` counts them.
nlohmann::json json_lossy(const nlohmann::json& v, std::size_t& bad) {
    std::size_t n = 0;
    if (v.is_string()) {
        nlohmann::json out = utf8_lossy(v.get_ref<const std::string&>(), &n);
        bad += n;
        return out;
    }
    if (v.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto it = v.begin(); it != v.end(); ++it) {
            out[utf8_lossy(it.key(), &n)] = json_lossy(it.value(), bad);
            bad += n;
        }
        return out;
    }
    if (v.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : v)
            out.push_back(json_lossy(e, bad));
        return out;
    }
    return v;
}

std::string attrs_text(const nlohmann::json& attrs) {
    std::string out;
    out.reserve(512);
    append_json(out, attrs);
    return out;
}

// The writer's look-up caches only save queries: emptied when full, so a file with millions of distinct
// identifiers (an address book of 100k cards) keeps its memory bounded while repeated ones stay cheap.
template <class Map> Map& bounded(Map& cache) {
    constexpr std::size_t kMaxEntries = std::size_t{1} << 16;
    if (cache.size() >= kMaxEntries)
        cache.clear();
    return cache;
}

} // namespace

Resolved ImportWriter::resolve(const NormalizedId& id, std::string_view scope, std::string_view raw,
                               std::int64_t source_id, const RegionHint& region, std::string_view label) {
    std::string cache_key = id.type;
    cache_key.append("\x1f").append(scope).append("\x1f").append(id.value);
    Resolved r;
    if (auto it = ident_cache_.find(cache_key); it != ident_cache_.end()) {
        r = it->second;
    } else {
        sel_ident_.bind(1, id.type).bind(2, scope).bind(3, id.value);
        if (sel_ident_.step()) {
            r.identifier_id = sel_ident_.column_int64(0);
            r.entity_id = sel_ident_.column_int64(1);
            r.status = id.status;
            r.value = id.value;
            sel_ident_.reset();
        } else {
            sel_ident_.reset();
            std::string key = "id:" + id.type;
            key.append(":").append(scope).append(":").append(id.value);
            const std::string shown = label.empty() ? id.value : std::string(label);
            ins_entity_.bind(1, id.entity_kind).bind(2, key).bind(3, shown).run();
            r.entity_id = db_.last_insert_rowid();
            wrote(UndoKind::entity, r.entity_id);
            ins_ident_.bind(1, r.entity_id)
                .bind(2, id.type)
                .bind(3, scope)
                .bind(4, id.value)
                .bind(5, to_string(id.status))
                .bind(6, id.rule)
                .run();
            r.identifier_id = db_.last_insert_rowid();
            wrote(UndoKind::identifier, r.identifier_id);
            r.status = id.status;
            r.value = id.value;
            index_text(id.value == shown ? id.value : id.value + " " + shown, "identifier", r.identifier_id);
        }
        bounded(ident_cache_).emplace(std::move(cache_key), r);
    }
    ins_ident_src_.bind(1, r.identifier_id)
        .bind(2, source_id)
        .bind(3, raw)
        .bind(4, region.region)
        .bind(5, region.from)
        .run();
    wrote(UndoKind::identifier_source, r.identifier_id, source_id, raw);
    return r;
}

Resolved ImportWriter::identifier(std::string_view type, std::string_view raw, std::int64_t source_id,
                                  const RegionHint& region) {
    std::string holder;
    raw = utf8_checked(raw, holder, source_id, "identifier");
    // libphonenumber's parser is regex-driven and dominates ingest time; the same raw text with the same
    // region always normalises the same way, so each distinct one is parsed once per import.
    std::string key(type);
    key.append("\x1f").append(region.region).append("\x1f").append(raw);
    auto it = norm_cache_.find(key);
    if (it == norm_cache_.end())
        it = bounded(norm_cache_)
                 .emplace(std::move(key), normalize_identifier(type, raw, region.region))
                 .first;
    const NormalizedId& id = it->second;
    const std::string scope = id.mergeable() ? std::string() : "evidence:" + sha_;
    return resolve(id, scope, raw, source_id, region, {});
}

Resolved ImportWriter::handle(std::string_view scope, std::string_view value, std::int64_t source_id,
                              std::string_view label) {
    std::string value_holder, label_holder;
    value = utf8_checked(value, value_holder, source_id, "handle");
    label = utf8_checked(label, label_holder, source_id, "handle label");
    NormalizedId id = normalize_identifier("handle", value, "");
    return resolve(id, scope, value, source_id, {}, label);
}

std::int64_t ImportWriter::entity(std::string_view kind, std::string_view key, std::string_view label,
                                  std::int64_t source_id, std::string_view role) {
    std::string key_holder, label_holder;
    key = utf8_checked(key, key_holder, source_id, "entity key");
    label = utf8_checked(label, label_holder, source_id, "entity label");
    std::int64_t id = 0;
    const std::string k(key);
    if (auto it = entity_cache_.find(k); it != entity_cache_.end()) {
        id = it->second;
    } else {
        sel_entity_.bind(1, key);
        if (sel_entity_.step()) {
            id = sel_entity_.column_int64(0);
            sel_entity_.reset();
        } else {
            sel_entity_.reset();
            ins_entity_.bind(1, kind).bind(2, key).bind(3, label).run();
            id = db_.last_insert_rowid();
            wrote(UndoKind::entity, id);
            index_text(label, "entity", id);
        }
        bounded(entity_cache_).emplace(k, id);
    }
    ins_entity_src_.bind(1, id).bind(2, source_id).bind(3, role).run();
    wrote(UndoKind::entity_source, id, source_id, role);
    return id;
}

void ImportWriter::label_if_empty(std::int64_t entity_id, std::string_view label) {
    // Once the update changes nothing the entity has a label of its own, and nothing in an import gives
    // it another: later calls for it are skipped (until a rollback empties the caches).
    if (label.empty() || labelled_.count(entity_id) != 0)
        return;
    std::string holder;
    if (!is_valid_utf8(label)) // the record that named it says so (identifier, handle, entity)
        label = holder = utf8_lossy(label);
    std::string before;
    if (log_undo_) {
        sel_label_.bind(1, entity_id);
        if (sel_label_.step())
            before = sel_label_.column_text(0);
        sel_label_.reset();
    }
    upd_label_.bind(1, entity_id).bind(2, label).run();
    if (!wrote(UndoKind::label, entity_id, 0, before))
        bounded(labelled_).insert(entity_id);
}

std::optional<std::int64_t> ImportWriter::event_with_identity(std::string_view identity) {
    if (identity.empty())
        return std::nullopt;
    sel_identity_.bind(1, identity);
    std::optional<std::int64_t> id;
    if (sel_identity_.step())
        id = sel_identity_.column_int64(0);
    sel_identity_.reset();
    return id;
}

std::int64_t ImportWriter::event(const EventRecord& e, std::int64_t source_id) {
    if (auto repaired = utf8_repaired(e, source_id))
        return event(*repaired, source_id);
    if (const auto seen = event_with_identity(e.identity)) {
        // Looked up in the case, not cached: a rolled-back record leaves nothing behind to match.
        ins_sighting_.bind(1, *seen).bind(2, source_id).run();
        wrote(UndoKind::event_sighting, *seen, source_id);
        ++counts_.sightings;
        return *seen;
    }
    ins_event_.bind(1, e.kind)
        .bind(2, source_id)
        .bind(3, e.seq)
        .bind(4, e.time.utc_ms)
        .bind(5, e.time.date)
        .bind(6, e.time.precision)
        .bind(7, e.time.offset)
        .bind(8, e.time.offset_assumed ? 1 : 0)
        .bind(9, e.time.raw)
        .bind(10, e.time.rule)
        .bind(11, e.direction)
        .bind(12, e.app)
        .bind(13, e.thread)
        .bind(14, e.body)
        .bind(15, e.amount_minor)
        .bind(16, e.currency)
        .bind(17, e.deleted ? 1 : 0);
    if (e.attrs.empty())
        ins_event_.bind(18, Null{});
    else
        ins_event_.bind(18, attrs_text(e.attrs));
    if (e.identity.empty())
        ins_event_.bind(19, Null{});
    else
        ins_event_.bind(19, e.identity);
    ins_event_.run();
    const std::int64_t id = db_.last_insert_rowid();
    wrote(UndoKind::event, id);
    for (const auto& p : e.parties) {
        ins_party_.bind(1, id).bind(2, p.entity_id).bind(3, p.role).run();
        wrote(UndoKind::event_party, id, p.entity_id, p.role);
    }
    if (e.body)
        index_text(*e.body, "event", id);
    ++counts_.events;
    return id;
}

void ImportWriter::diagnostic(std::string_view locator, Severity severity, std::string_view message) {
    ins_error_.bind(1, evidence_id_)
        .bind(2, run_id_)
        .bind(3, locator)
        .bind(4, to_string(severity))
        .bind(5, message)
        .run();
    wrote(UndoKind::import_error, db_.last_insert_rowid());
    if (severity == Severity::error)
        ++counts_.errors;
    else
        ++counts_.warnings;
}

void ImportWriter::forget_caches() {
    ident_cache_.clear();
    entity_cache_.clear();
    labelled_.clear();
}

namespace {

// Which party roles of one event form a link, and whether the link has a direction.
constexpr std::string_view kRolePairs = R"sql(
CREATE TEMP TABLE IF NOT EXISTS link_role_pair(ra TEXT, rb TEXT, directed INTEGER, PRIMARY KEY(ra, rb));
INSERT OR IGNORE INTO link_role_pair VALUES
    ('sender','recipient',0), ('caller','callee',0), ('payer','payee',1),
    ('ultimate_payer','ultimate_payee',1), ('owner','participant',0), ('participant','participant',0);
CREATE TEMP TABLE IF NOT EXISTS link_todo(event_id INTEGER PRIMARY KEY);
DELETE FROM link_todo;
CREATE TEMP TABLE IF NOT EXISTS link_mentions(ev INTEGER, a INTEGER, b INTEGER);
DELETE FROM link_mentions;
)sql";

// CROSS JOIN keeps SQLite's join order: from this run's events outwards. Left to itself the planner
// scanned the whole event_party index of the case and probed link_todo, so every import paid for all
// earlier ones.
// Run once per slice of link_todo's event ids (@LO..@HI): the pairs of one slice are held in memory
// (temp_store = MEMORY), so a run of 10M messages or 1M address-book cards is derived in bounded memory.
// Every event falls in one slice, so per-slice counts, sums, firsts and lasts merge exactly through the
// ON CONFLICT below.
constexpr std::string_view kApply = R"sql(
DROP TABLE IF EXISTS temp.link_pairs;
CREATE TEMP TABLE link_pairs AS
SELECT DISTINCT e.id AS ev, e.kind AS kind, r.directed AS directed,
       CASE WHEN r.directed THEN p.entity_id ELSE min(p.entity_id, q.entity_id) END AS a,
       CASE WHEN r.directed THEN q.entity_id ELSE max(p.entity_id, q.entity_id) END AS b,
       e.utc_ms AS ms, e.date AS day, coalesce(e.currency, '') AS cur, abs(e.amount_minor) AS amt
FROM temp.link_todo t
CROSS JOIN event e ON e.id = t.event_id
CROSS JOIN event_party p ON p.event_id = e.id
JOIN event_party q ON q.event_id = e.id AND q.entity_id <> p.entity_id
JOIN temp.link_role_pair r ON r.ra = p.role AND r.rb = q.role
WHERE t.event_id BETWEEN @LO AND @HI
UNION
SELECT m.ev, 'mentions', 1, m.a, m.b, e.utc_ms, e.date, '', NULL
FROM temp.link_mentions m JOIN event e ON e.id = m.ev WHERE m.ev BETWEEN @LO AND @HI;

INSERT INTO link(a, b, kind, directed, count, first_ms, last_ms, first_date, last_date, currency, total_minor)
SELECT a, b, kind, directed, count(DISTINCT ev), min(ms), max(ms), min(day), max(day), cur,
       CASE WHEN kind = 'transaction' THEN sum(amt) END
FROM temp.link_pairs WHERE true GROUP BY a, b, kind, cur ORDER BY a, b, kind, cur
ON CONFLICT(a, b, kind, currency) DO UPDATE SET
    count = count + excluded.count,
    first_ms = CASE WHEN first_ms IS NULL OR excluded.first_ms < first_ms THEN excluded.first_ms ELSE first_ms END,
    last_ms = CASE WHEN last_ms IS NULL OR excluded.last_ms > last_ms THEN excluded.last_ms ELSE last_ms END,
    first_date = CASE WHEN first_date IS NULL OR excluded.first_date < first_date THEN excluded.first_date
                 ELSE first_date END,
    last_date = CASE WHEN last_date IS NULL OR excluded.last_date > last_date THEN excluded.last_date
                ELSE last_date END,
    total_minor = CASE WHEN excluded.total_minor IS NULL THEN total_minor
                  ELSE coalesce(total_minor, 0) + excluded.total_minor END;

INSERT OR IGNORE INTO link_event(link_id, event_id)
SELECT l.id, p.ev FROM temp.link_pairs p
JOIN link l ON l.a = p.a AND l.b = p.b AND l.kind = p.kind AND l.currency = p.cur;

DROP TABLE temp.link_pairs;
)sql";

constexpr std::string_view kDone = R"sql(
DELETE FROM temp.link_todo;
DELETE FROM temp.link_mentions;
)sql";

void replace_all(std::string& s, std::string_view what, std::string_view with) {
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
        s.replace(at, what.size(), with);
}

// Derives the links of every event in link_todo, kLinkSlice event ids at a time.
void apply_todo(const Db& db, std::int64_t slice) {
    const auto lo = db.scalar_int("SELECT coalesce(min(event_id), 0) FROM temp.link_todo");
    const auto hi = db.scalar_int("SELECT coalesce(max(event_id), -1) FROM temp.link_todo");
    slice = std::max<std::int64_t>(slice, 1);
    if (hi - lo >= slice) // more than one slice: each looks up its own mentions
        db.exec("CREATE INDEX IF NOT EXISTS temp.link_mentions_ev ON link_mentions(ev)");
    for (auto from = lo; from <= hi; from += slice) {
        std::string sql(kApply);
        replace_all(sql, "@LO", std::to_string(from));
        replace_all(sql, "@HI", std::to_string(std::min(hi, from + slice - 1)));
        db.exec(sql);
    }
    db.exec(kDone);
}

} // namespace

void update_links_for_run(const Db& db, std::int64_t run_id, std::int64_t slice) {
    db.exec(kRolePairs);
    // Events already behind a link were counted by an earlier call: without this check a second call
    // for the same run (a retried ingest step) would add its counts and totals again.
    // The run's sources are found through their evidence file (UNIQUE(evidence_id, locator) index), not by
    // scanning every source of the case.
    db.prepare(
          "INSERT INTO temp.link_todo(event_id) SELECT e.id FROM source s CROSS JOIN event e ON "
          "e.source_id = s.id WHERE s.evidence_id = (SELECT evidence_id FROM import_run WHERE id = ?1) "
          "AND s.import_run_id = ?1 AND NOT EXISTS (SELECT 1 FROM link_event le WHERE le.event_id = e.id)")
        .bind(1, run_id)
        .run();
    mine_mentions_for_todo(db); // IBANs and phone numbers written in messages: `mentions` links
    apply_todo(db, slice);
}

void rebuild_links(const Db& db, std::int64_t slice) {
    db.exec("DELETE FROM link_event; DELETE FROM link;");
    db.exec(kRolePairs);
    db.exec("INSERT INTO temp.link_todo(event_id) SELECT id FROM event");
    mine_mentions_for_todo(db);
    apply_todo(db, slice);
}

std::string_view ImportWriter::utf8_checked(std::string_view s, std::string& holder, std::int64_t source_id,
                                            std::string_view what) {
    if (is_valid_utf8(s))
        return s;
    std::size_t bad = 0;
    holder = utf8_lossy(s, &bad);
    utf8_warning(source_id, bad, what);
    return holder;
}

std::optional<EventRecord> ImportWriter::utf8_repaired(const EventRecord& e, std::int64_t source_id) {
    auto ok = [](const std::optional<std::string>& s) { return !s || is_valid_utf8(*s); };
    if (ok(e.body) && ok(e.thread) && ok(e.app) && ok(e.direction) && ok(e.currency) &&
        is_valid_utf8(e.time.raw) && is_valid_utf8(e.identity) && json_utf8(e.attrs))
        return std::nullopt;
    EventRecord r = e;
    std::size_t bad = 0;
    std::string what;
    auto fix = [&](std::string& s, const char* name) {
        if (is_valid_utf8(s))
            return;
        std::size_t n = 0;
        s = utf8_lossy(s, &n);
        bad += n;
        what += what.empty() ? name : std::string(", ") + name;
    };
    for (auto [s, name] :
         {std::pair{&r.body, "body"}, std::pair{&r.thread, "thread"}, std::pair{&r.app, "app"},
          std::pair{&r.direction, "direction"}, std::pair{&r.currency, "currency"}})
        if (*s)
            fix(**s, name);
    fix(r.time.raw, "time as found");
    fix(r.identity, "identity");
    if (!json_utf8(r.attrs)) {
        std::size_t n = 0;
        r.attrs = json_lossy(e.attrs, n);
        bad += n;
        what += what.empty() ? "attributes" : ", attributes";
    }
    utf8_warning(source_id, bad, "event " + what);
    return r;
}

void ImportWriter::utf8_warning(std::int64_t source_id, std::size_t bytes, std::string_view what) {
    std::string locator;
    auto st = db_.prepare("SELECT locator FROM source WHERE id = ?1");
    st.bind(1, source_id);
    if (st.step())
        locator = st.column_text(0);
    diagnostic(locator, Severity::warning,
               std::to_string(bytes) + " byte(s) of the " + std::string(what) +
                   " are not UTF-8 and were stored as U+FFFD (the evidence file keeps them as found)");
}

} // namespace casegraph::store
