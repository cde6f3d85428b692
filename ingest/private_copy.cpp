// Private working copies of evidence (see private_copy.hpp).
#include "private_copy.hpp"

#include "importer.hpp"

#include <cstdlib>
#include <sqlite3.h>
#include <stdexcept>
#include <unistd.h>

namespace casegraph::ingest {

PrivateDir::PrivateDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "casegraph-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        throw std::runtime_error("cannot create a private temporary folder in " +
                                 std::filesystem::temp_directory_path().string());
    path_ = tmpl;
}

PrivateDir::~PrivateDir() {
    if (path_.empty())
        return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

PrivateDir::PrivateDir(PrivateDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

void copy_file_private(const std::filesystem::path& src, const std::filesystem::path& dst) {
    std::filesystem::copy_file(src, dst, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(dst,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
}

EvidenceDb open_evidence_db(const std::filesystem::path& db_path,
                            const std::optional<std::filesystem::path>& wal,
                            const std::string& display_name) {
    EvidenceDb out{PrivateDir(), store::Db(), std::nullopt, wal.has_value()};
    const auto copy = out.dir.path() / "evidence.db";
    try {
        copy_file_private(db_path, copy);
        if (wal) {
            copy_file_private(*wal, out.dir.path() / "evidence.db-wal");
            const auto main_copy = out.dir.path() / "main-only.db";
            copy_file_private(db_path, main_copy);
            out.main_only.emplace(main_copy.string(), store::OpenMode::ReadOnly);
        }
        // Read-write on the private copy so SQLite can recover the WAL into it; the evidence is untouched.
        out.db = store::Db(copy.string(), store::OpenMode::ReadWrite);
        out.db.exec("PRAGMA query_only = ON");
        (void)out.db.scalar_int("SELECT count(*) FROM sqlite_master");
    } catch (const std::exception& e) {
        throw InputError("failed", display_name + ": not a readable SQLite database: " + e.what());
    }
    return out;
}

std::vector<std::string> sqlite_tables_readonly(const std::filesystem::path& path) {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    const std::string uri = "file:" + path.string() + "?mode=ro&immutable=1";
    // The path is passed as a URI; characters that are special in URIs are escaped by SQLite's rules
    // only for '?' and '#', so fall back to no tables rather than open the wrong file.
    if (path.string().find_first_of("?#") != std::string::npos)
        return out;
    if (sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db,
                               "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name",
                               -1, &st, nullptr) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW)
                out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close_v2(db);
    return out;
}

} // namespace casegraph::ingest
