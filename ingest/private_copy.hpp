// Private working copies of evidence. SQLite evidence is never opened in place: opening a WAL-mode
// database the ordinary way writes -wal/-shm beside it or checkpoints into it, which alters evidence.
#pragma once

#include "store/sqlite.hpp"

#include <filesystem>
#include <optional>

namespace casegraph::ingest {

// A fresh 0700 folder under $TMPDIR, removed with its contents on destruction.
class PrivateDir {
  public:
    PrivateDir();
    ~PrivateDir();
    PrivateDir(const PrivateDir&) = delete;
    PrivateDir& operator=(const PrivateDir&) = delete;
    PrivateDir(PrivateDir&& other) noexcept;
    PrivateDir& operator=(PrivateDir&&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// Copies src to dst (byte for byte) and makes the copy writable for SQLite's own bookkeeping.
void copy_file_private(const std::filesystem::path& src, const std::filesystem::path& dst);

// An evidence database opened from a private copy. `db` sees the database as the device last saw it:
// with the -wal applied when the extraction has one. `main_only` (when a WAL was present) is a second
// copy opened without the WAL, so importers can tell rows that exist only in the WAL.
struct EvidenceDb {
    PrivateDir dir;
    store::Db db;
    std::optional<store::Db> main_only;
    bool wal_present = false;
};

// Throws InputError (status "failed") naming the file when it is not a readable SQLite database.
[[nodiscard]] EvidenceDb open_evidence_db(const std::filesystem::path& db_path,
                                          const std::optional<std::filesystem::path>& wal,
                                          const std::string& display_name);

// Table names of a SQLite file, read without writing anything anywhere (immutable read-only open of a
// private copy's header is not needed: immutable=1 creates no files and takes no locks).
[[nodiscard]] std::vector<std::string> sqlite_tables_readonly(const std::filesystem::path& path);

} // namespace casegraph::ingest
