// The WhatsApp export header-line grammar (see whatsapp_lines.hpp). A hand-written scanner rather than
// regexes: bidi marks may sit between any two digits (Arabic locales) and the spaces around AM/PM vary by OS
// version (U+0020, U+00A0, U+202F), which regexes express badly and slowly. Date-order evidence lives in
// whatsapp_dates.cpp, message bodies in whatsapp_body.cpp.
#include "whatsapp_lines.hpp"

#include "whatsapp_scan.hpp"

#include <array>
#include <cstring>

namespace casegraph::ingest::whatsapp {
namespace {

using namespace scan;

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

} // namespace casegraph::ingest::whatsapp
