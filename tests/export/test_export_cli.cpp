// export and verify-bundle as a user drives them, on the demo case: exit codes, determinism, tamper
// detection naming the member, re-derivation from the original evidence, key and interchange files.
#include "export/csv.hpp"
#include "export/zip_io.hpp"
#include "export_fixture.hpp"
#include "store/case_file.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::run_cli;
using test::TempDir;

namespace {

// One demo case per test binary run: building it takes a moment and tests only read or export it.
struct Demo {
    TempDir dir;
    std::string case_path = (dir / "demo" / "demo.case").string();
    std::string evidence = (dir / "demo" / "evidence").string();
    Demo() { REQUIRE(run_cli({"demo", (dir / "demo").string()}).exit_code == 0); }
};

std::string manifest_sha_from(const std::string& out) {
    const auto at = out.find("manifest sha256 ");
    return at == std::string::npos ? std::string() : out.substr(at + 16, 64);
}

std::vector<exporter::ZipMember> members_of(const std::filesystem::path& zip) {
    return exporter::read_zip(zip).members;
}

} // namespace

TEST_SUITE("export") {
    TEST_CASE("export and verify-bundle have --help and are listed") {
        for (const char* cmd : {"export", "verify-bundle"}) {
            const auto r = run_cli({cmd, "--help"});
            CHECK(r.exit_code == 0);
            CHECK(r.out.find(std::string("Usage: casegraph ") + cmd) != std::string::npos);
            CHECK(run_cli({"--help"}).out.find(std::string("  ") + cmd + " ") != std::string::npos);
        }
        CHECK(run_cli({"verify-bundle"}).exit_code == 2);
        CHECK(run_cli({"verify-bundle", "/nonexistent/b.zip"}).exit_code == 1);
    }

    TEST_CASE("export --bundle on the demo case: byte-identical, audited, verified, and already redacted") {
        Demo d;
        const auto a = (d.dir / "a.zip").string(), b = (d.dir / "b.zip").string();
        auto r = run_cli({"export", d.case_path, "--bundle", a, "--at", "2024-06-01T12:00:00Z"});
        REQUIRE(r.exit_code == 0);
        const auto sha = manifest_sha_from(r.out);
        CHECK(sha.size() == 64);
        r = run_cli({"export", d.case_path, "--bundle", b, "--at", "2024-06-01T12:00:00Z"});
        REQUIRE(r.exit_code == 0);
        CHECK(manifest_sha_from(r.out) == sha);
        CHECK(test::read_file(a) == test::read_file(b));
        {
            const auto cf = store::CaseFile::open_read_only(d.case_path);
            const auto p = cf.db().scalar_text("SELECT params FROM audit_log WHERE action = 'export.bundle' "
                                               "ORDER BY seq LIMIT 1");
            REQUIRE(p);
            CHECK(nlohmann::json::parse(*p)["manifest_sha256"] == sha);
        }
        r = run_cli({"verify-bundle", a});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(sha) != std::string::npos);
        r = run_cli({"verify-bundle", a, "--evidence", d.evidence});
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        CHECK(r.out.find("Bundle verified") != std::string::npos);

        // The demo's victims are tagged: none of their numbers may appear, in any form.
        const auto cf = store::CaseFile::open_read_only(d.case_path);
        auto st = cf.db().prepare("SELECT i.value FROM identifier i JOIN tag t ON t.entity_id = i.entity_id "
                                  "WHERE t.tag = 'victim' AND t.removed_at IS NULL AND i.type = 'phone'");
        std::vector<std::string> victims;
        while (st.step())
            victims.push_back(st.column_text(0));
        REQUIRE(!victims.empty());
        for (const auto& m : members_of(a))
            for (const auto& v : victims) {
                const auto nsn = v.substr(3); // +44 7700900311 -> 7700900311
                for (const auto& form : {v, nsn, "0" + nsn, "0" + nsn.substr(0, 4) + " " + nsn.substr(4),
                                         "+44 " + nsn.substr(0, 4) + " " + nsn.substr(4)})
                    CHECK_MESSAGE(m.bytes.find(form) == std::string::npos, m.path, " holds ", form);
            }
        const auto custody = exporter::csv_parse(test::unzip(a).at("custody.csv"));
        std::set<std::string> actions;
        for (std::size_t i = 1; i < custody.size(); ++i)
            actions.insert(custody[i][3]);
        CHECK(actions.count("evidence.register") == 1);
        CHECK(actions.count("ingest") == 1);
        CHECK(actions.count("tag.add") == 1);
        CHECK(actions.count("export.bundle") == 0);
    }

    TEST_CASE("verify-bundle fails naming the member after one byte of it changes") {
        Demo d;
        const auto a = d.dir / "a.zip";
        REQUIRE(run_cli({"export", d.case_path, "--bundle", a.string(), "--at", "2024-06-01"}).exit_code ==
                0);
        for (const char* victim : {"report.html", "facts/events.csv", "custody.csv"}) {
            auto members = members_of(a);
            for (auto& m : members)
                if (m.path == victim)
                    m.bytes[m.bytes.size() / 2] ^= 0x01;
            const auto t = d.dir / "tampered.zip";
            exporter::write_zip(t, members, 1'717'200'000);
            const auto r = run_cli({"verify-bundle", t.string()});
            CHECK(r.exit_code == 1);
            CHECK_MESSAGE(r.err.find(std::string(victim) + ": SHA-256 differs") != std::string::npos, r.err);
        }
        // A byte flipped in the zip itself (inside compressed data) is caught too.
        auto raw = test::read_file(a);
        raw[raw.size() / 3] = static_cast<char>(raw[raw.size() / 3] ^ 0x40);
        test::write_file(d.dir / "flipped.zip", raw);
        CHECK(run_cli({"verify-bundle", (d.dir / "flipped.zip").string()}).exit_code == 1);
        // A member added after the fact is named as not in the manifest.
        auto members = members_of(a);
        members.push_back({"exhibits/extra.txt", "planted"});
        exporter::write_zip(d.dir / "planted.zip", members, 1'717'200'000);
        const auto r = run_cli({"verify-bundle", (d.dir / "planted.zip").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("exhibits/extra.txt: in the bundle but not listed") != std::string::npos);
    }

    TEST_CASE(
        "verify-bundle --evidence reports a fact that differs from its source, even with hashes redone") {
        Demo d;
        const auto a = d.dir / "a.zip";
        REQUIRE(run_cli({"export", d.case_path, "--bundle", a.string(), "--at", "2024-06-01"}).exit_code ==
                0);
        auto members = members_of(a);
        std::string new_sha;
        std::string forged_locator;
        for (auto& m : members)
            if (m.path == "facts/events.csv") {
                auto rows = exporter::csv_parse(m.bytes);
                REQUIRE(rows.size() > 2);
                rows[2][9] = "I never said that";
                forged_locator = rows[2][14];
                m.bytes.clear();
                for (const auto& row : rows)
                    m.bytes += exporter::csv_row(row);
                new_sha = store::sha256_hex(m.bytes);
            }
        for (auto& m : members)
            if (m.path == "manifest.json") {
                auto j = nlohmann::ordered_json::parse(m.bytes);
                for (auto& f : j["files"])
                    if (f["path"] == "facts/events.csv") {
                        f["sha256"] = new_sha;
                        for (const auto& x : members)
                            if (x.path == "facts/events.csv")
                                f["size"] = x.bytes.size();
                    }
                m.bytes = j.dump(2) + "\n";
            }
        const auto forged = d.dir / "forged.zip";
        exporter::write_zip(forged, members, 1'717'200'000);
        CHECK(run_cli({"verify-bundle", forged.string()}).exit_code == 0); // self-consistent...
        const auto r = run_cli({"verify-bundle", forged.string(), "--evidence", d.evidence});
        CHECK(r.exit_code == 1); // ...but not what the evidence says
        CHECK_MESSAGE(r.err.find("body in the bundle is 'I never said that'") != std::string::npos, r.err);
        REQUIRE_FALSE(forged_locator.empty());
        CHECK(r.err.find(forged_locator) != std::string::npos); // the message names the record
        // Evidence that cannot be found is reported, not silently skipped.
        TempDir empty;
        CHECK(run_cli({"verify-bundle", a.string(), "--evidence", empty.path().string()}).exit_code == 1);
    }

    TEST_CASE("export usage errors: --no-redact without --reason, bad selections, unknown formats") {
        test::ExportFixture f;
        const auto c = f.case_path.string();
        const auto out = (f.dir / "x.zip").string();
        auto r = run_cli({"export", c, "--bundle", out, "--no-redact"});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--reason") != std::string::npos);
        CHECK(!std::filesystem::exists(out));
        CHECK(run_cli({"export", c, "--bundle", out, "--reason", "why"}).exit_code == 2);
        CHECK(run_cli({"export", c, "--bundle", out, "--select", "indicator:debt_bondage"}).exit_code == 2);
        CHECK(run_cli({"export", c, "--bundle", out, "--select", "entity:nobody@example.org"}).exit_code ==
              2);
        CHECK(run_cli({"export", c, "--bundle", out, "--at", "yesterday"}).exit_code == 2);
        CHECK(run_cli({"export", c}).exit_code == 2);
        r = run_cli({"export", c, "--format", "pajek", (f.dir / "x.out").string()});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("graphml, gexf, csv, ftm or anx") != std::string::npos);
        r = run_cli({"export", c, "--bundle", out, "--no-redact", "--reason", "court order 12/2024", "--at",
                     "2024-06-01"});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("NOT REDACTED") != std::string::npos);
    }

    TEST_CASE("--write-key writes the key to its own file, audited, and never into the bundle") {
        test::ExportFixture f;
        const auto c = f.case_path.string();
        const auto key = f.dir / "key.csv";
        const auto out = f.dir / "b.zip";
        const auto r = run_cli(
            {"export", c, "--bundle", out.string(), "--write-key", key.string(), "--at", "2024-06-01"});
        REQUIRE(r.exit_code == 0);
        const auto text = test::read_file(key);
        CHECK(text.find("\"V1\"") != std::string::npos);
        CHECK(text.find("+447700900123") != std::string::npos);
        for (const auto& m : members_of(out)) {
            CHECK(m.bytes.find(text) == std::string::npos);
            CHECK(m.bytes.find("+447700900123") == std::string::npos);
        }
        const auto cf = store::CaseFile::open_read_only(c);
        const auto p = cf.db().scalar_text("SELECT params FROM audit_log WHERE action = 'key.write'");
        REQUIRE(p);
        CHECK(nlohmann::json::parse(*p)["sha256"] == store::sha256_hex(text));
    }

    TEST_CASE("graphml, gexf and csv interchange files hold entities and links, redacted") {
        test::ExportFixture f;
        const auto c = f.case_path.string();
        auto r = run_cli({"export", c, "--format", "graphml", (f.dir / "g.graphml").string()});
        REQUIRE(r.exit_code == 0);
        const auto g = test::read_file(f.dir / "g.graphml");
        CHECK(g.find("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"") != std::string::npos);
        CHECK(g.find("<data key=\"label\">V1</data>") != std::string::npos);
        CHECK(g.find("<data key=\"count\">15</data>") != std::string::npos);
        CHECK(g.find("7700 900123") == std::string::npos);
        CHECK(g.find("+447700900123") == std::string::npos);
        r = run_cli({"export", c, "--format", "gexf", (f.dir / "g.gexf").string()});
        REQUIRE(r.exit_code == 0);
        const auto x = test::read_file(f.dir / "g.gexf");
        CHECK(x.find("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">") != std::string::npos);
        CHECK(x.find("label=\"V1\"") != std::string::npos);
        CHECK(x.find("Kowalska") == std::string::npos);
        r = run_cli({"export", c, "--format", "csv", (f.dir / "csv").string()});
        REQUIRE(r.exit_code == 0);
        const auto nodes = exporter::csv_parse(test::read_file(f.dir / "csv" / "nodes.csv"));
        const auto edges = exporter::csv_parse(test::read_file(f.dir / "csv" / "edges.csv"));
        CHECK(nodes.size() == 6); // header + 5 entities
        // header + suspect-victim, suspect-witness messages, and the suspect's messages mentioning the
        // victim's number and IBAN (mined from their text)
        CHECK(edges.size() == 5);
    }
}

TEST_SUITE("export") {
    TEST_CASE("a database's -wal is listed as evidence and verify-bundle re-derives WAL-only rows from moved "
              "copies") {
        Demo d;
        TempDir w;
        const auto work = w / "work";
        const auto ev = w / "ev";
        std::filesystem::create_directories(work);
        std::filesystem::create_directories(ev);
        std::filesystem::copy_file(std::filesystem::path(d.evidence) / "controller_phone" / "mmssms.db",
                                   work / "mmssms.db");
        {
            // Keep the connection open while copying, so the row lives only in the -wal.
            store::Db db((work / "mmssms.db").string(), store::OpenMode::ReadWrite);
            db.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;");
            db.exec("INSERT INTO sms(_id, thread_id, address, date, type, body) "
                    "VALUES (9999, 1, '07700 900311', 1706000000000, 2, 'only in the wal')");
            std::filesystem::copy_file(work / "mmssms.db", ev / "mmssms.db");
            std::filesystem::copy_file(work / "mmssms.db-wal", ev / "mmssms.db-wal");
        }
        const auto c = (w / "c.case").string();
        REQUIRE(run_cli({"new", c, "--region", "GB", "--tz", "Europe/London"}).exit_code == 0);
        REQUIRE(run_cli({"ingest", c, ev.string()}).exit_code == 0);
        const auto b = (w / "b.zip").string();
        REQUIRE(run_cli({"export", c, "--bundle", b, "--at", "2024-06-01"}).exit_code == 0);
        const auto m = nlohmann::json::parse(test::unzip(b).at("manifest.json"));
        REQUIRE(m["evidence"].size() == 2);
        int sidecars = 0;
        for (const auto& e : m["evidence"])
            sidecars += e["sidecar_of"].get<std::string>().empty() ? 0 : 1;
        CHECK(sidecars == 1);
        CHECK(test::unzip(b).at("facts/events.csv").find("sqlite-wal:sms/rowid=9999") != std::string::npos);
        // The examiner's copies are renamed and in different folders.
        std::filesystem::create_directories(w / "moved" / "a");
        std::filesystem::create_directories(w / "moved" / "b");
        std::filesystem::copy_file(ev / "mmssms.db", w / "moved" / "a" / "exhibit-1.bin");
        std::filesystem::copy_file(ev / "mmssms.db-wal", w / "moved" / "b" / "exhibit-2.bin");
        const auto r = run_cli({"verify-bundle", b, "--evidence", (w / "moved").string()});
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        CHECK(r.out.find("Re-imported 2 of 2") != std::string::npos);
    }
}
