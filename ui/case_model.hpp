// The case screen's view model: evidence files with hashes and verification state, case statistics and
// import errors, recent cases, and an ingest job running on a worker thread with live progress.
#pragma once

#include "ingest/ingest.hpp"
#include "store/evidence.hpp"
#include "store/reports.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace casegraph::ui {

struct EvidenceRow {
    store::EvidenceInfo info;
    std::string verify = "not checked"; // not checked | unchanged | changed | missing | unreadable
    std::string verify_detail;
};

// A snapshot of the running import, copied under a lock for drawing.
struct IngestState {
    bool running = false, finished = false;
    std::string current_file, current_format;
    std::uint64_t hashed = 0, hash_total = 0;
    std::int64_t files_done = 0, files_total = 0;
    std::int64_t records = 0;
    double records_per_s = 0;
    double elapsed_s = 0;
    std::vector<std::string> errors; // live: "file: message"
    std::vector<ingest::FileOutcome> outcomes;
    std::string failure; // an exception that ended the job
};

class IngestJob : private ingest::IngestProgress {
  public:
    IngestJob() = default;
    ~IngestJob() override { join(); }
    IngestJob(const IngestJob&) = delete;
    IngestJob& operator=(const IngestJob&) = delete;
    // Opens its own connection to the case (SQLite connections are not shared across threads).
    void start(const std::filesystem::path& case_path, std::vector<std::filesystem::path> paths,
               ingest::IngestOptions options, std::string actor);
    [[nodiscard]] IngestState snapshot() const;
    void join();

  private:
    void hashing(const std::string& name, std::uint64_t done, std::uint64_t total) override;
    void file_started(const std::string& name, const std::string& format) override;
    void records(std::int64_t more) override;
    void file_done(const ingest::FileOutcome& outcome) override;
    mutable std::mutex mu_;
    IngestState state_;
    std::chrono::steady_clock::time_point started_;
    std::thread thread_;
};

// A WhatsApp .txt export whose dates read both ways (day-first and month-first): the importer assumed
// one order and said so. The case screen shows it with the command for the other reading.
struct DateOrderNotice {
    std::int64_t evidence_id = 0;
    std::string name, path, member;
    std::string assumed, other; // "dmy" / "mdy"
    std::string reason;         // the importer's own words
    std::string command;        // casegraph ingest … --date-order OTHER (into a sibling case)
    std::string compare_case;   // that sibling case's path
};

// Reads the newest whatsapp-txt import run of every evidence file (and archive member) whose notes say
// the date order was assumed. The command re-imports into a sibling case, because ingest never imports
// the same file twice into one case.
[[nodiscard]] std::vector<DateOrderNotice> read_date_order_notices(const store::Db& db,
                                                                   const std::filesystem::path& case_path);
// Quotes a path for a POSIX shell (single quotes, ' as '\'').
[[nodiscard]] std::string shell_quote(const std::string& s);

class CaseModel {
  public:
    std::filesystem::path path;
    store::CaseSettings settings;
    store::Stats stats;
    std::vector<EvidenceRow> evidence;
    std::vector<store::ErrorRow> errors;
    std::vector<std::string> recent; // recent case paths, newest first
    std::vector<DateOrderNotice> date_order;

    void load(const store::CaseFile& cf);
    // Re-hashes every evidence file (store::verify_evidence, audited) and records the result per row.
    // Returns one line for the status bar: all unchanged, or which files changed, went missing or
    // could not be read.
    std::string verify(const store::CaseFile& cf, const std::string& actor);
    [[nodiscard]] std::int64_t events_total() const;
};

// Recent cases live in $XDG_CONFIG_HOME/casegraph/recent (or ~/.config): a per-analyst list, not case data.
[[nodiscard]] std::vector<std::string> read_recent_cases();
void remember_case(const std::filesystem::path& p);

} // namespace casegraph::ui
