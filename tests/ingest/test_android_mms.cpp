// Android mmssms.db: MMS (pdu/addr/part), threads and WAL rows of the android-sms importer.
#include "chat_fixtures.hpp"
#include "ingest_fixture.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::q_int;
using test::q_text;
using test::TempDir;

namespace {

// The Telephony provider tables casegraph reads, cut down to the columns it uses.
constexpr std::string_view kMmssms = R"sql(
CREATE TABLE sms (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, address TEXT, date INTEGER,
  date_sent INTEGER DEFAULT 0, type INTEGER, read INTEGER DEFAULT 0, body TEXT);
CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, recipient_ids TEXT);
CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT);
CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER,
  date_sent INTEGER DEFAULT 0, msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, m_type INTEGER);
CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, contact_id INTEGER, address TEXT, type INTEGER,
  charset INTEGER);
CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT,
  chset INTEGER, cd TEXT, fn TEXT, cid TEXT, cl TEXT, _data TEXT, text TEXT);
INSERT INTO canonical_addresses VALUES (1, '07700 900111'), (2, '07700 900222');
INSERT INTO threads VALUES (1, 0, '1 2');
INSERT INTO sms VALUES (1, 1, '07700 900111', 1699999000000, 0, 1, 1, 'see you');
-- An outgoing group MMS: the owner (the token) to two people, with layout, two text parts and a photo.
INSERT INTO pdu VALUES (1, 1, 1700000000, 0, 2, 1, 'mid-1', NULL, 128);
INSERT INTO addr VALUES (1, 1, NULL, 'insert-address-token', 137, 106), (2, 1, NULL, '07700 900111', 151, 106),
  (3, 1, NULL, '+44 7700 900222', 151, 106);
INSERT INTO part VALUES (1, 1, -1, 'application/smil', 'smil.xml', NULL, NULL, NULL, NULL, 'smil.xml', NULL,
  '<smil/>'),
  (2, 1, 0, 'text/plain', NULL, 106, NULL, NULL, NULL, 'text_0.txt', NULL, 'Meet at 9'),
  (3, 1, 1, 'image/jpeg', 'IMG_0001.jpg', NULL, NULL, NULL, NULL, 'IMG_0001.jpg',
   '/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000000_IMG_0001.jpg', NULL),
  (4, 1, 2, 'text/plain', NULL, 106, NULL, NULL, NULL, 'text_1.txt', NULL, 'Bring passports');
-- An incoming MMS from one person, the owner as TO and a third person as CC.
INSERT INTO pdu VALUES (2, 1, 1700000100, 1700000090, 1, 0, 'mid-2', 'Re: tonight', 132);
INSERT INTO addr VALUES (4, 2, NULL, '07700900111', 137, 106), (5, 2, NULL, 'insert-address-token', 151, 106),
  (6, 2, NULL, '07700 900222', 130, 106);
