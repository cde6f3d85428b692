// Test helpers for building cases and reading them back.
#pragma once

#include "store/case_file.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace casegraph::test {

// Opens a private copy of a SQLite source (never the original) for reading expected values.
class SourceDb {
  public:
    SourceDb(const std::filesystem::path& original, const std::filesystem::path& scratch_dir);
    [[nodiscard]] const store::Db& db() const { return db_; }
    [[nodiscard]] std::int64_t count(const std::string& sql) const { return db_.scalar_int(sql); }

  private:
    store::Db db_;
};

// A copy of a SQLite sample in `dir` (created when missing) whose `table`.`column` in the row of the lowest
// `key` with a non-NULL `column` holds the raw bytes `hex` (SQLite stores TEXT unchecked). `rows`: the
// table's row count, read from the copy.
struct CellBytes {
    std::filesystem::path path;
    std::int64_t key = 0, rows = 0;
};
[[nodiscard]] CellBytes copy_with_cell_bytes(const std::filesystem::path& sample,
                                             const std::filesystem::path& dir, const std::string& table,
                                             const std::string& key, const std::string& column,
                                             const std::string& hex);

// Names of the files in a folder (to prove nothing was written beside the evidence).
[[nodiscard]] std::set<std::string> listing(const std::filesystem::path& dir);

// Opens an import run (importer "test") on registered evidence, inside the caller's transaction, and returns
// its id for a store::ImportWriter.
std::int64_t open_test_run(const store::Db& db, std::int64_t evidence_id, const std::string& params = "{}");

} // namespace casegraph::test
