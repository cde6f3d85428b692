// The case: one SQLite file (WAL, foreign keys on) holding evidence, the graph and the audit log.
#pragma once

#include "sqlite.hpp"

#include <filesystem>
#include <string>

namespace casegraph::store {

struct CaseSettings {
    std::string case_id; // random UUID written at creation
    std::string region;  // default phone region (ISO 3166 alpha-2), may be empty
    std::string tz;      // default IANA zone for local times, may be empty
    std::string analyst; // the analyst named at creation
    std::string created_at;
};

class CaseFile {
  public:
    // Creates a new case; throws when the file already exists.
    static CaseFile create(const std::filesystem::path& path, const CaseSettings& settings,
                           const std::string& actor);
    // Opens an existing case and migrates it forward; throws naming the file when it is missing or
    // not a case.
    static CaseFile open(const std::filesystem::path& path);
    // A read-only connection for reporting (no migration, no writes).
    static CaseFile open_read_only(const std::filesystem::path& path);

    [[nodiscard]] const Db& db() const { return db_; }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] CaseSettings settings() const;
    void set_setting(const std::string& key, const std::string& value) const;

  private:
    CaseFile(Db db, std::filesystem::path path) : db_(std::move(db)), path_(std::move(path)) {}
    Db db_;
    std::filesystem::path path_;
};

// The analyst acting now: CASEGRAPH_ANALYST, else the login name, else "unknown".
[[nodiscard]] std::string current_actor();

} // namespace casegraph::store
