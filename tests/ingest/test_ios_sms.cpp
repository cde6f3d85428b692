// ios-sms importer: golden test on the plaso chat.db sample (every row against SQL on a private copy) and
// a modern sms.db fixture: nanosecond dates, a body only in attributedBody, tapbacks, a 3-person group,
// a group event, an attachment, and SMS/iMessage handles of one number unifying.
#include "ingest/ingest.hpp"
#include "store/hash.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"
#include "typedstream_fixture.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace casegraph;
using test::TempDir;

namespace {

ingest::IngestOptions opts(const std::string& r) {
    ingest::IngestOptions o;
    o.region = r;
    o.region_from = "evidence";
    return o;
}

struct Ev {
    std::int64_t id = 0, utc_ms = -1;
    std::string kind, app, direction, body, precision, rule, thread;
    nlohmann::json attrs;
};

Ev event_at(const store::CaseFile& cf, const std::string& locator) {
    auto st = cf.db().prepare("SELECT e.id, coalesce(e.utc_ms, -1), e.kind, coalesce(e.app, ''), "
                              "coalesce(e.direction, ''), coalesce(e.body, ''), e.precision, e.time_rule, "
                              "coalesce(e.thread, ''), coalesce(e.attrs, '{}') FROM event e JOIN source s ON "
                              "s.id = e.source_id WHERE s.locator = ?1");
    st.bind(1, locator);
    REQUIRE_MESSAGE(st.step(), "no event at " << locator);
    return {st.column_int64(0), st.column_int64(1),
            st.column_text(2),  st.column_text(3),
            st.column_text(4),  st.column_text(5),
            st.column_text(6),  st.column_text(7),
            st.column_text(8),  nlohmann::json::parse(st.column_text(9))};
}

// "phone:+44..." / "email:..." / "device" for each party with a role, sorted.
std::vector<std::string> parties(const store::CaseFile& cf, std::int64_t event_id, const std::string& role) {
    auto st = cf.db().prepare("SELECT coalesce((SELECT i.type || ':' || i.value FROM identifier i WHERE "
                              "i.entity_id = en.id ORDER BY "
                              "i.id LIMIT 1), en.kind) FROM event_party p JOIN entity en ON en.id = "
                              "p.entity_id WHERE p.event_id = ?1 "
                              "AND p.role = ?2 ORDER BY 1");
    st.bind(1, event_id).bind(2, role);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.column_text(0));
    return out;
}

