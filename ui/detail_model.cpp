// Loading entity and event details with their sources (see detail_model.hpp).
#include "detail_model.hpp"

#include "case_clock.hpp"
#include "store/event_sources.hpp"
#include "store/money.hpp"
#include "timeline_model.hpp"

#include <cstdlib>
#include <set>

namespace casegraph::ui {

std::string format_amount(std::int64_t minor, const std::string& currency) {
    return store::format_money(minor, currency);
}

namespace {
// In the case's zone, zone named; a date-only time as its day.
std::string when_of(const CaseClock& clock, const store::Statement& st, int ms_col, int date_col) {
    return clock.format_event(
        st.column_is_null(ms_col) ? std::nullopt : std::optional{st.column_int64(ms_col)},
        st.column_is_null(date_col) ? std::nullopt : std::optional{st.column_text(date_col)});
}
} // namespace

std::optional<EntityDetail> load_entity(const store::Db& db, std::int64_t id, std::size_t link_limit) {
    auto st = db.prepare("SELECT kind, label, origin FROM entity WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    EntityDetail d;
    d.id = id;
    d.kind = st.column_text(0);
    d.label = st.column_text(1);
    d.origin = st.column_text(2);

    auto ids = db.prepare(
        "SELECT id, type, value, status, scope FROM identifier WHERE entity_id = ?1 ORDER BY type, value");
    auto seen = db.prepare("SELECT f.original_name, f.sha256, s.locator, i.raw FROM identifier_source i "
                           "JOIN source s ON s.id = i.source_id JOIN evidence_file f ON f.id = s.evidence_id "
                           "WHERE i.identifier_id = ?1 ORDER BY f.original_name, s.locator LIMIT 50");
    ids.bind(1, id);
    while (ids.step()) {
        IdentifierRow r{ids.column_text(1), ids.column_text(2), ids.column_text(3), ids.column_text(4), {}};
        seen.bind(1, ids.column_int64(0));
        while (seen.step())
            r.seen_in.push_back(
                {seen.column_text(0), seen.column_text(1), seen.column_text(2), seen.column_text(3)});
        seen.reset();
        d.identifiers.push_back(std::move(r));
    }
    auto tags = db.prepare("SELECT tag FROM tag WHERE entity_id = ?1 AND removed_at IS NULL ORDER BY tag");
    tags.bind(1, id);
    while (tags.step())
        d.tags.push_back(tags.column_text(0));

    auto links = db.prepare(R"sql(
SELECT CASE WHEN l.a = ?1 THEN l.b ELSE l.a END, o.label, o.kind, l.kind, l.directed, l.a = ?1, l.count,
       l.first_ms, l.first_date, l.last_ms, l.last_date, l.total_minor, l.currency, l.id
FROM link l JOIN entity o ON o.id = CASE WHEN l.a = ?1 THEN l.b ELSE l.a END
WHERE l.a = ?1 OR l.b = ?1 ORDER BY l.count DESC, l.id LIMIT ?2)sql");
    links.bind(1, id).bind(2, static_cast<std::int64_t>(link_limit));
    const auto clock = CaseClock::of(db);
    auto link_files =
        db.prepare("SELECT count(DISTINCT s.evidence_id) FROM (" +
                   store::event_source_rows("IN (SELECT event_id FROM link_event WHERE link_id = ?1)") +
                   ") x JOIN source s ON s.id = x.source_id");
    while (links.step()) {
        LinkRow r;
        r.other_entity = links.column_int64(0);
        r.other_label = links.column_text(1);
        r.other_kind = links.column_text(2);
        r.kind = links.column_text(3);
        r.direction = links.column_int64(4) == 0 ? "<->" : links.column_int64(5) != 0 ? "->" : "<-";
        r.count = links.column_int64(6);
        r.first = when_of(clock, links, 7, 8);
        r.last = when_of(clock, links, 9, 10);
        if (!links.column_is_null(11))
            r.amount = format_amount(links.column_int64(11), links.column_text(12));
        link_files.bind(1, links.column_int64(13));
        if (link_files.step())
            r.evidence_files = link_files.column_int64(0);
        link_files.reset();
        d.links.push_back(std::move(r));
    }
    // Sources: records naming the entity directly, and those where one of its identifiers was seen.
    auto src = db.prepare(R"sql(
SELECT f.original_name, f.sha256, s.locator, x.role FROM (
    SELECT source_id, role FROM entity_source WHERE entity_id = ?1
    UNION SELECT i.source_id, 'identifier ' || i.raw FROM identifier_source i
          JOIN identifier d ON d.id = i.identifier_id WHERE d.entity_id = ?1) x
JOIN source s ON s.id = x.source_id JOIN evidence_file f ON f.id = s.evidence_id
ORDER BY f.original_name, f.sha256, s.locator LIMIT 200)sql");
    src.bind(1, id);
    while (src.step())
        d.sources.push_back({src.column_text(0), src.column_text(1), src.column_text(2), src.column_text(3)});
    auto nev = db.prepare(
        R"sql(
SELECT count(DISTINCT s.evidence_id) FROM source s WHERE s.id IN (
    SELECT source_id FROM entity_source WHERE entity_id = ?1
    UNION SELECT i.source_id FROM identifier_source i JOIN identifier d ON d.id = i.identifier_id
          WHERE d.entity_id = ?1
    UNION SELECT source_id FROM ()sql" +
        store::event_source_rows("IN (SELECT event_id FROM event_party WHERE entity_id = ?1)") + "))");
    nev.bind(1, id);
    if (nev.step())
        d.evidence_files = nev.column_int64(0);
    return d;
}

std::optional<EventDetail> load_event(const store::Db& db, std::int64_t id) {
    auto st = db.prepare(R"sql(
SELECT e.kind, e.utc_ms, e.date, e.precision, e.utc_offset, e.offset_assumed, e.time_raw, coalesce(e.direction, ''),
       coalesce(e.app, ''), coalesce(e.thread, ''), coalesce(e.body, ''), e.amount_minor, coalesce(e.currency, ''),
       e.deleted, coalesce(e.attrs, ''), f.original_name, f.sha256, s.locator, s.evidence_id
FROM event e JOIN source s ON s.id = e.source_id JOIN evidence_file f ON f.id = s.evidence_id WHERE e.id = ?1)sql");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    EventDetail d;
    d.id = id;
    d.kind = st.column_text(0);
    const auto clock = CaseClock::of(db);
    d.when = when_of(clock, st, 1, 2);
    if (!st.column_is_null(1) && clock.zone_name() != "UTC") // the instant as recorded, too
        d.when += " (" + format_utc(st.column_int64(1)) + " UTC)";
    d.precision = st.column_text(3);
    d.offset = st.column_text(4);
    d.offset_assumed = st.column_int64(5) != 0;
    d.time_raw = st.column_text(6);
    d.direction = st.column_text(7);
    d.app = st.column_text(8);
    d.thread = st.column_text(9);
    d.body = st.column_text(10);
    if (!st.column_is_null(11))
        d.amount = format_amount(st.column_int64(11), st.column_text(12));
    d.deleted = st.column_int64(13) != 0;
    d.attrs = st.column_text(14);
    d.has_media =
        d.attrs.find("\"media") != std::string::npos || d.attrs.find("\"attachment") != std::string::npos;
    d.source = {st.column_text(15), st.column_text(16), st.column_text(17), "first read"};
    const auto evidence_id = st.column_int64(18);
    std::set<std::int64_t> other_files; // evidence files other than the primary's holding this event
    for (const auto& x : store::event_sources(db, id)) {
        if (x.primary) {
            d.sources.push_back(d.source);
            continue;
        }
        d.sources.push_back({x.evidence_name, x.evidence_sha256, x.locator, "also read"});
        if (x.evidence_id != evidence_id)
            other_files.insert(x.evidence_id);
    }
    const bool timed = !st.column_is_null(1);
    const auto ms = timed ? st.column_int64(1) : 0;

    auto parties =
        db.prepare("SELECT p.entity_id, en.label, p.role, EXISTS(SELECT 1 FROM tag t WHERE "
                   "t.entity_id = p.entity_id AND t.tag = 'victim' AND t.removed_at IS NULL) "
                   "FROM event_party p JOIN entity en ON en.id = p.entity_id WHERE p.event_id = ?1 "
                   "ORDER BY p.role, p.entity_id");
    parties.bind(1, id);
    while (parties.step()) {
        d.parties.push_back({parties.column_int64(0), parties.column_text(1), parties.column_text(2),
                             parties.column_int64(3) != 0});
        d.media_of_victim = d.media_of_victim || d.parties.back().victim;
    }
    d.media_of_victim = d.media_of_victim && d.has_media;
    // Independent corroboration: the same kind of event, within a minute, with the same body, sharing a
    // party, recorded in a different evidence file (e.g. the SMS seen on both phones); and the files the
    // event itself was read from again (its sightings), each file once.
    if (timed) {
        auto cor = db.prepare(R"sql(
SELECT DISTINCT s.evidence_id FROM event o JOIN source s ON s.id = o.source_id
WHERE o.kind = ?1 AND o.utc_ms BETWEEN ?2 - 60000 AND ?2 + 60000 AND coalesce(o.body, '') = ?3
  AND s.evidence_id <> ?4 AND o.id <> ?5
  AND EXISTS (SELECT 1 FROM event_party a JOIN event_party b ON a.entity_id = b.entity_id
              WHERE a.event_id = o.id AND b.event_id = ?5))sql");
        cor.bind(1, d.kind).bind(2, ms).bind(3, d.body).bind(4, evidence_id).bind(5, id);
        while (cor.step())
            other_files.insert(cor.column_int64(0));
    }
    d.corroborating_sources = static_cast<std::int64_t>(other_files.size());
    return d;
}

} // namespace casegraph::ui
