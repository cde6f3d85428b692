// Test helpers for cases (see case_helpers.hpp).
#include "case_helpers.hpp"

#include "test_support.hpp"

namespace casegraph::test {

namespace {
std::filesystem::path private_copy(const std::filesystem::path& original, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    return copy_to(original, dir);
}
} // namespace

SourceDb::SourceDb(const std::filesystem::path& original, const std::filesystem::path& scratch_dir)
    : db_(private_copy(original, scratch_dir).string(), store::OpenMode::ReadWrite) {}

CellBytes copy_with_cell_bytes(const std::filesystem::path& sample, const std::filesystem::path& dir,
                               const std::string& table, const std::string& key, const std::string& column,
                               const std::string& hex) {
    std::filesystem::create_directories(dir);
    CellBytes out;
    out.path = copy_to(sample, dir);
    store::Db db(out.path.string(), store::OpenMode::ReadWrite);
    out.key = db.scalar_int("SELECT min(" + key + ") FROM " + table + " WHERE " + column + " IS NOT NULL");
    db.exec("UPDATE " + table + " SET " + column + " = CAST(X'" + hex + "' AS TEXT) WHERE " + key + " = " +
            std::to_string(out.key));
    out.rows = db.scalar_int("SELECT count(*) FROM " + table);
    return out;
}

std::set<std::string> listing(const std::filesystem::path& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.insert(e.path().filename().string());
    return out;
}

std::int64_t open_test_run(const store::Db& db, std::int64_t evidence_id, const std::string& params) {
    db.prepare("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
               "VALUES (?1, 'test', '1', ?2, '2024-01-01T00:00:00.000Z', 'ok')")
        .bind(1, evidence_id)
        .bind(2, params)
        .run();
    return db.last_insert_rowid();
}

} // namespace casegraph::test
