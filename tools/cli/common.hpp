// Helpers shared by the command implementations: argument checks and terminal progress.
#pragma once

#include "args.hpp"
#include "ingest/ingest.hpp"

#include <chrono>
#include <string>

namespace casegraph::cli {

// Throws UsageError unless there are at least `n` positionals; `what` names them ("CASE FILE...").
void need_positionals(const Parsed& p, std::size_t n, const std::string& what);
// Upper-cases and checks an ISO 3166 region known to libphonenumber; throws UsageError otherwise.
[[nodiscard]] std::string checked_region(const std::string& region);
// Checks an IANA zone against the system tz database; throws UsageError otherwise.
[[nodiscard]] std::string checked_zone(const std::string& zone);

// Draws progress on stderr when it is a terminal (files, records, rate); silent otherwise.
class TerminalProgress : public ingest::IngestProgress {
  public:
    explicit TerminalProgress(std::size_t total_paths);
    ~TerminalProgress() override;
    void hashing(const std::string& name, std::uint64_t done, std::uint64_t total) override;
    void file_started(const std::string& name, const std::string& format) override;
    void records(std::int64_t more) override;
    void file_done(const ingest::FileOutcome& outcome) override;

  private:
    void draw(bool force);
    void clear();
    bool enabled_;
    std::size_t files_done_ = 0;
    std::string current_;
    std::string phase_;
    std::int64_t records_ = 0;
    std::int64_t file_records_ = 0;
    std::uint64_t bytes_done_ = 0, bytes_total_ = 0;
    std::chrono::steady_clock::time_point file_start_, last_draw_;
    bool drawn_ = false;
};

} // namespace casegraph::cli
