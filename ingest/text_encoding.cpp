// Character-set helpers shared by every text importer: UTF-8 validation and Latin-1 / Windows-1252
// transcoding (see text_encoding.hpp).
#include "text_encoding.hpp"

#include <array>
#include <cstdint>

namespace casegraph::ingest {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Windows-1252 0x80-0x9F (Unicode's published mapping); 0 marks the unassigned bytes.
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

} // namespace

std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s)
        append_utf8(out, static_cast<unsigned char>(ch));
    return out;
}

std::string cp1252_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        std::uint32_t cp = c;
        if (c >= 0x80 && c <= 0x9F && kCp1252High[c - 0x80] != 0)
            cp = kCp1252High[c - 0x80];
        append_utf8(out, cp);
    }
    return out;
}

std::optional<std::string> repair_utf8_mojibake(std::string_view s) {
    std::string bytes;
    bytes.reserve(s.size());
    bool high = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            bytes.push_back(static_cast<char>(c));
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size() &&
                   (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
            // U+0080..U+00FF: two UTF-8 bytes whose code point is the byte Meta meant.
            bytes.push_back(
                static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F)));
            high = true;
            ++i;
        } else {
            return std::nullopt; // a code point past U+00FF: real text, not escaped bytes
        }
    }
    if (!high || !is_valid_utf8(bytes))
        return std::nullopt;
    return bytes;
}

} // namespace casegraph::ingest
