// The WhatsApp export line grammar, shape by shape: every header form of Android and iOS across locales,
// date-order decisions, and what a body is (notice, deletion, media placeholder, attachment).
#include "ingest/whatsapp_lines.hpp"

#include <doctest/doctest.h>

using namespace casegraph::ingest::whatsapp;

namespace {

struct Shape {
    const char* name;
    std::string line;
    DateOrder order;
    const char* wall; // expected wall clock as Y-M-D h:m:s
    bool seconds;
    const char* rest;
};

std::string wall(const casegraph::store::Civil& c) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute,
                  c.second);
    return buf;
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("whatsapp header lines of every locale shape parse to the right wall clock") {
        const std::string nbsp = "\xC2\xA0", nnbsp = "\xE2\x80\xAF", lrm = "\xE2\x80\x8E",
                          rlm = "\xE2\x80\x8F";
        const std::vector<Shape> shapes = {
            {"android dmy 24h", "31/12/2021, 23:59 - Ann: hi", DateOrder::dmy, "2021-12-31 23:59:00", false,
             "Ann: hi"},
            {"android mdy 12h two-digit year", "12/31/21, 11:59 PM - Ann: hi", DateOrder::mdy,
             "2021-12-31 23:59:00", false, "Ann: hi"},
            {"android dotted dmy", "31.12.21, 23:59 - Ann: hi", DateOrder::dmy, "2021-12-31 23:59:00", false,
             "Ann: hi"},
            {"android NNBSP before AM", "1/2/23, 9:05" + nnbsp + "AM - Ann: hi", DateOrder::mdy,
             "2023-01-02 09:05:00", false, "Ann: hi"},
            {"android 12 AM is midnight", "1/2/23, 12:05 am - Ann: hi", DateOrder::mdy, "2023-01-02 00:05:00",
             false, "Ann: hi"},
            {"12 PM is noon", "1/2/23, 12:05 pm - Ann: hi", DateOrder::mdy, "2023-01-02 12:05:00", false,
             "Ann: hi"},
            {"spanish p. m. with NBSP", "09/10/22, 10:37 p." + nbsp + "m. - Ann: hi", DateOrder::dmy,
             "2022-10-09 22:37:00", false, "Ann: hi"},
            {"spanish a.m. no comma", "9/24/2019 11:30 a.m. - Ann: hi", DateOrder::mdy, "2019-09-24 11:30:00",
             false, "Ann: hi"},
            {"ios bracket with seconds", "[31/12/2021, 23:59:59] Ann: hi", DateOrder::dmy,
             "2021-12-31 23:59:59", true, "Ann: hi"},
            {"ios bracket 12h seconds", "[12/31/21, 11:59:59 PM] Ann: hi", DateOrder::mdy,
             "2021-12-31 23:59:59", true, "Ann: hi"},
            {"ios bracket LRM before", lrm + "[31.12.21, 23:59:59] Ann: " + lrm + "<attached: a.jpg>",
             DateOrder::dmy, "2021-12-31 23:59:59", true, nullptr},
            {"finnish klo with dotted time", "[12.3.2022 klo 14.08.18] Ann: hei", DateOrder::dmy,
             "2022-03-12 14:08:18", true, "Ann: hei"},
            {"year-first bracket no comma", "[2016/04/15 15:04] Ann: hi", DateOrder::unknown,
             "2016-04-15 15:04:00", false, "Ann: hi"},
            {"year-first with trailing period", "2022/12/24, 13:01. - Ann: hi", DateOrder::unknown,
             "2022-12-24 13:01:00", false, "Ann: hi"},
            {"iso dashes year-first", "2022-12-24 13:01 - Ann: hi", DateOrder::unknown, "2022-12-24 13:01:00",
             false, "Ann: hi"},
            {"dashed dmy with seconds and p.m.", "09-10-2022 10:37:00 p.m. - Ann: hi", DateOrder::mdy,
             "2022-09-10 22:37:00", true, "Ann: hi"},
            {"en dash separator", "31/12/2021, 23:59 \xE2\x80\x93 Ann: hi", DateOrder::dmy,
             "2021-12-31 23:59:00", false, "Ann: hi"},
            {"arabic marks between digits", rlm + "31" + rlm + "/12/2021 " + rlm + "23:59 - Ann: hi",
             DateOrder::dmy, "2021-12-31 23:59:00", false, "Ann: hi"},
            {"arabic-indic digits and PM mark",
             "\xD9\xA3\xD9\xA1/\xD9\xA1\xD9\xA2/\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA1 "
             "\xD9\xA1\xD9\xA1:\xD9\xA5\xD9\xA9 "
             "\xD9\x85 - Ann: hi",
             DateOrder::dmy, "2021-12-31 23:59:00", false, "Ann: hi"},
            {"korean spaced dots, AM/PM before the time",
             "2021. 12. 31. \xEC\x98\xA4\xED\x9B\x84 11:59 - Ann: hi", DateOrder::unknown,
             "2021-12-31 23:59:00", false, "Ann: hi"},
            {"chinese PM before the time",
             "2021/12/31 \xE4\xB8\x8B\xE5\x8D\x88"
             "11:59 - Ann: hi",
             DateOrder::unknown, "2021-12-31 23:59:00", false, "Ann: hi"},
            {"older iOS with colon", "12/31/21, 11:59:59 PM: Ann: hi", DateOrder::mdy, "2021-12-31 23:59:59",
             true, "Ann: hi"},
            {"thai buddhist year", "[31/12/2564, 23:59:59] Ann: hi", DateOrder::dmy, "2021-12-31 23:59:59",
             true, "Ann: hi"},
            {"system line, empty rest", "12/24/14, 17:08 - ", DateOrder::mdy, "2014-12-24 17:08:00", false,
             ""},
        };
        for (const auto& s : shapes) {
            CAPTURE(std::string(s.name));
            const auto h = parse_header(s.line);
            if (s.wall == nullptr) {
                CHECK_FALSE(h.has_value()); // a shape we do not claim to read
                continue;
            }
            REQUIRE(h.has_value());
            CHECK(h->has_seconds == s.seconds);
            if (s.rest)
                CHECK(std::string(h->rest) == s.rest);
            const auto c = to_civil(*h, s.order);
            REQUIRE(c.has_value());
            CHECK(wall(*c) == s.wall);
        }
    }

    TEST_CASE("lines that only look like dates are not headers") {
        for (const char* line :
             {"", "hello", "12/12", "1/2/3, 10:00 - x", "31/12/2021 - Ann: hi", "31/12/2021, 25:00 - Ann: hi",
              "31/12/2021, 10:61 - Ann: hi", "31/12/2021, 13:00 PM - Ann: hi", "[31/12/2021, 10:00 Ann: hi",
              "31/12/2021, 10:00 Ann: hi", "123/12/2021, 10:00 - x", "31/12-2021, 10:00 - x",
              "Call me at 12.30 on 1/2/2021"}) {
            CAPTURE(line);
            CHECK_FALSE(parse_header(line).has_value());
        }
    }

    TEST_CASE("a date impossible under the file's order is refused, not guessed") {
        const auto h = parse_header("13/01/2021, 10:00 - Ann: hi");
        REQUIRE(h);
        CHECK(to_civil(*h, DateOrder::dmy).has_value());
        CHECK_FALSE(to_civil(*h, DateOrder::mdy).has_value());
        const auto feb = parse_header("30/02/2021, 10:00 - Ann: hi");
        REQUIRE(feb);
        CHECK_FALSE(to_civil(*feb, DateOrder::dmy).has_value());
    }

    TEST_CASE("date order is decided by values over 12, then attachment names, then time order") {
        auto votes = [](std::initializer_list<const char*> lines) {
            DateVotes v;
            for (const char* l : lines)
                v.add(*parse_header(l));
            return v;
        };
        CHECK(
            decide_order(votes({"01/02/2021, 10:00 - A: x", "13/02/2021, 10:00 - A: x"}), DateOrder::unknown)
                .order == DateOrder::dmy);
        CHECK(
            decide_order(votes({"01/02/2021, 10:00 - A: x", "02/13/2021, 10:00 - A: x"}), DateOrder::unknown)
                .order == DateOrder::mdy);
        const auto both = decide_order(
            votes({"13/02/2021, 10:00 - A: x", "02/13/2021, 10:00 - A: x", "14/02/2021, 10:00 - A: x"}),
            DateOrder::unknown);
        CHECK(both.conflicting);
        CHECK(both.order == DateOrder::dmy);
        const auto amb =
            decide_order(votes({"01/02/2021, 10:00 - A: x", "03/04/2021, 10:00 - A: x"}), DateOrder::unknown);
        CHECK(amb.ambiguous);
        CHECK(amb.order == DateOrder::dmy); // a tie in time order: day-first assumed
        // Read month-first these go Jun 3 → Aug 5 → Sep 4; day-first, 8 May → 9 Apr goes back in time.
        const auto mono = decide_order(
            votes({"06/03/2017, 10:00 - A: x", "08/05/2017, 10:00 - A: x", "09/04/2017, 10:00 - A: x"}),
            DateOrder::unknown);
        CHECK(mono.ambiguous);
        CHECK(mono.order == DateOrder::mdy);
        const auto forced = decide_order(votes({"13/02/2021, 10:00 - A: x"}), DateOrder::mdy);
        CHECK(forced.order == DateOrder::mdy); // --date-order wins even over the evidence
        CHECK_FALSE(forced.ambiguous);
        CHECK(decide_order(votes({"[2016/04/15 15:04] A: x"}), DateOrder::unknown).order == DateOrder::ymd);

        DateVotes media;
        const auto h =
            *parse_header("[02/12/2024, 3:00:45 PM] Alice: IMG-20241202-WA0001.jpg (file attached)");
        media.add(h);
        media.add_media_name(h, "IMG-20241202-WA0001.jpg");
        const auto d = decide_order(media, DateOrder::unknown);
        CHECK_FALSE(d.ambiguous);
        CHECK(d.order == DateOrder::dmy);
        DateVotes ios;
        const auto h2 =
            *parse_header("[03/27/22, 21:41:55] Bob: <attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>");
        ios.add(h2);
        ios.add_media_name(h2, "00000035-PHOTO-2022-03-27-21-41-55.jpg");
        CHECK(decide_order(ios, DateOrder::unknown).order == DateOrder::mdy);
    }

    TEST_CASE("sender and text split at the first colon, except inside sender-less notices") {
        auto s = split_sender("John-John Doe: Lorem ipsum : dolor");
        REQUIRE(s.sender);
        CHECK(*s.sender == "John-John Doe");
        CHECK(s.text == "Lorem ipsum : dolor");
        s = split_sender("+12 345 578 created group \"Groupname\"");
        CHECK_FALSE(s.sender);
        s = split_sender("Ann changed the subject from \"a: b\" to \"c\"");
        CHECK_FALSE(s.sender);
        s = split_sender("\xF0\x9F\xA4\x93: emoji only sender");
        REQUIRE(s.sender);
        CHECK(*s.sender == "\xF0\x9F\xA4\x93");
    }

    TEST_CASE("bodies are classified: notices per language, deletions, omitted media, attachments") {
        struct Case {
            const char* text;
            bool has_sender;
            BodyKind kind;
            const char* detail; // system kind, media type or attachment name
        };
        const std::vector<Case> cases = {
            {"Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
             "can "
             "read or listen to them.",
             true, BodyKind::system, "e2e"},
            {"Hey, I got a notification that our security code changed. Did you get a new phone?", true,
             BodyKind::text, nullptr},
            {"\xE2\x80\x8E"
             "Ann created group \xE2\x80\x9CG\xE2\x80\x9D",
             true, BodyKind::system, "group_created"},
            {"You created group \"ShortChat\"", false, BodyKind::system, "group_created"},
            {"+7 995 920-79-00 joined using this group's invite link", false, BodyKind::system, "joined"},
            {"Ann left", false, BodyKind::system, "left"},
            {"Du hast die Gruppe \xE2\x80\x9EX\xE2\x80\x9C erstellt", false, BodyKind::system,
             "group_created"},
            {"Ann cambió su número de teléfono a uno nuevo.", false, BodyKind::system, "number_changed"},
            {"Ann a quitté", false, BodyKind::system, "left"},
            {"Ann ha aggiunto Bob", false, BodyKind::system, "added"},
            {"Ann heeft Bob toegevoegd", false, BodyKind::system, "added"},
            {"Ann saiu", false, BodyKind::system, "left"},
            {"Ann changed their phone number to a new number. Tap to message or add the new number.", false,
             BodyKind::system, "number_changed"},
            {"Something WhatsApp invented later", false, BodyKind::system, "other"},
            {"This message was deleted", true, BodyKind::deleted, nullptr},
            {"You deleted this message", true, BodyKind::deleted, nullptr},
            {"Diese Nachricht wurde gelöscht", true, BodyKind::deleted, nullptr},
            {"<Media omitted>", true, BodyKind::media_omitted, "media"},
            {"\xE2\x80\x8Eimage omitted", true, BodyKind::media_omitted, "image"},
            {"\xE2\x80\x8Evideo omitted", true, BodyKind::media_omitted, "video"},
            {"<Medien ausgeschlossen>", true, BodyKind::media_omitted, "media"},
            {"\xE2\x80\x8E<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>", true, BodyKind::attachment,
             "00000035-PHOTO-2022-03-27-21-41-55.jpg"},
            {"Resume.pdf \xE2\x80\xA2 2 pages \xE2\x80\x8E<attached: 00000036-Resume.pdf>", true,
             BodyKind::attachment, "00000036-Resume.pdf"},
            {"IMG-20241202-WA0001.jpg (file attached)\nlook at this", true, BodyKind::attachment,
             "IMG-20241202-WA0001.jpg"},
            {"IMG-20200101-WA0001.jpg (Datei angehängt)", true, BodyKind::attachment,
             "IMG-20200101-WA0001.jpg"},
            {"just words", true, BodyKind::text, nullptr},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto r = classify(c.text, c.has_sender);
            CHECK(r.kind == c.kind);
            if (c.detail && r.kind == BodyKind::system)
                CHECK(r.system_kind == c.detail);
            if (c.detail && r.kind == BodyKind::media_omitted)
                CHECK(r.media_type == c.detail);
            if (c.detail && r.kind == BodyKind::attachment)
                CHECK(r.attachment == c.detail);
        }
        CHECK(classify("IMG-1.jpg (file attached)\nlook at this", true).caption == "look at this");
        CHECK(classify("Resume.pdf \xE2\x80\xA2 2 pages <attached: 00000036-Resume.pdf>", true).caption ==
              "Resume.pdf \xE2\x80\xA2 2 pages");
    }

    TEST_CASE("owner words, phone-number names and phones inside notices") {
        CHECK(is_owner_word("You"));
        CHECK(is_owner_word("\xE2\x80\x8E"
                            "Du"));
        CHECK(is_owner_word("Vous"));
        CHECK_FALSE(is_owner_word("Yousef"));
        CHECK(starts_with_owner_word("You created group \"X\""));
        CHECK(looks_like_phone("+44 7700 900123"));
        CHECK(looks_like_phone("+410123456789"));
        CHECK(looks_like_phone("\xE2\x80\xAA+7 995 920-79-00\xE2\x80\xAC"));
        CHECK_FALSE(looks_like_phone("John 2"));
        CHECK_FALSE(looks_like_phone("112"));
        const auto phones = phones_in("+7 995 920-79-00 joined; +44 7700 900123 left; +12 ok");
        REQUIRE(phones.size() == 2);
        CHECK(phones[0] == "+7 995 920-79-00");
        CHECK(phones[1] == "+44 7700 900123");
        const auto loc = shared_location("location: https://maps.google.com/?q=51.5021456,-0.127397");
        REQUIRE(loc);
        CHECK(loc->lat == "51.5021456");
        CHECK(loc->lon == "-0.127397");
        CHECK(clean_name("\xE2\x80\x8E Ann \xE2\x80\x8F") == "Ann");
    }
}
