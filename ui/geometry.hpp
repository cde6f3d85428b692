// Small value types shared by the view models: 2-D points, rectangles and the canvas camera.
#pragma once

#include <algorithm>
#include <cmath>

namespace casegraph::ui {

struct Vec2 {
    float x = 0, y = 0;
};
inline Vec2 operator+(Vec2 a, Vec2 b) {
    return {a.x + b.x, a.y + b.y};
}
inline Vec2 operator-(Vec2 a, Vec2 b) {
    return {a.x - b.x, a.y - b.y};
}
inline Vec2 operator*(Vec2 a, float s) {
    return {a.x * s, a.y * s};
}
inline float length(Vec2 a) {
    return std::sqrt(a.x * a.x + a.y * a.y);
}

struct Rect {
    Vec2 min, max;
    [[nodiscard]] bool contains(Vec2 p) const {
        return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y;
    }
    [[nodiscard]] float width() const { return max.x - min.x; }
    [[nodiscard]] float height() const { return max.y - min.y; }
    // A rectangle from two corners in any order (a drag can go any direction).
    static Rect from_corners(Vec2 a, Vec2 b) {
        return {{std::min(a.x, b.x), std::min(a.y, b.y)}, {std::max(a.x, b.x), std::max(a.y, b.y)}};
    }
};

// World (layout) coordinates ↔ screen pixels. The viewport is where the canvas sits on screen, so
// hit-testing and drawing agree on one transform.
struct Camera {
    Vec2 centre;       // world point shown at the middle of the viewport
    float zoom = 1.0f; // screen pixels per world unit
    Rect viewport{{0, 0}, {800, 600}};

    [[nodiscard]] Vec2 to_screen(Vec2 w) const {
        const Vec2 mid{(viewport.min.x + viewport.max.x) * 0.5f, (viewport.min.y + viewport.max.y) * 0.5f};
        return mid + (w - centre) * zoom;
    }
    [[nodiscard]] Vec2 to_world(Vec2 s) const {
        const Vec2 mid{(viewport.min.x + viewport.max.x) * 0.5f, (viewport.min.y + viewport.max.y) * 0.5f};
        return centre + (s - mid) * (1.0f / zoom);
    }
    // Zooms by factor keeping the world point under `anchor` (a screen point) where it is, as maps do.
    void zoom_at(float factor, Vec2 anchor) {
        const Vec2 before = to_world(anchor);
        zoom = std::clamp(zoom * factor, 0.01f, 40.0f);
        const Vec2 after = to_world(anchor);
        centre = centre + (before - after);
    }
    void pan_pixels(Vec2 d) { centre = centre - d * (1.0f / zoom); }
};

} // namespace casegraph::ui
