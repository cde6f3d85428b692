// The export dialog's worker (ExportJob in export_model.hpp): the bundle and exhibit are built on a
// thread over their own read-only connection and written under temporary names; the UI thread renames
// them into place and audits them, or removes them when the job was cancelled or failed.
#include "export/bundle.hpp"
#include "export/exhibit.hpp"
#include "export/redaction.hpp"
#include "export_model.hpp"
#include "store/time.hpp"

#include <chrono>
#include <fstream>

namespace casegraph::ui {
namespace {

struct Cancelled {};

// Beside the output, so the final rename stays on one file system and is atomic.
std::filesystem::path partial(const std::filesystem::path& p) {
    return p.string() + ".partial";
}

void remove_quietly(const std::filesystem::path& p) {
    std::error_code ec;
    std::filesystem::remove(p, ec);
}

} // namespace

struct ExportJob::Work {
    ExportRequest req;
    exporter::BundleOptions bundle;
    exporter::ExhibitOptions exhibit;
    std::string exhibit_format; // pdf | svg | png
    std::optional<store::CaseFile> ro;
    // Results, read by the UI thread only after `finished_`.
    bool cancelled = false;
    std::string error;
    std::string manifest_sha256;
    std::size_t entities = 0, events = 0, evidence = 0;
};

const char* export_state_name(ExportState s) {
    switch (s) {
    case ExportState::idle:
        return "idle";
    case ExportState::running:
        return "running";
    case ExportState::done:
        return "done";
    case ExportState::failed:
        return "failed";
    case ExportState::cancelled:
        return "cancelled";
    }
    return "?";
}

ExportJob::ExportJob() = default;

ExportJob::~ExportJob() {
    abandon();
}

ExportProgressView ExportJob::progress() const {
    std::lock_guard lock(mu_);
    return progress_;
}

bool ExportJob::start(const store::CaseFile& cf, const ExportRequest& r) {
    if (state_ == ExportState::running)
        return false;
    outcome_ = {};
    cancel_ = false;
    finished_ = false;
    auto fail = [this](std::string why) {
        outcome_.error = std::move(why);
        state_ = ExportState::failed;
        return false;
    };
    if (auto why = export_problem(r); !why.empty())
        return fail(why);
    auto w = std::make_unique<Work>();
    w->req = r;
    auto& b = w->bundle;
    b.select = selection_spec(r.entities);
    if (r.window) {
        // The brush is [from, to); an export window includes both ends, so it ends 1 ms before `to`
        // (milliseconds kept: an event in the brush's last second stays in).
        b.from = store::format_utc_ms(r.window->first);
        b.to = store::format_utc_ms(r.window->second - 1);
    }
    b.redact = r.redact;
    b.reason = r.redact ? "" : r.reason;
    b.tool_version = CASEGRAPH_VERSION;
    b.actor = r.actor;
    try {
        b.at = exporter::creation_time("");
        if (!r.exhibit.empty()) {
            w->exhibit_format = exporter::exhibit_format(r.exhibit);
            w->exhibit.chart = "link";
            w->exhibit.base = b;
        }
        // The only write before the end: new pseudonyms, on the UI's connection. The worker then reads.
        if (r.redact)
            (void)exporter::ensure_pseudonyms(cf.db(), r.actor);
        w->ro.emplace(store::CaseFile::open_read_only(cf.path()));
        // One snapshot for the whole export, taken now: what the analyst does meanwhile is not half in it.
        w->ro->db().exec("BEGIN");
        (void)w->ro->db().scalar_int("SELECT count(*) FROM case_info");
    } catch (const std::exception& e) {
        return fail("Export to " + r.bundle.string() + " could not start: " + e.what());
    }
    {
        std::lock_guard lock(mu_);
        progress_ = {"starting", 0, 0};
    }
    state_ = ExportState::running;
    work_ = std::move(w);
    thread_ = std::thread([this, w = work_.get()] {
        const int stages = 9 + (w->req.exhibit.empty() ? 0 : 1);
        auto stage = [this, stages](const std::string& name, int number) {
            if (cancel_)
                throw Cancelled{};
            {
                std::lock_guard lock(mu_);
                progress_ = {name, number, stages};
            }
            if (stage_hook)
                stage_hook(name);
            if (cancel_)
                throw Cancelled{};
        };
        // Polled within the long stages (fact rows, tables, charts, hashing, zip writing), so Cancel
        // stops the stage it is in rather than waiting for the next.
        const exporter::CancelCheck cancelled = [this] {
            if (cancel_check_hook)
                cancel_check_hook();
            return cancel_.load();
        };
        try {
            w->bundle.progress = [&stage](const std::string& name, int number, int) { stage(name, number); };
            w->bundle.cancelled = cancelled;
            w->exhibit.base.cancelled = cancelled;
            const auto res = exporter::build_bundle(*w->ro, w->bundle);
            w->manifest_sha256 = res.manifest_sha256;
            w->entities = res.facts.entities.size();
            w->events = res.facts.events.size();
            w->evidence = res.facts.evidence.size();
            stage("writing the bundle", 9);
            exporter::write_zip(partial(w->req.bundle), res.members, res.at, cancelled);
            if (!w->req.exhibit.empty()) {
                stage("drawing the exhibit", 10);
                exporter::ExhibitResult drawn;
                const auto bytes = exporter::draw_exhibit(*w->ro, w->exhibit_format, w->exhibit, drawn);
                std::ofstream file(partial(w->req.exhibit), std::ios::binary | std::ios::trunc);
                file << bytes;
                file.close();
                if (!file)
                    throw std::runtime_error(partial(w->req.exhibit).string() + ": could not be written");
            }
            if (cancel_)
                throw Cancelled{};
        } catch (const Cancelled&) {
            w->cancelled = true;
        } catch (const exporter::ExportCancelled&) {
            w->cancelled = true;
        } catch (const std::exception& e) {
            w->error = e.what();
        }
        try {
            w->ro->db().exec("ROLLBACK");
        } catch (const std::exception&) {
            // Closing the connection ends the read transaction anyway.
        }
        w->ro.reset();
        finished_ = true;
    });
    return true;
}

void ExportJob::remove_partials() {
    if (!work_)
        return;
    const auto& r = work_->req;
    remove_quietly(partial(r.bundle));
    remove_quietly(partial(r.bundle).string() + ".tmp"); // write_zip's own temporary
    if (!r.exhibit.empty())
        remove_quietly(partial(r.exhibit));
}

bool ExportJob::poll(const store::CaseFile& cf) {
    if (state_ != ExportState::running || !finished_)
        return false;
    thread_.join();
    const auto& w = *work_;
    const auto& r = w.req;
    if (cancel_ || w.cancelled) {
        remove_partials();
        outcome_.error = "Export cancelled: nothing was written to " + r.bundle.string();
        state_ = ExportState::cancelled;
    } else if (!w.error.empty()) {
        remove_partials();
        outcome_.error = "Export to " + r.bundle.string() + " failed: " + w.error;
        state_ = ExportState::failed;
    } else {
        bool placed = false;
        try {
            std::filesystem::rename(partial(r.bundle), r.bundle);
            placed = true;
            if (!r.exhibit.empty())
                std::filesystem::rename(partial(r.exhibit), r.exhibit);
            exporter::audit_bundle(cf.db(), r.bundle, w.bundle, w.manifest_sha256);
            if (!r.exhibit.empty())
                exporter::audit_exhibit(cf.db(), r.exhibit, w.exhibit);
            outcome_.ok = true;
            outcome_.bundle = r.bundle.string();
            outcome_.exhibit = r.exhibit.empty() ? "" : r.exhibit.string();
            outcome_.manifest_sha256 = w.manifest_sha256;
            outcome_.entities = w.entities;
            outcome_.events = w.events;
            outcome_.evidence = w.evidence;
            state_ = ExportState::done;
        } catch (const std::filesystem::filesystem_error& e) {
            // Not in place: an output nobody can account for (not audited) is removed.
            remove_partials();
            if (placed)
                remove_quietly(r.bundle);
            outcome_.error = "Export to " + r.bundle.string() +
                             " could not be finished: " + e.path2().string() + ": " + e.code().message() +
                             " (nothing was kept)";
            state_ = ExportState::failed;
        } catch (const std::exception& e) {
            remove_partials();
            if (placed)
                remove_quietly(r.bundle);
            outcome_.error = "Export to " + r.bundle.string() + " could not be finished: " + e.what();
            state_ = ExportState::failed;
        }
    }
    work_.reset();
    return true;
}

void ExportJob::wait() {
    while (state_ == ExportState::running && !finished_)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

void ExportJob::abandon() {
    if (state_ != ExportState::running)
        return;
    cancel_ = true;
    wait();
    thread_.join();
    remove_partials();
    work_.reset();
    outcome_.error = "Export cancelled";
    state_ = ExportState::cancelled;
}

} // namespace casegraph::ui
