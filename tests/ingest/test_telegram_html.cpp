// telegram-html: no public sample exists, so the golden input is a page built to Telegram Desktop's HTML
// export structure (tests/corpus/telegram_html/messages.html, also a fuzz seed): default, joined and
// service messages, date separators, offsets in the date title, replies, forwards, calls, media. Fixtures
// here cover continuation across files, times without offset, missing and bad dates, and a zip export.
#include "chat_fixtures.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace {

std::filesystem::path golden_page() {
    return test::test_data_dir() / "corpus" / "telegram_html" / "messages.html";
}

std::int64_t count_matches(const std::string& text, const std::string& re) {
    const std::regex r(re);
    return std::distance(std::sregex_iterator(text.begin(), text.end(), r), std::sregex_iterator());
}

// A page of the same shape as the golden one, around the given message divs.
std::string page(const std::string& messages) {
    return "<!DOCTYPE html>\n<html>\n <head>\n  <meta charset=\"utf-8\"/>\n<title>Exported Data</title>\n"
           " </head>\n <body>\n  <div class=\"page_wrap\">\n   <div class=\"page_header\">\n"
           "    <div class=\"content\">\n     <div class=\"text bold\">\nPavel Ivanov\n     </div>\n"
           "    </div>\n   </div>\n   <div class=\"page_body chat_page\">\n    <div class=\"history\">\n"
           "     <a class=\"pagination block_link\" href=\"messages.html\">\nPrevious messages\n     </a>\n" +
           messages + "    </div>\n   </div>\n  </div>\n </body>\n</html>\n";
}

std::string message(const std::string& id, const std::string& cls, const std::string& date,
                    const std::string& from, const std::string& text) {
    std::string m = "     <div class=\"message default clearfix" + cls + "\"" +
                    (id.empty() ? std::string() : " id=\"" + id + "\"") + ">\n      <div class=\"body\">\n";
    if (!date.empty())
        m += "       <div class=\"pull_right date details\" title=\"" + date + "\">\n00:00\n       </div>\n";
    if (!from.empty())
        m += "       <div class=\"from_name\">\n" + from + "\n       </div>\n";
    m += "       <div class=\"text\">\n" + text + "\n       </div>\n      </div>\n     </div>\n";
    return m;
}

const std::string kSeparator2 =
    "     <div class=\"message service\" id=\"message-2\">\n      <div class=\"body "
    "details\">\n25 November 2026\n      </div>\n     </div>\n";

