// Selection parsing and fact collection (see facts.hpp). The selection is materialised into temporary
// tables so every fact query below is one join, and every order is explicit: exports must be
// byte-identical for the same case state.
#include "facts.hpp"

#include "graph/indicators.hpp"
#include "graph/zone_days.hpp"
#include "store/annotations.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace casegraph::exporter {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(c);
        }
    }
    out.push_back(cur);
    return out;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::optional<std::int64_t> parse_time(const std::string& text, const char* what, bool end_of_day,
                                       const graph::ZoneDays& days) {
    if (text.empty())
        return std::nullopt;
    const auto ms = store::parse_iso_instant(text);
    if (!ms)
        throw SelectionError(std::string(what) + ": '" + text +
                             "' is not an ISO 8601 date or date-time (2024-03-01, 2024-03-01T10:00)");
    // A date is that day in the case zone, as the timeline shows it; --to 2024-03-01 means up to the end
    // of that day, as a reader of the command expects.
    if (const auto day = graph::ZoneDays::parse_day(text))
        return end_of_day ? days.day_start(*day + 1) - 1 : days.day_start(*day);
    return ms;
}

} // namespace

Selection parse_selection(const store::Db& db, const std::string& sel_text, const std::string& region,
                          const std::string& from, const std::string& to) {
    Selection sel;
    sel.text = sel_text.empty() ? "all" : sel_text;
    sel.from_text = from;
    sel.to_text = to;
    const auto days = graph::ZoneDays::of(db);
    sel.zone = days.zone();
    sel.from_ms = parse_time(from, "--from", false, days);
    sel.to_ms = parse_time(to, "--to", true, days);
    if (sel.from_ms && sel.to_ms && *sel.from_ms > *sel.to_ms)
        throw SelectionError("--from " + from + " is after --to " + to);
    bool hops_given = false;
    for (const auto& raw_term : split(sel.text, ';')) {
        const auto term = trim(raw_term);
        if (term.empty() || term == "all")
            continue;
        const auto colon = term.find(':');
        const auto key = term.substr(0, colon);
        const auto arg = colon == std::string::npos ? std::string() : trim(term.substr(colon + 1));
        if (key == "entity") {
            for (const auto& e : split(arg, ',')) {
                const auto t = trim(e);
                if (t.empty())
                    continue;
                const auto id = store::find_entity(db, t, region);
                if (!id)
                    throw SelectionError("--select: no entity '" + t + "' in this case");
                sel.seeds.push_back(*id);
            }
            sel.all = false;
        } else if (key == "tag") {
            if (arg.empty())
                throw SelectionError("--select tag:NAME needs a tag name");
            sel.tag = arg;
            sel.all = false;
        } else if (key == "hops") {
            try {
                std::size_t used = 0;
                sel.hops = std::stoi(arg, &used);
                if (used != arg.size() || sel.hops < 0 || sel.hops > 10)
                    throw std::invalid_argument("range");
            } catch (const std::exception&) {
                throw SelectionError("--select hops:N needs N from 0 to 10, not '" + arg + "'");
            }
            hops_given = true;
        } else if (key == "indicator") {
            const auto& names = graph::indicator_names();
            if (std::find(names.begin(), names.end(), arg) == names.end()) {
                std::string list;
                for (const auto& n : names)
                    list += (list.empty() ? "" : ", ") + n;
                throw SelectionError("--select indicator:" + arg + ": no such indicator (" + list + ")");
            }
            sel.indicator = arg;
            sel.all = false;
        } else {
            throw SelectionError("--select: unknown term '" + term +
                                 "' (all, entity:E[,E...], hops:N, tag:NAME, joined with ';')");
        }
    }
    if (hops_given && sel.seeds.empty() && sel.tag.empty() && sel.indicator.empty())
        throw SelectionError("--select hops:N needs an entity, tag or indicator selection to start from");
    if (!sel.indicator.empty()) {
        // The same graph and options `query CASE indicators NAME` uses, limited to the window.
        const auto data = graph::CaseData::load(db);
        graph::Filter filter;
        filter.from_ms = sel.from_ms;
        filter.to_ms = sel.to_ms;
        const auto g = graph::CaseGraph::build(data, filter);
        graph::IndicatorOptions opt;
        opt.from_ms = sel.from_ms;
        opt.to_ms = sel.to_ms;
        opt.region = region;
        const auto r = graph::run_indicator(db, g, sel.indicator, opt);
        std::set<std::int64_t> ents, evs;
        for (const auto& m : r.matches) {
            ents.insert(m.entities.begin(), m.entities.end());
            evs.insert(m.events.begin(), m.events.end());
        }
        sel.indicator_entities.assign(ents.begin(), ents.end());
        sel.indicator_events.assign(evs.begin(), evs.end());
    }
    return sel;
}

