// The WhatsApp export line grammar (see whatsapp_lines.hpp). A hand-written scanner rather than regexes:
// bidi marks may sit between any two digits (Arabic locales) and the spaces around AM/PM vary by OS
// version (U+0020, U+00A0, U+202F), which regexes express badly and slowly.
#include "whatsapp_lines.hpp"

#include "whatsapp_phrases.hpp"

#include <array>
#include <cstring>

namespace casegraph::ingest::whatsapp {
namespace {

using sv = std::string_view;
using namespace phrases;

unsigned char at(sv s, std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

// Length of a bidirectional formatting mark at i, or 0.
std::size_t mark_len(sv s, std::size_t i) {
    const unsigned char a = at(s, i), b = at(s, i + 1), c = at(s, i + 2);
    if (a == 0xD8 && b == 0x9C)
        return 2; // U+061C ARABIC LETTER MARK
    if (a == 0xE2 && b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE)))
        return 3; // U+200E, U+200F, U+202A..U+202E
    if (a == 0xE2 && b == 0x81 && c >= 0xA6 && c <= 0xA9)
        return 3; // U+2066..U+2069
    if (a == 0xEF && b == 0xBB && c == 0xBF)
        return 3; // a stray BOM (files concatenated by hand)
    return 0;
}

void skip_marks(sv s, std::size_t& i) {
    while (std::size_t n = mark_len(s, i))
        i += n;
}

// Length of a space at i (ASCII space, NBSP, NNBSP, thin space), or 0.
std::size_t space_len(sv s, std::size_t i) {
    const unsigned char a = at(s, i), b = at(s, i + 1), c = at(s, i + 2);
    if (a == ' ' || a == '\t')
        return 1;
    if (a == 0xC2 && b == 0xA0)
        return 2;
    if (a == 0xE2 && b == 0x80 && (c == 0xAF || c == 0x89))
        return 3;
    return 0;
}

std::size_t skip_spaces(sv s, std::size_t& i) {
    std::size_t n = 0;
    for (;;) {
        if (std::size_t k = space_len(s, i)) {
            i += k;
            ++n;
        } else if (std::size_t m = mark_len(s, i)) {
            i += m;
        } else {
            return n;
        }
    }
}

// A digit at i (ASCII, Arabic-Indic U+0660..9, Extended Arabic-Indic U+06F0..9): its length, value in *v.
std::size_t digit_len(sv s, std::size_t i, int* v) {
    const unsigned char a = at(s, i), b = at(s, i + 1);
    if (a >= '0' && a <= '9') {
        *v = a - '0';
        return 1;
    }
    if (a == 0xD9 && b >= 0xA0 && b <= 0xA9) {
        *v = b - 0xA0;
        return 2;
    }
    if (a == 0xDB && b >= 0xB0 && b <= 0xB9) {
        *v = b - 0xB0;
        return 2;
    }
    return 0;
}

// Reads 1..max_width digits (marks between them skipped). Returns false when there is none.
bool read_number(sv s, std::size_t& i, int max_width, int* value, int* width) {
    std::size_t j = i;
    skip_marks(s, j);
    int v = 0, w = 0, d = 0;
    while (w < max_width) {
        std::size_t k = j;
        skip_marks(s, k);
        const std::size_t n = digit_len(s, k, &d);
        if (n == 0)
            break;
        v = v * 10 + d;
        ++w;
        j = k + n;
    }
    if (w == 0)
        return false;
    // A longer run of digits is not a date or time field.
    std::size_t k = j;
    skip_marks(s, k);
    if (digit_len(s, k, &d) != 0)
        return false;
    i = k; // past marks that trail the digits too
    (void)j;
    *value = v;
    *width = w;
    return true;
}

bool lower_eq(unsigned char c, char lower) {
    return c == static_cast<unsigned char>(lower) || c == static_cast<unsigned char>(lower - 'a' + 'A');
}

bool is_ascii_letter(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// AM/PM after the time: "AM", "pm", "a.m.", "p. m." (the inner space may be NBSP), Arabic "ص"/"م",
// German "vorm."/"nachm.". Advances i past it.
Meridiem meridiem_after(sv s, std::size_t& i) {
    std::size_t j = i;
    const unsigned char c = at(s, j);
    if (lower_eq(c, 'a') || lower_eq(c, 'p')) {
        const Meridiem m = lower_eq(c, 'a') ? Meridiem::am : Meridiem::pm;
        ++j;
        if (at(s, j) == '.')
            ++j;
        skip_spaces(s, j);
        if (!lower_eq(at(s, j), 'm'))
            return Meridiem::none;
        ++j;
        if (at(s, j) == '.')
            ++j;
        if (is_ascii_letter(at(s, j)))
            return Meridiem::none;
        i = j;
        return m;
    }
    for (const auto& [token, m] : std::array<std::pair<sv, Meridiem>, 4>{{{"vorm.", Meridiem::am},
                                                                          {"nachm.", Meridiem::pm},
                                                                          {"\xD8\xB5", Meridiem::am},
                                                                          {"\xD9\x85", Meridiem::pm}}}) {
        if (s.substr(j, token.size()) == token) {
            i = j + token.size();
            return m;
        }
    }
    return Meridiem::none;
}

// AM/PM written before the time (Chinese, Japanese, Korean).
Meridiem meridiem_before(sv s, std::size_t& i) {
    static constexpr std::array<std::pair<sv, Meridiem>, 6> kTokens{{
        {"\xE4\xB8\x8A\xE5\x8D\x88", Meridiem::am}, // 上午
        {"\xE4\xB8\x8B\xE5\x8D\x88", Meridiem::pm}, // 下午
        {"\xE5\x8D\x88\xE5\x89\x8D", Meridiem::am}, // 午前
        {"\xE5\x8D\x88\xE5\xBE\x8C", Meridiem::pm}, // 午後
        {"\xEC\x98\xA4\xEC\xA0\x84", Meridiem::am}, // 오전
        {"\xEC\x98\xA4\xED\x9B\x84", Meridiem::pm}, // 오후
    }};
    for (const auto& [token, m] : kTokens)
        if (s.substr(i, token.size()) == token) {
            i += token.size();
            skip_spaces(s, i);
            return m;
        }
    return Meridiem::none;
}

bool starts_with(sv s, sv p) {
    return s.substr(0, p.size()) == p;
}
bool ends_with(sv s, sv p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

sv trim_marks(sv s) {
    for (;;) {
        std::size_t i = 0;
        if (std::size_t n = space_len(s, 0))
            i = n;
        else if (std::size_t m = mark_len(s, 0))
            i = m;
        if (i == 0)
            break;
        s.remove_prefix(i);
    }
    for (;;) {
        bool changed = false;
        for (sv tail : {sv(" "), sv("\t"), sv("\xE2\x80\x8E"), sv("\xE2\x80\x8F"), sv("\xC2\xA0")})
            if (ends_with(s, tail)) {
                s.remove_suffix(tail.size());
                changed = true;
            }
        if (!changed)
            break;
    }
    return s;
}

// The kind of the first phrase in `text` (distinctive ones only when `only_distinctive`), and where.
std::pair<sv, std::size_t> find_phrase(sv text, bool only_distinctive) {
    sv kind;
    std::size_t best = sv::npos;
    for (const auto& p : kPhrases) {
        if (only_distinctive && !p.distinctive)
            continue;
        const std::size_t pos = text.find(p.text);
        if (pos != sv::npos && pos < best) {
            best = pos;
            kind = p.kind;
        }
    }
    return {kind, best};
}

std::string lower_ascii(sv s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_phone_char(sv s, std::size_t i, std::size_t* len) {
    const unsigned char c = at(s, i);
    if ((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
        *len = 1;
        return true;
    }
    if (std::size_t n = space_len(s, i)) {
        *len = n;
        return true;
    }
    if (std::size_t m = mark_len(s, i)) {
        *len = m;
        return true;
    }
    return false;
}

} // namespace

std::string_view to_string(DateOrder o) {
    switch (o) {
    case DateOrder::dmy:
        return "dmy";
    case DateOrder::mdy:
        return "mdy";
    case DateOrder::ymd:
        return "ymd";
    default:
        return "unknown";
    }
}

DateOrder date_order_from(std::string_view s) {
    if (s == "dmy")
        return DateOrder::dmy;
    if (s == "mdy")
        return DateOrder::mdy;
    if (s == "ymd")
        return DateOrder::ymd;
    return DateOrder::unknown;
}

std::optional<Header> parse_header(std::string_view s) {
    Header h;
    std::size_t i = 0;
    skip_marks(s, i);
    if (at(s, i) == '[') {
        h.bracketed = true;
        ++i;
        skip_marks(s, i);
    }
    const std::size_t stamp_begin = i;
    // Date: three fields with one separator, the first may be a four-digit year.
    if (!read_number(s, i, 4, &h.field[0], &h.width[0]))
        return std::nullopt;
    const unsigned char sep = at(s, i);
    if (sep != '/' && sep != '.' && sep != '-')
        return std::nullopt;
    ++i;
    if (sep == '.' && h.width[0] == 4)
        skip_spaces(s, i); // Korean "2021. 12. 31."
    if (!read_number(s, i, 2, &h.field[1], &h.width[1]))
        return std::nullopt;
    if (at(s, i) != sep)
        return std::nullopt;
    ++i;
    if (sep == '.' && h.width[0] == 4)
        skip_spaces(s, i);
    if (!read_number(s, i, h.width[0] == 4 ? 2 : 4, &h.field[2], &h.width[2]))
        return std::nullopt;
    if (h.width[0] == 3 || h.width[2] == 3 || (h.width[0] != 4 && h.width[2] == 1))
        return std::nullopt;
    if (sep == '.' && at(s, i) == '.')
        ++i; // "31.12.21." in some locales
    // Between date and time: ", ", " ", "," or the Finnish " klo ".
    bool comma = false;
    if (at(s, i) == ',') {
        comma = true;
        ++i;
    }
    const std::size_t spaces = skip_spaces(s, i);
    if (s.substr(i, 4) == "klo ") {
        i += 4;
        skip_spaces(s, i);
    } else if (!comma && spaces == 0) {
        return std::nullopt;
    }
    const Meridiem before = meridiem_before(s, i);
    int w = 0;
    if (!read_number(s, i, 2, &h.hour, &w))
        return std::nullopt;
    const unsigned char tsep = at(s, i);
    if (tsep != ':' && tsep != '.')
        return std::nullopt;
    ++i;
    if (!read_number(s, i, 2, &h.minute, &w) || w != 2)
        return std::nullopt;
    if (at(s, i) == tsep) {
        std::size_t j = i + 1;
        if (read_number(s, j, 2, &h.second, &w) && w == 2) {
            h.has_seconds = true;
            i = j;
        }
    }
    {
        std::size_t j = i;
        skip_spaces(s, j);
        const Meridiem after = meridiem_after(s, j);
        if (after != Meridiem::none)
            i = j;
        h.meridiem = before != Meridiem::none ? before : after;
    }
    if (at(s, i) == '.')
        ++i; // "13:01." seen in exports whose time format ends with a period
    skip_marks(s, i);
    const std::size_t stamp_end = i;
    if (h.bracketed) {
        skip_spaces(s, i);
        if (at(s, i) != ']')
            return std::nullopt;
        ++i;
        if (at(s, i) == ':')
            ++i; // "[date, time]: Name: text"
        skip_spaces(s, i);
    } else {
        if (skip_spaces(s, i) == 0 && at(s, i) != ':')
            return std::nullopt;
        if (at(s, i) == '-') {
            ++i;
        } else if (s.substr(i, 3) == "\xE2\x80\x93") { // en dash
            i += 3;
        } else if (at(s, i) == ':' && h.has_seconds) {
            ++i; // older iOS without brackets: "12/31/21, 11:59:59 PM: Name: text"
        } else {
            return std::nullopt;
        }
        if (i < s.size() && skip_spaces(s, i) == 0)
            return std::nullopt;
    }
    // Plausibility of the clock; the date is checked once the file's date order is known.
    if (h.minute > 59 || h.second > 59)
        return std::nullopt;
    if (h.meridiem == Meridiem::none ? h.hour > 23 : h.hour > 12)
        return std::nullopt;
    h.stamp = s.substr(stamp_begin, stamp_end - stamp_begin);
    h.rest = s.substr(std::min(i, s.size()));
    return h;
}

void DateVotes::add(const Header& h) {
    ++lines;
    if (h.year_first()) {
        ++year_first;
        return;
    }
    if (h.field[0] > 12)
        ++first_over_12;
    if (h.field[1] > 12)
        ++second_over_12;
    int hour = h.hour % 12;
    if (h.meridiem == Meridiem::none)
        hour = h.hour;
    else if (h.meridiem == Meridiem::pm)
        hour += 12;
    const std::int64_t clock = (hour * 60 + h.minute) * 60 + h.second;
    const std::int64_t year = h.width[2] <= 2 ? 2000 + h.field[2] : h.field[2];
    const std::int64_t dmy = ((year * 13 + h.field[1]) * 32 + h.field[0]) * 86400 + clock;
    const std::int64_t mdy = ((year * 13 + h.field[0]) * 32 + h.field[1]) * 86400 + clock;
    if (has_prev_) {
        inversions_dmy += dmy < prev_dmy_ ? 1 : 0;
        inversions_mdy += mdy < prev_mdy_ ? 1 : 0;
    }
    has_prev_ = true;
    prev_dmy_ = dmy;
    prev_mdy_ = mdy;
}

void DateVotes::add_media_name(const Header& h, std::string_view name) {
    if (h.year_first())
        return;
    int y = 0, m = 0, d = 0;
    auto digits = [&](std::size_t pos, std::size_t n, int* out) {
        if (pos + n > name.size())
            return false;
        int v = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const char c = name[pos + k];
            if (c < '0' || c > '9')
                return false;
            v = v * 10 + (c - '0');
        }
        *out = v;
        return true;
    };
    bool found = false;
    if (auto p = name.find("-WA"); p != sv::npos && p >= 9 && name[p - 9] == '-')
        found = digits(p - 8, 4, &y) && digits(p - 4, 2, &m) && digits(p - 2, 2, &d); // IMG-YYYYMMDD-WA0001
    for (sv tag : {sv("-PHOTO-"), sv("-VIDEO-"), sv("-AUDIO-"), sv("-STICKER-"), sv("-GIF-")}) {
        if (found)
            break;
        if (auto p = name.find(tag); p != sv::npos) {
            const std::size_t b = p + tag.size(); // 00000035-PHOTO-2022-03-27-21-41-55.jpg
            found = digits(b, 4, &y) && name.size() > b + 7 && name[b + 4] == '-' && digits(b + 5, 2, &m) &&
                    name[b + 7] == '-' && digits(b + 8, 2, &d);
        }
    }
    if (!found)
        return;
    const int year = h.width[2] <= 2 ? 2000 + h.field[2] : h.field[2];
    if (year != y)
        return;
    const bool as_dmy = h.field[0] == d && h.field[1] == m;
    const bool as_mdy = h.field[0] == m && h.field[1] == d;
    if (as_dmy && !as_mdy)
        ++media_dmy;
    else if (as_mdy && !as_dmy)
        ++media_mdy;
}

OrderDecision decide_order(const DateVotes& v, DateOrder forced) {
    OrderDecision d;
    if (forced != DateOrder::unknown) {
        d.order = forced;
        d.reason = "--date-order " + std::string(to_string(forced));
        return d;
    }
    if (v.first_over_12 > 0 && v.second_over_12 > 0) {
        d.conflicting = true;
        d.order = v.first_over_12 >= v.second_over_12 ? DateOrder::dmy : DateOrder::mdy;
        d.reason = "conflicting: " + std::to_string(v.first_over_12) + " lines have a first field over 12, " +
                   std::to_string(v.second_over_12) + " a second field over 12; the majority was used";
        return d;
    }
    if (v.first_over_12 > 0) {
        d.order = DateOrder::dmy;
        d.reason = std::to_string(v.first_over_12) + " lines have a first date field over 12";
        return d;
    }
    if (v.second_over_12 > 0) {
        d.order = DateOrder::mdy;
        d.reason = std::to_string(v.second_over_12) + " lines have a second date field over 12";
        return d;
    }
    if (v.lines == v.year_first) {
        d.order = DateOrder::ymd;
        d.reason = "every date is year-first";
        return d;
    }
    if (v.media_dmy != v.media_mdy && (v.media_dmy == 0 || v.media_mdy == 0)) {
        d.order = v.media_dmy > 0 ? DateOrder::dmy : DateOrder::mdy;
        d.reason = "the dates in " + std::to_string(v.media_dmy + v.media_mdy) +
                   " attachment file names agree with " + std::string(to_string(d.order));
        return d;
    }
    d.ambiguous = true;
    if (v.inversions_mdy < v.inversions_dmy) {
        d.order = DateOrder::mdy;
        d.reason =
            "no date field is over 12: month-first assumed because it keeps the lines in time order (" +
            std::to_string(v.inversions_mdy) + " backward steps against " + std::to_string(v.inversions_dmy) +
            " day-first)";
    } else if (v.inversions_dmy < v.inversions_mdy) {
        d.order = DateOrder::dmy;
        d.reason = "no date field is over 12: day-first assumed because it keeps the lines in time order (" +
                   std::to_string(v.inversions_dmy) + " backward steps against " +
                   std::to_string(v.inversions_mdy) + " month-first)";
    } else {
        d.order = DateOrder::dmy;
        d.reason = "no date field is over 12 and the time order does not tell: day-first assumed";
    }
    return d;
}

std::optional<store::Civil> to_civil(const Header& h, DateOrder order, bool* buddhist) {
    store::Civil c;
    int y = 0;
    if (h.year_first() || order == DateOrder::ymd) {
        y = h.field[0];
        c.month = h.field[1];
        c.day = h.field[2];
        if (h.width[0] <= 2)
            y += 2000;
    } else {
        y = h.field[2];
        if (h.width[2] <= 2)
            y += 2000;
        c.day = order == DateOrder::mdy ? h.field[1] : h.field[0];
        c.month = order == DateOrder::mdy ? h.field[0] : h.field[1];
    }
    if (buddhist)
        *buddhist = false;
    if (y >= 2500) {
        y -= 543; // Thai Buddhist era
        if (buddhist)
            *buddhist = true;
    }
    c.year = y;
    c.hour = h.hour;
    if (h.meridiem == Meridiem::am && c.hour == 12)
        c.hour = 0;
    else if (h.meridiem == Meridiem::pm && c.hour < 12)
        c.hour += 12;
    c.minute = h.minute;
    c.second = h.second;
    if (!store::civil_is_valid(c))
        return std::nullopt;
    return c;
}

Split split_sender(std::string_view rest) {
    Split out;
    const std::size_t colon = rest.find(": ");
    const auto at_phrase = find_phrase(rest, false).second;
    if (colon == sv::npos || (at_phrase != sv::npos && at_phrase < colon)) {
        out.text = rest;
        return out;
    }
    out.sender = rest.substr(0, colon);
    out.text = rest.substr(colon + 2);
    return out;
}

Classified classify(std::string_view text_in, bool has_sender) {
    Classified c;
    const sv text = trim_marks(text_in);
    const sv first_line = trim_marks(text.substr(0, text.find('\n')));
    for (sv d : kDeleted)
        if (first_line == d) {
            c.kind = BodyKind::deleted;
            return c;
        }
    for (sv m : kMediaOmitted)
        if (first_line == m) {
            c.kind = BodyKind::media_omitted;
            c.media_type = "media";
            return c;
        }
    if (const auto sp = first_line.rfind(' '); sp != sv::npos && first_line.size() < 40) {
        const std::string last = lower_ascii(first_line.substr(sp + 1));
        for (sv w : kOmittedWords)
            if (last == w) {
                const std::string first = lower_ascii(first_line.substr(0, first_line.find(' ')));
                c.kind = BodyKind::media_omitted;
                c.media_type = "media";
                for (const auto& mw : kMediaWords)
                    if (first == mw.word)
                        c.media_type = std::string(mw.type);
                return c;
            }
    }
    for (sv open : kAttachedOpen)
        if (auto p = first_line.find(open); p != sv::npos) {
            const auto close = first_line.find('>', p + open.size());
            if (close == sv::npos)
                continue;
            c.kind = BodyKind::attachment;
            c.attachment = std::string(first_line.substr(p + open.size(), close - p - open.size()));
            // A title before it ("Resume.pdf • 2 pages") or a caption after it is kept as the caption.
            const std::size_t abs = static_cast<std::size_t>(first_line.data() - text.data()) + p;
            std::string caption(trim_marks(text.substr(0, abs)));
            const sv after = trim_marks(text.substr(abs + (close - p) + 1));
            if (!caption.empty() && !after.empty())
                caption += ' ';
            caption += after;
            c.caption = std::move(caption);
            return c;
        }
    for (sv suffix : kFileAttached)
        if (ends_with(first_line, suffix)) {
            c.kind = BodyKind::attachment;
            c.attachment = std::string(trim_marks(first_line.substr(0, first_line.size() - suffix.size())));
            const auto nl = text.find('\n');
            c.caption = nl == sv::npos ? std::string() : std::string(trim_marks(text.substr(nl + 1)));
            return c;
        }
    const auto [kind, pos] = find_phrase(text, has_sender);
    if (!has_sender) {
        c.kind = BodyKind::system;
        c.system_kind = pos != sv::npos ? std::string(kind) : "other";
        return c;
    }
    // With a sender, a phrase alone is not enough ("our security code changed, new phone?" is a message):
    // the notice must be one line and look like one, i.e. iOS's leading U+200E, a notice opening, or
    // a "Tap to learn more." ending.
    if (pos == sv::npos || text.find('\n') != sv::npos)
        return c;
    sv lead = text_in;
    while (!lead.empty() && lead.front() == ' ')
        lead.remove_prefix(1);
    bool notice = starts_with(lead, "\xE2\x80\x8E");
    for (sv opener : kNoticeOpeners)
        notice = notice || starts_with(text, opener);
    for (sv ending : kNoticeEndings)
        notice = notice || ends_with(text, ending);
    if (notice) {
        c.kind = BodyKind::system;
        c.system_kind = std::string(kind);
    }
    return c;
}

bool is_owner_word(std::string_view name_in) {
    const std::string name = clean_name(name_in);
    for (sv w : {sv("You"), sv("you"), sv("Du"), sv("Tú"), sv("Tu"), sv("Vous"), sv("Você"), sv("Jij"),
                 sv("Usted"), sv("Sie")})
        if (name == w)
            return true;
    return false;
}

bool starts_with_owner_word(std::string_view text_in) {
    const sv text = trim_marks(text_in);
    for (sv w : {sv("You "), sv("Du "), sv("Tú "), sv("Tu "), sv("Vous "), sv("Você "), sv("Jij "),
                 sv("Je hebt "), sv("U hebt "), sv("Hai "), sv("Creaste "), sv("Has ")})
        if (starts_with(text, w))
            return true;
    return false;
}

bool looks_like_phone(std::string_view name_in) {
    const sv name = trim_marks(name_in);
    if (name.empty() || !(name[0] == '+' || (name[0] >= '0' && name[0] <= '9')))
        return false;
    int digits = 0;
    for (std::size_t i = name[0] == '+' ? 1 : 0; i < name.size();) {
        std::size_t len = 0;
        if (!is_phone_char(name, i, &len))
            return false;
        if (name[i] >= '0' && name[i] <= '9')
            ++digits;
        i += len;
    }
    return digits >= 6 && digits <= 17;
}

std::vector<std::string_view> phones_in(std::string_view text) {
    std::vector<sv> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '+' || i + 1 >= text.size() || text[i + 1] < '0' || text[i + 1] > '9')
            continue;
        std::size_t j = i + 1, last_digit = i + 1;
        int digits = 0;
        while (j < text.size()) {
            std::size_t len = 0;
            if (!is_phone_char(text, j, &len))
                break;
            if (text[j] >= '0' && text[j] <= '9') {
                ++digits;
                last_digit = j;
            }
            j += len;
        }
        if (digits >= 7 && digits <= 17)
            out.push_back(text.substr(i, last_digit + 1 - i));
        i = j - 1;
    }
    return out;
}

std::optional<SharedLocation> shared_location(std::string_view text) {
    for (sv marker : {sv("maps.google.com/?q="), sv("maps.google.com/maps?q="), sv("maps.apple.com/?ll=")}) {
        const auto p = text.find(marker);
        if (p == sv::npos)
            continue;
        std::size_t i = p + marker.size();
        auto number = [&](std::string* out) {
            const std::size_t b = i;
            if (at(text, i) == '-')
                ++i;
            while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
                ++i;
            *out = std::string(text.substr(b, i - b));
            return !out->empty() && *out != "-";
        };
        SharedLocation loc;
        if (number(&loc.lat) && at(text, i) == ',' && (++i, number(&loc.lon)))
            return loc;
    }
    return std::nullopt;
}

std::string clean_name(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size();) {
        if (std::size_t m = mark_len(name, i)) {
            i += m;
            continue;
        }
        out.push_back(name[i]);
        ++i;
    }
    return std::string(trim_marks(out));
}

} // namespace casegraph::ingest::whatsapp
