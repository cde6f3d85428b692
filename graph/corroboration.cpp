// Independent sources behind a contact (see corroboration.hpp).
#include "corroboration.hpp"

#include "store/event_sources.hpp"
#include "store/identifiers.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace casegraph::graph {

std::int64_t evidence_device(const store::Db& db, const CaseData& data, std::int64_t evidence_id) {
    std::string sha;
    {
        auto f = db.prepare("SELECT sha256 FROM evidence_file WHERE id = ?1");
        f.bind(1, evidence_id);
        if (!f.step())
            return 0;
        sha = f.column_text(0);
    }
    // --owner: the identifier ImportContext::owner_entity resolved, with ImportWriter's scope rule.
    auto runs = db.prepare("SELECT params FROM import_run WHERE evidence_id = ?1 ORDER BY id");
    runs.bind(1, evidence_id);
    auto ident = db.prepare("SELECT entity_id FROM identifier WHERE type = ?1 AND scope = ?2 AND value = ?3");
    while (runs.step()) {
        const auto p = nlohmann::json::parse(runs.column_text(0), nullptr, false);
        if (!p.is_object() || !p.contains("owner") || !p["owner"].is_string() ||
            p["owner"].get<std::string>().empty())
            continue;
        const auto owner = p["owner"].get<std::string>();
        const auto region =
            p.contains("region") && p["region"].is_string() ? p["region"].get<std::string>() : "";
        const auto guess = store::normalize_user_input(owner, region);
        const auto id = store::normalize_identifier(guess.type, owner, region);
        ident.bind(1, id.type).bind(2, id.mergeable() ? std::string() : "evidence:" + sha).bind(3, id.value);
        if (ident.step())
            return data.representative(ident.column_int64(0));
        ident.reset();
    }
    auto dev = db.prepare("SELECT id FROM entity WHERE key = ?1");
    dev.bind(1, "device-owner:" + sha);
    return dev.step() ? data.representative(dev.column_int64(0)) : 0;
}

Corroboration corroborate(const store::Db& db, const CaseGraph& g, Vertex a, Vertex b) {
    Corroboration c;
    const auto* p = g.pair(a, b);
    if (!p)
        return c;
    std::map<std::int64_t, SourceSupport> by_file;
    std::map<std::int64_t, std::set<std::int64_t>> seen; // file → events (an event behind two links once)
    std::map<std::int64_t, const EdgeEvent*> behind;     // every supporting event, by id
    auto support = [&](std::int64_t evidence_id, const EdgeEvent& e) {
        // An event read twice from one file (a statement repeated inside it) is one record of that file.
        if (!seen[evidence_id].insert(e.event_id).second)
            return;
        auto& s = by_file[evidence_id];
        s.evidence_id = evidence_id;
        s.events.push_back(e.event_id);
        if (!e.has_time) {
            ++s.undated;
            return;
        }
        s.first_ms = std::min(s.first_ms.value_or(e.ms), e.ms);
        s.last_ms = std::max(s.last_ms.value_or(e.ms), e.ms);
        s.date_only = s.date_only || e.date_only;
    };
    for (const auto li : p->links)
        for (const auto& e : g.links()[li].events) {
            support(e.evidence_id, e);
            behind.emplace(e.event_id, &e);
        }
    // A transaction read again from another statement file (event_sighting) is held by that file too:
    // the file counts as a source of its own, and its device (if it names one) as a device.
    std::vector<std::int64_t> ids;
    for (const auto id : store::sighted_events(db))
        if (behind.count(id))
            ids.push_back(id);
    for (const auto& src : store::event_sources(db, ids))
        if (!src.primary)
            support(src.evidence_id, *behind.at(src.event_id));
    for (const auto& [id, e] : behind)
        c.events.push_back(id);
    auto file = db.prepare("SELECT sha256, original_name FROM evidence_file WHERE id = ?1");
    std::set<std::int64_t> devices;
    std::size_t unknown = 0;
    for (auto& [id, s] : by_file) {
        file.bind(1, id);
        if (file.step()) {
            s.sha256 = file.column_text(0);
            s.name = file.column_text(1);
        }
        file.reset();
        if (const auto d = evidence_device(db, g.data(), id); d != 0) {
            s.devices.push_back(d);
            devices.insert(d);
        } else {
            ++unknown;
        }
        std::sort(s.events.begin(), s.events.end());
        c.sources.push_back(std::move(s));
    }
    std::stable_sort(c.sources.begin(), c.sources.end(), [](const SourceSupport& x, const SourceSupport& y) {
        return x.events.size() > y.events.size();
    });
    c.devices = devices.size();
    c.independent = devices.size() + unknown;
    return c; // c.events: the keys of `behind`, ascending and distinct
}

} // namespace casegraph::graph