Facts collect_facts(const store::Db& db, const Selection& sel, const CancelCheck& cancelled) {
    db.exec("DROP TABLE IF EXISTS temp.sel_seed; DROP TABLE IF EXISTS temp.sel_event; "
            "DROP TABLE IF EXISTS temp.sel_entity;"
            "CREATE TEMP TABLE sel_seed(id INTEGER PRIMARY KEY);"
            "CREATE TEMP TABLE sel_event(id INTEGER PRIMARY KEY);"
            "CREATE TEMP TABLE sel_entity(id INTEGER PRIMARY KEY);");
    {
        auto ins = db.prepare("INSERT OR IGNORE INTO temp.sel_seed(id) VALUES (?1)");
        for (auto id : sel.seeds)
            ins.bind(1, id).run();
        if (!sel.tag.empty())
            db.prepare("INSERT OR IGNORE INTO temp.sel_seed(id) SELECT entity_id FROM tag "
                       "WHERE tag = ?1 AND removed_at IS NULL")
                .bind(1, sel.tag)
                .run();
        if (sel.hops > 0)
            for (auto id : sel.indicator_entities)
                ins.bind(1, id).run();
        // hops:N: N rounds of "add every entity linked to one already selected".
        for (int h = 0; h < sel.hops; ++h)
            db.exec("INSERT OR IGNORE INTO temp.sel_seed(id) "
                    "SELECT l.b FROM link l JOIN temp.sel_seed s ON s.id = l.a "
                    "UNION SELECT l.a FROM link l JOIN temp.sel_seed s ON s.id = l.b");
    }
    {
        std::string sql = sel.all ? "INSERT INTO temp.sel_event(id) SELECT e.id FROM event e WHERE 1"
                                  : "INSERT INTO temp.sel_event(id) SELECT DISTINCT e.id FROM event e "
                                    "JOIN event_party p ON p.event_id = e.id "
                                    "JOIN temp.sel_seed s ON s.id = p.entity_id WHERE 1";
        // Date-only events (bank booking days) are in the window when their day in the case zone overlaps
        // it (graph/zone_days.hpp, as the UI timeline's brush): the days from the one holding --from to the
        // last starting at or before --to.
        if (sel.from_ms)
            sql += " AND (e.utc_ms >= ?1 OR (e.utc_ms IS NULL AND e.date >= ?2))";
        if (sel.to_ms)
            sql += " AND (e.utc_ms <= ?3 OR (e.utc_ms IS NULL AND e.date <= ?4))";
        auto st = db.prepare(sql);
        const auto days = graph::ZoneDays(sel.zone).days_in_window(sel.from_ms, sel.to_ms);
        if (sel.from_ms)
            st.bind(1, *sel.from_ms).bind(2, graph::ZoneDays::day_text(days.first));
        if (sel.to_ms)
            st.bind(3, *sel.to_ms).bind(4, graph::ZoneDays::day_text(days.last));
        st.run();
    }
    if (!sel.indicator.empty()) {
        // The indicator's own evidence, and the entities it names (it ran over the same window).
        auto ev = db.prepare("INSERT OR IGNORE INTO temp.sel_event(id) SELECT id FROM event WHERE id = ?1");
        for (auto id : sel.indicator_events)
            ev.bind(1, id).run();
        auto en = db.prepare("INSERT OR IGNORE INTO temp.sel_entity(id) SELECT id FROM entity WHERE id = ?1");
        for (auto id : sel.indicator_entities)
            en.bind(1, id).run();
    }
    if (sel.all && !sel.from_ms && !sel.to_ms)
        db.exec("INSERT INTO temp.sel_entity(id) SELECT id FROM entity");
    db.exec("INSERT OR IGNORE INTO temp.sel_entity(id) SELECT id FROM temp.sel_seed;"
            "INSERT OR IGNORE INTO temp.sel_entity(id) SELECT DISTINCT p.entity_id FROM event_party p "
            "JOIN temp.sel_event s ON s.id = p.event_id;");

    Facts f;
    f.zone = sel.zone;
    std::set<std::int64_t> evidence_ids;
    // Where an entity was seen: as an identifier, named by a record, or as a party to an event. A table
    // with an index, not a view: it is probed once per entity.
    db.exec("DROP TABLE IF EXISTS temp.src;"
            "CREATE TEMP TABLE src AS "
            "SELECT i.entity_id AS eid, s.source_id AS sid FROM temp.sel_entity x "
            "JOIN identifier i ON i.entity_id = x.id JOIN identifier_source s ON s.identifier_id = i.id "
            "UNION SELECT es.entity_id, es.source_id FROM temp.sel_entity x JOIN entity_source es ON "
            "es.entity_id = x.id "
            "UNION SELECT p.entity_id, e.source_id FROM temp.sel_entity x JOIN event_party p ON p.entity_id "
            "= x.id "
            "JOIN event e ON e.id = p.event_id;"
            "CREATE INDEX temp.src_eid ON src(eid, sid);");
    {
        auto st = db.prepare(
            "SELECT en.id, en.kind, en.label, "
            " coalesce((SELECT group_concat(tag, ';') FROM (SELECT DISTINCT tag FROM tag WHERE entity_id = "
            "en.id "
            "  AND removed_at IS NULL ORDER BY tag)), ''), "
            " (SELECT count(*) FROM temp.src WHERE eid = en.id), ev.sha256, so.locator, ev.id "
            "FROM temp.sel_entity s JOIN entity en ON en.id = s.id "
            "LEFT JOIN source so ON so.id = (SELECT min(sid) FROM temp.src WHERE eid = en.id) "
            "LEFT JOIN evidence_file ev ON ev.id = so.evidence_id ORDER BY en.id");
        while (st.step()) {
            throw_if_cancelled(cancelled);
            EntityRow r;
            r.id = st.column_int64(0);
            r.kind = st.column_text(1);
            r.label = st.column_text(2);
            r.tags = st.column_text(3);
            r.sources = st.column_int64(4);
            r.evidence_sha256 = st.column_opt_text(5).value_or("");
            r.locator = st.column_opt_text(6).value_or("");
            if (!st.column_is_null(7))
                evidence_ids.insert(st.column_int64(7));
            f.entities.push_back(std::move(r));
        }
    }
    {
        auto st = db.prepare(
            "SELECT i.id, i.entity_id, i.type, i.value, i.status, s.raw, s.region, ev.sha256, "
            "so.locator, ev.id, s.region_from FROM temp.sel_entity x JOIN identifier i ON i.entity_id = x.id "
            "JOIN identifier_source s ON s.identifier_id = i.id JOIN source so ON so.id = s.source_id "
            "JOIN evidence_file ev ON ev.id = so.evidence_id "
            "ORDER BY i.entity_id, i.id, ev.sha256, so.locator, s.raw");
        while (st.step()) {
            throw_if_cancelled(cancelled);
            IdentifierRow r{st.column_int64(0), st.column_int64(1), st.column_text(2),
                            st.column_text(3),  st.column_text(4),  st.column_text(5),
                            st.column_text(6),  st.column_text(7),  st.column_text(8)};
            r.region_from = st.column_text(10);
            evidence_ids.insert(st.column_int64(9));
            f.identifiers.push_back(std::move(r));
        }
    }
    {
        auto st = db.prepare(
            "SELECT e.id, e.kind, e.utc_ms, e.date, e.precision, e.utc_offset, coalesce(e.direction, ''), "
            "coalesce(e.app, ''), coalesce(e.thread, ''), coalesce(e.body, ''), e.amount_minor, "
            "coalesce(e.currency, ''), e.deleted, e.seq, ev.sha256, so.locator, ev.id "
            "FROM temp.sel_event s JOIN event e ON e.id = s.id JOIN source so ON so.id = e.source_id "
            "JOIN evidence_file ev ON ev.id = so.evidence_id "
            "ORDER BY coalesce(e.date, strftime('%Y-%m-%d', e.utc_ms / 1000, 'unixepoch')), e.utc_ms, e.id");
        auto parties = db.prepare("SELECT role, entity_id FROM event_party WHERE event_id = ?1 "
                                  "ORDER BY role, entity_id");
        while (st.step()) {
            throw_if_cancelled(cancelled);
            EventRow r;
            r.id = st.column_int64(0);
            r.kind = st.column_text(1);
            if (auto ms = st.column_opt_int64(2))
                r.time = store::format_utc_ms(*ms);
            else
                r.time = st.column_opt_text(3).value_or("");
            r.precision = st.column_text(4);
            r.offset = st.column_text(5);
            r.direction = st.column_text(6);
            r.app = st.column_text(7);
            r.thread = st.column_text(8);
            r.body = st.column_text(9);
            r.amount_minor = st.column_opt_int64(10);
            r.currency = st.column_text(11);
            r.deleted = st.column_int64(12) != 0;
            r.seq = static_cast<int>(st.column_int64(13));
            r.evidence_sha256 = st.column_text(14);
            r.locator = st.column_text(15);
            evidence_ids.insert(st.column_int64(16));
            parties.bind(1, r.id);
            while (parties.step())
                r.parties.emplace_back(parties.column_text(0), parties.column_int64(1));
            parties.reset();
            f.events.push_back(std::move(r));
        }
    }
    if (const auto sighted = store::sighted_events(db); !sighted.empty()) {
        // Only the few events read again from another file have sightings to add.
        std::map<std::int64_t, std::size_t> row_of;
        for (std::size_t i = 0; i < f.events.size(); ++i)
            row_of[f.events[i].id] = i;
        std::vector<std::int64_t> ids;
        for (const auto id : sighted)
            if (row_of.count(id))
                ids.push_back(id);
        for (auto& src : store::event_sources(db, ids))
            if (!src.primary) {
                evidence_ids.insert(src.evidence_id);
                f.events[row_of.at(src.event_id)].sightings.push_back(std::move(src));
            }
    }
    {
        // Counts and first/last are over the selected events, not the whole case, so a time-windowed
        // bundle does not claim contact outside its window.
        auto st = db.prepare(
            "WITH agg AS (SELECT le.link_id AS id, count(*) AS n, min(e.utc_ms) AS fm, max(e.utc_ms) AS lm, "
            "  min(e.date) AS fd, max(e.date) AS ld, sum(abs(e.amount_minor)) AS tot "
            "  FROM link_event le JOIN temp.sel_event s ON s.id = le.event_id JOIN event e ON e.id = "
            "le.event_id "
            "  GROUP BY le.link_id) "
            "SELECT l.id, l.a, l.b, l.kind, l.directed, agg.n, agg.fm, agg.lm, agg.fd, agg.ld, l.currency, "
            "  CASE WHEN l.kind = 'transaction' THEN agg.tot END, e.id, ev.sha256, so.locator "
            "FROM link l JOIN agg ON agg.id = l.id JOIN link_event le ON le.link_id = l.id "
            "JOIN temp.sel_event s ON s.id = le.event_id JOIN event e ON e.id = le.event_id "
            "JOIN source so ON so.id = e.source_id JOIN evidence_file ev ON ev.id = so.evidence_id "
            "ORDER BY l.a, l.b, l.kind, l.currency, e.id");
        while (st.step()) {
            throw_if_cancelled(cancelled);
            LinkRow r;
            r.link_id = st.column_int64(0);
            r.a = st.column_int64(1);
            r.b = st.column_int64(2);
            r.kind = st.column_text(3);
            r.directed = st.column_int64(4) != 0;
            r.count = st.column_int64(5);
            if (auto fm = st.column_opt_int64(6))
                r.first = store::format_utc_ms(*fm);
            else
                r.first = st.column_opt_text(8).value_or("");
            if (auto lm = st.column_opt_int64(7))
                r.last = store::format_utc_ms(*lm);
            else
                r.last = st.column_opt_text(9).value_or("");
            r.currency = st.column_text(10);
            r.total_minor = st.column_opt_int64(11);
            r.event_id = st.column_int64(12);
            r.evidence_sha256 = st.column_text(13);
            r.locator = st.column_text(14);
            f.links.push_back(std::move(r));
        }
    }
    {
        auto st = db.prepare("SELECT id, sha256, size, original_name, registered_at, registered_by, "
                             "coalesce(detected_format, ''), coalesce(region, ''), coalesce(tz, '') "
                             "FROM evidence_file WHERE id = ?1");
        // A database's -wal is registered beside it and read with it (rows found only there carry
        // sqlite-wal: locators under the database's hash); an examiner needs it to repeat the import.
        auto wal = db.prepare("SELECT w.id, d.sha256 FROM evidence_file d JOIN evidence_file w "
                              "ON w.original_path = d.original_path || '-wal' WHERE d.id = ?1");
        std::map<std::int64_t, std::string> sidecars;
        for (auto id : std::set<std::int64_t>(evidence_ids)) {
            wal.bind(1, id);
            while (wal.step()) {
                evidence_ids.insert(wal.column_int64(0));
                sidecars[wal.column_int64(0)] = wal.column_text(1);
            }
            wal.reset();
        }
        auto runs = db.prepare("SELECT member, importer, importer_version, params FROM import_run "
                               "WHERE evidence_id = ?1 ORDER BY id");
        for (auto id : evidence_ids) {
            throw_if_cancelled(cancelled);
            st.bind(1, id);
            if (st.step()) {
                EvidenceRow r;
                r.id = id;
                r.sha256 = st.column_text(1);
                r.size = st.column_int64(2);
                r.name = st.column_text(3);
                r.registered_at = st.column_text(4);
                r.registered_by = st.column_text(5);
                r.detected_format = st.column_text(6);
                r.region = st.column_text(7);
                r.tz = st.column_text(8);
                if (const auto it = sidecars.find(id); it != sidecars.end())
                    r.sidecar_of = it->second;
                auto list = nlohmann::json::array();
                runs.bind(1, id);
                while (runs.step()) {
                    auto params = nlohmann::json::parse(runs.column_text(3), nullptr, false);
                    list.push_back({{"member", runs.column_text(0)},
                                    {"importer", runs.column_text(1)},
                                    {"importer_version", runs.column_text(2)},
                                    {"params", params.is_discarded() ? nlohmann::json() : params}});
                }
                runs.reset();
                r.import_params = list.dump();
                f.evidence.push_back(std::move(r));
            }
            st.reset();
        }
        std::sort(f.evidence.begin(), f.evidence.end(),
                  [](const EvidenceRow& a, const EvidenceRow& b) { return a.sha256 < b.sha256; });
    }
    return f;
}

std::vector<std::int64_t> focus_entities(const Selection& sel, const Facts& f) {
    std::set<std::int64_t> want(sel.seeds.begin(), sel.seeds.end());
    want.insert(sel.indicator_entities.begin(), sel.indicator_entities.end());
    std::vector<std::int64_t> out;
    for (const auto& e : f.entities) {
        bool tagged = false;
        if (!sel.tag.empty()) // tags are ';'-joined in the facts
            for (const auto& t : split(e.tags, ';'))
                tagged = tagged || t == sel.tag;
        if (want.count(e.id) || tagged)
            out.push_back(e.id);
    }
    return out;
}

} // namespace casegraph::exporter
