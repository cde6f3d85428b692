// The append-only, hash-chained audit log: each row's hash covers the previous row's hash and its own
// fields, so a rewritten or deleted row breaks the chain from that row on.
#pragma once

#include "sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::store {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at, actor, action, params, prev_hash, hash;
};

// Appends a row (inside the caller's transaction, if any). params is a JSON object text.
std::string audit_append(const Db& db, const std::string& actor, const std::string& action,
                         const std::string& params);

[[nodiscard]] std::vector<AuditEntry> audit_read(const Db& db);

struct ChainCheck {
    bool intact = true;
    std::int64_t rows = 0;
    std::string head_hash{kGenesisHash};
    std::optional<std::int64_t> first_bad_seq;
    std::string problem; // what is wrong at first_bad_seq
};

[[nodiscard]] ChainCheck audit_verify(const Db& db);

// The hash a row must carry, given its fields.
[[nodiscard]] std::string audit_row_hash(const AuditEntry& e);

} // namespace casegraph::store
