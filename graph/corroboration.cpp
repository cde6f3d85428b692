// Independent sources behind a contact (see corroboration.hpp).
#include "corroboration.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace casegraph::graph {

Corroboration corroborate(const store::Db& db, const CaseGraph& g, Vertex a, Vertex b) {
    Corroboration c;
    const auto* p = g.pair(a, b);
    if (!p)
        return c;
    std::map<std::int64_t, SourceSupport> by_file;
    for (const auto li : p->links)
        for (const auto& e : g.links()[li].events) {
            auto [it, fresh] = by_file.emplace(e.evidence_id, SourceSupport{});
            auto& s = it->second;
            if (fresh) {
                s.evidence_id = e.evidence_id;
                s.first_ms = s.last_ms = e.ms;
            }
            s.events.push_back(e.event_id);
            s.first_ms = std::min(s.first_ms, e.ms);
            s.last_ms = std::max(s.last_ms, e.ms);
            s.date_only = s.date_only || e.date_only;
            c.events.push_back(e.event_id);
        }
    auto file = db.prepare("SELECT sha256, original_name FROM evidence_file WHERE id = ?1");
    // The device a file came from: device entities named as owner/device party by any of its events.
    auto dev = db.prepare(
        "SELECT DISTINCT p.entity_id FROM source s JOIN event e ON e.source_id = s.id JOIN event_party p ON "
        "p.event_id = e.id JOIN entity n ON n.id = p.entity_id WHERE s.evidence_id = ?1 AND n.kind = "
        "'device' "
        "ORDER BY p.entity_id");
    std::set<std::int64_t> devices;
    for (auto& [id, s] : by_file) {
        file.bind(1, id);
        if (file.step()) {
            s.sha256 = file.column_text(0);
            s.name = file.column_text(1);
        }
        file.reset();
        dev.bind(1, id);
        while (dev.step()) {
            const auto d = g.data().representative(dev.column_int64(0));
            if (std::find(s.devices.begin(), s.devices.end(), d) == s.devices.end())
                s.devices.push_back(d);
            devices.insert(d);
        }
        dev.reset();
        std::sort(s.events.begin(), s.events.end());
        s.events.erase(std::unique(s.events.begin(), s.events.end()), s.events.end());
        c.sources.push_back(std::move(s));
    }
    std::stable_sort(c.sources.begin(), c.sources.end(), [](const SourceSupport& x, const SourceSupport& y) {
        return x.events.size() > y.events.size();
    });
    c.devices = devices.size();
    std::sort(c.events.begin(), c.events.end());
    c.events.erase(std::unique(c.events.begin(), c.events.end()), c.events.end());
    return c;
}

} // namespace casegraph::graph
