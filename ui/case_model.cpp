// Case screen model and the ingest worker (see case_model.hpp).
#include "case_model.hpp"

#include <cstdlib>
#include <fstream>

namespace casegraph::ui {

void IngestJob::start(const std::filesystem::path& case_path, std::vector<std::filesystem::path> paths,
                      ingest::IngestOptions options, std::string actor) {
    join();
    {
        std::lock_guard lock(mu_);
        state_ = {};
        state_.running = true;
        state_.files_total = static_cast<std::int64_t>(paths.size());
    }
    started_ = std::chrono::steady_clock::now();
    thread_ = std::thread(
        [this, case_path, paths = std::move(paths), options = std::move(options), actor = std::move(actor)] {
            try {
                auto cf = store::CaseFile::open(case_path);
                auto report = ingest::ingest_paths(cf, paths, options, actor, this);
                std::lock_guard lock(mu_);
                state_.outcomes = report.files;
            } catch (const std::exception& e) {
                std::lock_guard lock(mu_);
                state_.failure = e.what();
            }
            std::lock_guard lock(mu_);
            state_.running = false;
            state_.finished = true;
        });
}

void IngestJob::join() {
    if (thread_.joinable())
        thread_.join();
}

IngestState IngestJob::snapshot() const {
    std::lock_guard lock(mu_);
    IngestState s = state_;
    if (s.running)
        s.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (s.elapsed_s > 0)
        s.records_per_s = static_cast<double>(s.records) / s.elapsed_s;
    return s;
}

void IngestJob::hashing(const std::string& name, std::uint64_t done, std::uint64_t total) {
    std::lock_guard lock(mu_);
    state_.current_file = name;
    state_.hashed = done;
    state_.hash_total = total;
}

void IngestJob::file_started(const std::string& name, const std::string& format) {
    std::lock_guard lock(mu_);
    state_.current_file = name;
    state_.current_format = format;
}

void IngestJob::records(std::int64_t more) {
    std::lock_guard lock(mu_);
    state_.records += more;
}

void IngestJob::file_done(const ingest::FileOutcome& o) {
    std::lock_guard lock(mu_);
    ++state_.files_done;
    state_.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (o.errors > 0 || o.status == "failed" || o.status == "unsupported")
        state_.errors.push_back(o.path + ": " + o.status + (o.message.empty() ? "" : " - " + o.message) +
                                (o.errors ? " (" + std::to_string(o.errors) + " record errors)" : ""));
}

void CaseModel::load(const store::CaseFile& cf) {
    path = cf.path();
    settings = cf.settings();
    stats = store::read_stats(cf.db());
    errors = store::read_errors(cf.db());
    std::map<std::int64_t, EvidenceRow> old;
    for (auto& r : evidence)
        old.emplace(r.info.id, std::move(r));
    evidence.clear();
    for (auto& info : store::list_evidence(cf.db())) {
        EvidenceRow r{info};
        // Keep a verification done earlier in this session; reloading after an ingest must not forget it.
        if (auto it = old.find(info.id); it != old.end() && it->second.info.sha256 == info.sha256) {
            r.verify = it->second.verify;
            r.verify_detail = it->second.verify_detail;
        }
        evidence.push_back(std::move(r));
    }
    recent = read_recent_cases();
}

void CaseModel::verify(const store::CaseFile& cf, const std::string& actor) {
    for (const auto& v : store::verify_evidence(cf, actor)) {
        for (auto& r : evidence) {
            if (r.info.id == v.info.id) {
                r.verify = std::string(store::to_string(v.state));
                r.verify_detail = v.detail;
            }
        }
    }
}

std::int64_t CaseModel::events_total() const {
    std::int64_t n = 0;
    for (const auto& [k, v] : stats.events)
        n += v;
    return n;
}

namespace {
std::filesystem::path recent_file() {
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
        return std::filesystem::path(x) / "casegraph" / "recent";
    if (const char* h = std::getenv("HOME"); h && *h)
        return std::filesystem::path(h) / ".config" / "casegraph" / "recent";
    return {};
}
} // namespace

std::vector<std::string> read_recent_cases() {
    std::vector<std::string> out;
    const auto f = recent_file();
    if (f.empty())
        return out;
    std::ifstream in(f);
    for (std::string line; std::getline(in, line) && out.size() < 10;)
        if (!line.empty())
            out.push_back(line);
    return out;
}

void remember_case(const std::filesystem::path& p) {
    const auto f = recent_file();
    if (f.empty())
        return;
    const auto abs = std::filesystem::absolute(p).lexically_normal().string();
    // Built afresh rather than insert-at-front: GCC 12 at -O3 reports a false null dereference for that.
    std::vector<std::string> list{abs};
    for (auto& c : read_recent_cases())
        if (c != abs)
            list.push_back(std::move(c));
    std::error_code ec;
    std::filesystem::create_directories(f.parent_path(), ec);
    std::ofstream out(f, std::ios::trunc);
    for (std::size_t i = 0; i < list.size() && i < 10; ++i)
        out << list[i] << '\n';
}

} // namespace casegraph::ui
