// Test helpers (see test_support.hpp).
#include "test_support.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace casegraph::test {

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "casegraph-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::filesystem::path samples_dir() {
    std::filesystem::path p;
    if (const char* env = std::getenv("CASEGRAPH_SAMPLES"); env != nullptr && *env != '\0')
        p = env;
    else
        p = CASEGRAPH_SAMPLES_DEFAULT;
    if (!std::filesystem::is_directory(p))
        throw std::runtime_error("samples folder not found: " + p.string() +
                                 " (set CASEGRAPH_SAMPLES to ../shared/samples)");
    return p;
}

std::filesystem::path sample(const std::string& relative) {
    auto p = samples_dir() / relative;
    if (!std::filesystem::exists(p))
        throw std::runtime_error("sample missing: " + p.string());
    return p;
}

std::filesystem::path test_data_dir() {
    return CASEGRAPH_TEST_DATA;
}

std::filesystem::path copy_to(const std::filesystem::path& file, const std::filesystem::path& dir) {
    auto dst = dir / file.filename();
    std::filesystem::copy_file(file, dst, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(dst, std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    return dst;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::filesystem::path& p, const std::string& content) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out)
        throw std::runtime_error("cannot write " + p.string());
}

std::string casegraph_bin() {
    const char* b = std::getenv("CASEGRAPH_BIN");
    if (b == nullptr || *b == '\0')
        throw std::runtime_error("CASEGRAPH_BIN is not set (run the tests through ctest)");
    return b;
}

RunResult run_cli(const std::vector<std::string>& args) {
    TempDir io;
    const auto out_path = io / "out";
    const auto err_path = io / "err";
    std::vector<std::string> all{casegraph_bin()}; // before fork: the child must not throw
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int in = ::open("/dev/null", O_RDONLY);
        ::dup2(o, 1);
        ::dup2(e, 2);
        ::dup2(in, 0);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

} // namespace casegraph::test
