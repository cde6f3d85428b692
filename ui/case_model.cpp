// Case screen model and the ingest worker (see case_model.hpp).
#include "case_model.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

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
    date_order = read_date_order_notices(cf.db(), cf.path());
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::vector<DateOrderNotice> read_date_order_notices(const store::Db& db,
                                                     const std::filesystem::path& case_path) {
    std::vector<DateOrderNotice> out;
    auto st = db.prepare(
        "SELECT r.evidence_id, e.original_name, e.original_path, r.member, coalesce(r.notes, '{}'), r.params "
        "FROM import_run r JOIN evidence_file e ON e.id = r.evidence_id "
        "WHERE r.importer = 'whatsapp-txt' AND r.id IN "
        "(SELECT max(id) FROM import_run GROUP BY evidence_id, member) ORDER BY r.id");
    while (st.step()) {
        const auto notes = nlohmann::json::parse(st.column_text(4), nullptr, false);
        if (notes.is_discarded() || !notes.is_object() || !notes.value("date_order_assumed", false))
            continue;
        const auto params = nlohmann::json::parse(st.column_text(5), nullptr, false);
        DateOrderNotice n;
        n.evidence_id = st.column_int64(0);
        n.name = st.column_text(1);
        n.path = st.column_text(2);
        n.member = st.column_text(3);
        n.assumed = notes.value("date_order", "");
        n.other = n.assumed == "mdy" ? "dmy" : "mdy";
        n.reason = notes.value("date_order_reason", "");
        auto sibling = case_path;
        sibling.replace_filename(case_path.stem().string() + "-" + n.other + case_path.extension().string());
        n.compare_case = sibling.string();
        // A member of an archive: the archive is walked again and each member detected by content.
        n.command = "casegraph ingest " + shell_quote(n.compare_case) + " " + shell_quote(n.path) +
                    (n.member.empty() ? " --format whatsapp-txt" : "") + " --date-order " + n.other;
        if (params.is_object()) {
            for (const char* k : {"region", "tz", "owner"}) {
                const auto v = params.value(k, std::string());
                if (!v.empty())
                    n.command += std::string(" --") + k + " " + shell_quote(v);
            }
        }
        out.push_back(std::move(n));
    }
    return out;
}

std::string CaseModel::verify(const store::CaseFile& cf, const std::string& actor) {
    std::size_t total = 0;
    std::map<std::string, std::vector<std::string>> bad; // state → file names
    for (const auto& v : store::verify_evidence(cf, actor)) {
        ++total;
        const auto state = std::string(store::to_string(v.state));
        if (state != "unchanged")
            bad[state].push_back(v.info.original_name);
        for (auto& r : evidence) {
            if (r.info.id == v.info.id) {
                r.verify = state;
                r.verify_detail = v.detail;
            }
        }
    }
    if (total == 0)
        return "No evidence registered in this case yet";
    if (bad.empty())
        return "All " + std::to_string(total) + " evidence files verified: unchanged since registration";
    std::string s = "Evidence check of " + std::to_string(total) + " files:";
    for (const auto& [state, names] : bad) {
        s += " " + std::to_string(names.size()) + " " + (state == "changed" ? "CHANGED" : state) + " (";
        for (std::size_t i = 0; i < names.size() && i < 3; ++i)
            s += (i ? ", " : "") + names[i];
        s += names.size() > 3 ? ", ...);" : ");";
    }
    s.back() = '.';
    return s + " Details on the Case screen (F1).";
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
