// The JSON shapes CONTRACTS.md fixes for reports: stats, errors, the audit log, entities and evidence.
#pragma once

#include "store/audit.hpp"
#include "store/reports.hpp"

#include <nlohmann/json.hpp>

namespace casegraph::exporter {

[[nodiscard]] nlohmann::json stats_json(const store::Stats& s);
[[nodiscard]] nlohmann::json errors_json(const std::vector<store::ErrorRow>& rows);
[[nodiscard]] nlohmann::json audit_json(const std::vector<store::AuditEntry>& entries,
                                        const store::ChainCheck& chain);
// {"id":123,"kind":"phone","label":"…","identifiers":[{"type","value","raw"}],"tags":[…]}
[[nodiscard]] nlohmann::json entity_json(const store::Db& db, std::int64_t entity_id);

} // namespace casegraph::exporter
