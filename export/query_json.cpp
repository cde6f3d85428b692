// Query results as CONTRACTS.md JSON (see query_json.hpp).
#include "query_json.hpp"

#include "report_json.hpp"

namespace casegraph::exporter {

nlohmann::json QueryJson::entity(std::int64_t entity_id) {
    auto it = cache_.find(entity_id);
    if (it == cache_.end()) {
        auto j = entity_json(db_, entity_id);
        // Merged entities carry the tags of the whole cluster; their members are listed so that a reader
        // sees which records were folded together.
        const auto members = g_.data().members(entity_id);
        if (members.size() > 1) {
            j["tags"] = g_.data().tags(entity_id);
            j["merged"] = nlohmann::json::array();
            for (std::size_t i = 1; i < members.size(); ++i)
                j["merged"].push_back(entity_json(db_, members[i]));
        }
        it = cache_.emplace(entity_id, std::move(j)).first;
    }
    return it->second;
}

nlohmann::json QueryJson::evidence(const std::vector<std::int64_t>& event_ids) const {
    auto out = nlohmann::json::array();
    for (const auto& e : graph::evidence_for(db_, event_ids)) {
        // The CONTRACTS.md fields name the record the event was written from; `sightings` (always
        // present, usually empty) the other files the same transaction was read from.
        auto seen = nlohmann::json::array();
        for (const auto& s : e.sightings)
            seen.push_back({{"evidence_sha256", s.evidence_sha256},
                            {"evidence_name", s.evidence_name},
                            {"locator", s.locator}});
        out.push_back({{"event_id", e.event_id},
                       {"evidence_sha256", e.evidence_sha256},
                       {"locator", e.locator},
                       {"sightings", std::move(seen)}});
    }
    return out;
}

nlohmann::json QueryJson::neighbours(const std::vector<graph::Neighbour>& r) {
    auto out = nlohmann::json::array();
    for (const auto& n : r)
        out.push_back({{"entity", vertex(n.vertex)},
                       {"hops", n.hops},
                       {"via", vertex(n.via)},
                       {"events", n.volume},
                       {"evidence", evidence(g_.pair_events(n.pair))}});
    return out;
}

nlohmann::json QueryJson::common(const std::vector<graph::CommonContact>& r) {
    auto out = nlohmann::json::array();
    for (const auto& c : r)
        out.push_back({{"entity", vertex(c.vertex)}, {"events", c.volume}, {"evidence", evidence(c.events)}});
    return out;
}

nlohmann::json QueryJson::path(const graph::Path& p) {
    auto hops = nlohmann::json::array();
    for (std::size_t i = 0; i + 1 < p.size(); ++i)
        hops.push_back({{"from", vertex(p[i])},
                        {"to", vertex(p[i + 1])},
                        {"evidence", evidence(g_.pair_events(p[i], p[i + 1]))}});
    return {{"hops", hops}, {"length", hops.size()}};
}

nlohmann::json QueryJson::central(const std::vector<graph::Ranked>& r) {
    auto out = nlohmann::json::array();
    for (const auto& x : r)
        out.push_back({{"entity", vertex(x.vertex)}, {"score", x.score}});
    return out;
}

nlohmann::json QueryJson::components(const std::vector<std::vector<graph::Vertex>>& c) {
    auto out = nlohmann::json::array();
    for (std::size_t i = 0; i < c.size(); ++i) {
        auto ents = nlohmann::json::array();
        for (const auto v : c[i])
            ents.push_back(vertex(v));
        out.push_back({{"component", i + 1}, {"size", c[i].size()}, {"entities", ents}});
    }
    return out;
}

} // namespace casegraph::exporter
