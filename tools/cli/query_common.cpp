// ENTITY resolution, time options and entity display for the query and annotation commands.
#include "query_common.hpp"

#include "store/annotations.hpp"
#include "store/time.hpp"

namespace casegraph::cli {

std::int64_t resolve_entity(const store::Db& db, const std::string& text, const std::string& region) {
    if (auto id = store::find_entity(db, text, region))
        return *id;
    throw EntityNotFound("no entity matches '" + text + "' (try casegraph search / an #id)");
}

std::optional<std::int64_t> time_option(const Parsed& p, const std::string& name, bool end_of_day,
                                        const graph::ZoneDays& days) {
    const auto v = p.value(name);
    if (!v)
        return std::nullopt;
    const auto ms = store::parse_iso_instant(*v);
    if (!ms)
        throw UsageError("--" + name +
                         " needs an ISO 8601 date or date-time (2024-03-01, 2024-03-01T10:00), got '" + *v +
                         "'");
    if (const auto day = graph::ZoneDays::parse_day(*v))
        return end_of_day ? days.day_start(*day + 1) - 1 : days.day_start(*day);
    return ms;
}

std::string entity_text(const nlohmann::json& e) {
    if (e.is_null())
        return "(unknown entity)";
    std::string label = e.value("label", "");
    std::string ident;
    if (e.contains("identifiers") && !e["identifiers"].empty())
        ident = e["identifiers"][0].value("value", "");
    std::string s;
    if (!label.empty() && label != ident)
        s = label + (ident.empty() ? "" : " (" + ident + ")");
    else
        s = ident.empty() ? e.value("kind", "entity") : ident;
    s += " #" + std::to_string(e.value("id", 0LL));
    if (e.contains("tags") && !e["tags"].empty()) {
        s += " [";
        for (std::size_t i = 0; i < e["tags"].size(); ++i)
            s += (i ? "," : "") + e["tags"][i].get<std::string>();
        s += "]";
    }
    return s;
}

} // namespace casegraph::cli
