// The line grammar of WhatsApp "Export chat" text files (DOMAIN.md §3.1): header lines of every Android
// and iOS locale shape, date-order evidence, and the classification of a message body (system notices,
// deletions, media placeholders, attachments). Pure functions over text, so they can be fuzzed directly.
#pragma once

#include "store/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::whatsapp {

enum class Meridiem { none, am, pm };
enum class DateOrder { unknown, dmy, mdy, ymd };

[[nodiscard]] std::string_view to_string(DateOrder o);
[[nodiscard]] DateOrder date_order_from(std::string_view s); // "dmy" | "mdy" | "ymd", else unknown

// One header line ("31/12/2021, 23:59 - Name: text", "[12.3.2022 klo 14.08.18] Name: text", ...). The three
// date fields are kept as written: which one is the day is decided per file (see DateVotes).
struct Header {
    int field[3] = {0, 0, 0};
    int width[3] = {0, 0, 0}; // digits written in each date field
    int hour = 0, minute = 0, second = 0;
    bool has_seconds = false;
    Meridiem meridiem = Meridiem::none;
    bool bracketed = false; // the iOS "[date, time] Name: text" form
    std::string_view stamp; // the timestamp text as found (between the marks/bracket and the separator)
    std::string_view rest;  // everything after the separator: "Name: text" or a system notice
    [[nodiscard]] bool year_first() const { return width[0] == 4; }
};

// Parses a header line. `line` must not contain the line break; a leading BOM is the caller's job.
// Bidirectional marks (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069) are skipped anywhere in the
// timestamp, NBSP/NNBSP count as spaces and Arabic-Indic digits as digits. nullopt: not a header line.
[[nodiscard]] std::optional<Header> parse_header(std::string_view line);

// Date-order evidence gathered over a whole file.
struct DateVotes {
    std::int64_t lines = 0;
    std::int64_t year_first = 0;     // lines whose first field has four digits
    std::int64_t first_over_12 = 0;  // evidence for day-first
    std::int64_t second_over_12 = 0; // evidence for month-first
    std::int64_t media_dmy = 0;      // attachment names (IMG-20241202-WA0001.jpg) agreeing with day-first
    std::int64_t media_mdy = 0;
    // Consecutive lines that go back in time when read day-first / month-first (exports are written in
    // time order, so the reading with fewer inversions is more likely).
    std::int64_t inversions_dmy = 0;
    std::int64_t inversions_mdy = 0;
    void add(const Header& h);
    // `name` is an attachment file name on the line `h`: names carry the date (Android IMG-YYYYMMDD-WA…,
    // iOS 00000035-PHOTO-YYYY-MM-DD-…), which settles files whose dates are all ≤ 12.
    void add_media_name(const Header& h, std::string_view name);

  private:
    bool has_prev_ = false;
    std::int64_t prev_dmy_ = 0, prev_mdy_ = 0;
};

struct OrderDecision {
    DateOrder order = DateOrder::dmy; // for lines that are not year-first
    bool ambiguous = false;           // nothing in the file decided it: an assumption
    bool conflicting = false;         // both a first field > 12 and a second field > 12 were seen
    std::string reason;               // what decided it, for the import notes
};
// `forced` (from --date-order) wins; otherwise the values decide; otherwise attachment names. Otherwise the
// file is ambiguous: the reading that keeps the lines in time order is assumed (day-first on a tie, as
// most locales write it) and the decision is flagged.
[[nodiscard]] OrderDecision decide_order(const DateVotes& v, DateOrder forced);

// The wall-clock time of a header under a date order. Two-digit years are 20yy (WhatsApp dates from 2009);
// Buddhist-era years (>= 2500, Thai iOS) are converted and reported through `buddhist`. nullopt when the
// date or time is impossible.
[[nodiscard]] std::optional<store::Civil> to_civil(const Header& h, DateOrder order,
                                                   bool* buddhist = nullptr);

// "Name: text" → sender + text. No sender when there is no ": " (Android system notices), or when a known
// sender-less notice starts before the first ": " ("X changed the subject from "a: b"...").
struct Split {
    std::optional<std::string_view> sender;
    std::string_view text;
};
[[nodiscard]] Split split_sender(std::string_view rest);

// What a message body is.
enum class BodyKind { text, system, deleted, media_omitted, attachment };
struct Classified {
    BodyKind kind = BodyKind::text;
    std::string system_kind; // e2e, group_created, added, joined, left, removed, subject_changed,
                             // number_changed, security_code, ... ("other" for unrecognised notices)
    std::string media_type;  // image, video, audio, sticker, document, gif, contact, media
    std::string attachment;  // attachment file name
    std::string caption;     // text around an attachment reference (a title, a caption), if any
};
// `has_sender`: iOS writes notices with a sender (the chat name), so only distinctive phrases count there.
[[nodiscard]] Classified classify(std::string_view text, bool has_sender);

// "You" and its localised forms: the exporting user.
[[nodiscard]] bool is_owner_word(std::string_view name);
// Does the notice start with the owner ("You created group", "Du hast ...")?
[[nodiscard]] bool starts_with_owner_word(std::string_view text);

// A display name that is only a phone number ("+44 7700 900123", "+7 995 920-79-00").
[[nodiscard]] bool looks_like_phone(std::string_view name);
// Phone numbers written in a notice ("+7 995 920-79-00 joined using this group's invite link").
[[nodiscard]] std::vector<std::string_view> phones_in(std::string_view text);

// "https://maps.google.com/?q=51.5021456,-0.127397" inside a "location: …" body.
struct SharedLocation {
    std::string lat, lon; // as written (never through floating point)
};
[[nodiscard]] std::optional<SharedLocation> shared_location(std::string_view text);

// Removes bidirectional marks (they carry no meaning in a name) and trims spaces.
[[nodiscard]] std::string clean_name(std::string_view name);

} // namespace casegraph::ingest::whatsapp
