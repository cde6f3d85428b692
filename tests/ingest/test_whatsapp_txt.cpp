// whatsapp-txt: golden tests on every WhatsApp sample (counts taken from the text itself) and fixtures for
// each quirk: ambiguous dates, zip exports with present and missing media, multi-line bodies, out-of-order
// lines, emoji-only senders, the owner, bad dates.
#include "chat_fixtures.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace {

// Header lines counted with a plain regular expression, independent of the importer's grammar.
std::int64_t count_header_lines(const std::filesystem::path& p) {
    static const std::regex header(
        R"(^(\xEF\xBB\xBF)?(\xE2\x80\x8E)?\[?\d{1,4}[./-]\d{1,2}[./-]\d{2,4},? \d{1,2}[:.]\d{2})");
    std::ifstream in(p, std::ios::binary);
    std::string line;
    std::int64_t n = 0;
    while (std::getline(in, line))
        n += std::regex_search(line, header) ? 1 : 0;
    return n;
}

std::int64_t chat_events(const store::Db& db) {
    return db.scalar_int("SELECT count(*) FROM event WHERE kind IN ('message', 'system')");
}

nlohmann::json run_notes(const store::Db& db) {
    return nlohmann::json::parse(
        db.scalar_text(
              "SELECT notes FROM import_run WHERE importer = 'whatsapp-txt' ORDER BY id DESC LIMIT 1")
            .value());
}

