// Interchange files for other tools: GraphML (yEd, Cytoscape, Gephi), GEXF (Gephi) and plain CSV
// nodes/edges. Nodes are entities, edges are links; the same selection and redaction as bundles.
#pragma once

#include "bundle.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace casegraph::exporter {

[[nodiscard]] bool interchange_supported(const std::string& format);
// Why a format is refused ("ftm: FollowTheMoney ... not supported yet").
[[nodiscard]] std::string interchange_support_note(const std::string& format);

struct InterchangeResult {
    std::size_t nodes = 0, edges = 0;
};

[[nodiscard]] std::string graphml_text(const Facts& f);
[[nodiscard]] std::string gexf_text(const Facts& f);
[[nodiscard]] std::string nodes_csv(const Facts& f);
[[nodiscard]] std::string edges_csv(const Facts& f);

// graphml/gexf: OUT is the file. csv: OUT is a folder that receives nodes.csv and edges.csv.
// Audited as export.interchange.
InterchangeResult export_interchange(const store::CaseFile& cf, const std::string& format,
                                     const std::filesystem::path& out, const BundleOptions& opts);

} // namespace casegraph::exporter
