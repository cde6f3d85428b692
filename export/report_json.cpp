// JSON shapes for reports (see report_json.hpp).
#include "report_json.hpp"

#include "store/annotations.hpp"

namespace casegraph::exporter {

nlohmann::json stats_json(const store::Stats& s) {
    nlohmann::json j;
    j["schema_version"] = s.schema_version;
    j["evidence_files"] = s.evidence_files;
    j["sources"] = s.sources;
    j["entities"] = nlohmann::json::object();
    for (const auto& [k, v] : s.entities)
        j["entities"][k] = v;
    j["identifiers"] = s.identifiers;
    j["events"] = nlohmann::json::object();
    for (const auto& [k, v] : s.events)
        j["events"][k] = v;
    j["links"] = s.links;
    j["import_errors"] = s.import_errors;
    return j;
}

nlohmann::json errors_json(const std::vector<store::ErrorRow>& rows) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& r : rows)
        a.push_back({{"evidence_sha256", r.evidence_sha256},
                     {"evidence_name", r.evidence_name},
                     {"locator", r.locator},
                     {"severity", r.severity},
                     {"message", r.message}});
    return a;
}

nlohmann::json audit_json(const std::vector<store::AuditEntry>& entries, const store::ChainCheck& chain) {
    nlohmann::json j;
    j["chain"] = {
        {"intact", chain.intact},
        {"rows", chain.rows},
        {"head_hash", chain.head_hash},
        {"first_bad_seq", chain.first_bad_seq ? nlohmann::json(*chain.first_bad_seq) : nlohmann::json()},
        {"problem", chain.problem}};
    j["entries"] = nlohmann::json::array();
    for (const auto& e : entries) {
        nlohmann::json params = nlohmann::json::parse(e.params, nullptr, false);
        if (params.is_discarded())
            params = e.params; // shown as text when it is not JSON (e.g. after tampering)
        j["entries"].push_back({{"seq", e.seq},
                                {"at", e.at},
                                {"actor", e.actor},
                                {"action", e.action},
                                {"params", params},
                                {"prev_hash", e.prev_hash},
                                {"hash", e.hash}});
    }
    return j;
}

nlohmann::json entity_json(const store::Db& db, std::int64_t entity_id) {
    nlohmann::json j;
    auto st = db.prepare("SELECT kind, label FROM entity WHERE id = ?1");
    st.bind(1, entity_id);
    if (!st.step())
        return nullptr;
    j["id"] = entity_id;
    j["kind"] = st.column_text(0);
    j["label"] = st.column_text(1);
    j["identifiers"] = nlohmann::json::array();
    auto ids = db.prepare(
        "SELECT i.type, i.value, (SELECT s.raw FROM identifier_source s WHERE s.identifier_id = i.id "
        "ORDER BY s.source_id LIMIT 1) FROM identifier i WHERE i.entity_id = ?1 ORDER BY i.id");
    ids.bind(1, entity_id);
    while (ids.step())
        j["identifiers"].push_back(
            {{"type", ids.column_text(0)}, {"value", ids.column_text(1)}, {"raw", ids.column_text(2)}});
    j["tags"] = store::entity_tags(db, entity_id);
    return j;
}

} // namespace casegraph::exporter
