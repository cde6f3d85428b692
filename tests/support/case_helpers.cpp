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

} // namespace casegraph::test
