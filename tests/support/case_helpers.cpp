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

} // namespace casegraph::test
