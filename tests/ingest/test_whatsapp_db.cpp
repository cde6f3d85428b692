// whatsapp-db: msgstore.db in both schemas — real samples for schema choice and legacy rows, fixtures
// for one-to-one and group chats, @lid senders, system/deleted/media messages, calls and WAL-only rows.
#include "ingest_fixture.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::q_int;
using test::q_text;
using test::TempDir;

namespace {

// The new-schema tables casegraph reads, cut down to the columns it uses (names as WhatsApp writes them).
constexpr std::string_view kSchema = R"sql(
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER,
  device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER, subject TEXT,
  created_timestamp INTEGER);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,
  key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER, timestamp INTEGER, received_timestamp INTEGER,
  message_type INTEGER, text_data TEXT, starred INTEGER);
CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, file_path TEXT, file_size INTEGER, mime_type TEXT,
  media_name TEXT, media_caption TEXT, media_duration INTEGER);
CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, latitude REAL, longitude REAL, place_name TEXT,
  place_address TEXT);
CREATE TABLE message_system (message_row_id INTEGER PRIMARY KEY, action_type INTEGER NOT NULL);
CREATE TABLE call_log (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER, from_me INTEGER, call_id TEXT,
  transaction_id INTEGER, timestamp INTEGER, video_call INTEGER, duration INTEGER, call_result INTEGER,
  group_jid_row_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER,
  key_id TEXT NOT NULL, data TEXT, timestamp INTEGER, remote_resource TEXT);
INSERT INTO jid VALUES (1, '447700900111', 's.whatsapp.net', 0, 0, 0, '447700900111@s.whatsapp.net'),
  (2, '120363000000000001', 'g.us', 0, 0, 1, '120363000000000001@g.us'),
  (3, '123456789012345', 'lid', 0, 0, 0, '123456789012345@lid'),
  (4, 'status', 'broadcast', 0, 0, 5, 'status@broadcast'),
  (5, '447700900222', 's.whatsapp.net', 0, 0, 0, '447700900222@s.whatsapp.net');
INSERT INTO chat VALUES (1, 1, 0, NULL, 0), (2, 2, 0, 'Jobs UK', 0), (3, 4, 0, NULL, 0);
INSERT INTO message VALUES (1, -1, 0, '-1', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2, 1, 0, 'k2', 0, 0, 1700000000000, 1700000001000, 0, 'hi', 0),
  (3, 1, 1, 'k3', 0, 13, 1700000060000, NULL, 0, 'where are you?', 0),
  (4, 2, 0, 'k4', 3, 0, 1700000120000, NULL, 0, 'new job in Luton', 0),
  (5, 2, 0, 'k5', 5, 0, 1700000180000, NULL, 1, NULL, 1),
  (6, 2, 0, 'k6', 5, 6, 1700000240000, NULL, 7, NULL, 0),
  (7, 1, 0, 'k7', 0, 0, 1700000300000, NULL, 15, NULL, 0),
  (8, 3, 0, 'k8', 1, 0, 1700000360000, NULL, 0, 'status text', 0),
  (9, 1, 0, 'k9', 0, 0, 1700000420000, NULL, 5, NULL, 0),
  (10, 99, 0, 'k10', 0, 0, 1700000480000, NULL, 0, 'orphan', 0);