constexpr std::int64_t kApple = 978307200;

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("ios-sms imports every message of the plaso chat.db with body, time, direction and party") {
        TempDir d;
        const auto ev_dir = d / "evidence";
        std::filesystem::create_directories(ev_dir);
        const auto ev = test::copy_to(test::sample("ios/plaso_imessage_chat.db"), ev_dir);
        const test::SourceDb src(test::sample("ios/plaso_imessage_chat.db"), d / "src");
        const auto before = store::hash_file(ev).sha256;
        const auto listing = test::listing(ev_dir);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {ev}, opts("US"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-sms");
        CHECK(report.files[0].status == "imported");
        const auto expected = src.count("SELECT count(*) FROM message");
        REQUIRE(expected == 10);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'message'") == expected);

        auto rows =
            src.db().prepare("SELECT m.ROWID, m.text, m.date, m.is_from_me, h.id, h.country, m.service, "
                             "c.guid, m.date_read FROM message m LEFT JOIN handle h ON h.ROWID = "
                             "m.handle_id LEFT JOIN chat_message_join j ON j.message_id = m.ROWID LEFT "
                             "JOIN chat c ON c.ROWID = j.chat_id ORDER BY m.ROWID");
        int compared = 0;
        while (rows.step()) {
            const auto loc = "sqlite:message/rowid=" + std::to_string(rows.column_int64(0));
            CAPTURE(loc);
            const auto e = event_at(cf, loc);
            CHECK(e.body == rows.column_text(1));
            // Dates here are seconds since 2001-01-01 (9-digit values), not nanoseconds.
            CHECK(e.utc_ms == (rows.column_int64(2) + kApple) * 1000);
            CHECK(e.precision == "s");
            CHECK(e.rule == "apple-s message.date");
            CHECK(e.app == "imessage");
            CHECK(e.thread == rows.column_text(7));
            const bool from_me = rows.column_int64(3) == 1;
            CHECK(e.direction == (from_me ? "outgoing" : "incoming"));
            // Handle ids here are "447775455555" with country GB: the row's region (not the case's US) reads
            // them, so they become +44 numbers; emails stay emails.
            const auto handle = rows.column_text(4);
            const std::string want =
                handle.find('@') != std::string::npos ? "email:" + handle : "phone:+" + handle;
            CHECK(parties(cf, e.id, from_me ? "recipient" : "sender") == std::vector<std::string>{want});
            CHECK(parties(cf, e.id, from_me ? "sender" : "recipient") == std::vector<std::string>{"device"});
            if (rows.column_int64(8) != 0)
                CHECK(e.attrs["date_read"] == store::format_utc_ms((rows.column_int64(8) + kApple) * 1000));
            ++compared;
        }
        CHECK(compared == expected);
        CHECK(
            cf.db().scalar_int("SELECT count(*) FROM identifier_source WHERE region = 'GB' AND region_from = "
                               "'row'") > 0);
        // Rows 6 and 10: text was edited in this sample; the archived body says otherwise. Both kept.
        CHECK(event_at(cf, "sqlite:message/rowid=6")
                  .attrs["attributedBody_text"]
                  .get<std::string>()
                  .find("Microsoft Office") != std::string::npos);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE message LIKE 'message.text and the "
                                 "text archived in attributedBody differ%'") == 2);
        const auto notes = nlohmann::json::parse(
            cf.db().scalar_text("SELECT notes FROM import_run WHERE importer = 'ios-sms'").value());
        CHECK(notes["dates_seconds"] == 10);
        CHECK(notes["deleted_messages_guids"] == src.count("SELECT count(*) FROM deleted_messages"));
        CHECK(store::hash_file(ev).sha256 == before);
        CHECK(test::listing(ev_dir) == listing);
    }

    TEST_CASE("ios-sms on a modern sms.db: ns dates, attributedBody-only text, tapbacks, a group of three") {
        TempDir d;
        const auto p = d / "sms.db";
        {
            store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
            w.exec(
                "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, "
                "text TEXT, attributedBody BLOB, handle_id INTEGER DEFAULT 0, service TEXT, is_from_me "
                "INTEGER "
                "DEFAULT 0, date INTEGER, date_read INTEGER, date_delivered INTEGER, associated_message_type "
                "INTEGER DEFAULT 0, associated_message_guid TEXT, item_type INTEGER DEFAULT 0, "
                "group_action_type INTEGER DEFAULT 0, group_title TEXT, other_handle INTEGER DEFAULT 0, "
                "account TEXT, destination_caller_id TEXT, cache_has_attachments INTEGER DEFAULT 0);"
                "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, "
                "country "
                "TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT, UNIQUE (id, service));"
                "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, "
                "style "
                "INTEGER, chat_identifier TEXT, service_name TEXT, display_name TEXT);"
                "CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER, message_date INTEGER "
                "DEFAULT 0, PRIMARY KEY (chat_id, message_id));"
                "CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER, UNIQUE(chat_id, "
                "handle_id));"
                "CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT "
                "NULL, "
                "filename TEXT, mime_type TEXT, transfer_name TEXT, total_bytes INTEGER DEFAULT 0);"
                "CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER);"
                "CREATE TABLE chat_recoverable_message_join (chat_id INTEGER, message_id INTEGER, "
                "delete_date "
                "INTEGER, ck_sync_state INTEGER DEFAULT 0, PRIMARY KEY (chat_id, message_id));");
            w.exec(
                "INSERT INTO handle VALUES (1, '+447700900111', 'GB', 'SMS', NULL), (2, '+447700900111', "
                "'GB', "
                "'iMessage', NULL), (3, '07700 900222', 'gb', 'SMS', NULL), (4, 'anna@example.com', 'GB', "
                "'iMessage', NULL), (5, '+33612345678', 'FR', 'iMessage', NULL);"
                "INSERT INTO chat VALUES (1, 'SMS;-;+447700900111', 45, '+447700900111', 'SMS', NULL), (2, "
                "'iMessage;+;chat123', 43, 'chat123', 'iMessage', 'Work'), (3, 'SMS;-;07700 900222', 45, "
                "'07700 900222', 'SMS', NULL);"
                "INSERT INTO chat_handle_join VALUES (1, 1), (2, 2), (2, 4), (2, 5), (3, 3);"
                "INSERT INTO attachment VALUES (1, 'AT-1', '~/Library/SMS/Attachments/ab/12/IMG_0001.HEIC', "
                "'image/heic', 'IMG_0001.HEIC', 482113);"
                "INSERT INTO message_attachment_join VALUES (3, 1);");
            auto ins =
                w.prepare("INSERT INTO message (ROWID, guid, text, attributedBody, handle_id, service, "
                          "is_from_me, date, associated_message_type, associated_message_guid, item_type, "
                          "group_action_type, other_handle, cache_has_attachments) VALUES (?1, ?2, ?3, ?4, "
                          "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
            auto row = [&](int id, const char* guid, std::optional<std::string> text,
                           std::optional<std::vector<unsigned char>> body, int handle, const char* service,
                           int from_me, std::int64_t date, int assoc, const char* assoc_guid, int item_type,
                           int other, int att) {
                ins.bind(1, id).bind(2, guid).bind(3, text);
                if (body)
                    ins.bind_blob(4, *body);
                else
                    ins.bind(4, store::Null{});
                ins.bind(5, handle).bind(6, service).bind(7, from_me).bind(8, date).bind(9, assoc);
                if (assoc_guid != nullptr)
                    ins.bind(10, assoc_guid);
                else
                    ins.bind(10, store::Null{});
                ins.bind(11, item_type).bind(12, 0).bind(13, other).bind(14, att).run();
            };
            row(1, "G1", "first", std::nullopt, 1, "SMS", 0, 726000000123456789LL, 0, nullptr, 0, 0, 0);
            row(2, "G2", "second", std::nullopt, 1, "SMS", 1, 726000100, 0, nullptr, 0, 0, 0);
            row(3, "G3", std::nullopt,
                test::typedstream_fixture::attributed_body("only in the archive \xF0\x9F\x94\x92"), 4,
                "iMessage", 0, 726000200000000000LL, 0, nullptr, 0, 0, 1);
            row(4, "G4", "Liked \xE2\x80\x9Conly in the archive\xE2\x80\x9D", std::nullopt, 5, "iMessage", 0,
                726000300000000000LL, 2001, "p:0/G3", 0, 0, 0);
            row(5, "G5", std::nullopt, std::nullopt, 0, "iMessage", 1, 726000400000000000LL, 0, nullptr, 1, 5,
                0);
            row(6, "G6", "to all", std::nullopt, 0, "iMessage", 1, 726000500000000000LL, 0, nullptr, 0, 0, 0);
            row(7, "G7", "Loved a message", std::nullopt, 2, "iMessage", 0, 726000600000000000LL, 2000,
                "p:0/GONE", 0, 0, 0);
            row(8, "G8", "national number", std::nullopt, 3, "SMS", 0, 726000700000000000LL, 0, nullptr, 0, 0,
                0);
            row(9, "G9", "delete me", std::nullopt, 3, "SMS", 1, 726000800000000000LL, 0, nullptr, 0, 0, 0);
            w.exec("UPDATE message SET destination_caller_id = '+447700900000' WHERE ROWID = 9;"
                   "INSERT INTO chat_recoverable_message_join VALUES (3, 9, 726000900000000000, 0)");
            w.exec(
                "INSERT INTO chat_message_join (chat_id, message_id) VALUES (1, 1), (1, 2), (2, 3), (2, 4), "
                "(2, 5), (2, 6), (2, 7), (3, 8)");
        }
        // The attachment's file where an extraction keeps it: Library/SMS/Attachments beside sms.db.
        std::filesystem::create_directories(d / "Attachments" / "ab" / "12");
        test::write_file(d / "Attachments" / "ab" / "12" / "IMG_0001.HEIC", "heic-bytes");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("US"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-sms");
        CHECK(report.files[0].status == "imported");
        // 9 rows: 2 tapbacks are reactions, not messages; 1 group event; 6 messages; 1 media file.
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'message'") == 6);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'system'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'media'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 8);
        // python: hashlib.sha256(b'heic-bytes')
        constexpr auto kHeic = "21b6568a5351c0fb046c671a32e0fa995f46e9d325d47cf36f59c1e86154d235";

        const auto m1 = event_at(cf, "sqlite:message/rowid=1");
        CHECK(m1.utc_ms == 726000000123LL + kApple * 1000); // ns: sub-millisecond digits dropped
        CHECK(m1.precision == "ms");
        CHECK(m1.rule == "apple-ns message.date");
        CHECK(m1.app == "sms");
        const auto m2 = event_at(cf, "sqlite:message/rowid=2");
        CHECK(m2.utc_ms == (726000100 + kApple) * 1000);
        CHECK(m2.rule == "apple-s message.date");
        CHECK(parties(cf, m2.id, "recipient") == std::vector<std::string>{"phone:+447700900111"});

        const auto m3 = event_at(cf, "sqlite:message/rowid=3");
        CHECK(m3.body == "only in the archive \xF0\x9F\x94\x92");
        CHECK(m3.attrs["body_from"] == "attributedBody");
        CHECK(m3.thread == "iMessage;+;chat123");
        CHECK(m3.attrs["chat_name"] == "Work");
        CHECK(parties(cf, m3.id, "sender") == std::vector<std::string>{"email:anna@example.com"});
        // Group of three: the owner and the two other participants receive it; the sender does not.
        CHECK(parties(cf, m3.id, "recipient") ==
              std::vector<std::string>{"device", "phone:+33612345678", "phone:+447700900111"});
        REQUIRE(m3.attrs["attachments"].size() == 1);
        CHECK(m3.attrs["attachments"][0]["transfer_name"] == "IMG_0001.HEIC");
        CHECK(m3.attrs["attachments"][0]["mime_type"] == "image/heic");
        CHECK(m3.attrs["attachments"][0]["total_bytes"] == 482113);
        CHECK(m3.attrs["attachments"][0]["sha256"] == kHeic);
        CHECK(m3.attrs["attachments"][0]["found_at"] == "Attachments/ab/12/IMG_0001.HEIC");
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM event e JOIN source s ON s.id = e.source_id WHERE e.kind = "
                  "'media' AND e.seq = 1 AND s.locator = 'sqlite:message/rowid=3' AND "
                  "json_extract(e.attrs, '$.sha256') = '" +
                  std::string(kHeic) + "'") == 1);
        REQUIRE(m3.attrs["tapbacks"].size() == 1);
        CHECK(m3.attrs["tapbacks"][0]["reaction"] == "like");
        CHECK(m3.attrs["tapbacks"][0]["from"] == "+33612345678");
        CHECK(m3.attrs["tapbacks"][0]["locator"] == "sqlite:message/rowid=4");

        const auto m5 = event_at(cf, "sqlite:message/rowid=5");
        CHECK(m5.kind == "system");
        CHECK(m5.attrs["item_type"] == 1);
        CHECK(parties(cf, m5.id, "participant") == std::vector<std::string>{"phone:+33612345678"});
        const auto m6 = event_at(cf, "sqlite:message/rowid=6");
        CHECK(parties(cf, m6.id, "sender") == std::vector<std::string>{"device"});
        CHECK(parties(cf, m6.id, "recipient") == std::vector<std::string>{"email:anna@example.com",
                                                                          "phone:+33612345678",
                                                                          "phone:+447700900111"});
        // The SMS handle (1) and the iMessage handle (2) of one number are one identifier and one entity.
        CHECK(cf.db().scalar_int("SELECT count(*) FROM identifier WHERE value = '+447700900111'") == 1);
        // A national number is read with the handle's own country (lower-case in the row), from = row.
        const auto m8 = event_at(cf, "sqlite:message/rowid=8");
        CHECK(parties(cf, m8.id, "sender") == std::vector<std::string>{"phone:+447700900222"});
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM identifier_source s JOIN identifier i ON i.id = "
                  "s.identifier_id WHERE i.value = '+447700900222' AND s.raw = '07700 900222' AND "
                  "s.region = 'GB' AND s.region_from = 'row'") == 2); // rows 8 and 9
        // The tapback to a message not in the database is reported at its own row.
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE locator = 'sqlite:message/rowid=7' AND "
                  "severity = 'warning' AND message LIKE 'tapback (love)%'") == 1);
        // In "Recently Deleted" (iOS 16+): imported, flagged deleted, its thread from the recoverable join.
        const auto m9 = event_at(cf, "sqlite:message/rowid=9");
        CHECK(m9.body == "delete me");
        CHECK(m9.attrs["recently_deleted"] == true);
        CHECK(m9.attrs["delete_date"] == store::format_utc_ms(726000900000LL + kApple * 1000));
        CHECK(m9.thread == "SMS;-;07700 900222");
        CHECK(cf.db().scalar_int("SELECT deleted FROM event WHERE id = " + std::to_string(m9.id)) == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE deleted = 1") == 1);
        const auto notes = nlohmann::json::parse(
            cf.db().scalar_text("SELECT notes FROM import_run WHERE importer = 'ios-sms'").value());
        CHECK(notes["recently_deleted_messages"] == 1);
        CHECK(notes["destination_caller_ids"] == nlohmann::json::array({"+447700900000"}));
        CHECK(notes["tapbacks"] == 2);
        CHECK(notes["tapbacks_attached"] == 1);
        CHECK(notes["dates_nanoseconds"] == 6); // rows 1, 3, 5, 6, 8, 9 (tapbacks are not events)
        CHECK(notes["dates_seconds"] == 1);
        CHECK(notes["bodies_from_attributedBody"] == 1);
    }

    TEST_CASE("ios-sms refuses a message table without the Messages columns, naming file and column") {
        TempDir d;
        const auto p = d / "odd.db";
        {
            store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
            w.exec("CREATE TABLE message (ROWID INTEGER PRIMARY KEY, body TEXT); CREATE TABLE handle (ROWID "
                   "INTEGER PRIMARY KEY, id TEXT); INSERT INTO message VALUES (1, 'x');");
        }
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-sms");
        CHECK(report.files[0].status == "unsupported");
        CHECK(report.files[0].message.find("odd.db: table message has no column guid") != std::string::npos);
    }
}

