// The canvas's many small things — plain node dots and link lines — drawn straight with OpenGL from our
// own vertex buffers, in order inside the ImGui frame (an ImDrawList callback). Under a software
// rasteriser (Mesa llvmpipe, the only GL under Xvfb and on machines without a GPU) the cost of a frame
// is per primitive and per textured pixel: a dot here is one point sprite shaped in the fragment shader
// (ImGui: a 2-6 triangle polygon; a tag ring 16) and a link one GL line (ImGui: a two-triangle quad), neither
// samples the font texture. Full icons, labels and highlights stay ImGui drawing.
#pragma once

#include "geometry.hpp"

#include <cstdint>
#include <vector>

struct ImDrawList;

namespace casegraph::ui {

// The fragment shader's shapes, as draw_kind_icon and graph_view.cpp's flat shapes draw them.
enum class DotShape : std::uint8_t { square, circle, triangle, diamond, hexagon, ring };

class CanvasGl {
  public:
    // The one renderer of the window's GL context.
    static CanvasGl& instance();

    // False when switched off (`casegraph-ui --canvas imgui`) or once the shaders failed to build: the
    // caller draws everything with ImGui.
    [[nodiscard]] bool usable() const { return enabled_ && !failed_; }
    void set_enabled(bool on) { enabled_ = on; }

    // Collects one frame's lines and dots (screen pixels, ImGui colours 0xAABBGGRR); submit_lines() and
    // submit_dots() queue them at the draw list's current place, in order with ImGui's drawing.
    // smooth_lines: anti-aliased lines (a few thousand nodes on screen at most: see
    // GraphModel::antialiased), otherwise aliased, which a software rasteriser draws fastest.
    void begin(bool smooth_lines);
    void line(Vec2 a, Vec2 b, float width, std::uint32_t col);
    void dot(Vec2 centre, float radius, DotShape shape, std::uint32_t col);
    void ring(Vec2 centre, float r_in, float r_out, std::uint32_t col); // a flat tag ring
    void submit_lines(ImDrawList* dl);
    void submit_dots(ImDrawList* dl);

    // Frees the GL objects; call with the context current, before it is destroyed.
    void shutdown();

    struct DotVertex {
        float x, y, r;
        std::uint32_t col;
        float shape;
        float inner; // a ring's inner radius in radii
    };
    struct LineVertex {
        float x, y;
        std::uint32_t col;
    };

  private:
    CanvasGl() = default;
    bool init();

  public: // for the draw callback
    void render(bool dots, float clip_x0, float clip_y0, float clip_x1, float clip_y1);

  private:
    bool enabled_ = true, tried_ = false, failed_ = false, smooth_ = false;
    unsigned dot_prog_ = 0, line_prog_ = 0, vao_[2] = {0, 0}, vbo_[2] = {0, 0};
    int dot_proj_ = -1, dot_scale_ = -1, line_proj_ = -1;
    float max_line_width_ = 1;
    std::vector<DotVertex> dots_;
    // Lines bucketed by whole-pixel width (GL draws one width per call): widths 1..kWidths.
    static constexpr int kWidths = 8;
    std::vector<LineVertex> lines_[kWidths];
};

} // namespace casegraph::ui
