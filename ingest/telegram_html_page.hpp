// One page of a Telegram Desktop HTML export (messages.html, messages2.html ...; DOMAIN.md §3.3) read into
// plain structs with libxml2's HTML parser (SAX, no document tree): the chat's name and every div.message in
// document order. No case-file knowledge here, so the page reader can be fuzzed on its own. Internal to
// cg_ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::telegram_html {

struct Link {
    std::string href, text;
    bool operator==(const Link&) const = default;
};

struct Media {
    std::string kind; // photo, video_file, animation, sticker, voice_message, audio_file, file, contact,
                      // location, call, poll, ... (from the element's class)
    std::string href; // relative path or URL; empty when the file was not exported
    std::string title, description, status; // as shown ("Not included, change data exporting settings ...")
    bool operator==(const Media&) const = default;
};

// One div.message.
struct Message {
    std::string id;          // the id attribute as written ("message123", "message-1")
    std::int64_t number = 0; // 1-based position among the page's div.message elements
    long line = 0;           // line of the div in the file (libxml2), 0 when unknown
    bool service = false;    // div.message.service: a date separator (negative id) or a service action
    bool joined = false;     // a continuation: no from_name, the sender is the previous message's
    std::optional<std::string> date_title; // title attribute of div.date: "24.11.2026 14:05:09 UTC+03:00"
    std::optional<std::string> from_name;  // the sender's display name (without " via @bot")
    std::optional<std::string> via_bot;
    std::optional<std::string> forwarded_from, forwarded_date;
    std::optional<std::string> reply_to; // the replied-to message id ("123"), or "another chat"
    std::optional<std::string> text;     // div.text with <br> as newlines
    std::optional<std::string> signature;
    std::string service_text; // div.body.details of a service message
    std::vector<Link> links;  // <a href> inside the text
    std::vector<Media> media;
    // The next div.message started inside this one (its closing tag is missing): this message is what
    // came before it, the next one is read as a message of its own.
    bool unclosed = false;
    bool operator==(const Message&) const = default;
};

struct Page {
    std::string chat_name; // div.page_header .text
    std::vector<Message> messages;
    bool parsed = false; // libxml2 started a document (the input is not empty)
    bool operator==(const Page&) const = default;
};

// Parses one HTML page. Never throws on bad input: an unreadable page has parsed == false. A page in the
// regular layout of Telegram Desktop is read by our own scanner, any other with libxml2's HTML parser;
// both give the same Page (the fuzz target checks it).
[[nodiscard]] Page read_page(std::string_view html);
// The same with libxml2's HTML parser whatever the page.
[[nodiscard]] Page read_page_libxml2(std::string_view html);

// "24.11.2026 14:05:09 UTC+03:00" (or GMT+03:00, or no offset in older exports).
struct Stamp {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    std::optional<int> offset_seconds;
};
[[nodiscard]] std::optional<Stamp> parse_stamp(std::string_view title);
// "24 November 2026", the text of a date separator.
[[nodiscard]] std::optional<Stamp> parse_day(std::string_view text);
// The numeric id in "message123" ("123"); empty when it is not one.
[[nodiscard]] std::string message_number(std::string_view id);

} // namespace casegraph::ingest::telegram_html
