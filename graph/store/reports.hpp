// Read-only summaries of a case for `stats`, `errors` and `log` (shapes fixed by CONTRACTS.md).
#pragma once

#include "sqlite.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace casegraph::store {

struct Stats {
    int schema_version = 0;
    std::int64_t evidence_files = 0;
    std::int64_t sources = 0;
    std::map<std::string, std::int64_t> entities; // by kind
    std::int64_t identifiers = 0;
    std::map<std::string, std::int64_t> events; // by kind
    std::int64_t links = 0;
    std::int64_t import_errors = 0;
};

[[nodiscard]] Stats read_stats(const Db& db);

struct ErrorRow {
    std::string evidence_sha256;
    std::string evidence_name;
    std::string locator;
    std::string severity;
    std::string message;
};

[[nodiscard]] std::vector<ErrorRow> read_errors(const Db& db);

} // namespace casegraph::store