TEST_SUITE("ingest") {
    TEST_CASE(
        "ios-sms marks messages only in the -wal as sqlite-wal and leaves the evidence pair untouched") {
        TempDir d;
        const auto work = d / "work";
        const auto ev_dir = d / "Library-SMS";
        std::filesystem::create_directories(work);
        std::filesystem::create_directories(ev_dir);
        const auto db_path = work / "sms.db";
        {
            // Messages keeps sms.db in WAL mode; the newest rows are often only in sms.db-wal.
            store::Db w(db_path.string(), store::OpenMode::ReadWriteCreate);
            w.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;");
            w.exec("CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT "
                   "NULL, text "
                   "TEXT, handle_id INTEGER DEFAULT 0, service TEXT, is_from_me INTEGER DEFAULT 0, date "
                   "INTEGER);"
                   "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, "
                   "country "
                   "TEXT, service TEXT NOT NULL);"
                   "INSERT INTO handle VALUES (1, '+447700900111', 'GB', 'SMS');"
                   "INSERT INTO message VALUES (1, 'A', 'in main', 1, 'SMS', 0, 726000000000000000);");
            w.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            w.exec("INSERT INTO message VALUES (2, 'B', 'only in wal', 1, 'SMS', 1, 726000060000000000);");
            std::filesystem::copy_file(db_path, ev_dir / "sms.db");
            std::filesystem::copy_file(work / "sms.db-wal", ev_dir / "sms.db-wal");
        }
        const auto before = test::listing(ev_dir);
        const auto db_hash = store::hash_file(ev_dir / "sms.db").sha256;
        const auto wal_hash = store::hash_file(ev_dir / "sms.db-wal").sha256;
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {ev_dir}, opts("GB"), "tester");
        CHECK(event_at(cf, "sqlite:message/rowid=1").body == "in main");
        const auto wal = event_at(cf, "sqlite-wal:message/rowid=2");
        CHECK(wal.body == "only in wal");
        CHECK(wal.attrs["wal_only"] == true);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 2);
        CHECK(test::listing(ev_dir) == before);
        CHECK(store::hash_file(ev_dir / "sms.db").sha256 == db_hash);
        CHECK(store::hash_file(ev_dir / "sms.db-wal").sha256 == wal_hash);
    }
}

