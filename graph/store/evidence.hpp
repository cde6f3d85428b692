// Evidence registration and verification: files are opened read-only, streamed through SHA-256 and
// recorded once per distinct content; nothing is ever written to or beside them.
#pragma once

#include "case_file.hpp"
#include "hash.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::store {

struct EvidenceInfo {
    std::int64_t id = 0;
    std::string sha256;
    std::int64_t size = 0;
    std::string original_path;
    std::string original_name;
    std::string media_kind;
    std::string detected_format;
    std::string status;
    std::string registered_by;
    std::string registered_at;
    std::string region;
    std::string tz;
};

struct RegisterOptions {
    std::string region;              // default phone region given for this evidence (--region)
    std::string tz;                  // zone given for local times (--tz)
    std::string media_kind = "file"; // file | archive
};

struct Registration {
    EvidenceInfo info;
    bool newly_registered = false; // false: the same bytes were registered before
};

Registration register_evidence(const CaseFile& cf, const std::filesystem::path& path,
                               const std::string& actor, const RegisterOptions& opts = {},
                               const ByteProgress& progress = {});
// The same, for a file already hashed, inside the caller's transaction (ingest registers and imports a
// file in one transaction, so a kill leaves neither).
Registration register_hashed(const Db& db, const std::filesystem::path& path, const FileHash& hash,
                             const std::string& actor, const RegisterOptions& opts);

[[nodiscard]] std::vector<EvidenceInfo> list_evidence(const Db& db);
[[nodiscard]] std::optional<EvidenceInfo> find_evidence(const Db& db, std::int64_t id);
[[nodiscard]] std::optional<EvidenceInfo> find_evidence_by_sha(const Db& db, const std::string& sha256);
void set_evidence_status(const Db& db, std::int64_t id, const std::string& status, const std::string& format);

enum class VerifyState { unchanged, changed, missing, unreadable };
[[nodiscard]] std::string_view to_string(VerifyState s);

struct VerifyResult {
    EvidenceInfo info;
    VerifyState state = VerifyState::unchanged;
    std::string actual_sha256;
    std::string detail;
};

// Re-hashes every registered file at its original path; the outcome is written to the audit log.
[[nodiscard]] std::vector<VerifyResult> verify_evidence(const CaseFile& cf, const std::string& actor,
                                                        const ByteProgress& progress = {});

} // namespace casegraph::store
