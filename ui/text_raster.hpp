// Full text as Pango lays it out (bidi reordering and shaping for right-to-left scripts, font fallback
// through fontconfig, characters above U+FFFF), rasterised with cairo into straight RGBA pixels that the
// detail pane uploads as a texture — what Dear ImGui 1.86 (16-bit, unshaped) cannot draw itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::ui {

struct TextImage {
    int width = 0, height = 0;      // pixels
    std::vector<std::uint8_t> rgba; // width * height * 4, straight (not premultiplied) alpha
    [[nodiscard]] std::uint8_t alpha(int x, int y) const {
        return rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                     static_cast<std::size_t>(x)) *
                        4 +
                    3];
    }
};

// Wraps at wrap_px (words, then characters); each paragraph takes its direction from its first strong
// character, so Hebrew or Arabic lines are right-aligned and read right to left. font_px is the pixel
// size; colour is 0xRRGGBB. Never throws on odd input: invalid UTF-8 is shown as U+FFFD by Pango.
[[nodiscard]] TextImage render_text(const std::string& utf8, int wrap_px, double font_px,
                                    std::uint32_t colour = 0x101010);

// Whether ImGui's own text would misdraw this (right-to-left, or characters above U+FFFF).
[[nodiscard]] bool needs_pango(const std::string& utf8);

} // namespace casegraph::ui