INSERT INTO part VALUES (5, 2, 0, 'text/plain', NULL, 106, NULL, NULL, NULL, NULL, NULL, 'ok 👍');
-- A delivery report: network bookkeeping.
INSERT INTO pdu VALUES (3, 1, 1700000200, 0, 1, 1, 'mid-1', NULL, 134);
)sql";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "plaso mmssms.db: every sms row is a message with the source's time, body, number and direction") {
        TempDir src;
        const auto copy = test::copy_to(test::sample("android/plaso_mmssms.db"), src.path());
        store::Db source(copy.string(), store::OpenMode::ReadOnly);
        test::TestCase c("US");
        const auto report = c.ingest({test::sample("android/plaso_mmssms.db")});
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "android-sms");
        CHECK(report.files[0].status == "imported");
        CHECK(c.events("message") ==
              q_int(source, "SELECT count(*) FROM sms") + q_int(source, "SELECT count(*) FROM pdu"));
        CHECK(c.notes()["user_version"] == q_int(source, "PRAGMA user_version"));
        auto st = source.prepare("SELECT _id, address, date, type, body, thread_id FROM sms ORDER BY _id");
        int compared = 0;
        while (st.step()) {
            CAPTURE(st.column_int64(0));
            const auto e = c.event_at("sqlite:sms/rowid=" + std::to_string(st.column_int64(0)));
            CHECK(e.utc_ms == st.column_int64(2));
            CHECK(e.body == st.column_text(4));
            CHECK(e.thread == std::to_string(st.column_int64(5)));
            const bool incoming = st.column_int64(3) == 1;
            CHECK(e.direction == (incoming ? "incoming" : "outgoing"));
            // "1 555-521-5554" and "15555215554" are one number once read with the case region.
            CHECK(e.party(incoming ? "sender" : "recipient")->identifier == "+15555215554");
            CHECK(e.party(incoming ? "recipient" : "sender")->kind == "device");
            ++compared;
        }
        CHECK(compared == 9);
        CHECK(q_int(c.db(), "SELECT count(*) FROM identifier WHERE type = 'phone'") == 1);
    }

    TEST_CASE(
        "an MMS to two recipients is one message with every recipient a party and its text parts as body") {
        TempDir ev;
        test::make_db(ev / "mmssms.db", kMmssms);
        test::TestCase c("GB");
        const auto report = c.ingest({ev / "mmssms.db"});
        REQUIRE(report.files[0].status == "imported");
        CHECK(c.events("message") == 3); // one sms, two MMS
        CHECK(c.events("system") == 1);  // the delivery report

        const auto out = c.event_at("sqlite:pdu/rowid=1");
        CHECK(out.kind == "message");
        CHECK(out.app == "mms");
        CHECK(out.direction == "outgoing");
        CHECK(out.utc_ms == 1700000000LL * 1000); // pdu.date is seconds
        CHECK(out.precision == "s");
        CHECK(out.time_raw == "1700000000");
        CHECK(out.time_rule == "android pdu.date unix-s");
        CHECK(out.body == "Meet at 9\nBring passports");
        CHECK(out.party("sender")->kind == "device"); // insert-address-token is the owner, not a number
        auto to = out.identifiers("recipient");
        std::sort(to.begin(), to.end());
        CHECK(to == std::vector<std::string>{"+447700900111", "+447700900222"});
        REQUIRE(out.attrs["media"].size() == 1);
        CHECK(out.attrs["media"][0]["ct"] == "image/jpeg");
        CHECK(out.attrs["media"][0]["name"] == "IMG_0001.jpg");
        CHECK(out.attrs["media"][0]["file_in_extraction"] == false);
        CHECK(out.attrs["thread_participants"] == nlohmann::json::array({"07700 900111", "07700 900222"}));
        CHECK(c.notes()["mms.smil_parts_skipped"] == 1);
        CHECK(q_int(c.db(), "SELECT count(*) FROM identifier WHERE value = 'insert-address-token'") == 0);

        const auto in = c.event_at("sqlite:pdu/rowid=2");
        CHECK(in.direction == "incoming");
        CHECK(in.body == "ok 👍");
        CHECK(in.party("sender")->identifier == "+447700900111");
        auto rcpt = in.identifiers("recipient");
        std::sort(rcpt.begin(), rcpt.end());
        CHECK(rcpt == std::vector<std::string>{"", "+447700900222"}); // the owner (no identifier) and the CC
        CHECK(in.attrs["subject"] == "Re: tonight");
        CHECK(in.attrs["date_sent_s"] == 1700000090);
        CHECK(in.attrs["addresses"][2]["type"] == "cc");
        // SMS and MMS of the same thread name the same thread.
        CHECK(c.event_at("sqlite:sms/rowid=1").thread == in.thread);
    }

    TEST_CASE("an MMS part whose media file is in the extraction says so with its size") {
        TempDir ev;
        std::filesystem::create_directories(ev / "databases");
        std::filesystem::create_directories(ev / "app_parts");
        test::make_db(ev / "databases" / "mmssms.db", kMmssms);
        test::write_file(ev / "app_parts" / "PART_1700000000_IMG_0001.jpg", std::string(1234, 'j'));
        test::TestCase c("GB");
        (void)c.ingest({ev / "databases" / "mmssms.db"});
        const auto out = c.event_at("sqlite:pdu/rowid=1");
        CHECK(out.attrs["media"][0]["file_in_extraction"] == true);
        CHECK(out.attrs["media"][0]["file_size"] == 1234);
        // Hashed (python: hashlib.sha256(b'j' * 1234)) and linked as its own media event.
        constexpr auto kSha = "0fdb8fff18552bfdd329716e81bbe137563002be598df24eb96bb9d077ac2d92";
        CHECK(out.attrs["media"][0]["sha256"] == kSha);
        CHECK(out.attrs["media"][0]["found_at"] == "../app_parts/PART_1700000000_IMG_0001.jpg");
        const auto media = c.event_at("sqlite:pdu/rowid=1", 1);
        CHECK(media.kind == "media");
        CHECK(media.attrs["sha256"] == kSha);
        CHECK(media.attrs["message_locator"] == "sqlite:pdu/rowid=1");
        CHECK(media.utc_ms == out.utc_ms);
        CHECK(media.party("sender")->identifier == out.party("sender")->identifier);
    }

    TEST_CASE("MMS media inside a zipped extraction: the member is hashed and the media event cites it") {
        TempDir ev;
        test::make_db(ev / "mmssms.db", kMmssms);
        const auto db_bytes = test::read_file(ev / "mmssms.db");
        test::chats::write_stored_zip(
            ev / "extraction.zip",
            {{"data/data/com.android.providers.telephony/databases/mmssms.db", db_bytes},
             {"data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000000_IMG_0001.jpg",
              "jpeg-bytes"},
             {"sdcard/DCIM/IMG_0001.jpg", "another picture"}});
        test::TestCase c("GB");
        (void)c.ingest({ev / "extraction.zip"});
        const std::string member = "zip:data/user_de/0/com.android.providers.telephony/app_parts/"
                                   "PART_1700000000_IMG_0001.jpg";
        const auto out = c.event_at(
            "zip:data/data/com.android.providers.telephony/databases/mmssms.db!sqlite:pdu/rowid=1");
        // python: hashlib.sha256(b'jpeg-bytes')
        constexpr auto kSha = "0111dbc398b94eacda6759809c050530868ee7e313b3381c2f95ce8b55331c50";
        CHECK(out.attrs["media"][0]["sha256"] == kSha);
        CHECK(out.attrs["media"][0]["locator"] == member);
        const auto media = c.event_at(member);
        CHECK(media.kind == "media");
        CHECK(media.attrs["sha256"] == kSha);
        CHECK(media.attrs["size"] == 10);
    }

    TEST_CASE(
        "two different archive members that match an MMS part equally well: none is linked, a warning") {
        TempDir ev;
        test::make_db(ev / "mmssms.db", kMmssms);
        test::chats::write_stored_zip(ev / "extraction.zip",
                                      {{"mmssms.db", test::read_file(ev / "mmssms.db")},
                                       {"a/app_parts/PART_1700000000_IMG_0001.jpg", "one"},
                                       {"b/app_parts/PART_1700000000_IMG_0001.jpg", "two"}});
        test::TestCase c("GB");
        (void)c.ingest({ev / "extraction.zip"});
        const auto out = c.event_at("zip:mmssms.db!sqlite:pdu/rowid=1");
        CHECK(out.attrs["media"][0]["file_in_extraction"] == false);
        CHECK(out.attrs["media"][0]["note"].get<std::string>().find("equally well") != std::string::npos);
        CHECK(c.events("media") == 0);
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM import_error WHERE locator = 'zip:mmssms.db!sqlite:pdu/rowid=1' "
                    "AND message LIKE '%equally well%'") == 1);
    }

    TEST_CASE("MMS rows only in the -wal get sqlite-wal locators") {
        TempDir ev;
        test::make_wal_db(
            ev.path(), "mmssms.db", kMmssms,
            "INSERT INTO pdu VALUES (4, 1, 1700000300, 0, 1, 0, 'mid-4', NULL, 132);"
            "INSERT INTO addr VALUES (7, 4, NULL, '07700900222', 137, 106);"
            "INSERT INTO part VALUES (6, 4, 0, 'text/plain', NULL, 106, NULL, NULL, NULL, NULL, NULL, "
            "'newest');");
        test::TestCase c("GB");
        (void)c.ingest({ev / "mmssms.db"});
        const auto e = c.event_at("sqlite-wal:pdu/rowid=4");
        CHECK(e.attrs["wal_only"] == true);
        CHECK(e.body == "newest");
        CHECK(e.party("sender")->identifier == "+447700900222");
        CHECK_NOTHROW((void)c.event_at("sqlite:pdu/rowid=1"));
    }
}
