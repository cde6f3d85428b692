// Helpers shared by the test suites: private temporary folders, the samples folder, small file utils.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::test {

// A fresh private folder, removed with its contents when the object goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

// CASEGRAPH_SAMPLES or ../shared/samples beside the source tree; throws when it does not exist, so a
// missing sample fails the test instead of skipping it.
[[nodiscard]] std::filesystem::path samples_dir();
[[nodiscard]] std::filesystem::path sample(const std::string& relative);
// tests/ in the source tree (fixtures we build ourselves live under tests/golden and tests/corpus).
[[nodiscard]] std::filesystem::path test_data_dir();

// Copies a sample into dir (SQLite samples must never be opened in place).
[[nodiscard]] std::filesystem::path copy_to(const std::filesystem::path& file,
                                            const std::filesystem::path& dir);

[[nodiscard]] std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& content);

// The casegraph executable under test (CASEGRAPH_BIN, set by ctest).
[[nodiscard]] std::string casegraph_bin();

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
// Runs the casegraph CLI with arguments (no shell), capturing stdout and stderr.
[[nodiscard]] RunResult run_cli(const std::vector<std::string>& args);

} // namespace casegraph::test
