// Interchange files for other tools: GraphML (yEd, Cytoscape, Gephi), GEXF (Gephi), plain CSV
// nodes/edges, FollowTheMoney JSON lines (Aleph) and i2 ANX XML (Analyst's Notebook). The same selection
// and redaction as bundles.
#pragma once

#include "bundle.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace casegraph::exporter {

[[nodiscard]] bool interchange_supported(const std::string& format);
// XML text or attribute value: markup escaped, control characters XML 1.0 forbids replaced by U+FFFD;
// in attributes, tabs and line breaks as character references so they survive parsing.
[[nodiscard]] std::string xml_escape(std::string_view s, bool attribute);
// Why a format is refused ("ftm: FollowTheMoney ... not supported yet").
[[nodiscard]] std::string interchange_support_note(const std::string& format);

struct InterchangeResult {
    std::size_t nodes = 0, edges = 0;
};

[[nodiscard]] std::string graphml_text(const Facts& f);
[[nodiscard]] std::string gexf_text(const Facts& f);
[[nodiscard]] std::string nodes_csv(const Facts& f);
[[nodiscard]] std::string edges_csv(const Facts& f);
// FollowTheMoney entities, one JSON object a line (interchange_ftm.cpp).
[[nodiscard]] std::string ftm_text(const Facts& f);
// i2 Analyst's Notebook chart exchange XML (interchange_anx.cpp).
[[nodiscard]] std::string anx_text(const Facts& f);

// graphml/gexf/ftm/anx: OUT is the file. csv: OUT is a folder that receives nodes.csv and edges.csv.
// Audited as export.interchange.
InterchangeResult export_interchange(const store::CaseFile& cf, const std::string& format,
                                     const std::filesystem::path& out, const BundleOptions& opts);

} // namespace casegraph::exporter
