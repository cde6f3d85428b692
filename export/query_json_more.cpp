// Query results as CONTRACTS.md JSON, continued: money flows, indicators, corroboration, timelines and
// communities (see query_json.hpp).
#include "query_json.hpp"

namespace casegraph::exporter {

nlohmann::json QueryJson::money(const graph::MoneyFlow& f, nlohmann::json& fans) {
    auto out = nlohmann::json::array();
    for (const auto& h : f.hops) {
        out.push_back({{"hop", h.depth},
                       {"from", vertex(h.from)},
                       {"to", vertex(h.to)},
                       {"currency", g_.currency_name(h.currency)},
                       {"payments", h.events.size()},
                       {"total_minor", h.total_minor},
                       {"passed_minor", h.passed_minor},
                       {"first", graph::format_time(h.first_ms, h.date_only)},
                       {"last", graph::format_time(h.last_ms, h.date_only)},
                       {"evidence", evidence(h.events)}});
    }
    fans = nlohmann::json::array();
    for (const auto& x : f.fans)
        fans.push_back({{"entity", vertex(x.vertex)},
                        {"payers", x.payers},
                        {"payees", x.payees},
                        {"in_minor", x.in_minor},
                        {"out_minor", x.out_minor}});
    return out;
}

nlohmann::json QueryJson::indicator(const graph::IndicatorResult& r) {
    auto matches = nlohmann::json::array();
    for (const auto& m : r.matches) {
        auto ents = nlohmann::json::array();
        for (const auto id : m.entities)
            ents.push_back(entity(id));
        matches.push_back({{"entities", ents}, {"summary", m.summary}, {"evidence", evidence(m.events)}});
    }
    nlohmann::json j = {
        {"indicator", r.name}, {"number", r.number}, {"params", r.params}, {"matches", matches}};
    if (!r.not_computable.empty())
        j["not_computable"] = "not computable from this case: " + r.not_computable;
    return j;
}

nlohmann::json QueryJson::corroboration(graph::Vertex a, graph::Vertex b, const graph::Corroboration& c) {
    auto sources = nlohmann::json::array();
    auto when = [](const std::optional<std::int64_t>& ms, bool date_only) {
        // Undated sources (contact cards) say so; never a made-up 1970-01-01.
        return ms ? nlohmann::json(graph::format_time(*ms, date_only)) : nlohmann::json("undated");
    };
    for (const auto& s : c.sources) {
        auto devs = nlohmann::json::array();
        for (const auto d : s.devices)
            devs.push_back(entity(d));
        sources.push_back({{"evidence_sha256", s.sha256},
                           {"evidence_name", s.name},
                           {"devices", devs},
                           {"events", s.events.size()},
                           {"undated_events", s.undated},
                           {"first", when(s.first_ms, s.date_only)},
                           {"last", when(s.last_ms, s.date_only)}});
    }
    const auto n = c.independent, files = c.sources.size();
    auto plural = [](std::size_t k, const std::string& word) {
        return std::to_string(k) + " " + word + (k == 1 ? "" : "s");
    };
    return {{"entities", {vertex(a), vertex(b)}},
            {"independent_sources", n},
            {"evidence_files", files},
            {"devices", c.devices},
            {"summary", "seen in " + plural(n, "independent source") + " (" + plural(files, "evidence file") +
                            " from " + plural(c.devices, "known device") + ", " +
                            plural(c.events.size(), "event") + ")"},
            {"sources", sources},
            {"evidence", evidence(c.events)}};
}

nlohmann::json QueryJson::timeline(const std::vector<graph::Vertex>& who, const graph::Timeline& t) {
    auto ents = nlohmann::json::array();
    for (const auto v : who)
        ents.push_back(vertex(v));
    auto days = nlohmann::json::array();
    for (const auto& [d, n] : t.per_day)
        days.push_back({{"day", d}, {"events", n}});
    auto bursts = nlohmann::json::array();
    for (const auto& [d, n] : t.bursts)
        bursts.push_back({{"day", d}, {"events", n}});
    nlohmann::json j = {
        {"entities", ents},
        {"events", t.events.size()},
        {"by_kind", t.per_kind},
        {"first", t.first_ms ? nlohmann::json(graph::format_time(*t.first_ms, false)) : nullptr},
        {"last", t.last_ms ? nlohmann::json(graph::format_time(*t.last_ms, false)) : nullptr},
        {"days", days},
        {"hours_utc", t.per_hour},
        {"bursts", bursts},
        {"evidence", evidence(t.events)}};
    return j;
}

nlohmann::json QueryJson::communities(const graph::Communities& c) {
    auto out = nlohmann::json::array();
    for (std::size_t i = 0; i < c.groups.size(); ++i) {
        auto ents = nlohmann::json::array();
        for (const auto v : c.groups[i])
            ents.push_back(vertex(v));
        out.push_back({{"community", i + 1}, {"size", c.groups[i].size()}, {"entities", ents}});
    }
    return out;
}

} // namespace casegraph::exporter
