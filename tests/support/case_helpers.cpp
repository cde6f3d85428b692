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
