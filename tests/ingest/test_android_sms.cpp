// Android mmssms.db SMS importer: golden test on the plaso sample and WAL / schema edge cases.
#include "ingest/ingest.hpp"
#include "store/hash.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::TempDir;

namespace {
ingest::IngestOptions region(const std::string& r) {
    ingest::IngestOptions o;
    o.region = r;
    o.region_from = "evidence";
    return o;
}
} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "android-sms imports every sms row of the plaso sample with body, time, direction and locator") {
        TempDir d;
        const auto ev_dir = d / "evidence";
        std::filesystem::create_directories(ev_dir);
        const auto ev = test::copy_to(test::sample("android/plaso_mmssms.db"), ev_dir);
        std::filesystem::permissions(ev, std::filesystem::perms::owner_read,
                                     std::filesystem::perm_options::replace);
        const test::SourceDb src(test::sample("android/plaso_mmssms.db"), d / "src");
        const auto before_hash = store::hash_file(ev).sha256;
        const auto before_listing = test::listing(ev_dir);

        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {ev}, region("US"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "imported");
        CHECK(report.files[0].format == "android-sms");

        const auto expected = src.count("SELECT count(*) FROM sms");
        REQUIRE(expected == 9);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'message' AND app = 'sms'") ==
              expected);

        auto rows = src.db().prepare("SELECT _id, address, type, date, body FROM sms ORDER BY _id");
        int compared = 0;
        while (rows.step()) {
            const auto id = rows.column_int64(0);
            auto ev_row = cf.db().prepare(
                "SELECT e.body, e.utc_ms, e.direction, e.precision, e.time_raw FROM event e JOIN source s ON "
                "s.id = e.source_id WHERE s.locator = ?1");
            ev_row.bind(1, "sqlite:sms/rowid=" + std::to_string(id));
            REQUIRE(ev_row.step());
            CHECK(ev_row.column_text(0) == rows.column_text(4));
            CHECK(ev_row.column_int64(1) == rows.column_int64(3));
            CHECK(ev_row.column_text(2) == (rows.column_int64(2) == 1 ? "incoming" : "outgoing"));
            CHECK(ev_row.column_text(3) == "ms");
            CHECK(ev_row.column_text(4) == std::to_string(rows.column_int64(3)));
            // The other party is the number as found, normalised with the evidence's region.
            auto party = cf.db().prepare(
                "SELECT s.raw, i.value, i.status FROM event e JOIN source so ON so.id = e.source_id "
                "JOIN event_party p ON p.event_id = e.id AND p.role = ?2 "
                "JOIN identifier i ON i.entity_id = p.entity_id "
                "JOIN identifier_source s ON s.identifier_id = i.id AND s.source_id = so.id WHERE so.locator "
                "= ?1");
            party.bind(1, "sqlite:sms/rowid=" + std::to_string(id))
                .bind(2, rows.column_int64(2) == 1 ? "sender" : "recipient");
            REQUIRE(party.step());
            CHECK(party.column_text(0) == rows.column_text(1));
            CHECK(party.column_text(1) == "+15555215554");
            ++compared;
        }
        CHECK(compared == expected);
        // "1 555-521-5554" and "15555215554" are one number in the US: one phone entity.
        CHECK(cf.db().scalar_int("SELECT count(*) FROM identifier WHERE type = 'phone'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM link") == 1);
        CHECK(cf.db().scalar_int("SELECT count FROM link") == expected);

        // The evidence is untouched and nothing was written beside it.
        CHECK(store::hash_file(ev).sha256 == before_hash);
        CHECK(test::listing(ev_dir) == before_listing);
    }

    TEST_CASE("the same raw numbers stay raw and separate when the region cannot read them") {
        TempDir d;
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto ev = test::copy_to(test::sample("android/plaso_mmssms.db"), d.path());
        (void)ingest::ingest_paths(cf, {ev}, region("GB"), "tester");
        // With region GB neither form is a possible number: both stay raw, scoped to this evidence.
        CHECK(
            cf.db().scalar_int("SELECT count(*) FROM identifier WHERE type = 'phone' AND status = 'raw' AND "
                               "scope LIKE 'evidence:%'") == 2);
    }

    TEST_CASE("rows that exist only in the -wal are imported with a sqlite-wal locator, evidence untouched") {
        TempDir d;
        const auto ev_dir = d / "phone";
        std::filesystem::create_directories(ev_dir);
        const auto work = d / "work";
        std::filesystem::create_directories(work);
        const auto db_path = work / "mmssms.db";
        {
            // Build a WAL-mode database whose last two rows are only in the WAL, then copy the pair while
            // the writer still holds it open (as an extraction of a running phone would).
            store::Db w(db_path.string(), store::OpenMode::ReadWriteCreate);
            w.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;");
            w.exec("CREATE TABLE sms(_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, "
                   "date_sent INTEGER, type INTEGER, read INTEGER, status INTEGER, body TEXT);"
                   "CREATE TABLE threads(_id INTEGER PRIMARY KEY, recipient_ids TEXT);");
            w.exec("INSERT INTO sms VALUES (1, 1, '07700 900123', 1704700800000, 0, 1, 1, -1, 'main one');"
                   "INSERT INTO sms VALUES (2, 1, '07700 900123', 1704700860000, 0, 2, 1, -1, 'main two');");
            w.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            w.exec("INSERT INTO sms VALUES (3, 1, '+447700900123', 1704700920000, 0, 1, 0, -1, 'wal three');"
                   "INSERT INTO sms VALUES (4, 1, '07700900123', 1704700980000, 0, 2, 0, -1, 'wal four');");
            std::filesystem::copy_file(db_path, ev_dir / "mmssms.db");
            std::filesystem::copy_file(work / "mmssms.db-wal", ev_dir / "mmssms.db-wal");
        }
        const auto before = test::listing(ev_dir);
        const auto db_hash = store::hash_file(ev_dir / "mmssms.db").sha256;
        const auto wal_hash = store::hash_file(ev_dir / "mmssms.db-wal").sha256;
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {ev_dir}, region("GB"), "tester");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 4);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM source WHERE locator LIKE 'sqlite-wal:sms/rowid=%'") ==
              2);
        CHECK(cf.db()
                  .scalar_text(
                      "SELECT e.body FROM event e JOIN source s ON s.id = e.source_id WHERE s.locator = "
                      "'sqlite-wal:sms/rowid=3'")
                  .value() == "wal three");
        CHECK(cf.db()
                  .scalar_text("SELECT media_kind FROM evidence_file WHERE original_name = 'mmssms.db-wal'")
                  .value() == "sidecar");
        // All four rows name one phone: +447700900123, possible (a drama number), not valid.
        CHECK(cf.db().scalar_int("SELECT count(*) FROM identifier WHERE type = 'phone'") == 1);
        CHECK(cf.db()
                  .scalar_text("SELECT value || ' ' || status FROM identifier WHERE type = 'phone'")
                  .value() == "+447700900123 possible");
        CHECK(test::listing(ev_dir) == before);
        CHECK(store::hash_file(ev_dir / "mmssms.db").sha256 == db_hash);
        CHECK(store::hash_file(ev_dir / "mmssms.db-wal").sha256 == wal_hash);
        bool saw_sidecar = false;
        for (const auto& f : report.files)
            saw_sidecar = saw_sidecar || f.status == "sidecar";
        CHECK(saw_sidecar);
    }

    TEST_CASE("an sms table without the Telephony columns is refused as unsupported, naming the column") {
        TempDir d;
        const auto p = d / "odd.db";
        {
            store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
            w.exec("CREATE TABLE sms(_id INTEGER PRIMARY KEY, text TEXT); INSERT INTO sms VALUES (1, 'x');");
        }
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, region("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "unsupported");
        CHECK(report.files[0].message.find("no column address") != std::string::npos);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 0);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE message LIKE '%odd.db%'") == 1);
    }

    TEST_CASE("android-sms: a TEXT cell that is not UTF-8 is stored with U+FFFD and a warning at its row") {
        TempDir d;
        // "caf" + a Latin-1 e-acute in one body.
        const auto ev = test::copy_with_cell_bytes(test::sample("android/plaso_mmssms.db"), d / "evidence",
                                                   "sms", "_id", "body", "636166E9");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {ev.path}, region("US"), "tester");
        REQUIRE(report.files.size() == 1);
        const std::string loc = "sqlite:sms/rowid=" + std::to_string(ev.key);
        CHECK(cf.db().scalar_text("SELECT e.body FROM event e JOIN source s ON s.id = e.source_id WHERE "
                                  "s.locator = '" +
                                  loc + "'") == "caf\xEF\xBF\xBD");
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = '" + loc +
                  "' AND message = '1 byte(s) that are not UTF-8 replaced by U+FFFD (body)'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error'") == 0);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'message' AND app = 'sms'") ==
              ev.rows);
    }
}
