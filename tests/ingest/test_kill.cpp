// Crash safety: kill -9 a real `casegraph ingest` at several points; the case must stay consistent and a
// re-run must import everything exactly once.
#include "store/audit.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <chrono>
#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace casegraph;
using test::TempDir;

namespace {

constexpr std::int64_t kRows = 12000;

void make_big_sms_db(const std::filesystem::path& p) {
    store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
    w.exec(
        "CREATE TABLE sms(_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, date_sent "
        "INTEGER, type INTEGER, read INTEGER, status INTEGER, body TEXT); CREATE TABLE threads(_id INTEGER "
        "PRIMARY KEY);");
    store::Transaction tx(w);
    auto ins =
        w.prepare("INSERT INTO sms(_id, thread_id, address, date, date_sent, type, read, status, body) "
                  "VALUES (?1, ?2, ?3, ?4, 0, ?5, 1, -1, ?6)");
    for (std::int64_t i = 1; i <= kRows; ++i) {
        const auto who = i % 400;
        ins.bind(1, i)
            .bind(2, who)
            .bind(3, "07700 900" + std::to_string(100 + who))
            .bind(4, 1704067200000 + i * 61000)
            .bind(5, i % 3 == 0 ? 2 : 1)
            .bind(6, "message number " + std::to_string(i) + " about the flat and the money")
            .run();
    }
    tx.commit();
}

pid_t start_ingest(const std::filesystem::path& case_path, const std::filesystem::path& ev) {
    // Everything that can throw happens before fork: an exception in the child would unwind into the
    // test's own destructors (and delete its temporary folder).
    std::string bin = test::casegraph_bin();
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_RDWR);
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        std::string a1 = "ingest", a2 = case_path.string(), a3 = ev.string(), a4 = "--region", a5 = "GB";
        char* argv[] = {bin.data(), a1.data(), a2.data(), a3.data(), a4.data(), a5.data(), nullptr};
        ::execv(argv[0], argv);
        ::_exit(127);
    }
    return pid;
}

struct State {
    std::int64_t events, evidence, running_runs, ok_runs;
};

State check_consistent(const std::filesystem::path& case_path) {
    auto cf = store::CaseFile::open(case_path);
    const auto& db = cf.db();
    CHECK(db.scalar_text("PRAGMA integrity_check").value() == "ok");
    CHECK(db.scalar_int("SELECT count(*) FROM pragma_foreign_key_check") == 0);
    CHECK(store::audit_verify(db).intact);
    State s{db.scalar_int("SELECT count(*) FROM event"), db.scalar_int("SELECT count(*) FROM evidence_file"),
            db.scalar_int("SELECT count(*) FROM import_run WHERE status = 'running'"),
            db.scalar_int("SELECT count(*) FROM import_run WHERE status = 'ok'")};
    // All or nothing for the file: its registration, rows and import run commit together.
    CHECK((s.events == 0 || s.events == kRows));
    CHECK(s.running_runs == 0);
    CHECK(s.evidence == (s.events == kRows ? 1 : 0));
    CHECK(s.ok_runs == (s.events == kRows ? 1 : 0));
    // Derived links agree with the events that exist.
    CHECK(db.scalar_int("SELECT coalesce(sum(count), 0) FROM link") == s.events);
    return s;
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("kill -9 during ingest leaves the case as before the file; a re-run imports it exactly once") {
        TempDir d;
        const auto ev = d / "mmssms.db";
        make_big_sms_db(ev);
        const auto case_path = d / "k.case";
        (void)store::CaseFile::create(case_path, {.region = "GB"}, "tester");

        // Time one complete ingest into a scratch case, then kill at fractions of that time, so the kills
        // land inside the work whatever the build type (Release, Debug, sanitizers) and machine load.
        const auto t0 = std::chrono::steady_clock::now();
        {
            const pid_t pid = start_ingest(d / "timing.case", ev);
            int status = 0;
            ::waitpid(pid, &status, 0);
            REQUIRE(WIFEXITED(status));
            REQUIRE(WEXITSTATUS(status) == 0);
        }
        const auto full = std::chrono::steady_clock::now() - t0;
        int killed_while_running = 0;
        bool completed = false;
        for (double fraction : {0.02, 0.1, 0.25, 0.45, 0.65, 0.85, 0.97}) {
            const pid_t pid = start_ingest(case_path, ev);
            std::this_thread::sleep_for(
                std::chrono::duration_cast<std::chrono::microseconds>(full * fraction));
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == 0) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &status, 0);
                ++killed_while_running;
            }
            const auto s = check_consistent(case_path);
            if (s.events == kRows) {
                completed = true;
                break;
            }
        }
        INFO("kills that hit a running ingest: " << killed_while_running);
        CHECK(killed_while_running >= 2);

        // Finish the job, then run it once more: nothing is added twice.
        auto r = test::run_cli({"ingest", case_path.string(), ev.string(), "--region", "GB"});
        CHECK(r.exit_code == 0);
        auto s = check_consistent(case_path);
        CHECK(s.events == kRows);
        r = test::run_cli({"ingest", case_path.string(), ev.string(), "--region", "GB"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("already-imported") != std::string::npos);
        s = check_consistent(case_path);
        CHECK(s.events == kRows);
        (void)completed;
    }
}