bool has_diag(const store::Db& db, const std::string& severity, const std::string& locator,
              const std::string& needle) {
    for (const auto& [loc, msg] : diagnostics(db, severity))
        if (loc == locator && msg.find(needle) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("every WhatsApp sample imports one event per header line, with no errors") {
        for (const char* name : {"chatminer_android_es_ampm.txt", "chatminer_android_mdy_24h_multiline.txt",
                                 "chatminer_nbsp_ampm_emoji.txt", "pustur_android_dmy_phone_sender.txt",
                                 "whatsreader_ios_private_chat.txt", "whatstk_bracket_ymd_24h.txt",
                                 "whatstk_pokemon_de_dotdate.txt"}) {
            CAPTURE(name);
            TempDir d;
            const auto file = test::sample(std::string("whatsapp/") + name);
            const auto expected = count_header_lines(file);
            REQUIRE(expected > 0);
            auto r = ingest_file(d, file);
            REQUIRE(r.report.files.size() == 1);
            CHECK(r.report.files[0].format == "whatsapp-txt");
            CHECK(r.report.files[0].status == "imported");
            CHECK(chat_events(r.cf.db()) == expected);
            CHECK(diagnostics(r.cf.db(), "error").empty());
        }
    }

    TEST_CASE(
        "android month-first sample: multi-line bodies, group notices, emoji sender, year-first lines") {
        TempDir d;
        auto r = ingest_file(d, test::sample("whatsapp/chatminer_android_mdy_24h_multiline.txt"));
        const auto& db = r.cf.db();
        CHECK(run_notes(db)["date_order"] == "mdy");
        auto e = event_at(db, "line:5").value();
        CHECK(e.kind == "message");
        CHECK(sender_of(e) == "Jahn Doe");
        CHECK(e.body ==
              "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.\nPellentesque non tincidunt "
              "erat.\nNullam suscipit diam dolor, non pretium leo semper eu.\nAliquam pellentesque "
              "facilisis nunc eu rhoncus.\nCras scelerisque neque.");
        CHECK(e.attrs["wall_time"] == "2020-01-18T14:53");
        CHECK(e.precision == "min");
        CHECK(e.raw == "1/18/20, 14:53");
        CHECK_FALSE(event_at(db, "line:6").has_value()); // a continuation line is not a record
        e = event_at(db, "line:12").value();
        CHECK(e.kind == "system");
        CHECK(e.attrs["system"] == "group_created");
        REQUIRE(e.parties.count("participant") == 1);
        CHECK(e.parties["participant"].size() == 1); // +12 345 578 became a phone identifier
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier_source i JOIN source s ON s.id = i.source_id WHERE "
                  "i.raw = '+12 345 578' AND s.locator = 'line:12'") == 1);
        e = event_at(db, "line:11").value();
        CHECK(e.attrs["system"] == "e2e");
        CHECK(e.attrs["out_of_time_order"] == true); // 2017 after 2020: kept in file order
        CHECK(e.attrs["file_order"] == 5);
        e = event_at(db, "line:26").value();
        CHECK(sender_of(e) == "\xF0\x9F\xA4\x93");
        CHECK(e.body == "Testing emoji \xF0\x9F\xA4\x93");
        e = event_at(db, "line:27").value();
        CHECK(e.attrs["wall_time"] == "2022-12-24T13:01");
        e = event_at(db, "line:19").value(); // [09/10/22 10:37:00 p.m.] read month-first
        CHECK(e.attrs["wall_time"] == "2022-09-10T22:37:00");
        CHECK(e.precision == "s");
        e = event_at(db, "line:21").value(); // [10.24.21, 15:21:43] dotted month-first
        CHECK(e.attrs["wall_time"] == "2021-10-24T15:21:43");
        CHECK(sender_of(e) == "John-John Doe");
    }

    TEST_CASE("spanish a.m./p. m. sample keeps its last two-line message") {
        TempDir d;
        auto r = ingest_file(d, test::sample("whatsapp/chatminer_android_es_ampm.txt"));
        auto e = event_at(r.cf.db(), "line:3").value();
        CHECK(e.attrs["wall_time"] == "2019-11-17T21:34");
        CHECK(e.body == "Lorem ipsum : dolor sit amet.");
        e = event_at(r.cf.db(), "line:4").value();
        CHECK(e.attrs["wall_time"] == "2019-12-24T11:30");
        CHECK(e.body == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.");
    }

    TEST_CASE("NBSP inside p. m. and an ambiguous date: warning, note, and --date-order changes the result") {
        TempDir d;
        auto r = ingest_file(d, test::sample("whatsapp/chatminer_nbsp_ampm_emoji.txt"));
        CHECK(has_diag(r.cf.db(), "warning", "line:1", "date order is ambiguous"));
        CHECK(run_notes(r.cf.db())["date_order_assumed"] == true);
        CHECK(event_at(r.cf.db(), "line:1")->attrs["wall_time"] == "2022-10-09T22:37");
        CHECK(sender_of(*event_at(r.cf.db(), "line:3")) == "\xF0\x9F\xA4\x93");
        TempDir d2;
        ingest::IngestOptions o;
        o.date_order = "mdy";
        auto r2 = ingest_file(d2, test::sample("whatsapp/chatminer_nbsp_ampm_emoji.txt"), o);
        CHECK(event_at(r2.cf.db(), "line:1")->attrs["wall_time"] == "2022-09-10T22:37");
        CHECK_FALSE(has_diag(r2.cf.db(), "warning", "line:1", "ambiguous"));
    }

    TEST_CASE("pustur sample: a phone-number sender becomes a phone entity; empty lines stay in the body") {
        TempDir d;
        ingest::IngestOptions o;
        o.region = "CH";
        o.region_from = "evidence";
        auto r = ingest_file(d, test::sample("whatsapp/pustur_android_dmy_phone_sender.txt"), o);
        const auto& db = r.cf.db();
        auto e = event_at(db, "line:5").value();
        CHECK(e.body == "How are you?\n\nIs everything alright?");
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier i JOIN identifier_source s ON s.identifier_id = i.id "
                  "JOIN source so ON so.id = s.source_id WHERE i.type = 'phone' AND s.raw = '+410123456789' "
                  "AND so.locator = 'line:5'") == 1);
        e = event_at(db, "line:2").value();
        CHECK(e.kind == "system");
        CHECK(
            e.parties["participant"] ==
            std::vector<std::string>{"owner of pustur_android_dmy_phone_sender.txt"}); // "You created group"
        CHECK(event_at(db, "line:3")->body == "This is a test message");
    }

    TEST_CASE("iOS sample: attachment names settle day-first; a message mentioning a security code stays a "
              "message") {
        TempDir d;
        auto r = ingest_file(d, test::sample("whatsapp/whatsreader_ios_private_chat.txt"));
        const auto& db = r.cf.db();
        CHECK(run_notes(db)["date_order"] == "dmy");
        CHECK(run_notes(db).value("date_order_assumed", false) == false);
        auto e = event_at(db, "line:13").value();
        CHECK(e.attrs["wall_time"] == "2024-12-02T15:00:23");
        CHECK(e.raw == "02/12/2024, 3:00:23 PM");
        e = event_at(db, "line:14").value();
        CHECK(e.attrs["attachment"]["name"] == "IMG-20241202-WA0001.jpg");
        CHECK(e.attrs["media_missing"] == true);
        CHECK(event_at(db, "line:23")->kind == "system");
        e = event_at(db, "line:24").value();
        CHECK(e.kind == "message");
        CHECK(sender_of(e) == "Bob");
        CHECK(e.parties["recipient"] == std::vector<std::string>{"Alice"}); // one-to-one chat
        e = event_at(db, "line:45").value();
        CHECK(e.body == "You too! Talk soon! \xF0\x9F\x92\xAB");
        CHECK(e.attrs["wall_time"] == "2024-12-04T16:45:21");
    }

    TEST_CASE(
        "bracketed year-first and German dotted samples; a notice sent 'by' the chat name is a notice") {
        TempDir d;
        auto r = ingest_file(d, test::sample("whatsapp/whatstk_bracket_ymd_24h.txt"));
        CHECK(run_notes(r.cf.db())["date_order"] == "ymd");
        auto e = event_at(r.cf.db(), "line:1").value();
        CHECK(e.kind == "system");
        CHECK(e.attrs["system"] == "group_created");
        e = event_at(r.cf.db(), "line:20").value();
        CHECK(sender_of(e) == "Wobbuffet");
        CHECK(e.body == "Wo-bbu-ffet"); // the trailing empty line is the file's end, not the body's
        TempDir d2;
        ingest::IngestOptions o;
        o.tz = "Europe/Berlin";
        o.tz_from = "evidence";
        auto r2 = ingest_file(d2, test::sample("whatsapp/whatstk_pokemon_de_dotdate.txt"), o);
        e = event_at(r2.cf.db(), "line:1").value();
        CHECK(e.kind == "system");
        CHECK(e.attrs["named"] == "Pokemon Chat");
        e = event_at(r2.cf.db(), "line:3").value();
        CHECK(sender_of(e) == "Ash Ketchum");
        CHECK(e.utc_ms == store::parse_iso_instant("2016-08-06T11:23:00Z")); // CEST, +02:00
        CHECK(e.offset == "+02:00");
        CHECK(e.offset_assumed);
        CHECK_FALSE(e.attrs.contains("local_unconverted"));
    }

    TEST_CASE("without a zone the wall clock is kept unconverted and flagged, with one warning per file") {
        TempDir d;
        auto r = ingest_file(d, test::sample("whatsapp/whatstk_pokemon_de_dotdate.txt"));
        auto e = event_at(r.cf.db(), "line:3").value();
        CHECK(e.utc_ms == store::parse_iso_instant("2016-08-06T13:23:00Z"));
        CHECK(e.offset == "unknown");
        CHECK_FALSE(e.offset_assumed);
        CHECK(e.attrs["local_unconverted"] == true);
        int n = 0;
        for (const auto& [loc, msg] : diagnostics(r.cf.db(), "warning"))
            n += msg.find("no --tz") != std::string::npos ? 1 : 0;
        CHECK(n == 1);
    }

    TEST_CASE("a zip export links present media by hash and locator and warns about missing media") {
        TempDir d;
        const std::string photo = "\xFF\xD8\xFF\xE0 not really a jpeg";
        const std::string chat =
            "\xEF\xBB\xBF[27/03/2022, 21:41:55] Ann: \xE2\x80\x8E<attached: "
            "00000035-PHOTO-2022-03-27-21-41-55.jpg>\r\n"
            "[27/03/2022, 21:42:10] Bob: nice\r\n"
            "[27/03/2022, 21:43:00] Ann: \xE2\x80\x8E<attached: 00000036-PHOTO-2022-03-27-21-43-00.jpg>\r\n"
            "[27/03/2022, 21:44:00] Bob: IMG-20220327-WA0001.jpg (file attached)\r\n"
            "caption line\r\n";
        write_stored_zip(d / "WhatsApp Chat - Ann.zip", {{"_chat.txt", chat},
                                                         {"00000035-PHOTO-2022-03-27-21-41-55.jpg", photo},
                                                         {"media/IMG-20220327-WA0001.jpg", photo + "2"}});
        auto r = ingest_file(d, d / "WhatsApp Chat - Ann.zip");
        const auto& db = r.cf.db();
        auto e = event_at(db, "zip:_chat.txt!line:1").value();
        CHECK(e.attrs["attachment"]["sha256"] == store::sha256_hex(photo));
        CHECK(e.attrs["attachment"]["locator"] == "zip:00000035-PHOTO-2022-03-27-21-41-55.jpg");
        CHECK(e.attrs["wall_time"] == "2022-03-27T21:41:55");
        auto m = event_at(db, "zip:00000035-PHOTO-2022-03-27-21-41-55.jpg").value();
        CHECK(m.kind == "media");
        CHECK(m.attrs["sha256"] == store::sha256_hex(photo));
        CHECK(m.attrs["message_locator"] == "zip:_chat.txt!line:1");
        CHECK(sender_of(m) == "Ann");
        e = event_at(db, "zip:_chat.txt!line:3").value();
        CHECK(e.attrs["media_missing"] == true);
        CHECK(has_diag(db, "warning", "zip:_chat.txt!line:3", "media missing"));
        e = event_at(db, "zip:_chat.txt!line:4").value(); // found in a sub-folder by name
        CHECK(e.attrs["attachment"]["sha256"] == store::sha256_hex(photo + "2"));
        CHECK(e.attrs["caption"] == "caption line");
        CHECK(e.body == "IMG-20220327-WA0001.jpg (file attached)\ncaption line");
    }

    TEST_CASE("multi-line bodies with empty lines, out-of-order lines and emoji-only senders") {
        TempDir d;
        test::write_file(d / "chat.txt",
                         "31/12/2021, 23:59 - Ann: first\n\n\nsecond\n\n"
                         "01/01/2022, 00:01 - \xF0\x9F\x8C\xB8: flower\n"
                         "30/12/2021, 10:00 - Ann: late line\n"
                         "01/01/2022, 00:02 - Ann: <Media omitted>\n"
                         "01/01/2022, 00:03 - Ann: This message was deleted\n"
                         "01/01/2022, 00:04 - Ann: location: https://maps.google.com/?q=51.5,-0.12\n");
        auto r = ingest_file(d, d / "chat.txt");
        const auto& db = r.cf.db();
        CHECK(event_at(db, "line:1")->body == "first\n\n\nsecond\n");
        auto e = event_at(db, "line:6").value();
        CHECK(sender_of(e) == "\xF0\x9F\x8C\xB8");
        e = event_at(db, "line:7").value();
        CHECK(e.attrs["out_of_time_order"] == true);
        CHECK(e.attrs["file_order"] == 3);
        CHECK(event_at(db, "line:8")->attrs["media_omitted"] == "media");
        CHECK(event_at(db, "line:9")->deleted);
        auto loc = event_at(db, "line:10", 1).value();
        CHECK(loc.kind == "location_fix");
        CHECK(loc.attrs["label"] == "shared");
        CHECK(loc.attrs["lat"] == "51.5");
    }

    TEST_CASE("a bad date is an error naming the file and line; the rest imports") {
        TempDir d;
        test::write_file(d / "bad.txt", "13/01/2021, 10:00 - Ann: ok\n"
                                        "31/02/2021, 10:00 - Ann: no such day\n"
                                        "continuation of the bad one\n"
                                        "14/01/2021, 10:00 - Bob: still here\n");
        auto r = ingest_file(d, d / "bad.txt");
        CHECK(r.report.files[0].status == "partial");
        CHECK(has_diag(r.cf.db(), "error", "line:2", "bad.txt line:2: the date '31/02/2021, 10:00'"));
        CHECK(event_at(r.cf.db(), "line:4")->body == "still here");
        CHECK(chat_events(r.cf.db()) == 2);
    }

    TEST_CASE("text before the first header is an error, not silently dropped") {
        TempDir d;
        test::write_file(d / "lead.txt", "stray text\n13/01/2021, 10:00 - Ann: ok\n");
        ingest::IngestOptions o;
        o.format = "whatsapp-txt";
        auto r = ingest_file(d, d / "lead.txt", o);
        CHECK(has_diag(r.cf.db(), "error", "line:1", "before the first message header"));
        CHECK(chat_events(r.cf.db()) == 1);
    }

    TEST_CASE("the exporting user is one entity: You, and --owner by name or number") {
        TempDir d;
        test::write_file(d / "own.txt", "13/01/2021, 10:00 - You: mine\n"
                                        "13/01/2021, 10:01 - +44 7700 900123: theirs\n"
                                        "13/01/2021, 10:02 - You blocked this contact. Tap to unblock.\n");
        auto r = ingest_file(d, d / "own.txt");
        const auto& db = r.cf.db();
        auto mine = event_at(db, "line:1").value();
        CHECK(mine.direction == "outgoing");
        CHECK(sender_of(mine) == "owner of own.txt");
        auto theirs = event_at(db, "line:2").value();
        CHECK(theirs.direction == "incoming");
        CHECK(theirs.parties["recipient"] == std::vector<std::string>{"owner of own.txt"});
        CHECK(mine.parties["recipient"] == theirs.parties["sender"]);
        CHECK(event_at(db, "line:3")->parties["participant"] == std::vector<std::string>{"owner of own.txt"});

        TempDir d2;
        test::write_file(d2 / "named.txt", "13/01/2021, 10:00 - Ann: hi\n13/01/2021, 10:01 - Bob: hello\n");
        ingest::IngestOptions o;
        o.owner = "Ann";
        auto r2 = ingest_file(d2, d2 / "named.txt", o);
        CHECK(event_at(r2.cf.db(), "line:1")->direction == "outgoing");
        CHECK(event_at(r2.cf.db(), "line:2")->direction == "incoming");
    }

    TEST_CASE("the owner writing under her own name is found from the export's name (one-to-one chats)") {
        const std::string chat = "13/01/2021, 10:00 - Ann: where are you\n"
                                 "13/01/2021, 10:01 - Boss: at the flat\n"
                                 "13/01/2021, 10:02 - Ann: ok\n";
        // With --owner: Ann's messages are the owner's phone's, and Boss is the one other person.
        TempDir d;
        test::write_file(d / "WhatsApp Chat with Boss.txt", chat);
        ingest::IngestOptions o;
        o.owner = "+44 7700 900123";
        o.region = "GB";
        auto r = ingest_file(d, d / "WhatsApp Chat with Boss.txt", o);
        const auto& db = r.cf.db();
        const auto phone_entity = db.scalar_int(
            "SELECT entity_id FROM identifier WHERE type = 'phone' AND value = '+447700900123'");
        const auto sender_entity = [&](const std::string& loc) {
            return db.scalar_int(
                "SELECT p.entity_id FROM event_party p JOIN event e ON e.id = p.event_id "
                "JOIN source s ON s.id = e.source_id WHERE p.role = 'sender' AND s.locator = '" +
                loc + "'");
        };
        CHECK(sender_entity("line:1") == phone_entity);
        CHECK(sender_entity("line:3") == phone_entity);
        CHECK(sender_entity("line:2") != phone_entity);
        CHECK(event_at(db, "line:1")->direction == "outgoing");
        CHECK(event_at(db, "line:2")->direction == "incoming");
        CHECK(event_at(db, "line:2")->parties["sender"] == std::vector<std::string>{"Boss"});
        CHECK(event_at(db, "line:2")->parties["recipient"] == std::vector<std::string>{"Ann"}); // labelled
        CHECK(run_notes(db).at("owner_name") == "Ann");
        CHECK(count(db, "SELECT count(*) FROM identifier WHERE value LIKE '%Ann%'") == 0); // no name handle

        // Without --owner, a second copy saved as "(1)", and the iOS dash form: the placeholder owner.
        for (const char* name : {"WhatsApp Chat with Boss (1).txt", "WhatsApp Chat - Boss.txt"}) {
            CAPTURE(name);
            TempDir d2;
            test::write_file(d2 / name, chat);
            auto r2 = ingest_file(d2, d2 / name);
            CHECK(sender_of(event_at(r2.cf.db(), "line:1").value()) ==
                  std::string("Ann (owner of ") + name + ")");
            CHECK(event_at(r2.cf.db(), "line:2")->direction == "incoming");
        }
        // iOS zip: the chat's name is on the archive, the text is _chat.txt.
        TempDir d3;
        write_stored_zip(d3 / "WhatsApp Chat - Boss.zip", {{"_chat.txt", chat}});
        auto r3 = ingest_file(d3, d3 / "WhatsApp Chat - Boss.zip");
        CHECK(event_at(r3.cf.db(), "zip:_chat.txt!line:1")->direction == "outgoing");
        CHECK(run_notes(r3.cf.db()).at("owner_name") == "Ann");

        // The export's name names neither sender (or is not WhatsApp's): nothing is assumed.
        for (const char* name : {"WhatsApp Chat with Carl.txt", "Boss.txt"}) {
            CAPTURE(name);
            TempDir d4;
            test::write_file(d4 / name, chat);
            auto r4 = ingest_file(d4, d4 / name);
            CHECK(event_at(r4.cf.db(), "line:1")->direction == "unknown");
            CHECK_FALSE(run_notes(r4.cf.db()).contains("owner_name"));
        }
    }

    TEST_CASE("detection is by content: a header first line, never the file name") {
        TempDir d;
        test::write_file(d / "notes.txt", "shopping list\n13/01/2021, 10:00 - Ann: ok\n");
        auto r = ingest_file(d, d / "notes.txt");
        CHECK(r.report.files[0].status == "unsupported");
        test::write_file(d / "data.bin", "[2016/04/15 15:04] Ann: hi\n[2016/04/15 15:05] Bob: yo\n");
        auto r2 = ingest_file(d, d / "data.bin", {}, "c2.case");
        CHECK(r2.report.files[0].format == "whatsapp-txt");
    }

    TEST_CASE(
        "bytes that are not UTF-8 are replaced by U+FFFD with a warning at their line; the rest imports") {
        TempDir d;
        const auto file = d / "WhatsApp Chat with Olga K.txt";
        test::write_file(file, "[25/11/2026, 10:00:00] Olga K: caf\xe9\n"
                               "more \xff\xfe\n"
                               "[25/11/2026, 10:01:00] Pavel: fine\n");
        auto r = ingest_file(d, file);
        const auto& db = r.cf.db();
        CHECK(chat_events(db) == count_header_lines(file));
        CHECK(event_at(db, "line:1")->body == "caf\xEF\xBF\xBD\nmore \xEF\xBF\xBD\xEF\xBF\xBD");
        CHECK(has_diag(db, "warning", "line:1", "1 byte(s) that are not UTF-8 replaced by U+FFFD"));
        CHECK(has_diag(db, "warning", "line:2", "2 byte(s) that are not UTF-8 replaced by U+FFFD"));
        CHECK(event_at(db, "line:3")->body == "fine");
    }
}