TEST_SUITE("ingest") {
    TEST_CASE("the iOS Kik database is out of scope: unsupported with a message naming its tables") {
        TempDir d;
        const auto ev = test::copy_to(test::sample("ios/plaso_ios_kik.sqlite"), d.path());
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {ev}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "unsupported");
        CHECK(report.files[0].format.empty());
        CHECK(report.files[0].message.find("ZKIKMESSAGE") != std::string::npos);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 0);
    }

    TEST_CASE("ios-sms: message.text that is not UTF-8 is stored with U+FFFD and a warning at its row") {
        TempDir d;
        const auto ev = test::copy_with_cell_bytes(test::sample("ios/plaso_imessage_chat.db"), d / "evidence",
                                                   "message", "ROWID", "text", "636166E9");
        std::int64_t archived = 0; // another message whose text is only in attributedBody, with a bad byte
        {
            store::Db db(ev.path.string(), store::OpenMode::ReadWrite);
            archived = db.scalar_int("SELECT max(ROWID) FROM message");
            REQUIRE(archived != ev.key);
            auto up = db.prepare("UPDATE message SET text = NULL, attributedBody = ?1 WHERE ROWID = ?2");
            const auto blob = test::typedstream_fixture::attributed_body("ol\xe9");
            up.bind_blob(1, blob).bind(2, archived).run();
        }
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {ev.path}, opts("US"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-sms");
        const std::string loc = "sqlite:message/rowid=" + std::to_string(ev.key);
        CHECK(event_at(cf, loc).body == "caf\xEF\xBF\xBD");
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = '" + loc +
                  "' AND message = '1 byte(s) that are not UTF-8 replaced by U+FFFD (text)'") == 1);
        const std::string archived_loc = "sqlite:message/rowid=" + std::to_string(archived);
        CHECK(event_at(cf, archived_loc).body == "ol\xEF\xBF\xBD");
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = '" +
                  archived_loc +
                  "' AND message = '1 byte(s) that are not UTF-8 replaced by U+FFFD (attributedBody)'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error'") == 0);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'message'") == ev.rows);
    }
}
