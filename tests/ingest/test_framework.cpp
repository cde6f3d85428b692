// The ingest loop: idempotent re-runs, archives, unsupported input, per-record rollback, folders.
#include "ingest/importer.hpp"
#include "ingest/ingest.hpp"
#include "store/audit.hpp"
#include "store/hash.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <cstdlib>
#include <doctest/doctest.h>

using namespace casegraph;
using test::TempDir;

namespace {
ingest::IngestOptions us() {
    ingest::IngestOptions o;
    o.region = "US";
    o.region_from = "evidence";
    return o;
}

std::int64_t count(const store::CaseFile& cf, const std::string& sql) {
    return cf.db().scalar_int(sql);
}
} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("ingesting the same evidence again adds nothing and loses nothing") {
        TempDir d;
        const auto ev = test::copy_to(test::sample("android/plaso_mmssms.db"), d.path());
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {ev}, us(), "tester");
        const auto events = count(cf, "SELECT count(*) FROM event");
        const auto sources = count(cf, "SELECT count(*) FROM source");
        const auto links = count(cf, "SELECT sum(count) FROM link");
        REQUIRE(events == 9);
        const auto again = ingest::ingest_paths(cf, {ev}, us(), "tester");
        REQUIRE(again.files.size() == 1);
        CHECK(again.files[0].status == "already-imported");
        CHECK(count(cf, "SELECT count(*) FROM event") == events);
        CHECK(count(cf, "SELECT count(*) FROM source") == sources);
        CHECK(count(cf, "SELECT sum(count) FROM link") == links);
        CHECK(count(cf, "SELECT count(*) FROM evidence_file") == 1);
        // A copy of the same bytes under another name is the same evidence.
        std::filesystem::create_directories(d / "other");
        std::filesystem::copy_file(ev, d / "other" / "renamed.db");
        (void)ingest::ingest_paths(cf, {d / "other" / "renamed.db"}, us(), "tester");
        CHECK(count(cf, "SELECT count(*) FROM evidence_file") == 1);
        CHECK(count(cf, "SELECT count(*) FROM event") == events);
        CHECK(store::audit_verify(cf.db()).intact);
    }

    TEST_CASE("members of a tar.gz and a zip are imported with archive locators and member hashes") {
        TempDir d;
        std::filesystem::create_directories(d / "ext" / "data" / "telephony");
        const auto db =
            test::copy_to(test::sample("android/plaso_mmssms.db"), d / "ext" / "data" / "telephony");
        test::write_file(d / "ext" / "notes.txt", "examiner notes, not a format\n");
        const std::string tar =
            "tar -C '" + (d / "ext").string() + "' -czf '" + (d / "x.tar.gz").string() + "' data notes.txt";
        REQUIRE(std::system(tar.c_str()) == 0);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {d / "x.tar.gz"}, us(), "tester");
        CHECK(count(cf, "SELECT count(*) FROM evidence_file") == 1);
        CHECK(cf.db().scalar_text("SELECT media_kind FROM evidence_file").value() == "archive");
        CHECK(count(cf, "SELECT count(*) FROM event") == 9);
        CHECK(count(cf, "SELECT count(*) FROM source WHERE locator LIKE "
                        "'tar:data/telephony/plaso_mmssms.db!sqlite:sms/rowid=%'") == 9);
        CHECK(cf.db()
                  .scalar_text(
                      "SELECT sha256 FROM evidence_member WHERE path = 'data/telephony/plaso_mmssms.db'")
                  .value() == store::hash_file(db).sha256);
        // The text member is reported as unsupported, not dropped.
        CHECK(count(cf, "SELECT count(*) FROM import_error WHERE locator = 'tar:notes.txt' AND severity = "
                        "'warning'") == 1);

        const std::string zip =
            "cd '" + (d / "ext").string() + "' && zip -qr '" + (d / "x.zip").string() + "' data";
        REQUIRE(std::system(zip.c_str()) == 0);
        (void)ingest::ingest_paths(cf, {d / "x.zip"}, us(), "tester");
        CHECK(count(cf, "SELECT count(*) FROM source WHERE locator LIKE "
                        "'zip:data/telephony/plaso_mmssms.db!sqlite:sms/rowid=%'") == 9);
    }

    TEST_CASE("a file no importer knows is registered, reported once, and not reported again on re-run") {
        TempDir d;
        test::write_file(d / "readme.bin", std::string("\x01\x02\x03 not evidence of a known format", 34));
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        auto r = ingest::ingest_paths(cf, {d / "readme.bin"}, us(), "tester");
        REQUIRE(r.files.size() == 1);
        CHECK(r.files[0].status == "unsupported");
        CHECK(count(cf, "SELECT count(*) FROM import_error") == 1);
        CHECK(cf.db().scalar_text("SELECT status FROM evidence_file").value() == "unsupported");
        r = ingest::ingest_paths(cf, {d / "readme.bin"}, us(), "tester");
        CHECK(count(cf, "SELECT count(*) FROM import_error") == 1);
    }

    TEST_CASE("a missing path and an unreadable database are failures that name the file") {
        TempDir d;
        test::write_file(d / "broken.db", std::string("SQLite format 3\0", 16) + std::string(4000, '\x7f'));
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        ingest::IngestOptions o = us();
        o.format = "android-sms";
        const auto r = ingest::ingest_paths(cf, {d / "nope.db", d / "broken.db"}, o, "tester");
        REQUIRE(r.files.size() == 2);
        CHECK(r.files[0].status == "failed");
        CHECK(r.files[0].message.find("nope.db") != std::string::npos);
        CHECK(r.files[1].status == "failed");
        CHECK(r.files[1].message.find("broken.db") != std::string::npos);
        CHECK(r.any_failed());
        CHECK(count(cf, "SELECT count(*) FROM import_error WHERE severity = 'error'") == 1);
    }

    TEST_CASE("a record that throws is rolled back alone and stored as an error with its locator") {
        TempDir d;
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto& db = cf.db();
        store::Transaction tx(db);
        db.exec("INSERT INTO evidence_file(sha256, size, original_path, original_name, registered_by, "
                "registered_at) "
                "VALUES ('abc', 1, '/x', 'x', 't', 'now')");
        db.exec("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
                "VALUES (1, 'test', '1', '{}', 'now', 'running')");
        store::ImportWriter w(db, 1, 1, "abc");
        ingest::IngestOptions opts = us();
        ingest::Input input;
        input.locator_prefix = "zip:chat.txt!";
        ingest::ImportContext ctx(w, opts, input, {});
        CHECK(ctx.record("line:1", [&] {
            const auto s = w.source(ctx.locator("line:1"));
            (void)w.identifier("phone", "+1 202 555 0100", s);
        }));
        CHECK_FALSE(ctx.record("line:2", [&] {
            const auto s = w.source(ctx.locator("line:2"));
            (void)w.identifier("phone", "+1 202 555 0199", s);
            throw std::runtime_error("unexpected token after the time");
        }));
        CHECK(ctx.record("line:3", [&] {
            const auto s = w.source(ctx.locator("line:3"));
            (void)w.identifier("phone", "+1 202 555 0199", s); // must not reuse the rolled-back entity id
        }));
        tx.commit();
        CHECK(db.scalar_int("SELECT count(*) FROM source") == 2);
        CHECK(db.scalar_int("SELECT count(*) FROM identifier") == 2);
        CHECK(
            db.scalar_int("SELECT count(*) FROM entity e WHERE NOT EXISTS (SELECT 1 FROM identifier i WHERE "
                          "i.entity_id = e.id)") == 0);
        CHECK(db.scalar_text("SELECT locator || ' | ' || message FROM import_error").value() ==
              "zip:chat.txt!line:2 | unexpected token after the time");
        CHECK(w.counts().records == 3);
        CHECK(w.counts().errors == 1);
    }

    TEST_CASE(
        "a failing record's warnings survive its rollback, and its rolled-back events are not counted") {
        TempDir d;
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto& db = cf.db();
        store::Transaction tx(db);
        db.exec("INSERT INTO evidence_file(sha256, size, original_path, original_name, registered_by, "
                "registered_at) VALUES ('abc', 1, '/x', 'x', 't', 'now')");
        db.exec("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
                "VALUES (1, 'test', '1', '{}', 'now', 'running')");
        store::ImportWriter w(db, 1, 1, "abc");
        ingest::IngestOptions opts = us();
        ingest::Input input;
        ingest::ImportContext ctx(w, opts, input, {});
        auto message = [&](const std::string& loc) {
            store::EventRecord e;
            e.kind = "message";
            (void)w.event(e, w.source(loc));
        };
        CHECK_FALSE(ctx.record("row:1", [&] {
            message("row:1");
            ctx.warning("row:1", "no time");
            // A nested record that succeeds, inside the failing one: its rows and warning go too.
            CHECK(ctx.record("row:1/part:1", [&] {
                message("row:1/part:1");
                ctx.warning("row:1/part:1", "unknown part type");
            }));
            throw std::runtime_error("sender names no handle");
        }));
        CHECK(ctx.record("row:2", [&] { message("row:2"); }));
        tx.commit();
        CHECK(db.scalar_int("SELECT count(*) FROM event") == 1);
        CHECK(w.counts().events == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'warning'") == 2);
        CHECK(w.counts().warnings == 2);
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error'") == 1);
        CHECK(w.counts().errors == 1);
        CHECK(db.scalar_text(
                    "SELECT group_concat(locator || ' ' || message, '; ') FROM (SELECT * FROM import_error "
                    "ORDER BY id)")
                  .value() == "row:1 no time; row:1/part:1 unknown part type; row:1 sender names no handle");
    }

    TEST_CASE("detection is by content, not by file name") {
        TempDir d;
        const auto renamed = d / "holiday-photos.jpg";
        std::filesystem::copy_file(test::sample("android/plaso_mmssms.db"), renamed);
        std::vector<unsigned char> head;
        const auto probe = ingest::make_probe(renamed, head);
        const auto* imp = ingest::detect_importer(probe);
        REQUIRE(imp != nullptr);
        CHECK(imp->format() == "android-sms");
        CHECK(test::listing(d.path()) == std::set<std::string>{"holiday-photos.jpg"});
    }
}
