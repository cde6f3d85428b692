// android-calls: the CallLog.Calls table, on plaso's real contacts2.db and on calllog.db fixtures.
#include "ingest_fixture.hpp"

#include <doctest/doctest.h>
#include <fstream>

using namespace casegraph;
using test::q_int;
using test::q_text;
using test::TempDir;

namespace {

// Android 7+ calllog.db `calls` (the columns casegraph reads, as CallLog.Calls names them).
constexpr std::string_view kCalllogSchema = R"sql(
CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, presentation INTEGER NOT NULL DEFAULT 1,
  date INTEGER, duration INTEGER, type INTEGER, name TEXT, countryiso TEXT, normalized_number TEXT,
  geocoded_location TEXT, subscription_id TEXT, features INTEGER NOT NULL DEFAULT 0);
CREATE TABLE voicemail_status (_id INTEGER PRIMARY KEY);
)sql";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "plaso contacts2.db: every calls row becomes a call with the source's time, duration and number") {
        TempDir src;
        const auto copy = test::copy_to(test::sample("android/plaso_contacts2_calls.db"), src.path());
        test::TestCase c("GB");
        TempDir ev;
        const auto evidence = test::copy_to(test::sample("android/plaso_contacts2_calls.db"), ev.path());
        const auto report = c.ingest({evidence}, "android-calls");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "imported");
        CHECK(report.files[0].format == "android-calls");

        store::Db source(copy.string(), store::OpenMode::ReadOnly);
        const auto rows = q_int(source, "SELECT count(*) FROM calls");
        CHECK(rows == 3);
        CHECK(c.events("call") == rows);
        auto st =
            source.prepare("SELECT _id, number, date, duration, type, name, normalized_number, countryiso "
                           "FROM calls ORDER BY _id");
        int compared = 0;
        while (st.step()) {
            const auto e = c.event_at("sqlite:calls/rowid=" + std::to_string(st.column_int64(0)));
            CAPTURE(st.column_int64(0));
            CHECK(e.kind == "call");
            CHECK(e.utc_ms == st.column_int64(2));
            CHECK(e.time_raw == std::to_string(st.column_int64(2)));
            CHECK(e.time_rule == "android calls.date unix-ms");
            CHECK(e.attrs["duration_s"] == st.column_int64(3));
            const auto type = st.column_int64(4);
            CHECK(e.direction == (type == 2 ? "outgoing" : "incoming"));
            CHECK(e.attrs["answered"] == (type == 1 || (type == 2 && st.column_int64(3) > 0)));
            // The case region is GB; the row says US, so the number must be read as a US number — the
            // phone's own normalised_number agrees.
            const std::string other_role = type == 2 ? "callee" : "caller";
            REQUIRE(e.party(other_role) != nullptr);
            CHECK(e.party(other_role)->identifier == st.column_text(6));
            CHECK(e.party(other_role)->label == st.column_text(5)); // cached name labels the number
            CHECK(e.party(type == 2 ? "caller" : "callee")->kind == "device");
            ++compared;
        }
        CHECK(compared == rows);
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM identifier_source WHERE region = 'US' AND region_from = 'row'") ==
              rows);
    }

    TEST_CASE("a calls row whose countryiso differs from the case region is read with the row's region") {
        TempDir ev;
        test::make_db(ev / "calllog.db", std::string(kCalllogSchema) + R"sql(
INSERT INTO calls(_id, number, date, duration, type, countryiso) VALUES
  (1, '030 1234567', 1700000000000, 42, 2, 'DE'),
  (2, '030 1234567', 1700000100000, 0, 3, 'GB');
)sql");
        test::TestCase c("GB");
        CHECK(c.ingest({ev / "calllog.db"}).files[0].format == "android-calls");
        const auto de = c.event_at("sqlite:calls/rowid=1");
        const auto gb = c.event_at("sqlite:calls/rowid=2");
        CHECK(de.party("callee")->identifier == "+49301234567");
        CHECK(gb.party("caller")->identifier != "+49301234567");
        CHECK(q_text(c.db(),
                     "SELECT s.region || '/' || s.region_from FROM identifier i JOIN identifier_source s ON "
                     "s.identifier_id = i.id WHERE i.value = '+49301234567'") == "DE/row");
    }

    TEST_CASE("a withheld number becomes one pseudo-party per evidence file, never an empty phone") {
        TempDir ev;
        test::make_db(ev / "calllog.db", std::string(kCalllogSchema) + R"sql(
INSERT INTO calls(_id, number, presentation, date, duration, type, countryiso) VALUES
  (1, '', 2, 1700000000000, 10, 1, 'GB'),
  (2, NULL, 2, 1700000200000, 0, 3, 'GB'),
  (3, '-2', 1, 1700000300000, 0, 3, 'GB'),
  (4, '', 4, 1700000400000, 5, 1, 'GB');
)sql");
        test::TestCase c("GB");
        REQUIRE(c.ingest({ev / "calllog.db"}).files[0].status == "imported");
        CHECK(c.events("call") == 4);
        CHECK(q_int(c.db(), "SELECT count(*) FROM identifier WHERE type = 'phone'") == 0);
        const auto a = c.event_at("sqlite:calls/rowid=1");
        const auto b = c.event_at("sqlite:calls/rowid=2");
        const auto legacy = c.event_at("sqlite:calls/rowid=3");
        const auto payphone = c.event_at("sqlite:calls/rowid=4");
        CHECK(a.party("caller")->label == "withheld number (restricted)");
        CHECK(a.party("caller")->key == b.party("caller")->key);
        CHECK(legacy.party("caller")->key == a.party("caller")->key); // "-2" is the old private marker
        CHECK(payphone.party("caller")->label == "withheld number (payphone)");
        CHECK(a.attrs["withheld"] == "restricted");
        CHECK(c.notes()["calls.withheld"] == 4);

        // Another phone's withheld caller is a different pseudo-party.
        TempDir ev2;
        test::make_db(ev2 / "calllog.db",
                      std::string(kCalllogSchema) +
                          "INSERT INTO calls VALUES (1, '', 2, 1700000500000, 1, 1, NULL, "
                          "'GB', NULL, NULL, NULL, 0);");
        REQUIRE(c.ingest({ev2 / "calllog.db"}).files[0].status == "imported");
        CHECK(q_int(c.db(), "SELECT count(*) FROM entity WHERE key LIKE 'withheld:%restricted'") == 2);
    }

    TEST_CASE("rows only in the -wal are imported with sqlite-wal locators and the evidence is untouched") {
        TempDir ev;
        test::make_wal_db(ev.path(), "calllog.db",
                          std::string(kCalllogSchema) +
                              "INSERT INTO calls(_id, number, date, duration, type, countryiso) VALUES "
                              "(1, '07700900111', 1700000000000, 5, 1, 'GB');",
                          "INSERT INTO calls(_id, number, date, duration, type, countryiso) VALUES "
                          "(2, '07700900222', 1700000900000, 7, 2, 'GB');");
        const auto before_db = test::read_file(ev / "calllog.db");
        const auto before_wal = test::read_file(ev / "calllog.db-wal");
        test::TestCase c("GB");
        const auto report = c.ingest({ev.path()});
        CHECK(c.events("call") == 2);
        CHECK_FALSE(c.event_at("sqlite:calls/rowid=1").attrs.contains("wal_only"));
        const auto wal = c.event_at("sqlite-wal:calls/rowid=2");
        CHECK(wal.attrs["wal_only"] == true);
        CHECK(wal.party("callee")->identifier == "+447700900222");
        CHECK(c.notes()["calls.wal_only_rows"] == 1);
        CHECK(test::read_file(ev / "calllog.db") == before_db);
        CHECK(test::read_file(ev / "calllog.db-wal") == before_wal);
        CHECK_FALSE(std::filesystem::exists(ev / "calllog.db-shm"));
    }

    TEST_CASE("a malformed calls row is an error at its locator and the other rows are imported") {
        TempDir ev;
        test::make_db(ev / "calllog.db", std::string(kCalllogSchema) + R"sql(
INSERT INTO calls(_id, number, date, duration, type, countryiso) VALUES
  (1, '07700900111', 1700000000000, 5, 1, 'GB'),
  (2, '07700900111', 'yesterday', 5, 1, 'GB'),
  (3, '07700900111', 1700000200000, 5, 99, 'GB');
)sql");
        test::TestCase c("GB");
        const auto report = c.ingest({ev / "calllog.db"});
        CHECK(report.files[0].status == "partial");
        CHECK(c.events("call") == 2);
        CHECK(q_text(c.db(), "SELECT message FROM import_error WHERE locator = 'sqlite:calls/rowid=2' AND "
                             "severity = 'error'")
                  .value_or("")
                  .find("calls.date is text 'yesterday'") != std::string::npos);
        CHECK(c.event_at("sqlite:calls/rowid=3").direction == "unknown");
        CHECK(q_int(c.db(), "SELECT count(*) FROM import_error WHERE locator = 'sqlite:calls/rowid=3' AND "
                            "severity = 'warning'") == 1);
    }

    TEST_CASE("a corrupt call log fails as a whole with a message naming the file") {
        TempDir ev;
        test::make_db(ev / "calllog.db", std::string(kCalllogSchema) +
                                             "INSERT INTO calls(number, date, type) VALUES ('1', 1, 1);");
        {
            // Keep page 1 (the header and schema) and overwrite the table's page with junk.
            std::fstream f(ev / "calllog.db", std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(4096);
            const std::string junk(4096, '\xff');
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
        test::TestCase c("GB");
        const auto report = c.ingest({ev / "calllog.db"}, "android-calls");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "failed");
        CHECK(report.files[0].message.find("calllog.db") != std::string::npos);
        CHECK(c.events("call") == 0);

        test::write_file(ev / "garbage.db", std::string("SQLite format 3\0", 16) + std::string(5000, 'x'));
        const auto r2 = c.ingest({ev / "garbage.db"}, "android-calls");
        CHECK(r2.files[0].status == "failed");
        CHECK(r2.files[0].message.find("garbage.db") != std::string::npos);
    }
}
