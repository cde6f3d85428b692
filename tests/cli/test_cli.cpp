// The casegraph command line as a user drives it: exit codes, messages, and the CONTRACTS.md JSON shapes.
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace casegraph;
using test::run_cli;
using test::TempDir;

TEST_SUITE("cli") {
    TEST_CASE("every command has --help, and unknown commands or options are usage errors (exit 2)") {
        for (const char* cmd : {"new", "add", "ingest", "verify", "stats", "errors", "log", "demo"}) {
            const auto r = run_cli({cmd, "--help"});
            CHECK_MESSAGE(r.exit_code == 0, cmd);
            CHECK_MESSAGE(r.out.find(std::string("Usage: casegraph ") + cmd) != std::string::npos, cmd);
        }
        CHECK(run_cli({"frobnicate"}).exit_code == 2);
        CHECK(run_cli({}).exit_code == 2);
        const auto r = run_cli({"stats", "x.case", "--colour"});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("unknown option '--colour'") != std::string::npos);
        CHECK(run_cli({"ingest", "only-a-case.case"}).exit_code == 2);
        CHECK(run_cli({"new", "x.case", "--region", "XX"}).exit_code == 2);
        CHECK(run_cli({"new", "x.case", "--tz", "Mars/Olympus"}).exit_code == 2);
    }

    TEST_CASE("new creates a case once and refuses to overwrite it") {
        TempDir d;
        const auto c = (d / "op.case").string();
        auto r = run_cli({"new", c, "--region", "gb", "--tz", "Europe/London", "--analyst", "DC Smith"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("region GB") != std::string::npos);
        r = run_cli({"new", c});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("already exists") != std::string::npos);
        const auto cf = store::CaseFile::open_read_only(c);
        CHECK(cf.settings().analyst == "DC Smith");
        CHECK(cf.settings().tz == "Europe/London");
    }

    TEST_CASE(
        "add registers evidence once; verify passes, then fails on one changed byte and on a missing file") {
        TempDir d;
        const auto c = (d / "v.case").string();
        const auto ev = d / "statement.txt";
        test::write_file(ev, ":20:REF\n:25:GB82WEST12345698765432\n");
        const auto ev2 = d / "second.txt";
        test::write_file(ev2, "second file\n");
        REQUIRE(run_cli({"new", c}).exit_code == 0);
        auto r = run_cli({"add", c, ev.string(), ev2.string()});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("registered") != std::string::npos);
        r = run_cli({"add", c, ev.string()});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("not registered twice") != std::string::npos);
        r = run_cli({"verify", c});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("All 2 evidence files are unchanged") != std::string::npos);

        auto bytes = test::read_file(ev);
        bytes[5] = 'X';
        test::write_file(ev, bytes);
        r = run_cli({"verify", c});
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("CHANGED") != std::string::npos);
        std::filesystem::remove(ev2);
        r = run_cli({"verify", c, "--json"});
        CHECK(r.exit_code == 1);
        const auto j = nlohmann::json::parse(r.out);
        REQUIRE(j.size() == 2);
        CHECK(j[0]["state"] == "changed");
        CHECK(j[1]["state"] == "missing");
    }

    TEST_CASE("stats --json follows the CONTRACTS.md shape with counts from the case") {
        TempDir d;
        const auto c = (d / "s.case").string();
        const auto ev = test::copy_to(test::sample("android/plaso_mmssms.db"), d.path());
        auto r = run_cli({"ingest", c, ev.string(), "--region", "US"});
        REQUIRE(r.exit_code == 0);
        r = run_cli({"stats", c, "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(r.out);
        for (const char* key : {"schema_version", "evidence_files", "sources", "entities", "identifiers",
                                "events", "links", "import_errors"})
            CHECK_MESSAGE(j.contains(key), key);
        CHECK(j["schema_version"].is_number_integer());
        CHECK(j["evidence_files"] == 1);
        CHECK(j["events"]["message"] == 9); // 9 rows in the sample's sms table
        CHECK(j["entities"]["phone"] == 1);
        CHECK(j["import_errors"] == 0);
        CHECK(j["links"] == 1);
        r = run_cli({"stats", c});
        CHECK(r.out.find("Events          9 (message 9)") != std::string::npos);
    }

    TEST_CASE("errors --json lists each problem with evidence hash, name, locator, severity and message") {
        TempDir d;
        const auto c = (d / "e.case").string();
        test::write_file(d / "mystery.bin", "\x01\x02 not a known format");
        auto r = run_cli({"ingest", c, (d / "mystery.bin").string()});
        CHECK(r.exit_code == 0);
        r = run_cli({"errors", c, "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(r.out);
        REQUIRE(j.size() == 1);
        CHECK(j[0]["evidence_name"] == "mystery.bin");
        CHECK(j[0]["evidence_sha256"].get<std::string>().size() == 64);
        CHECK(j[0]["severity"] == "warning");
        CHECK(j[0]["message"].get<std::string>().find("unsupported") != std::string::npos);
        CHECK(j[0].contains("locator"));
    }

    TEST_CASE("log shows the chain head, and exits 1 naming the row when history was rewritten") {
        TempDir d;
        const auto c = (d / "l.case").string();
        REQUIRE(run_cli({"new", c}).exit_code == 0);
        test::write_file(d / "a.txt", "a");
        REQUIRE(run_cli({"add", c, (d / "a.txt").string()}).exit_code == 0);
        auto r = run_cli({"log", c});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("Audit chain intact: 2 rows") != std::string::npos);
        r = run_cli({"log", c, "--json"});
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["chain"]["intact"] == true);
        CHECK(j["entries"][1]["action"] == "evidence.register");
        CHECK(j["chain"]["head_hash"] == j["entries"][1]["hash"]);
        {
            store::Db db(c, store::OpenMode::ReadWrite);
            db.exec("DROP TRIGGER audit_log_no_update");
            db.exec("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1");
        }
        r = run_cli({"log", c});
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("AUDIT CHAIN BROKEN at row 1") != std::string::npos);
        CHECK(r.err.find("audit chain broken at row 1") != std::string::npos);
    }

    TEST_CASE("ingest creates the case when missing and reports a failure with exit 1") {
        TempDir d;
        const auto c = (d / "i.case").string();
        auto r = run_cli({"ingest", c, (d / "does-not-exist.db").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("does-not-exist.db") != std::string::npos);
        CHECK(std::filesystem::exists(c));
        r = run_cli({"ingest", c, (d / "x").string(), "--format", "nonsense"});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--format nonsense") != std::string::npos);
    }

    TEST_CASE("ingest's summary counts in words that agree with the number (1 event, 2 events)") {
        TempDir d;
        const auto c = (d / "p.case").string();
        test::write_file(d / "one.txt", "13/01/2021, 10:00 - Ann: hi\n");
        auto r = run_cli({"ingest", c, (d / "one.txt").string(), "--tz", "Europe/London"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("1 record, 1 event, 0 errors, 0 warnings") != std::string::npos);
        CHECK(r.out.find("1 file: 1 imported. 1 event added.") != std::string::npos);
        test::write_file(d / "two.txt", "13/01/2021, 10:00 - Ann: hi\n13/01/2021, 10:01 - Bob: yo\n");
        r = run_cli({"ingest", c, (d / "two.txt").string(), "--tz", "Europe/London"});
        CHECK(r.out.find("2 records, 2 events, 0 errors, 0 warnings") != std::string::npos);
    }

    TEST_CASE("a file that is not a case is refused without being changed") {
        TempDir d;
        test::write_file(d / "notes.case", "these are my notes");
        const auto r = run_cli({"stats", (d / "notes.case").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("notes.case") != std::string::npos);
        CHECK(test::read_file(d / "notes.case") == "these are my notes");
    }
}
