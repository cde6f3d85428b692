// The benches' generated case: a seed-free, deterministic case of N events at any size, with the demo's
// network patterns planted at every size (a hub phone in contact with every tagged victim, one account
// paying rent to four landlords every month, a mule account fed by many small payers and forwarding
// to the controller) on top of a skewed random tail (a few hubs, most entities with few contacts,
// 10 % payments, almost every event its own link: the worst case for the graph build).
#pragma once

#include "graph/case_data.hpp"

#include <filesystem>

namespace casegraph::bench {

// In memory (kinds "message", "transaction"; currencies "", "GBP").
[[nodiscard]] graph::CaseData synthetic_case(std::int64_t events);

// The same case as a case file (schema of store::CaseFile, one source and event per event-pair, links
// and link_event rows, the tags), written with bare inserts in one transaction; the file must not exist.
void write_synthetic_case(const std::filesystem::path& path, std::int64_t events);

} // namespace casegraph::bench
