// Reading an event's sources, primary and sightings (see event_sources.hpp).
#include "event_sources.hpp"

#include <unordered_set>

namespace casegraph::store {
namespace {

Statement prepare_sources(const Db& db) {
    return db.prepare("SELECT x.event_id, x.is_primary, f.id, f.sha256, f.original_name, s.locator FROM (" +
                      event_source_rows("= ?1") +
                      ") x JOIN source s ON s.id = x.source_id JOIN evidence_file f ON f.id = s.evidence_id "
                      "ORDER BY x.is_primary DESC, f.sha256, s.locator");
}

void read_into(Statement& st, std::int64_t event_id, std::vector<EventSource>& out) {
    st.bind(1, event_id);
    while (st.step())
        out.push_back({st.column_int64(0), st.column_int64(2), st.column_text(3), st.column_text(4),
                       st.column_text(5), st.column_int64(1) != 0});
    st.reset();
}

} // namespace

std::string event_source_rows(std::string_view id_condition) {
    const std::string c(id_condition);
    return "SELECT id AS event_id, source_id, 1 AS is_primary FROM event WHERE id " + c +
           " UNION ALL SELECT event_id, source_id, 0 FROM event_sighting WHERE event_id " + c;
}

std::vector<EventSource> event_sources(const Db& db, std::int64_t event_id) {
    std::vector<EventSource> out;
    auto st = prepare_sources(db);
    read_into(st, event_id, out);
    return out;
}

std::vector<EventSource> event_sources(const Db& db, const std::vector<std::int64_t>& ids) {
    std::vector<EventSource> out;
    auto st = prepare_sources(db);
    std::unordered_set<std::int64_t> seen;
    for (const auto id : ids)
        if (seen.insert(id).second)
            read_into(st, id, out);
    return out;
}

std::vector<std::int64_t> sighted_events(const Db& db) {
    std::vector<std::int64_t> out;
    auto st = db.prepare("SELECT DISTINCT event_id FROM event_sighting ORDER BY event_id");
    while (st.step())
        out.push_back(st.column_int64(0));
    return out;
}

} // namespace casegraph::store