INSERT INTO message_media VALUES (5, 'Media/WhatsApp Images/IMG-1.jpg', 48213, 'image/jpeg', NULL, 'passport', NULL);
INSERT INTO message_location VALUES (9, 51.8787, -0.42, 'Luton', NULL);
INSERT INTO message_system VALUES (6, 12);
INSERT INTO call_log VALUES (1, 1, 0, 'call-1', 0, 1700000500000, 1, 30, 5, 0);
INSERT INTO messages VALUES (1, '-1', 0, '-1', NULL, 0, NULL);
)sql";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "wa-crypt-tools msgstore.db: the placeholder-only message table means the legacy schema is read") {
        TempDir src;
        const auto copy =
            test::copy_to(test::sample("android/wacrypttools_msgstore_modern_schema.db"), src.path());
        store::Db source(copy.string(), store::OpenMode::ReadOnly);
        REQUIRE(q_int(source, "SELECT count(*) FROM message WHERE chat_row_id >= 0") == 0);
        test::TestCase c("GB");
        const auto report = c.ingest({test::sample("android/wacrypttools_msgstore_modern_schema.db")});
        REQUIRE(report.files[0].format == "whatsapp-db");
        CHECK(report.files[0].status == "imported");
        CHECK(c.notes()["schema"] == "legacy (messages)");
        const auto real = q_int(source, "SELECT count(*) FROM messages WHERE key_remote_jid <> '-1'");
        CHECK(real == 9);
        CHECK(c.events("message") == real);
        CHECK(c.notes()["messages.placeholder_rows_skipped"] == 1);
        CHECK(c.notes()["messages.status_posts"] ==
              q_int(source, "SELECT count(*) FROM messages WHERE key_remote_jid = 'status@broadcast'"));
        auto st = source.prepare(
            "SELECT _id, key_id, media_wa_type, timestamp FROM messages WHERE key_remote_jid = "
            "'status@broadcast' ORDER BY _id");
        while (st.step()) {
            const auto e = c.event_at("sqlite:messages/rowid=" + std::to_string(st.column_int64(0)));
            CHECK(e.thread == "status@broadcast");
            CHECK(e.attrs["status_post"] == true);
            CHECK(e.attrs["key_id"] == st.column_text(1));
            CHECK(e.attrs["media_wa_type"] == st.column_text(2));
            CHECK_FALSE(e.utc_ms.has_value()); // timestamp 0 is "no time", with a warning, not 1970
            CHECK(e.time_raw == st.column_text(3));
        }
        CHECK(c.errors("warning") == real);
    }

    TEST_CASE("Memacs' one-row legacy msgstore.db: a JID without a server is kept as a handle, not a phone") {
        TempDir src;
        const auto copy = test::copy_to(test::sample("android/memacs_msgstore_toy.db"), src.path());
        store::Db source(copy.string(), store::OpenMode::ReadOnly);
        test::TestCase c("GB");
        const auto report = c.ingest({test::sample("android/memacs_msgstore_toy.db")});
        REQUIRE(report.files[0].format == "whatsapp-db");
        CHECK(c.events("message") == q_int(source, "SELECT count(*) FROM messages"));
        const auto e = c.event_at("sqlite:messages/rowid=1");
        CHECK(e.body == q_text(source, "SELECT data FROM messages WHERE _id = 1"));
        CHECK(e.utc_ms == q_int(source, "SELECT timestamp FROM messages WHERE _id = 1"));
        CHECK(e.direction == "incoming");
        CHECK(e.party("sender")->kind == "handle");
        CHECK(q_int(c.db(), "SELECT count(*) FROM identifier WHERE type = 'phone'") == 0);
    }

    TEST_CASE("new schema: senders, recipients, groups, @lid, system, deleted, media, location and calls") {
        TempDir ev;
        test::make_db(ev / "msgstore.db", kSchema);
        test::TestCase c("GB");
        const auto report = c.ingest({ev / "msgstore.db"});
        REQUIRE(report.files[0].format == "whatsapp-db");
        CHECK(report.files[0].status == "partial"); // message 10 names no chat
        CHECK(c.notes()["schema"] == "new (message + jid + chat)");
        CHECK(c.notes()["message.placeholder_rows_skipped"] == 1);
        CHECK(c.events("message") == 7);
        CHECK(c.events("system") == 1);
        CHECK(c.events("call") == 1);

        const auto in = c.event_at("sqlite:message/rowid=2"); // one-to-one: sender_jid_row_id 0 → the partner
        CHECK(in.party("sender")->identifier == "+447700900111");
        CHECK(in.party("recipient")->kind == "device");
        CHECK(in.utc_ms == 1700000000000);
        CHECK(in.time_rule == "whatsapp message.timestamp unix-ms");
        CHECK(in.thread == "447700900111@s.whatsapp.net");
        const auto out = c.event_at("sqlite:message/rowid=3");
        CHECK(out.direction == "outgoing");
        CHECK(out.party("sender")->kind == "device");
        CHECK(out.party("recipient")->identifier == "+447700900111");

        const auto lid = c.event_at("sqlite:message/rowid=4");
        CHECK(lid.party("sender")->kind == "handle");
        CHECK(lid.party("sender")->identifier == "123456789012345@lid");
        CHECK(q_text(c.db(), "SELECT scope FROM identifier WHERE value = '123456789012345@lid'") ==
              "whatsapp-lid");
        CHECK(q_int(c.db(), "SELECT count(*) FROM identifier WHERE value LIKE '%123456789012345' AND type = "
                            "'phone'") == 0);
        const auto group = lid.identifiers("recipient");
        CHECK(std::count(group.begin(), group.end(), "120363000000000001@g.us") == 1);
        CHECK(q_text(c.db(),
                     "SELECT e.label FROM entity e JOIN identifier i ON i.entity_id = e.id WHERE i.value = "
                     "'120363000000000001@g.us'") == "Jobs UK");

        const auto image = c.event_at("sqlite:message/rowid=5");
        CHECK(image.attrs["media"]["mime_type"] == "image/jpeg");
        CHECK(image.attrs["media"]["media_caption"] == "passport");
        CHECK(image.attrs["media"]["file_size"] == 48213);
        CHECK(c.event_at("sqlite:message/rowid=6").kind == "system");
        CHECK(c.event_at("sqlite:message/rowid=6").attrs["action_type"] == 12);
        CHECK(c.event_at("sqlite:message/rowid=7").deleted);
        const auto status = c.event_at("sqlite:message/rowid=8");
        CHECK(status.thread == "status@broadcast");
        CHECK(status.party("sender")->identifier == "+447700900111");
        CHECK(c.event_at("sqlite:message/rowid=9").attrs["location"]["place_name"] == "Luton");
        CHECK(q_text(c.db(), "SELECT message FROM import_error WHERE locator = 'sqlite:message/rowid=10'")
                  .value_or("")
                  .find("chat_row_id 99") != std::string::npos);

        const auto call = c.event_at("sqlite:call_log/rowid=1");
        CHECK(call.party("caller")->identifier == "+447700900111");
        CHECK(call.attrs["video"] == true);
        CHECK(call.attrs["duration_s"] == 30);
        CHECK(call.utc_ms == 1700000500000);
    }

    TEST_CASE("a WAL-mode msgstore.db whose newest messages live only in the -wal") {
        TempDir ev;
        test::make_wal_db(
            ev.path(), "msgstore.db", kSchema,
            "INSERT INTO message VALUES (11, 1, 0, 'k11', 0, 0, 1700000600000, NULL, 0, 'only in the wal', "
            "0);"
            "INSERT INTO jid VALUES (6, '447700900333', 's.whatsapp.net', 0, 0, 0, "
            "'447700900333@s.whatsapp.net');"
            "INSERT INTO chat VALUES (4, 6, 0, NULL, 0);"
            "INSERT INTO message VALUES (12, 4, 1, 'k12', 0, 0, 1700000660000, NULL, 0, 'new chat', 0);");
        test::TestCase c("GB");
        (void)c.ingest({ev.path()});
        const auto a = c.event_at("sqlite-wal:message/rowid=11");
        CHECK(a.body == "only in the wal");
        CHECK(a.attrs["wal_only"] == true);
        const auto b = c.event_at("sqlite-wal:message/rowid=12");
        CHECK(b.party("recipient")->identifier == "+447700900333");
        CHECK(c.notes()["message.wal_only_rows"] == 2);
        CHECK_FALSE(c.event_at("sqlite:message/rowid=2").attrs.contains("wal_only"));
    }

    TEST_CASE("a number change is a system message and an identity_change event joining old and new") {
        TempDir ev;
        std::string schema(kSchema);
        schema += R"sql(
CREATE TABLE message_system_number_change (message_row_id INTEGER PRIMARY KEY, old_jid_row_id INTEGER,
  new_jid_row_id INTEGER);
INSERT INTO message_system_number_change VALUES (6, 5, 6), (11, 5, 77);
INSERT INTO jid VALUES (6, '447700900333', 's.whatsapp.net', 0, 0, 0, '447700900333@s.whatsapp.net');
INSERT INTO message VALUES (11, 2, 0, 'k11', 5, 6, 1700000700000, NULL, 7, NULL, 0);
)sql";
        test::make_db(ev / "msgstore.db", schema);
        test::TestCase c("GB");
        (void)c.ingest({ev / "msgstore.db"});
        const auto sys = c.event_at("sqlite:message/rowid=6");
        CHECK(sys.kind == "system");
        CHECK(sys.attrs["old_jid"] == "447700900222@s.whatsapp.net");
        CHECK(sys.attrs["new_jid"] == "447700900333@s.whatsapp.net");
        const auto change = c.event_at("sqlite:message/rowid=6", 1);
        CHECK(change.kind == "identity_change");
        CHECK(change.utc_ms == 1700000240000);
        const auto both = change.identifiers("participant");
        REQUIRE(both.size() == 2);
        CHECK(std::count(both.begin(), both.end(), "+447700900222") == 1);
        CHECK(std::count(both.begin(), both.end(), "+447700900333") == 1);
        // The new jid row 77 does not exist: no identity_change, a warning naming the row, the old jid kept.
        CHECK(c.event_at("sqlite:message/rowid=11").attrs["old_jid"] == "447700900222@s.whatsapp.net");
        CHECK_THROWS(c.event_at("sqlite:message/rowid=11", 1));
        CHECK(q_text(c.db(), "SELECT message FROM import_error WHERE locator = 'sqlite:message/rowid=11'")
                  .value_or("")
                  .find("new_jid_row_id 77 is not in jid") != std::string::npos);
        CHECK(c.events("identity_change") == 1);
        // The two numbers are linked in the graph by that event.
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM link l JOIN identifier a ON a.entity_id = l.a JOIN identifier b "
                    "ON b.entity_id = l.b WHERE l.kind = 'identity_change' AND "
                    "a.value || b.value IN ('+447700900222+447700900333', '+447700900333+447700900222')") ==
              1);
    }

    TEST_CASE("a legacy group message's sender is remote_resource; the group is a recipient") {
        TempDir ev;
        test::make_db(ev / "msgstore.db", R"sql(
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER,
  key_id TEXT NOT NULL, status INTEGER, data TEXT, timestamp INTEGER, media_wa_type TEXT, remote_resource TEXT);
CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, subject TEXT);
INSERT INTO chat_list VALUES (1, '447700900111-1600000000@g.us', 'Crew');
INSERT INTO messages VALUES (1, '-1', 0, '-1', NULL, NULL, 0, NULL, NULL),
  (2, '447700900111-1600000000@g.us', 0, 'a', 0, 'shift at 6', 1600000100000, '0', '447700900222@s.whatsapp.net'),
  (3, '447700900111-1600000000@g.us', 1, 'b', 13, 'ok', 1600000200000, '0', NULL);
)sql");
        test::TestCase c("GB");
        REQUIRE(c.ingest({ev / "msgstore.db"}).files[0].status == "imported");
        const auto e = c.event_at("sqlite:messages/rowid=2");
        CHECK(e.party("sender")->identifier == "+447700900222");
        const auto r = e.identifiers("recipient");
        CHECK(std::count(r.begin(), r.end(), "447700900111-1600000000@g.us") == 1);
        CHECK(c.event_at("sqlite:messages/rowid=3").party("sender")->kind == "device");
        CHECK(q_text(c.db(), "SELECT label FROM entity WHERE key LIKE '%447700900111-1600000000@g.us'") ==
              "Crew");
    }

    TEST_CASE(
        "TEXT cells that are not UTF-8 (body, media caption, group subject) become U+FFFD with warnings") {
        TempDir ev;
        test::make_db(ev / "msgstore.db", kSchema);
        std::int64_t expected = 0;
        {
            store::Db src((ev / "msgstore.db").string(), store::OpenMode::ReadWrite);
            src.exec("UPDATE message SET text_data = CAST(X'636166E9' AS TEXT) WHERE _id = 2;"
                     "UPDATE message_media SET media_caption = CAST(X'70617373FF' AS TEXT) WHERE "
                     "message_row_id = 5;"
                     "UPDATE chat SET subject = CAST(X'4A6F6273E9' AS TEXT) WHERE _id = 2;");
            expected = q_int(src, "SELECT count(*) FROM message WHERE chat_row_id IN (SELECT _id FROM chat)");
        }
        test::TestCase c("GB");
        const auto report = c.ingest({ev / "msgstore.db"});
        REQUIRE(report.files[0].format == "whatsapp-db");
        CHECK(c.event_at("sqlite:message/rowid=2").body == "caf\xEF\xBF\xBD");
        CHECK(c.event_at("sqlite:message/rowid=5").attrs.dump().find("pass\xEF\xBF\xBD") !=
              std::string::npos);
        CHECK(q_int(c.db(), "SELECT count(*) FROM entity WHERE label = ?1",
                    std::string("Jobs\xEF\xBF\xBD")) == 1);
        const auto warned = [&](const std::string& locator, const std::string& message) {
            return q_int(c.db(),
                         "SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = ?1 AND "
                         "message = ?2",
                         locator, message);
        };
        CHECK(warned("sqlite:message/rowid=2",
                     "1 byte(s) that are not UTF-8 replaced by U+FFFD (text_data)") == 1);
        CHECK(warned("sqlite:message/rowid=5",
                     "1 byte(s) that are not UTF-8 replaced by U+FFFD (message_media.media_caption)") == 1);
        CHECK(warned("sqlite:chat/_id=2", "1 byte(s) that are not UTF-8 replaced by U+FFFD (subject)") == 1);
        CHECK(c.events("message") + c.events("system") == expected);
        CHECK(c.errors("error") == 1); // message 10 names no chat, as without the bad bytes
    }
}