std::string second_page() {
    return page(kSeparator2 +
                message("message201", " joined", "25.11.2026 08:59:00 UTC+03:00", "", "orphan") +
                message("message202", "", "25.11.2026 09:00:00", "Olga K", "no offset") +
                message("message203", "", "", "Olga K", "no date at all") +
                message("message204", "", "99.11.2026 25:00:00 UTC+03:00", "Olga K", "bad date") +
                message("", "", "25.11.2026 09:05:00 UTC+03:00", "Pavel Ivanov", "no id"));
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("telegram html page: senders, joined continuations, offsets, replies, forwards, calls, media") {
        TempDir d;
        const std::string html = test::read_file(golden_page());
        // Every div.message is an event except the date separators (negative ids).
        const auto expected = count_matches(html, "class=\"message ") - count_matches(html, "id=\"message-");
        REQUIRE(expected == 7);
        auto r = ingest_file(d, golden_page());
        const auto& db = r.cf.db();
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].format == "telegram-html");
        CHECK(r.report.files[0].status == "imported");
        CHECK(diagnostics(db, "error").empty());
        CHECK(chat_event_count(db) == expected);

        auto e = event_at(db, "html:messages.html#message101").value();
        CHECK(e.kind == "message");
        CHECK(e.utc_ms == std::int64_t{1795518309000}); // 2026-11-24T14:05:09+03:00
        CHECK(e.offset == "+03:00");
        CHECK(!e.offset_assumed);
        CHECK(e.raw == "24.11.2026 14:05:09 UTC+03:00");
        CHECK(e.body == "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82! Call +44 7700 900222 or write "
                        "pavel@example.com\nsee https://example.org/x & ask @olga_k");
        CHECK(sender_of(e) == "Pavel Ivanov");
        // Titled with the peer's name: the other sender, Olga K, is the exporting user.
        CHECK(e.direction == "incoming");
        CHECK(e.parties["recipient"] == std::vector<std::string>{"Olga K"});
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'phone' AND value = '+447700900222'") == 1);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'email' AND value = 'pavel@example.com'") ==
              1);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE type = 'url' AND value LIKE '%example.org/x%'") ==
              1);

        e = event_at(db, "html:messages.html#message102").value();
        CHECK(sender_of(e) == "Pavel Ivanov"); // joined: the previous message's sender
        CHECK(e.attrs["joined"] == true);
        CHECK(e.body == "second line from Pavel \xF0\x9F\x98\x80");

        e = event_at(db, "html:messages.html#message103").value();
        CHECK(sender_of(e) == "Olga K");
        CHECK(e.direction == "outgoing");
        CHECK(e.attrs["reply_to_message_id"] == "101");
        CHECK(e.attrs["media"][0]["kind"] == "photo");
        CHECK(e.attrs["media"][0]["href"] == "photos/photo_1@24-11-2026_14-07-00.jpg");
        CHECK(e.attrs["media_missing"] == true); // the page alone: the photo is not in this evidence

        e = event_at(db, "html:messages.html#message104").value();
        CHECK(e.kind == "system");
        CHECK(e.body == "Olga K invited Ivan");
        CHECK(e.precision == "day"); // only the date separator above dates a service message
        CHECK(e.raw == "24 November 2026");
        CHECK(e.parties["participant"] == std::vector<std::string>{"Olga K"});

        e = event_at(db, "html:messages.html#message105").value();
        CHECK(sender_of(e) == "Olga K");
        CHECK(e.attrs["forwarded_from"] == "Some Body");
        CHECK(e.attrs["forwarded_date"] == "20.11.2026 10:00:00");
        CHECK(e.body == "forwarded words");

        e = event_at(db, "html:messages.html#message106").value();
        CHECK(e.kind == "call");
        CHECK(e.attrs["duration_seconds"] == "56");
        CHECK(e.parties["caller"] == std::vector<std::string>{"Olga K"});
        CHECK(e.parties["callee"] == std::vector<std::string>{"Pavel Ivanov"});

        e = event_at(db, "html:messages.html#message107").value();
        CHECK(e.attrs["media"][0]["kind"] == "voice_message");
        CHECK(e.attrs["media"][0]["description"] ==
              "Not included, change data exporting settings to download.");
        CHECK(e.attrs["media_missing"] == true);
    }

    TEST_CASE("telegram html: bad dates and orphan continuations are diagnostics, the page still imports") {
        TempDir d;
        test::write_file(d / "messages2.html", second_page());
        auto r = ingest_file(d, d / "messages2.html");
        const auto& db = r.cf.db();
        REQUIRE(r.report.files[0].format == "telegram-html");
        CHECK(r.report.files[0].status == "partial");
        auto e = event_at(db, "html:messages2.html#message201").value();
        CHECK(e.body == "orphan");
        CHECK(sender_of(e).empty());
        CHECK(has_diagnostic(db, "warning", "html:messages2.html#message201", "no earlier sender"));
        e = event_at(db, "html:messages2.html#message202").value();
        CHECK(e.attrs["local_unconverted"] == true); // older exports: no offset, and no --tz given
        CHECK(e.raw == "25.11.2026 09:00:00");
        e = event_at(db, "html:messages2.html#message203").value();
        CHECK(!e.utc_ms);
        CHECK(has_diagnostic(db, "warning", "html:messages2.html#message203", "no date"));
        CHECK(!event_at(db, "html:messages2.html#message204"));
        CHECK(has_diagnostic(db, "error", "html:messages2.html#message204", "is not a date"));
        CHECK(event_at(db, "html:messages2.html#div6")->body == "no id"); // sixth div.message of the page
        CHECK(chat_event_count(db) == 4);
    }

    TEST_CASE("telegram html zip export: media linked by hash, one handle per name across the pages") {
        TempDir d;
        const std::string photo = "\xFF\xD8\xFF\xE0 not really a jpeg";
        write_stored_zip(d / "ChatExport.zip",
                         {{"ChatExport/messages.html", test::read_file(golden_page())},
                          {"ChatExport/messages2.html", second_page()},
                          {"ChatExport/photos/photo_1@24-11-2026_14-07-00.jpg", photo}});
        auto r = ingest_file(d, d / "ChatExport.zip");
        const auto& db = r.cf.db();
        auto e = event_at(db, "zip:ChatExport/messages.html!html:messages.html#message103").value();
        CHECK(!e.attrs.contains("media_missing"));
        CHECK(e.attrs["media"][0]["locator"] == "zip:ChatExport/photos/photo_1@24-11-2026_14-07-00.jpg");
        CHECK(e.attrs["media"][0]["sha256"].get<std::string>().size() == 64);
        auto media = event_at(db, "zip:ChatExport/photos/photo_1@24-11-2026_14-07-00.jpg").value();
        CHECK(media.kind == "media");
        CHECK(db.scalar_int("SELECT count(*) FROM entity WHERE kind = 'handle' AND label = 'Olga K'") == 1);
    }

    TEST_CASE("telegram html detection is by content") {
        TempDir d;
        test::write_file(d / "chats.html", "<html><body><div class=\"page_body list_page\"><div "
                                           "class=\"entry_list\"></div></div></body></html>");
        auto r = ingest_file(d, d / "chats.html");
        CHECK(r.report.files[0].status == "unsupported");
        test::write_file(d / "renamed.txt", test::read_file(golden_page()));
        auto r2 = ingest_file(d, d / "renamed.txt", {}, "c2.case");
        CHECK(r2.report.files[0].format == "telegram-html");
    }
}

