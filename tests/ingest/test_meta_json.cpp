// meta-json: golden tests on the Messenger and Instagram samples (expected values read from the JSON with
// nlohmann and Meta's escaping undone independently here), and fixtures for the quirks: mojibake that is
// and is not repairable, unsent messages, reactions, calls, empty content, a missing timestamp, a message
// that is not an object, a truncated file.
#include "chat_fixtures.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace {

// The test's own oracle for Meta's escaping: code points < 256 as bytes, kept when valid UTF-8.
std::string unmangle(const std::string& s) {
    std::string bytes;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80)
            bytes.push_back(static_cast<char>(c));
        else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size())
            bytes.push_back(static_cast<char>(((c & 3) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F)));
        else
            return s;
    }
    try {
        (void)nlohmann::json(bytes).dump(); // throws on invalid UTF-8
    } catch (const nlohmann::json::exception&) {
        return s;
    }
    return bytes;
}

nlohmann::json load(const std::filesystem::path& p) {
    std::string text = test::read_file(p);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0)
        text.erase(0, 3);
    return nlohmann::json::parse(text);
}

const char* const kHeart = "\xE2\x9D\xA4\xEF\xB8\x8F"; // U+2764 U+FE0F

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("every Meta sample: one event per message, times, senders and repaired text from the JSON") {
        for (const char* name : {"chatanalytics_messenger_inbox.json", "chatminer_messenger_minimal.json",
                                 "chatminer_instagram_dm.json"}) {
            CAPTURE(name);
            TempDir d;
            const auto file = test::sample(std::string("other/") + name);
            const auto j = load(file);
            const auto& msgs = j.at("messages");
            REQUIRE(!msgs.empty());
            auto r = ingest_file(d, file);
            REQUIRE(r.report.files.size() == 1);
            CHECK(r.report.files[0].format == "meta-json");
            CHECK(r.report.files[0].status == "imported");
            CHECK(diagnostics(r.cf.db(), "error").empty());
            CHECK(chat_event_count(r.cf.db()) == static_cast<std::int64_t>(msgs.size()));
            for (std::size_t k = 0; k < msgs.size(); ++k) {
                CAPTURE(k);
                const auto& m = msgs[k];
                const auto e = event_at(r.cf.db(), "json:/messages/" + std::to_string(k));
                REQUIRE(e.has_value());
                CHECK(e->utc_ms == m.at("timestamp_ms").get<std::int64_t>());
                CHECK(e->precision == "ms");
                CHECK(e->body == unmangle(m.value("content", "")));
                const std::string sender = unmangle(m.at("sender_name").get<std::string>());
                if (e->kind == "message")
                    CHECK(e->parties.count("sender") == 1);
                // The sender is the labelled party (or the exporting user's entity, labelled by name too
                // when inferred from the title).
                bool named = false;
                for (const auto& [role, labels] : e->parties)
                    for (const auto& l : labels)
                        named = named || l == sender;
                CHECK(named);
            }
        }
    }

    TEST_CASE("Instagram sample: emoji names and reactions re-decoded, a group, membership, a share link") {
        TempDir d;
        auto r = ingest_file(d, test::sample("other/chatminer_instagram_dm.json"));
        const auto& db = r.cf.db();
        const std::string jhn = std::string("J") + kHeart + "hn Doe";
        auto e = event_at(db, "json:/messages/10").value();
        CHECK(sender_of(e) == jhn);
        CHECK(e.body == "Testing username with emoji: " + jhn);
        CHECK(e.attrs["mojibake_repaired"] == true);
        e = event_at(db, "json:/messages/9").value();
        CHECK(sender_of(e) == kHeart); // a sender that is only an emoji
        e = event_at(db, "json:/messages/8").value();
        REQUIRE(e.attrs["reactions"].size() == 2);
        CHECK(e.attrs["reactions"][0]["reaction"] == kHeart);
        CHECK(e.attrs["reactions"][0]["actor"] == jhn);
        CHECK(e.attrs["reactions"][1]["reaction"] == "\xF0\x9F\x92\x96"); // U+1F496
        CHECK(e.parties["participant"] == std::vector<std::string>{"Jane Doe", jhn});
        // Four participants: a group, so a message is addressed to the exporting user.
        CHECK(e.parties["recipient"].size() == 1);
        CHECK(r.cf.db().scalar_int("SELECT count(*) FROM entity WHERE kind = 'handle' AND label = 'J" +
                                   std::string(kHeart) + "hn Doe'") == 1);
        e = event_at(db, "json:/messages/7").value();
        CHECK(e.kind == "system");
        CHECK(e.attrs["system"] == "members");
        e = event_at(db, "json:/messages/5").value();
        CHECK(e.attrs["share"]["link"] ==
              "https://www.instagram.com/p/CmUv48DLvxd/?feed_type=reshare_chaining");
        CHECK(db.scalar_int("SELECT count(*) FROM identifier WHERE type = 'url' AND value LIKE "
                            "'%instagram.com/p/CmUv48DLvxd%'") == 1);
        e = event_at(db, "json:/messages/4").value();
        CHECK(e.attrs["media"][0]["kind"] == "video");
        CHECK(e.attrs["media_missing"] == true);
        const auto notes = nlohmann::json::parse(
            db.scalar_text("SELECT notes FROM import_run ORDER BY id DESC LIMIT 1").value_or("{}"));
        CHECK(notes["chat_kind"] == "group");
        CHECK(notes["app"] == "instagram"); // its invite link is ig.me
        CHECK(notes["mojibake_repaired_strings"].get<std::int64_t>() > 0);
    }

    TEST_CASE("Messenger sample: a one-to-one thread's title names the peer, so the exporter is the other") {
        TempDir d;
        auto r = ingest_file(d, test::sample("other/chatanalytics_messenger_inbox.json"));
        const auto& db = r.cf.db();
        auto alice = event_at(db, "json:/messages/0").value();
        auto bob = event_at(db, "json:/messages/1").value();
        CHECK(sender_of(alice) == "Alice");
        CHECK(alice.direction == "incoming");
        CHECK(alice.parties["recipient"] == std::vector<std::string>{"Bob"});
        CHECK(bob.direction == "outgoing");
        CHECK(bob.parties["recipient"] == std::vector<std::string>{"Alice"});
        auto file = event_at(db, "json:/messages/3").value();
        CHECK(file.attrs["media"][0]["kind"] == "file");
        CHECK(file.attrs["media"][0]["uri"] == "messages/inbox/alice_aaaaaaaaaa/files/blabla.docx");
        CHECK(file.attrs["extra"]["ip"] == "1.1.1.1"); // kept verbatim, not interpreted
        CHECK(event_at(db, "json:/messages/5")->attrs["media"][0]["kind"] == "sticker");
    }

    TEST_CASE("Meta fixture: mojibake repaired only when valid, unsent, empty content, calls, bad records") {
        TempDir d;
        // Written with the escapes exactly as Meta writes them.
        test::write_file(d / "message_1.json", R"({
  "participants": [{"name": "Ren\u00c3\u00a9e"}, {"name": "Ann"}, {"name": "Zo\u00eb"}],
  "messages": [
    {"sender_name": "Ren\u00c3\u00a9e", "timestamp_ms": 1700000000000, "content": "Caf\u00c3\u00a9 \u00f0\u009f\u0098\u0080 \u00c5\u00bc\u00c3\u00b3\u00c5\u0082w"},
    {"sender_name": "Zo\u00eb", "timestamp_ms": 1700000001000, "content": "na\u00efve \u00e2\u0082 cut"},
    {"sender_name": "Ann", "timestamp_ms": 1700000002000, "content": "", "is_unsent": true},
    {"sender_name": "Ann", "content": "no time here"},
    "not a message",
    {"sender_name": "Ann", "timestamp_ms": 1700000003000, "type": "Call", "call_duration": 42},
    {"sender_name": "Ren\u00c3\u00a9e", "timestamp_ms": 1700000004000, "content": "ok",
     "reactions": [{"reaction": "\u00f0\u009f\u0091\u008d", "actor": "Ann"}]},
    {"sender_name": "Ann", "timestamp_ms": "soon", "content": "bad time"}
  ],
  "title": "Ren\u00c3\u00a9e, Ann, Zo\u00eb", "is_still_participant": true, "thread_type": "RegularGroup",
  "thread_path": "inbox/renee_123", "magic_words": []
})");
        ingest::IngestOptions o;
        o.owner = "Ann";
        auto r = ingest_file(d, d / "message_1.json", o);
        const auto& db = r.cf.db();
        REQUIRE(r.report.files[0].format == "meta-json");
        CHECK(r.report.files[0].status == "partial"); // one record failed, the rest imported
        auto e = event_at(db, "json:/messages/0").value();
        CHECK(sender_of(e) == "Ren\xC3\xA9"
                              "e");
        CHECK(e.body == "Caf\xC3\xA9 \xF0\x9F\x98\x80 \xC5\xBC\xC3\xB3\xC5\x82w"); // Café 😀 żół
        CHECK(e.direction == "incoming");
        // U+00EB alone is not UTF-8 when taken as a byte, and "\u00e2\u0082" is a cut sequence: both stay.
        e = event_at(db, "json:/messages/1").value();
        CHECK(sender_of(e) == "Zo\xC3\xAB");
        CHECK(e.body == "na\xC3\xAFve \xC3\xA2\xC2\x82 cut");
        CHECK(!e.attrs.contains("mojibake_repaired"));
        e = event_at(db, "json:/messages/2").value();
        CHECK(e.deleted);
        CHECK(e.attrs["unsent"] == true);
        CHECK(e.body.empty());
        CHECK(e.direction == "outgoing"); // --owner Ann
        e = event_at(db, "json:/messages/3").value();
        CHECK(e.body == "no time here");
        CHECK(!e.utc_ms);
        CHECK(has_diagnostic(db, "warning", "json:/messages/3", "no timestamp_ms"));
        CHECK(!event_at(db, "json:/messages/4"));
        CHECK(has_diagnostic(db, "error", "json:/messages/4", "not a JSON object"));
        e = event_at(db, "json:/messages/5").value();
        CHECK(e.kind == "call");
        CHECK(e.attrs["duration_seconds"] == 42);
        CHECK(e.parties["caller"].size() == 1);
        e = event_at(db, "json:/messages/6").value();
        CHECK(e.attrs["reactions"][0]["reaction"] == "\xF0\x9F\x91\x8D");
        e = event_at(db, "json:/messages/7").value();
        CHECK(e.body == "bad time");
        CHECK(has_diagnostic(db, "warning", "json:/messages/7", "not a number"));
        CHECK(chat_event_count(db) == 7);
    }

    TEST_CASE("Meta thread fields that cannot be read are warnings; the messages still import") {
        TempDir d;
        test::write_file(d / "message_2.json",
                         R"({"participants": ["Ann", {"name": "Bob"}], "title": {"x": 1},
  "messages": [{"sender_name": "Bob", "timestamp_ms": 1700000000000, "content": "hi"}],
  "thread_path": "inbox/bob_1"})");
        auto r = ingest_file(d, d / "message_2.json");
        const auto& db = r.cf.db();
        REQUIRE(r.report.files[0].format == "meta-json");
        CHECK(has_diagnostic(db, "warning", "json:", "not a {\"name\""));
        CHECK(has_diagnostic(db, "warning", "json:", "\"title\""));
        CHECK(event_at(db, "json:/messages/0")->body == "hi");
        CHECK(chat_event_count(db) == 1);
    }

    TEST_CASE("a truncated Meta export fails as a whole and says so") {
        TempDir d;
        const std::string text = test::read_file(test::sample("other/chatminer_instagram_dm.json"));
        test::write_file(d / "message_1.json", text.substr(0, text.size() / 2));
        ingest::IngestOptions o;
        o.format = "meta-json";
        auto r = ingest_file(d, d / "message_1.json", o);
        CHECK(r.report.files[0].status == "failed");
        CHECK(r.report.files[0].message.find("message_1.json") != std::string::npos);
        CHECK(r.report.files[0].message.find("byte offset") != std::string::npos);
        CHECK(chat_event_count(r.cf.db()) == 0);
    }

    TEST_CASE(
        "a Meta export with bytes that are not UTF-8 imports with U+FFFD and says where the first was") {
        TempDir d;
        const std::string text =
            "{\"participants\": [{\"name\": \"Ann\"}, {\"name\": \"Bob\"}],\n"
            "  \"messages\": [{\"sender_name\": \"Bob\", \"timestamp_ms\": 1700000000000, "
            "\"content\": \"caf\xe9\"},\n"
            "  {\"sender_name\": \"Ann\", \"timestamp_ms\": 1700000001000, \"content\": "
            "\"fine\"}],\n  \"title\": \"Bob\", \"thread_path\": \"inbox/bob_1\"}";
        test::write_file(d / "message_1.json", text);
        auto r = ingest_file(d, d / "message_1.json");
        const auto& db = r.cf.db();
        REQUIRE(r.report.files[0].format == "meta-json");
        CHECK(r.report.files[0].status != "failed");
        CHECK(event_at(db, "json:/messages/0")->body == "caf\xEF\xBF\xBD");
        CHECK(event_at(db, "json:/messages/1")->body == "fine");
        CHECK(has_diagnostic(db, "warning", "json:",
                             "1 byte(s) that are not UTF-8 replaced by U+FFFD (the first at byte " +
                                 std::to_string(text.find('\xe9')) + ")"));
        std::int64_t senders = 0;
        for (auto p = text.find("sender_name"); p != std::string::npos; p = text.find("sender_name", p + 1))
            ++senders;
        CHECK(chat_event_count(db) == senders);
    }
}
