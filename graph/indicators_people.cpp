// Indicator patterns over people, devices and places: others_accounts (#12), shared_address (#13),
// identity_churn (#15).
#include "corroboration.hpp"
#include "indicator_text.hpp"
#include "indicators.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace casegraph::graph {

using namespace indicator_text;

namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;

void sort_unique(std::vector<std::int64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool in_window(const IndicatorOptions& opt, std::optional<std::int64_t> ms) {
    if (!ms)
        return !opt.from_ms && !opt.to_ms;
    return !(opt.from_ms && *ms < *opt.from_ms) && !(opt.to_ms && *ms > *opt.to_ms);
}

} // namespace

// #12: on a device whose owner is tagged suspect, financial account details or logins that belong to
// entities tagged victim: the victim's IBAN written in the suspect's chats, a login to her account.
IndicatorResult others_accounts(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    const auto& db = inputs.db();
    IndicatorResult r;
    r.name = "others_accounts";
    r.number = 12;
    r.params = {{"suspect_tag", opt.suspect_tag},
                {"victim_tag", opt.victim_tag},
                {"id_photos", "not computable from this case: needs media marked as identity documents"}};
    const auto& data = g.data();
    std::vector<std::pair<std::int64_t, std::int64_t>> files; // evidence id, device
    {
        auto st = db.prepare("SELECT id FROM evidence_file ORDER BY id");
        std::vector<std::int64_t> ids;
        while (st.step())
            ids.push_back(st.column_int64(0));
        for (const auto id : ids)
            if (const auto d = evidence_device(db, data, id); d && data.has_tag(d, opt.suspect_tag))
                files.emplace_back(id, d);
    }
    if (files.empty()) {
        r.not_computable = "needs evidence from a device whose owner is tagged " + opt.suspect_tag +
                           " (ingest the handset with --owner NUMBER and tag that number)";
        return r;
    }
    // The events read from the file: first written from one of its records, or sighted there again (a
    // transaction in a second statement file, store::event_sources).
    const std::string in_file = "(e.source_id = s.id OR e.id IN (SELECT event_id FROM event_sighting WHERE "
                                "source_id = s.id))";
    auto sightings = db.prepare(
        "SELECT DISTINCT i.entity_id, e.id, e.utc_ms FROM identifier_source x JOIN source s ON s.id = "
        "x.source_id JOIN identifier i ON i.id = x.identifier_id JOIN event e ON " +
        in_file + " WHERE s.evidence_id = ?1 AND i.type IN ('iban', 'account_number') ORDER BY e.id");
    auto logins =
        db.prepare("SELECT DISTINCT p.entity_id, e.id, e.utc_ms FROM source s JOIN event e ON " + in_file +
                   " JOIN event_party p ON p.event_id = e.id WHERE s.evidence_id = ?1 AND e.kind = "
                   "'account_login' ORDER BY e.id");
    for (const auto& [file, device] : files) {
        IndicatorMatch m;
        m.entities.push_back(device);
        int details = 0, logged = 0;
        for (auto* st : {&sightings, &logins}) {
            st->bind(1, file);
            while (st->step()) {
                const auto who = data.representative(st->column_int64(0));
                if (who == device || !data.has_tag(who, opt.victim_tag) ||
                    !in_window(opt, st->column_opt_int64(2)))
                    continue;
                if (std::find(m.entities.begin(), m.entities.end(), who) == m.entities.end())
                    m.entities.push_back(who);
                m.events.push_back(st->column_int64(1));
                (st == &sightings ? details : logged) += 1;
            }
            st->reset();
        }
        if (m.entities.size() < 2)
            continue;
        sort_unique(m.events);
        m.summary = "evidence from " + name_of(g, device) + " (tagged " + opt.suspect_tag + ") holds " +
                    std::to_string(details) + " account details and " + std::to_string(logged) +
                    " logins of " + std::to_string(m.entities.size() - 1) + " entities tagged " +
                    opt.victim_tag;
        m.score = static_cast<double>(m.entities.size());
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #13: an address linked to at least k people, phones or organisations; at least k senders sharing
// their location within ~100 m at night (22:00-06:00 UTC).
IndicatorResult shared_address(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    const auto& db = inputs.db();
    IndicatorResult r;
    r.name = "shared_address";
    r.number = 13;
    const int k = opt.min.value_or(3);
    r.params = {{"min_people", k}, {"night_utc", "22:00-06:00"}, {"colocation_metres", 100}};
    const std::set<std::string> people{"person", "phone", "handle", "organisation"};
    bool addresses = false;
    for (Vertex x = 0; x < g.vertex_count(); ++x) {
        const auto* e = g.data().entity(g.entity(x));
        if (!e || e->kind != "address")
            continue;
        addresses = true;
        auto m = neighbour_match(g, x, people);
        if (static_cast<int>(m.entities.size()) - 1 < k)
            continue;
        m.summary = "address " + name_of(g, g.entity(x)) + " is linked to " +
                    std::to_string(m.entities.size() - 1) + " people or phones";
        m.score = static_cast<double>(m.entities.size());
        r.matches.push_back(std::move(m));
    }
    // Night-time location fixes, on a grid of ~100 m (1e-3 degrees of latitude).
    std::map<std::pair<long, long>, std::map<std::int64_t, std::vector<std::int64_t>>> cells;
    bool fixes = false;
    auto st =
        db.prepare("SELECT e.id, e.utc_ms, e.attrs, p.entity_id FROM event e JOIN event_party p ON "
                   "p.event_id = e.id WHERE e.kind = 'location_fix' AND e.utc_ms IS NOT NULL ORDER BY e.id");
    while (st.step()) {
        fixes = true;
        const auto ms = st.column_int64(1);
        const auto hour = (ms % kDay + kDay) % kDay / kHour;
        if ((hour >= 6 && hour < 22) || !in_window(opt, ms))
            continue;
        const auto a = nlohmann::json::parse(st.column_text(2), nullptr, false);
        if (!a.is_object() || !a.contains("lat") || !a.contains("lon") || !a["lat"].is_number() ||
            !a["lon"].is_number())
            continue;
        const std::pair<long, long> cell{std::lround(a["lat"].get<double>() * 1000),
                                         std::lround(a["lon"].get<double>() * 1000)};
        cells[cell][g.data().representative(st.column_int64(3))].push_back(st.column_int64(0));
    }
    for (const auto& [cell, who] : cells) {
        if (static_cast<int>(who.size()) < k)
            continue;
        IndicatorMatch m;
        for (const auto& [id, evs] : who) {
            m.entities.push_back(id);
            m.events.insert(m.events.end(), evs.begin(), evs.end());
        }
        sort_unique(m.events);
        m.summary = std::to_string(who.size()) + " people at night within ~100 m of " +
                    std::to_string(static_cast<double>(cell.first) / 1000).substr(0, 8) + ", " +
                    std::to_string(static_cast<double>(cell.second) / 1000).substr(0, 8);
        m.score = static_cast<double>(who.size());
        r.matches.push_back(std::move(m));
    }
    if (!addresses && !fixes)
        r.not_computable = "needs address entities (postal addresses as identifiers) or location fixes";
    return r;
}

// #15: number and identity changes: identity_change events, chat system messages saying a number or a
// security code changed (a new phone or SIM), and one entity holding two or more phone numbers or IMSIs
// (after the analyst's merges).
IndicatorResult identity_churn(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    const auto& db = inputs.db();
    IndicatorResult r;
    r.name = "identity_churn";
    r.number = 15;
    const int min_numbers = opt.min.value_or(2);
    r.params = {{"min_numbers", min_numbers}, {"system_kinds", {"number_changed", "security_code"}}};
    const auto& data = g.data();
    bool computable = false;
    // Changes per entity: identity_change parties; for chat system lines, the chat's other senders.
    std::map<std::int64_t, std::vector<std::int64_t>> changes;
    std::map<std::int64_t, std::set<std::string>> what;
    auto ev = db.prepare(
        "SELECT e.id, e.kind, coalesce(json_extract(e.attrs, '$.system'), ''), e.utc_ms, s.evidence_id, "
        "coalesce(e.thread, ''), coalesce(e.body, '') FROM event e JOIN source s ON s.id = e.source_id WHERE "
        "e.kind = "
        "'identity_change' OR (e.kind = 'system' AND json_valid(e.attrs) AND json_extract(e.attrs, "
        "'$.system') IN ('number_changed', 'security_code')) ORDER BY e.id");
    auto parties = db.prepare("SELECT entity_id FROM event_party WHERE event_id = ?1 ORDER BY entity_id");
    auto thread_senders = db.prepare(
        "SELECT DISTINCT p.entity_id FROM event e JOIN source s ON s.id = e.source_id JOIN event_party p ON "
        "p.event_id = e.id WHERE s.evidence_id = ?1 AND coalesce(e.thread, '') = ?2 AND p.role = 'sender' "
        "ORDER BY p.entity_id");
    while (ev.step()) {
        computable = true;
        if (!in_window(opt, ev.column_opt_int64(3)))
            continue;
        const auto id = ev.column_int64(0);
        const auto kind =
            ev.column_text(1) == "identity_change" ? std::string("identity_change") : ev.column_text(2);
        std::set<std::int64_t> who;
        parties.bind(1, id);
        while (parties.step())
            who.insert(data.representative(parties.column_int64(0)));
        parties.reset();
        if (who.empty()) {
            // "Your security code with Boss changed": about the chat's other side, not the phone's owner.
            // The senders the line names ("...with Boss changed") when it names any, else every sender
            // but the owner.
            const auto owner = evidence_device(db, data, ev.column_int64(4));
            const auto text = lower(ev.column_text(6));
            std::set<std::int64_t> named;
            thread_senders.bind(1, ev.column_int64(4)).bind(2, ev.column_text(5));
            while (thread_senders.step())
                if (const auto w = data.representative(thread_senders.column_int64(0)); w != owner) {
                    who.insert(w);
                    const auto* e = data.entity(w);
                    if (e && !e->label.empty() && text.find(lower(e->label)) != std::string::npos)
                        named.insert(w);
                }
            thread_senders.reset();
            if (!named.empty())
                who = named;
        }
        for (const auto w : who) {
            const auto* e = data.entity(w);
            if (e && e->kind == "device")
                continue; // the evidence's own placeholder: not whose number changed
            changes[w].push_back(id);
            what[w].insert(kind);
        }
    }
    for (auto& [w, evs] : changes) {
        IndicatorMatch m;
        m.entities.push_back(w);
        m.events = evs;
        std::string kinds;
        for (const auto& k : what[w])
            kinds += (kinds.empty() ? "" : ", ") + k;
        m.summary = name_of(g, w) + ": " + std::to_string(evs.size()) + " number or identity change" +
                    (evs.size() == 1 ? "" : "s") + " (" + kinds + ")";
        m.score = static_cast<double>(evs.size());
        r.matches.push_back(std::move(m));
    }
    // One entity (with its merged members) holding several numbers or SIMs.
    std::map<std::int64_t, std::map<std::string, std::set<std::string>>> held;
    auto ids = db.prepare("SELECT entity_id, type, value FROM identifier WHERE type IN ('phone', 'imsi') AND "
                          "scope = '' ORDER BY id");
    while (ids.step()) {
        computable = computable || ids.column_text(1) == "imsi";
        held[data.representative(ids.column_int64(0))][ids.column_text(1)].insert(ids.column_text(2));
    }
    computable = computable || db.scalar_int("SELECT count(*) FROM merge WHERE undone_at IS NULL") > 0;
    // Evidence for a holder: the first and last event naming each of its members (when each number was
    // in use).
    auto span = db.prepare("SELECT min(event_id), max(event_id) FROM event_party WHERE entity_id = ?1");
    for (const auto& [w, types] : held)
        for (const auto& [type, values] : types) {
            if (static_cast<int>(values.size()) < min_numbers)
                continue;
            IndicatorMatch m;
            m.entities = data.members(w);
            for (const auto member : m.entities) {
                span.bind(1, member);
                if (span.step() && !span.column_is_null(0)) {
                    m.events.push_back(span.column_int64(0));
                    m.events.push_back(span.column_int64(1));
                }
                span.reset();
            }
            sort_unique(m.events);
            m.summary = name_of(g, w) + " holds " + std::to_string(values.size()) + " " +
                        (type == "imsi" ? "SIMs (IMSI)" : "phone numbers") + ":";
            for (const auto& v : values)
                m.summary += " " + v;
            m.score = static_cast<double>(values.size()) * 10;
            r.matches.push_back(std::move(m));
        }
    if (!computable)
        r.not_computable = "needs identity_change events, chat system messages, device records with IMSIs or "
                           "merged entities";
    return r;
}

} // namespace casegraph::graph