TEST_SUITE("ingest") {
    TEST_CASE("telegram html: a truncated page and unclosed tags are read as far as they go, with locators") {
        TempDir d;
        const std::string html = test::read_file(golden_page());
        // Cut inside message105's userpic: the parser closes what is open at the end of the input.
        const auto cut = html.find("id=\"message105\"");
        REQUIRE(cut != std::string::npos);
        const std::string truncated = html.substr(0, html.find("userpic5", cut));
        test::write_file(d / "messages3.html", truncated);
        const auto expected =
            count_matches(truncated, "class=\"message ") - count_matches(truncated, "id=\"message-");
        REQUIRE(expected == 5); // 101..105, the separator is not an event
        auto r = ingest_file(d, d / "messages3.html");
        const auto& db = r.cf.db();
        REQUIRE(r.report.files[0].format == "telegram-html");
        CHECK(diagnostics(db, "error").empty());
        CHECK(chat_event_count(db) == expected);
        // The messages before the cut are whole.
        auto e = event_at(db, "html:messages3.html#message102").value();
        CHECK(e.body == "second line from Pavel \xF0\x9F\x98\x80");
        CHECK(sender_of(e) == "Pavel Ivanov");
        CHECK(event_at(db, "html:messages3.html#message104")->body == "Olga K invited Ivan");
        // The cut one is imported with what it has, and says what it lacks at its locator.
        e = event_at(db, "html:messages3.html#message105").value();
        CHECK(e.body.empty());
        CHECK(!e.utc_ms);
        CHECK(has_diagnostic(db, "warning", "html:messages3.html#message105", "no date title"));
        CHECK(has_diagnostic(db, "warning", "html:messages3.html#message105", "no from_name"));

        // Unclosed inline tags inside a text close with their div; an unclosed body div swallows the rest
        // of its message only.
        std::string unclosed = page(
            "     <div class=\"message default clearfix\" id=\"message301\">\n      <div class=\"body\">\n"
            "       <div class=\"pull_right date details\" title=\"25.11.2026 10:00:00 UTC+03:00\">\n"
            "10:00\n       </div>\n       <div class=\"from_name\">\nOlga K\n       </div>\n"
            "       <div class=\"text\">\nsee <b>bold <a href=\"https://example.org/u\">link\n"
            "       </div>\n      </div>\n     </div>\n" +
            message("message302", "", "25.11.2026 10:01:00 UTC+03:00", "Pavel Ivanov", "after it") + "@CUT");
        // The file ends inside message303's text: nothing after it is closed.
        unclosed =
            unclosed.substr(0, unclosed.find("@CUT")) +
            "     <div class=\"message default clearfix\" id=\"message303\">\n      <div class=\"body\">\n"
            "       <div class=\"from_name\">\nOlga K\n       </div>\n       <div class=\"text\">\nend of "
            "file";
        test::write_file(d / "messages4.html", unclosed);
        auto r2 = ingest_file(d, d / "messages4.html", {}, "c2.case");
        const auto& db2 = r2.cf.db();
        CHECK(diagnostics(db2, "error").empty());
        e = event_at(db2, "html:messages4.html#message301").value();
        CHECK(e.body == "see bold link");
        CHECK(sender_of(e) == "Olga K");
        CHECK(db2.scalar_int("SELECT count(*) FROM identifier WHERE type = 'url' AND value LIKE "
                             "'%example.org/u%'") == 1);
        CHECK(event_at(db2, "html:messages4.html#message302")->body == "after it");
        e = event_at(db2, "html:messages4.html#message303").value();
        CHECK(e.body == "end of file");
        CHECK(has_diagnostic(db2, "warning", "html:messages4.html#message303", "no date title"));
        CHECK(chat_event_count(db2) == 3);
    }

    TEST_CASE("telegram html: a page that is not UTF-8 is read in its declared charset or with U+FFFD") {
        TempDir d;
        // Latin-1 bytes ("caf\xE9"), the charset declared in the page's head.
        std::string latin =
            page(message("message501", "", "25.11.2026 12:00:00 UTC+03:00", "Olga K", "caf\xE9 ol\xE9") +
                 message("message502", "", "25.11.2026 12:01:00 UTC+03:00", "Pavel Ivanov", "plain"));
        const auto meta = latin.find("charset=\"utf-8\"");
        REQUIRE(meta != std::string::npos);
        latin.replace(meta, 15, "charset=\"iso-8859-1\"");
        test::write_file(d / "messages6.html", latin);
        auto r = ingest_file(d, d / "messages6.html");
        const auto& db = r.cf.db();
        CHECK(r.report.files[0].status == "imported");
        CHECK(event_at(db, "html:messages6.html#message501")->body == "caf\xC3\xA9 ol\xC3\xA9");
        CHECK(event_at(db, "html:messages6.html#message502")->body == "plain");
        CHECK(has_diagnostic(db, "warning", "html:messages6.html", "declares charset iso-8859-1"));
        // The same bytes in a page that declares UTF-8: each bad byte becomes U+FFFD, the line is named.
        std::string bad =
            page(message("message601", "", "25.11.2026 12:00:00 UTC+03:00", "Olga K", "caf\xE9") +
                 message("message602", "", "25.11.2026 12:01:00 UTC+03:00", "Pavel Ivanov", "plain"));
        const auto line =
            1 + std::count(bad.begin(), bad.begin() + static_cast<std::ptrdiff_t>(bad.find('\xE9')), '\n');
        test::write_file(d / "messages7.html", bad);
        auto r2 = ingest_file(d, d / "messages7.html", {}, "c2.case");
        const auto& db2 = r2.cf.db();
        CHECK(event_at(db2, "html:messages7.html#message601")->body == "caf\xEF\xBF\xBD");
        CHECK(event_at(db2, "html:messages7.html#message602")->body == "plain");
        CHECK(has_diagnostic(db2, "warning", "html:messages7.html",
                             "1 byte(s) that are not UTF-8 (first at line " + std::to_string(line)));
    }

    TEST_CASE("telegram html: a message whose closing tag is missing does not swallow the next message") {
        TempDir d;
        // message401's outer div is never closed, so message402 starts inside it (libxml2 nests it there).
        std::string first = message("message401", "", "25.11.2026 11:00:00 UTC+03:00", "Olga K", "first one");
        const auto last_close = first.rfind("</div>");
        REQUIRE(last_close != std::string::npos);
        first.erase(last_close, 6);
        const std::string html = page(
            first + message("message402", "", "25.11.2026 11:01:00 UTC+03:00", "Pavel Ivanov", "second one") +
            message("message403", "", "25.11.2026 11:02:00 UTC+03:00", "Olga K", "third one"));
        REQUIRE(count_matches(html, "class=\"message ") == 3);
        test::write_file(d / "messages5.html", html);
        auto r = ingest_file(d, d / "messages5.html");
        const auto& db = r.cf.db();
        CHECK(diagnostics(db, "error").empty());
        CHECK(chat_event_count(db) == 3);
        auto e = event_at(db, "html:messages5.html#message401").value();
        CHECK(e.body == "first one");
        CHECK(sender_of(e) == "Olga K");
        CHECK(has_diagnostic(db, "warning", "html:messages5.html#message401", "starts inside this one"));
        e = event_at(db, "html:messages5.html#message402").value();
        CHECK(e.body == "second one");
        CHECK(sender_of(e) == "Pavel Ivanov");
        CHECK(event_at(db, "html:messages5.html#message403")->body == "third one");
        CHECK(!has_diagnostic(db, "warning", "html:messages5.html#message402", "starts inside"));
    }
}
