// The export dialog's view model: a bundle (and optionally a link-chart exhibit) for the current
// selection and time brush through export/, redaction on by default, an un-redacted export only with a
// typed reason; the outcome keeps the written paths, the manifest hash and any error in full. The export
// runs on a worker thread (ExportJob) with its stage shown, and can be cancelled without leaving files.
#pragma once

#include "store/case_file.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace casegraph::ui {

struct ExportRequest {
    std::filesystem::path bundle;                                // OUT.zip
    std::filesystem::path exhibit;                               // OUT.pdf|.svg|.png; empty = no exhibit
    std::vector<std::int64_t> entities;                          // empty = the whole case
    std::optional<std::pair<std::int64_t, std::int64_t>> window; // UTC ms [from, to)
    bool redact = true;
    std::string reason; // required (non-blank) when !redact
    std::string actor;
};

struct ExportOutcome {
    bool ok = false;
    std::string bundle, exhibit; // paths written
    std::string manifest_sha256;
    std::size_t entities = 0, events = 0, evidence = 0;
    std::string error; // the exception text, in full
};

// "entity:#3,#7" for the selection, "all" for none (the SEL syntax of CONTRACTS.md).
[[nodiscard]] std::string selection_spec(const std::vector<std::int64_t>& entities);
// "2024-01-08T10:00:00Z"
[[nodiscard]] std::string iso_utc(std::int64_t ms);
// Why the request cannot run, or "" when it can.
[[nodiscard]] std::string export_problem(const ExportRequest& r);
// Writes the bundle (and exhibit) and audits them, waiting for an ExportJob. Never throws: errors land
// in .error.
[[nodiscard]] ExportOutcome run_export(const store::CaseFile& cf, const ExportRequest& r);
// CASE.case → CASE-export.zip beside it.
[[nodiscard]] std::filesystem::path default_bundle_path(const std::filesystem::path& case_path);

enum class ExportState { idle, running, done, failed, cancelled };
[[nodiscard]] const char* export_state_name(ExportState s); // "idle", "running", …

struct ExportProgressView {
    std::string stage; // "collecting facts", "writing the bundle", …
    int number = 0, stages = 0;
};

// One export at a time, off the UI thread. start() checks the request, assigns pseudonyms on the UI's
// connection (the only write before the end), opens a separate read-only connection holding one
// snapshot of the case, and hands it to a worker that builds the bundle and exhibit into temporary
// files beside the outputs (OUT.partial). poll(), on the UI thread, finishes: a cancelled or failed job
// removes its temporary files; a finished one renames them into place and writes the audit rows on the
// UI's connection. State: idle → running → done | failed | cancelled (→ running again on start()).
class ExportJob {
  public:
    ExportJob();
    ~ExportJob();
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    // False (state failed, outcome().error says why) when the request cannot run or one is running.
    bool start(const store::CaseFile& cf, const ExportRequest& r);
    // Asks the worker to stop: the running stage polls for it (per fact row, table row, chart element,
    // hashed or zipped MiB) and stops promptly; poll() then reports cancelled, whatever it had done.
    void cancel() { cancel_ = true; }
    // Finishes a job whose worker has ended; true when the state changed. Call once per frame.
    bool poll(const store::CaseFile& cf);
    // Blocks until the worker has ended (scripts and tests); poll() still finishes the job.
    void wait();
    // Cancels, waits and cleans up (closing the case, quitting).
    void abandon();

    [[nodiscard]] ExportState state() const { return state_; }
    [[nodiscard]] ExportProgressView progress() const;
    [[nodiscard]] const ExportOutcome& outcome() const { return outcome_; }
    // Tests: called on the worker before each stage (after the cancel check), e.g. to hold it there.
    std::function<void(const std::string& stage)> stage_hook;
    // Tests: called on the worker each time a stage polls for Cancel (per fact row, file, chunk…).
    std::function<void()> cancel_check_hook;

  private:
    struct Work; // the worker's request, connection and results
    void remove_partials();
    std::thread thread_;
    std::unique_ptr<Work> work_;
    std::atomic<bool> cancel_{false}, finished_{false};
    mutable std::mutex mu_;
    ExportProgressView progress_;
    ExportState state_ = ExportState::idle;
    ExportOutcome outcome_;
};

// What the dialog edits between frames.
struct ExportForm {
    std::string bundle_path;
    bool with_exhibit = true;
    std::string exhibit_ext = ".pdf";
    std::string reason;
    std::optional<ExportOutcome> last;
};

} // namespace casegraph::ui
