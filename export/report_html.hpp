// The bundle's offline HTML reader: one page, inline CSS, no scripts, every text escaped.
#pragma once

#include "facts.hpp"
#include "store/audit.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace casegraph::exporter {

[[nodiscard]] std::string html_escape(std::string_view s);

// manifest: the bundle manifest without its "files" list (the report is one of those files).
[[nodiscard]] std::string render_report_html(const nlohmann::ordered_json& manifest, const Facts& facts,
                                             const std::vector<store::AuditEntry>& custody);

} // namespace casegraph::exporter
