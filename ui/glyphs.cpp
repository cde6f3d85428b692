// UTF-8 decoding, glyph range collection and undrawable-character markers (see glyphs.hpp).
#include "glyphs.hpp"

#include <cstdio>

namespace casegraph::ui {

std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto cb = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cb & 0xC0) != 0x80) {
                ok = false;
                break;
            }
            c = (c << 6) | (cb & 0x3F);
        }
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(c);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

bool is_rtl(char32_t c) {
    return (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

void GlyphSet::add_text(std::string_view utf8) {
    for (char32_t c : decode_utf8(utf8)) {
        if (c > 0xFFFF) {
            above_bmp_ = true;
            continue;
        }
        if (is_rtl(c))
            rtl_ = true;
        if (c >= 0x20)
            used_.insert(c);
    }
}

void GlyphSet::add_range(char32_t from, char32_t to) {
    for (char32_t c = from; c <= to && c <= 0xFFFF; ++c)
        used_.insert(c);
}

std::vector<std::uint16_t> GlyphSet::ranges() const {
    std::vector<std::uint16_t> out;
    for (auto it = used_.begin(); it != used_.end();) {
        const char32_t first = *it;
        char32_t last = first;
        for (++it; it != used_.end() && *it == last + 1; ++it)
            last = *it;
        out.push_back(static_cast<std::uint16_t>(first));
        out.push_back(static_cast<std::uint16_t>(last));
    }
    out.push_back(0);
    return out;
}

std::string drawable_text(std::string_view utf8, const std::function<bool(char32_t)>& has_glyph) {
    std::string out;
    bool rtl = false;
    for (char32_t c : decode_utf8(utf8)) {
        if (is_rtl(c))
            rtl = true;
        const bool drawable = c <= 0xFFFF && (c < 0x20 || !has_glyph || has_glyph(c));
        if (drawable) {
            append_utf8(out, c == '\n' || c == '\t' || c >= 0x20 ? c : U'\uFFFD');
        } else {
            char buf[16];
            std::snprintf(buf, sizeof buf, "[U+%04X]", static_cast<unsigned>(c));
            out += buf;
        }
    }
    return rtl ? "[RTL] " + out : out;
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes)
        return std::string(s);
    std::size_t cut = max_bytes >= 3 ? max_bytes - 3 : 0;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(s.substr(0, cut)) + "...";
}

} // namespace casegraph::ui
