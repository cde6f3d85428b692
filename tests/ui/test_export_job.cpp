// The export dialog's job without a display: idle → running → done | failed | cancelled, the worker
// held at a stage to show the UI thread is free (and its connection writable) meanwhile, temporary
// files renamed into place or removed, and the audit rows written only for a finished export.
#include "export/zip_io.hpp"
#include "fixture.hpp"
#include "store/audit.hpp"
#include "store/hash.hpp"
#include "support/test_support.hpp"
#include "ui/export_model.hpp"

#include <chrono>
#include <condition_variable>
#include <doctest/doctest.h>
#include <mutex>
#include <set>

using namespace casegraph;
using namespace casegraph::ui;
using casegraph::test::TempDir;

namespace {
inline namespace export_job_fixture {

// Holds the worker when it reaches `at` until release() (or forever if never reached: tests wait with
// a timeout). Records every stage the worker announced.
struct Gate {
    std::string at;
    std::mutex mu;
    std::condition_variable cv;
    bool reached = false, released = false;
    std::vector<std::string> seen;

    void hook(const std::string& stage) {
        std::unique_lock lock(mu);
        seen.push_back(stage);
        if (stage != at)
            return;
        reached = true;
        cv.notify_all();
        cv.wait(lock, [this] { return released; });
    }
    bool wait_reached() {
        std::unique_lock lock(mu);
        return cv.wait_for(lock, std::chrono::seconds(60), [this] { return reached; });
    }
    void release() {
        std::lock_guard lock(mu);
        released = true;
        cv.notify_all();
    }
};

std::set<std::string> files_in(const std::filesystem::path& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.insert(e.path().filename().string());
    return out;
}

std::size_t audit_count(const store::Db& db, const std::string& action) {
    std::size_t n = 0;
    for (const auto& a : store::audit_read(db))
        n += a.action == action ? 1 : 0;
    return n;
}

ExportRequest request(const std::filesystem::path& dir, const std::string& name, bool exhibit) {
    ExportRequest r;
    r.bundle = dir / (name + ".zip");
    if (exhibit)
        r.exhibit = dir / (name + "-link.pdf");
    r.actor = "tester";
    return r;
}

} // namespace export_job_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("an export runs on a worker: running while the UI thread works, then renamed into place") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        const auto before = files_in(dir.path());
        ExportJob job;
        CHECK(job.state() == ExportState::idle);
        Gate gate;
        gate.at = "drawing the timeline";
        job.stage_hook = [&gate](const std::string& s) { gate.hook(s); };
        const auto r = request(dir.path(), "out", true);
        REQUIRE(job.start(cf, r));
        CHECK(job.state() == ExportState::running);
        REQUIRE(gate.wait_reached());
        // Held mid-export: nothing is final yet, poll has nothing to finish, and the UI's own connection
        // still writes (the worker reads through its own read-only connection).
        CHECK(job.progress().stage == "drawing the timeline");
        CHECK(job.progress().stages == 10);
        CHECK_FALSE(job.poll(cf));
        CHECK(job.state() == ExportState::running);
        CHECK_FALSE(std::filesystem::exists(r.bundle));
        store::audit_append(cf.db(), "tester", "note.add", R"({"text":"written while exporting"})");
        CHECK(job.start(cf, r) == false); // one at a time
        gate.release();
        job.wait();
        REQUIRE(job.poll(cf));
        INFO(job.outcome().error);
        REQUIRE(job.state() == ExportState::done);
        CHECK(job.outcome().ok);
        CHECK(job.progress().number == 10);
        CHECK(gate.seen == std::vector<std::string>{"reading the selection", "collecting facts", "redacting",
                                                    "drawing the link chart", "drawing the timeline",
                                                    "drawing the money flows",
                                                    "writing the report and fact tables", "hashing",
                                                    "writing the bundle", "drawing the exhibit"});
        // Exactly the two outputs are new in the folder: no temporary file is left.
        auto after = files_in(dir.path());
        for (const auto& f : before)
            after.erase(f);
        after.erase("t.case-wal");
        after.erase("t.case-shm");
        CHECK(after == std::set<std::string>{"out.zip", "out-link.pdf"});
        CHECK(test::read_file(r.exhibit).rfind("%PDF", 0) == 0);
        // The hash shown is the manifest's inside the zip, and the audit row carries it.
        std::string manifest;
        for (const auto& m : exporter::read_zip(r.bundle).members)
            if (m.path == "manifest.json")
                manifest = m.bytes;
        REQUIRE_FALSE(manifest.empty());
        CHECK(job.outcome().manifest_sha256 == store::sha256_hex(manifest));
        CHECK(audit_count(cf.db(), "export.bundle") == 1);
        CHECK(audit_count(cf.db(), "export.exhibit") == 1);
        bool hash_audited = false;
        for (const auto& a : store::audit_read(cf.db()))
            hash_audited |= a.action == "export.bundle" &&
                            a.params.find(job.outcome().manifest_sha256) != std::string::npos;
        CHECK(hash_audited);
    }

    TEST_CASE("cancelling an export removes the half-written bundle and audits nothing") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        ExportJob job;
        Gate gate;
        gate.at = "drawing the exhibit"; // the bundle is already written under its temporary name
        job.stage_hook = [&gate](const std::string& s) { gate.hook(s); };
        const auto r = request(dir.path(), "out", true);
        REQUIRE(job.start(cf, r));
        REQUIRE(gate.wait_reached());
        CHECK(std::filesystem::exists(dir / "out.zip.partial"));
        job.cancel();
        gate.release();
        job.wait();
        REQUIRE(job.poll(cf));
        CHECK(job.state() == ExportState::cancelled);
        CHECK_FALSE(job.outcome().ok);
        CHECK(job.outcome().error.find(r.bundle.string()) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(r.bundle));
        CHECK_FALSE(std::filesystem::exists(dir / "out.zip.partial"));
        CHECK_FALSE(std::filesystem::exists(dir / "out-link.pdf.partial"));
        CHECK_FALSE(std::filesystem::exists(r.exhibit));
        CHECK(audit_count(cf.db(), "export.bundle") == 0);
        CHECK(audit_count(cf.db(), "export.exhibit") == 0);
        // Cancelled → running again: a new export from the same job finishes.
        job.stage_hook = nullptr;
        REQUIRE(job.start(cf, request(dir.path(), "again", false)));
        job.wait();
        REQUIRE(job.poll(cf));
        CHECK(job.state() == ExportState::done);
        CHECK(std::filesystem::exists(dir / "again.zip"));
    }

    TEST_CASE("Cancel pressed within a stage stops that stage at its next poll and leaves nothing") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        const auto before = files_in(dir.path());
        const auto events = static_cast<std::size_t>(cf.db().scalar_int("SELECT count(*) FROM event"));
        REQUIRE(events == 4);
        // Mid-facts (the third row read), mid-tables, and in the zip being written (its second member).
        for (const std::string stage : {"collecting facts", "writing the report and fact tables",
                                        "writing the bundle", "drawing the exhibit"}) {
            CAPTURE(stage);
            ExportJob job;
            std::size_t polls = 0, after_cancel = 0;
            bool cancelled = false;
            job.cancel_check_hook = [&] {
                if (cancelled) {
                    ++after_cancel;
                    return;
                }
                if (job.progress().stage == stage && ++polls == 2) {
                    job.cancel();
                    cancelled = true;
                }
            };
            const auto r = request(dir.path(), "mid", true);
            REQUIRE(job.start(cf, r));
            job.wait();
            REQUIRE(job.poll(cf));
            CHECK(cancelled);
            CHECK(job.state() == ExportState::cancelled);
            // Stopped in the stage it was in: no later stage was announced, and the poll that saw Cancel
            // ended it (no poll after it).
            CHECK(job.progress().stage == stage);
            CHECK(after_cancel == 0);
            auto after = files_in(dir.path());
            for (const auto& f : before)
                after.erase(f);
            after.erase("t.case-wal");
            after.erase("t.case-shm");
            CHECK(after.empty());
            CHECK(audit_count(cf.db(), "export.bundle") == 0);
        }
    }

    TEST_CASE("a failed export says why and names the file, and leaves nothing behind") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        ExportJob job;
        // Fails on the worker: the selection names an entity the case does not have.
        auto r = request(dir.path(), "bad", true);
        r.entities = {999999};
        REQUIRE(job.start(cf, r));
        job.wait();
        REQUIRE(job.poll(cf));
        CHECK(job.state() == ExportState::failed);
        CHECK(job.outcome().error.find(r.bundle.string()) != std::string::npos);
        CHECK(job.outcome().error.find("#999999") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir / "bad.zip.partial"));
        CHECK_FALSE(std::filesystem::exists(r.bundle));
        // Refused at once: a folder has the bundle's name.
        std::filesystem::create_directories(dir / "folder.zip");
        CHECK_FALSE(job.start(cf, request(dir.path(), "folder", false)));
        CHECK(job.outcome().error.find((dir / "folder.zip").string() + " is a folder") != std::string::npos);
        // Fails when putting it in place: a folder (with a file in it) has the exhibit's name. The bundle,
        // already renamed, is removed again: it would not be in the audit log.
        std::filesystem::create_directories(dir / "taken-link.pdf");
        test::write_file(dir / "taken-link.pdf" / "keep.txt", "analyst's file");
        const auto taken = request(dir.path(), "taken", true);
        REQUIRE(job.start(cf, taken));
        job.wait();
        REQUIRE(job.poll(cf));
        CHECK(job.state() == ExportState::failed);
        CHECK(job.outcome().error.find(taken.bundle.string()) != std::string::npos);
        CHECK(job.outcome().error.find(taken.exhibit.string()) != std::string::npos);
        CHECK(test::read_file(dir / "taken-link.pdf" / "keep.txt") == "analyst's file");
        CHECK_FALSE(std::filesystem::exists(taken.bundle));
        CHECK_FALSE(std::filesystem::exists(dir / "taken.zip.partial"));
        CHECK_FALSE(std::filesystem::exists(dir / "taken-link.pdf.partial"));
        CHECK(audit_count(cf.db(), "export.bundle") == 0);
        // Refused before starting: stays out of running, with the reason.
        auto unredacted = request(dir.path(), "u", false);
        unredacted.redact = false;
        CHECK_FALSE(job.start(cf, unredacted));
        CHECK(job.state() == ExportState::failed);
        CHECK(job.outcome().error.find("reason") != std::string::npos);
        CHECK(std::string(export_state_name(ExportState::cancelled)) == "cancelled");
    }
}
