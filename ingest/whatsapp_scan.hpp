// Character-level scanning shared by the WhatsApp line grammar (whatsapp_lines.cpp, whatsapp_dates.cpp,
// whatsapp_body.cpp): bidirectional marks, the many spaces exports use, trimming. Internal to cg_ingest.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace casegraph::ingest::whatsapp::scan {

using sv = std::string_view;

inline unsigned char at(sv s, std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

// Length of a bidirectional formatting mark at i, or 0.
inline std::size_t mark_len(sv s, std::size_t i) {
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

inline void skip_marks(sv s, std::size_t& i) {
    while (std::size_t n = mark_len(s, i))
        i += n;
}

// Length of a space at i (ASCII space, NBSP, NNBSP, thin space), or 0.
inline std::size_t space_len(sv s, std::size_t i) {
    const unsigned char a = at(s, i), b = at(s, i + 1), c = at(s, i + 2);
    if (a == ' ' || a == '\t')
        return 1;
    if (a == 0xC2 && b == 0xA0)
        return 2;
    if (a == 0xE2 && b == 0x80 && (c == 0xAF || c == 0x89))
        return 3;
    return 0;
}

inline std::size_t skip_spaces(sv s, std::size_t& i) {
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

inline bool starts_with(sv s, sv p) {
    return s.substr(0, p.size()) == p;
}
inline bool ends_with(sv s, sv p) {
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

inline sv trim_marks(sv s) {
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

} // namespace casegraph::ingest::whatsapp::scan
