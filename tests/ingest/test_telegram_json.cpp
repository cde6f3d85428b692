// telegram-json: golden tests on every Telegram sample (counts taken from the JSON text), a whole-account
// fixture (personal information, contacts, chats of each type, entities, edits, media in a zip), and the
// failure modes: a malformed message in the middle of the array, a truncated file.
#include "chat_fixtures.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace {

std::int64_t count_type(const std::string& text, const std::string& type) {
    const std::regex re("\"type\"\\s*:\\s*\"" + type + "\"");
    return std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
}

std::int64_t events_of(const store::Db& db, const std::string& kinds) {
    return db.scalar_int("SELECT count(*) FROM event WHERE kind IN (" + kinds + ")");
}

bool has_diag(const store::Db& db, const std::string& severity, const std::string& locator,
              const std::string& needle) {
    for (const auto& [loc, msg] : diagnostics(db, severity))
        if (loc == locator && msg.find(needle) != std::string::npos)
            return true;
    return false;
}

const char* kAccount = R"({
 "about": "Here is the data you requested.",
 "personal_information": {"user_id": 111, "first_name": "Olga", "last_name": "K", "phone_number": "+44 7700 900111",
                          "username": "olga_k", "bio": ""},
 "contacts": {"about": "contacts", "list": [
   {"first_name": "Pavel", "last_name": "", "phone_number": "+44 7700 900222", "date": "2023-01-02T10:00:00",
    "date_unixtime": "1672653600"},
   {"first_name": "No", "last_name": "Phone", "phone_number": "", "date_unixtime": "1672653601"}]},
 "frequent_contacts": {"about": "x", "list": []},
 "chats": {"about": "chats", "list": [
  {"name": "Pavel", "type": "personal_chat", "id": 222, "messages": [
    {"id": 1, "type": "message", "date": "2023-03-01T12:00:00", "date_unixtime": "1677668400", "from": "Olga",
     "from_id": "user111", "text": ["call ", {"type": "phone", "text": "+44 7700 900333"}, " or ",
     {"type": "email", "text": "Boss@Example.com"}, " see ", {"type": "text_link", "text": "here", "href": "https://ex.example/x"}],
     "text_entities": []},
    {"id": 2, "type": "message", "date_unixtime": "1677668460", "from": "Pavel", "from_id": "user222",
     "text": "ok", "reply_to_message_id": 1, "edited": "2023-03-01T12:05:00", "edited_unixtime": "1677668700",
     "forwarded_from": "Somebody"},
    {"id": 3, "type": "message", "date_unixtime": "1677668520", "from": "Pavel", "from_id": "user222",
     "photo": "photos/photo_1.jpg", "text": ""},
    {"id": 4, "type": "message", "date_unixtime": "1677668580", "from": "Pavel", "from_id": "user222",
     "file": "voice_messages/audio_1.ogg", "media_type": "voice_message", "mime_type": "audio/ogg",
     "duration_seconds": 3, "text": ""},
    {"id": 5, "type": "service", "date_unixtime": "1677668640", "actor": "Pavel", "actor_id": "user222",
     "action": "phone_call", "duration_seconds": 56, "discard_reason": "hangup", "text": ""}]},
  {"name": "Crew", "type": "private_supergroup", "id": 333, "messages": [
    {"id": 1, "type": "service", "date_unixtime": "1677668700", "actor": "Olga", "actor_id": "user111",
     "action": "create_group", "title": "Crew", "members": ["Olga", "Ivan"], "text": ""},
    {"id": 2, "type": "message", "date_unixtime": "1677668760", "from": "Ivan", "from_id": "user444",
     "text": [{"type": "mention_name", "text": "Pavel", "user_id": 222}, " come"]}]}]},
 "left_chats": {"about": "left", "list": [
  {"name": "Old", "type": "public_channel", "id": 555, "messages": [
    {"id": 9, "type": "message", "date_unixtime": "1600000000", "from": "Old", "from_id": "channel555",
     "text": "news"}]}]}
})";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("every Telegram sample imports one event per message and per service message") {
        for (const char* name :
             {"chatanalytics_dm_personal_chat.json", "chatminer_full_export_chats_list.json",
              "chatminer_single_chat_minimal.json"}) {
            CAPTURE(name);
            TempDir d;
            const auto file = test::sample(std::string("telegram/") + name);
            const std::string text = test::read_file(file);
            const auto expected_messages = count_type(text, "message");
            const auto expected_service = count_type(text, "service");
            REQUIRE(expected_messages > 0);
            auto r = ingest_file(d, file);
            REQUIRE(r.report.files.size() == 1);
            CHECK(r.report.files[0].format == "telegram-json");
            CHECK(r.report.files[0].status == "imported");
            CHECK(events_of(r.cf.db(), "'message'") == expected_messages);
            CHECK(events_of(r.cf.db(), "'system', 'call'") == expected_service);
            CHECK(diagnostics(r.cf.db(), "error").empty());
        }
    }

    TEST_CASE("personal chat sample: mixed text arrays, date-only messages, calls, missing photos") {
        TempDir d;
        auto r = ingest_file(d, test::sample("telegram/chatanalytics_dm_personal_chat.json"));
        const auto& db = r.cf.db();
        auto e = event_at(db, "json:/messages/1").value();
        CHECK(e.body == "https://google.com \xF0\x9F\x91\x80");
        CHECK(sender_of(e) == "Bob");
        CHECK(e.raw == "2019-07-12T16:55:32"); // only `date`: local wall clock, unconverted without --tz
        CHECK(e.attrs["local_unconverted"] == true);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'url' AND value LIKE '%google.com%'") == 1);
        e = event_at(db, "json:/messages/3").value();
        CHECK(e.utc_ms == std::int64_t{1652135033000});
        CHECK(e.rule == "telegram date_unixtime");
        CHECK(e.body == "world?");
        CHECK(e.direction == "incoming"); // Alice, the non-peer sender, is the exporter
        e = event_at(db, "json:/messages/5").value();
        CHECK(e.attrs["media_missing"] == true);
        CHECK(e.attrs["media"]["width"] == 960);
        e = event_at(db, "json:/messages/7").value();
        CHECK(e.kind == "call");
        CHECK(e.attrs["duration_seconds"] == 56);
        CHECK(e.parties["caller"] == std::vector<std::string>{"Alice"});
        CHECK(e.parties["callee"] == std::vector<std::string>{"Bob"});
        CHECK(e.attrs["exporter_utc_offset"] == "-03:00"); // date 23:11:02 local vs 02:11:02Z
        e = event_at(db, "json:/messages/0").value();
        CHECK(e.kind == "system");
        CHECK(e.attrs["action"] == "joined_telegram");
    }

    TEST_CASE("full-export sample uses chats/list pointers") {
        TempDir d;
        auto r = ingest_file(d, test::sample("telegram/chatminer_full_export_chats_list.json"));
        auto e = event_at(r.cf.db(), "json:/chats/list/0/messages/1").value();
        CHECK(e.body == "Link:https://telegram.org/");
        CHECK(sender_of(e) == "Author 2");
        CHECK(e.utc_ms == std::int64_t{1544006964000});
        TempDir d2;
        auto r2 = ingest_file(d2, test::sample("telegram/chatminer_single_chat_minimal.json"));
        CHECK(event_at(r2.cf.db(), "json:/messages/0")->body == "Minimal Message");
    }

    TEST_CASE(
        "a whole-account export in a zip: owner, contacts, entities, edits, media present and missing") {
        TempDir d;
        write_stored_zip(d / "export.zip", {{"Telegram Desktop/DataExport/result.json", kAccount},
                                            {"Telegram Desktop/DataExport/photos/photo_1.jpg", "JPEGDATA"}});
        ingest::IngestOptions o;
        o.region = "GB";
        o.region_from = "evidence";
        auto r = ingest_file(d, d / "export.zip", o);
        const auto& db = r.cf.db();
        const std::string p = "zip:Telegram Desktop/DataExport/result.json!";
        CHECK(diagnostics(db, "error").empty());
        auto self = event_at(db, p + "json:/personal_information").value();
        CHECK(self.kind == "contact_card");
        CHECK(self.parties["owner"] == std::vector<std::string>{"Olga K"});
        auto c = event_at(db, p + "json:/contacts/list/0").value();
        CHECK(c.kind == "contact_card");
        CHECK(c.parties["owner"] == std::vector<std::string>{"Olga K"});
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'phone' AND value = '+447700900222'") == 1);
        auto m = event_at(db, p + "json:/chats/list/0/messages/0").value();
        CHECK(m.direction == "outgoing");
        CHECK(m.parties["recipient"] == std::vector<std::string>{"Pavel"});
        CHECK(m.body == "call +44 7700 900333 or Boss@Example.com see here");
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'phone' AND value = '+447700900333'") == 1);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'email' AND value = 'boss@example.com'") ==
              1);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'url' AND value = 'https://ex.example/x'") ==
              1);
        m = event_at(db, p + "json:/chats/list/0/messages/1").value();
        CHECK(m.direction == "incoming");
        CHECK(m.attrs["reply_to_message_id"] == "1");
        CHECK(m.attrs["forwarded_from"] == "Somebody");
        CHECK(m.attrs["edited_utc_ms"] == 1677668700000);
        m = event_at(db, p + "json:/chats/list/0/messages/2").value();
        CHECK(m.attrs["media"]["sha256"] == store::sha256_hex("JPEGDATA"));
        CHECK(event_at(db, "zip:Telegram Desktop/DataExport/photos/photo_1.jpg")->kind == "media");
        m = event_at(db, p + "json:/chats/list/0/messages/3").value();
        CHECK(m.attrs["media_missing"] == true);
        CHECK(m.attrs["media"]["media_type"] == "voice_message");
        m = event_at(db, p + "json:/chats/list/0/messages/4").value();
        CHECK(m.kind == "call");
        CHECK(m.parties["callee"] == std::vector<std::string>{"Olga K"});
        m = event_at(db, p + "json:/chats/list/1/messages/0").value();
        CHECK(m.kind == "system");
        CHECK(m.parties["participant"].size() == 2); // Olga (actor) and Ivan (a member by name)
        m = event_at(db, p + "json:/chats/list/1/messages/1").value();
        CHECK(m.parties["recipient"] ==
              std::vector<std::string>{"Olga K"}); // the group message reached the owner
        CHECK(
            db.scalar_int("SELECT count(*) FROM identifier WHERE type = 'handle' AND scope = 'telegram' AND "
                          "value = 'user222'") == 1); // mention_name resolves to Pavel's account
        m = event_at(db, p + "json:/left_chats/list/0/messages/0").value();
        CHECK(m.attrs["left_chat"] == true);
        CHECK(has_diag(db, "warning", p + "json:", "frequent_contacts"));
    }

    TEST_CASE("a malformed message in the middle is an error at its pointer; the rest imports") {
        TempDir d;
        test::write_file(d / "result.json", R"({"name": "G", "type": "private_group", "id": 9, "messages": [
            {"id": 1, "type": "message", "date_unixtime": "1600000000", "from": "A", "from_id": "user1", "text": "one"},
            "BROKEN",
            {"id": 3, "type": "message", "date_unixtime": "yesterday", "from": "A", "from_id": "user1", "text": "x"},
            {"id": 4, "type": "message", "date_unixtime": "1600000400", "from": "B", "from_id": "user2", "text": tru},
            {"id": 5, "type": "message", "date_unixtime": "1600000500", "from": "B", "from_id": "user2", "text": "five"}]})");
        auto r = ingest_file(d, d / "result.json");
        const auto& db = r.cf.db();
        CHECK(r.report.files[0].status == "partial");
        CHECK(has_diag(db, "error", "json:/messages/1", "result.json json:/messages/1: malformed message"));
        CHECK(has_diag(db, "error", "json:/messages/2", "date_unixtime 'yesterday'"));
        CHECK(has_diag(db, "error", "json:/messages/3", "malformed message"));
        CHECK(event_at(db, "json:/messages/0")->body == "one");
        CHECK(event_at(db, "json:/messages/4")->body == "five");
        CHECK(events_of(db, "'message'") == 2);
    }

    TEST_CASE("a truncated export fails clearly, naming the file and the byte offset") {
        TempDir d;
        const std::string full =
            test::read_file(test::sample("telegram/chatanalytics_dm_personal_chat.json"));
        test::write_file(d / "cut.json", full.substr(0, 1200));
        auto r = ingest_file(d, d / "cut.json");
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].status == "failed");
        CHECK(r.report.files[0].message.find("cut.json") != std::string::npos);
        CHECK(r.report.files[0].message.find("byte offset 1200") != std::string::npos);
        CHECK(events_of(r.cf.db(), "'message', 'system', 'call'") == 0);
        test::write_file(
            d / "comma.json",
            R"({"messages": [{"type": "message", "date_unixtime": "1", "text": "a"} {"type": "message"}]})");
        auto r2 = ingest_file(d, d / "comma.json", {}, "c2.case");
        CHECK(r2.report.files[0].status == "failed");
        CHECK(r2.report.files[0].message.find("malformed JSON at byte offset") != std::string::npos);
    }

    TEST_CASE("detection is by content: Meta exports and other JSON are not Telegram") {
        TempDir d;
        test::write_file(d / "result.json",
                         R"({"participants": [{"name": "A"}], "messages": [{"sender_name": "A",
            "timestamp_ms": 1, "content": "x"}], "title": "A", "thread_path": "inbox/a"})");
        auto r = ingest_file(d, d / "result.json");
        CHECK(r.report.files[0].format != "telegram-json");
        test::write_file(d / "whatever.txt", R"({"about": "x", "personal_information": {"user_id": 1}})");
        auto r2 = ingest_file(d, d / "whatever.txt", {}, "c2.case");
        CHECK(r2.report.files[0].format == "telegram-json");
    }

    TEST_CASE("a message with bytes that are not UTF-8 imports with U+FFFD and a warning at its pointer") {
        TempDir d;
        const std::string text =
            "{\"name\": \"G\", \"type\": \"private_group\", \"id\": 9, \"messages\": [\n"
            "{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1600000000\", \"from\": \"A\", "
            "\"from_id\": \"user1\", \"text\": \"caf\xe9\"},\n"
            "{\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1600000100\", \"from\": \"B\", "
            "\"from_id\": \"user2\", \"text\": \"fine\"}]}";
        test::write_file(d / "result.json", text);
        auto r = ingest_file(d, d / "result.json");
        const auto& db = r.cf.db();
        REQUIRE(r.report.files[0].format == "telegram-json");
        CHECK(event_at(db, "json:/messages/0")->body == "caf\xEF\xBF\xBD");
        CHECK(has_diag(db, "warning", "json:/messages/0", "1 byte(s) that are not UTF-8 replaced by U+FFFD"));
        CHECK(event_at(db, "json:/messages/1")->body == "fine");
        CHECK(events_of(db, "'message'") == count_type(text, "message"));
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error'") == 0);
    }
}
