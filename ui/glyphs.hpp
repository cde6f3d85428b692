// Text as the UI can draw it: UTF-8 decoding, the glyph ranges a case needs (so the font atlas holds
// only those), and a visible marker for characters the font or ImGui 1.86 (16-bit, no RTL shaping)
// cannot draw, instead of a silent '?'.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ui {

// Decodes UTF-8; malformed bytes become U+FFFD so one bad byte never hides the rest of a message.
[[nodiscard]] std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t c);

// Accumulates the code points used by case text (labels, bodies) into ImGui-style ranges.
class GlyphSet {
  public:
    void add_text(std::string_view utf8);
    void add_range(char32_t from, char32_t to);
    // Pairs [first, last] of 16-bit code points, zero-terminated, as ImFontAtlas::AddFont* wants.
    [[nodiscard]] std::vector<std::uint16_t> ranges() const;
    [[nodiscard]] bool has_above_bmp() const { return above_bmp_; }
    [[nodiscard]] bool has_rtl() const { return rtl_; }
    [[nodiscard]] std::size_t size() const { return used_.size(); }

  private:
    std::set<char32_t> used_;
    bool above_bmp_ = false, rtl_ = false;
};

// Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, Arabic presentation forms).
[[nodiscard]] bool is_rtl(char32_t c);

// Replaces what cannot be drawn with a visible marker "[U+1F600]": code points above U+FFFF always
// (ImGui 1.86 is 16-bit), and those the font lacks (has_glyph false). Text holding right-to-left
// characters gets a leading "[RTL] " marker, because ImGui draws it unshaped in the wrong order.
[[nodiscard]] std::string drawable_text(std::string_view utf8,
                                        const std::function<bool(char32_t)>& has_glyph = {});

// Shortens to at most max_bytes without cutting a UTF-8 sequence, adding "..." when it cut.
[[nodiscard]] std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

} // namespace casegraph::ui
