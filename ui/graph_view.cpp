// Drawing the graph canvas: edges (aggregated when zoomed out), kind icons, tag rings, labels when
// zoomed in, the legend; mouse input becomes intents (select, box select, drag-pin, pan, zoom).
#include "canvas_gl.hpp"
#include "views.hpp"

#include <GLFW/glfw3.h>
#include <cmath>
#include <functional>
#include <imgui.h>

namespace casegraph::ui {

unsigned Palette::kind_colour(const std::string& kind) {
    if (kind == "phone")
        return 0xFFB27200; // blue
    if (kind == "person")
        return 0xFF009FE6; // orange
    if (kind == "account")
        return 0xFF739E00; // bluish green
    if (kind == "email")
        return 0xFFA779CC; // reddish purple
    if (kind == "group")
        return 0xFF3A3A3A; // near black: a group stands out from every kind
    return 0xFF808080;
}

unsigned Palette::edge_colour(const std::string& kind) {
    if (kind == "transaction")
        return 0xC0009FE6;
    if (kind == "call")
        return 0xB0739E00;
    return 0x90705040; // messages: a muted slate, so tagged nodes stand out on top
}

Shape kind_shape(const std::string& kind) {
    if (kind == "phone")
        return Shape::circle;
    if (kind == "person")
        return Shape::triangle;
    if (kind == "account")
        return Shape::square;
    if (kind == "email")
        return Shape::diamond;
    return Shape::hexagon;
}

void draw_kind_icon(void* dl_ptr, float x, float y, float r, const std::string& kind, bool outline_only) {
    auto* dl = static_cast<ImDrawList*>(dl_ptr);
    const ImU32 col = Palette::kind_colour(kind);
    const ImU32 edge = 0xFF303030;
    const ImVec2 c{x, y};
    switch (kind_shape(kind)) {
    case Shape::circle:
        if (!outline_only)
            dl->AddCircleFilled(c, r, col, r > 6 ? 16 : 8);
        dl->AddCircle(c, r, edge, r > 6 ? 16 : 8, 1.0f);
        break;
    case Shape::triangle: {
        const ImVec2 a{x, y - r * 1.15f}, b{x - r, y + r * 0.75f}, d{x + r, y + r * 0.75f};
        if (!outline_only)
            dl->AddTriangleFilled(a, b, d, col);
        dl->AddTriangle(a, b, d, edge, 1.0f);
        break;
    }
    case Shape::square:
        if (!outline_only)
            dl->AddRectFilled({x - r * 0.85f, y - r * 0.85f}, {x + r * 0.85f, y + r * 0.85f}, col);
        dl->AddRect({x - r * 0.85f, y - r * 0.85f}, {x + r * 0.85f, y + r * 0.85f}, edge);
        break;
    case Shape::diamond: {
        const ImVec2 a{x, y - r}, b{x + r, y}, d{x, y + r}, e{x - r, y};
        if (!outline_only)
            dl->AddQuadFilled(a, b, d, e, col);
        dl->AddQuad(a, b, d, e, edge, 1.0f);
        break;
    }
    case Shape::hexagon:
        if (!outline_only)
            dl->AddNgonFilled(c, r, col, 6);
        dl->AddNgon(c, r, edge, 6, 1.0f);
        break;
    }
}

namespace {

// Magenta (ABGR): a path or pattern match. No kind, tag or selection colour is near it, so a halo
// reads on any node, on a projector and in greyscale (where it is a wide dark halo).
constexpr unsigned kHighlight = 0xFFB000E0;

// The legend as a strip below the canvas (never over a node): its entries flow left to right and
// wrap to the width. Returns the strip's height; draws only when dl is given (the canvas first asks
// for the height to size itself).
float legend_strip(ImDrawList* dl, ImVec2 at, float width) {
    struct Entry {
        std::function<void(ImDrawList*, ImVec2)> swatch; // drawn centred on the point
        const char* text;
    };
    auto kind = [](const char* k) {
        return [k](ImDrawList* d, ImVec2 c) { draw_kind_icon(d, c.x, c.y, 6, k); };
    };
    auto ring = [](unsigned col, const char* letter) {
        return [col, letter](ImDrawList* d, ImVec2 c) {
            d->AddCircle(c, 7, col, 16, 3.0f);
            d->AddText({c.x - 3, c.y - ImGui::GetTextLineHeight() * 0.5f}, 0xFF000000, letter);
        };
    };
    auto link = [](unsigned col) {
        return [col](ImDrawList* d, ImVec2 c) { d->AddLine({c.x - 8, c.y}, {c.x + 8, c.y}, col, 2); };
    };
    const Entry entries[] = {
        {kind("phone"), "phone"},
        {kind("person"), "person"},
        {kind("account"), "account"},
        {kind("email"), "email"},
        {kind("other"), "other"},
        {ring(Palette::suspect, "S"), "suspect"},
        {ring(Palette::victim, "V"), "victim"},
        {ring(Palette::witness, "W"), "witness (analyst tags)"},
        {link(Palette::edge_colour("sms")), "message/call"},
        {link(Palette::edge_colour("transaction")), "money transfer (width = events)"},
        {[](ImDrawList* d, ImVec2 c) {
             d->AddCircleFilled(c, 8, kHighlight, 16);
             d->AddCircleFilled(c, 4, Palette::kind_colour("phone"), 12);
         },
         "highlighted path/match"},
        {[](ImDrawList* d, ImVec2 c) {
             d->AddCircleFilled(c, 7, Palette::kind_colour("group"), 16);
             d->AddCircle(c, 5, 0xFFFFFFFF, 16, 1.5f);
         },
         "group (G), expand with U"},
    };
    const float line = ImGui::GetTextLineHeight() + 4;
    float x = at.x + 4, y = at.y + 2;
    for (const auto& e : entries) {
        const float w = 22 + ImGui::CalcTextSize(e.text).x + 12;
        if (x + w > at.x + width && x > at.x + 4) { // wrap
            x = at.x + 4;
            y += line;
        }
        if (dl) {
            e.swatch(dl, {x + 9, y + line * 0.5f});
            dl->AddText({x + 22, y + 2}, 0xFF202020, e.text);
        }
        x += w;
    }
    return y + line + 2 - at.y;
}

// The canvas background as a scissored glClear of its clip rectangle: a software rasteriser (Mesa
// llvmpipe under Xvfb) clears memory, where a filled ImGui rectangle runs the textured, blended
// fragment shader on every pixel of the canvas every frame.
void clear_canvas(const ImDrawList*, const ImDrawCmd* cmd) {
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 sc = io.DisplayFramebufferScale;
    const ImVec4 r = cmd->ClipRect;
    const auto fb_h = static_cast<GLint>(io.DisplaySize.y * sc.y);
    glScissor(static_cast<GLint>(r.x * sc.x), fb_h - static_cast<GLint>(r.w * sc.y),
              static_cast<GLsizei>((r.z - r.x) * sc.x), static_cast<GLsizei>((r.w - r.y) * sc.y));
    glClearColor(0xFC / 255.0f, 0xFC / 255.0f, 0xFC / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
}

ImVec2 iv(Vec2 v) {
    return {v.x, v.y};
}

// Writes convex polygons straight into the draw list's buffers, reserved in chunks: thousands of
// small nodes and edge lines cost one reservation per chunk instead of a path build per primitive,
// and a polygon's triangles share its corners (an octagon is 8 vertices and 6 triangles, not 3 quads).
// No other draw list call may come between polygon() calls and flush() (the reserved space must be
// filled first).
class Prims {
  public:
    explicit Prims(ImDrawList* dl) : dl_(dl), uv_(ImGui::GetFontTexUvWhitePixel()) {}
    ~Prims() { flush(); }
    Prims(const Prims&) = delete;
    Prims& operator=(const Prims&) = delete;
    // A convex polygon as a triangle fan from its first corner.
    void polygon(std::initializer_list<ImVec2> pts, ImU32 col) {
        const auto n = static_cast<int>(pts.size());
        const int tris = (n - 2) * 3;
        if (vtx_left_ < n || idx_left_ < tris) {
            flush();
            // 16-bit indices: a chunk stays far below 65,536 vertices.
            dl_->PrimReserve(kChunk * 3, kChunk);
            vtx_left_ = kChunk;
            idx_left_ = kChunk * 3;
        }
        const auto base = static_cast<ImDrawIdx>(dl_->_VtxCurrentIdx);
        for (const auto& p : pts)
            dl_->PrimWriteVtx(p, uv_, col);
        for (int t = 1; t + 1 < n; ++t) {
            dl_->PrimWriteIdx(base);
            dl_->PrimWriteIdx(static_cast<ImDrawIdx>(base + t));
            dl_->PrimWriteIdx(static_cast<ImDrawIdx>(base + t + 1));
        }
        vtx_left_ -= n;
        idx_left_ -= tris;
    }
    // A flat octagonal ring between radii r_in and r_out: 16 vertices, 16 triangles (an ImGui
    // AddCircle stroke without anti-aliasing is 4 vertices per segment, with it 9).
    void ring(Vec2 c, float r_in, float r_out, ImU32 col) {
        if (vtx_left_ < 16 || idx_left_ < 48) {
            flush();
            dl_->PrimReserve(kChunk * 3, kChunk);
            vtx_left_ = kChunk;
            idx_left_ = kChunk * 3;
        }
        static constexpr float kCos[8] = {1, 0.7071f, 0, -0.7071f, -1, -0.7071f, 0, 0.7071f};
        const auto base = static_cast<ImDrawIdx>(dl_->_VtxCurrentIdx);
        for (int k = 0; k < 8; ++k) {
            const float cx = kCos[k], sy = kCos[(k + 6) % 8];
            dl_->PrimWriteVtx({c.x + cx * r_out, c.y + sy * r_out}, uv_, col);
            dl_->PrimWriteVtx({c.x + cx * r_in, c.y + sy * r_in}, uv_, col);
        }
        for (int k = 0; k < 8; ++k) {
            const auto o0 = static_cast<ImDrawIdx>(base + 2 * k), i0 = static_cast<ImDrawIdx>(o0 + 1);
            const auto o1 = static_cast<ImDrawIdx>(base + 2 * ((k + 1) % 8)),
                       i1 = static_cast<ImDrawIdx>(o1 + 1);
            for (auto idx : {o0, o1, i1, o0, i1, i0})
                dl_->PrimWriteIdx(idx);
        }
        vtx_left_ -= 16;
        idx_left_ -= 48;
    }
    void rect(ImVec2 lo, ImVec2 hi, ImU32 col) { polygon({lo, {hi.x, lo.y}, hi, {lo.x, hi.y}}, col); }
    void line(Vec2 a, Vec2 b, float w, ImU32 col) {
        const Vec2 d = b - a;
        const float len = length(d);
        if (len < 0.5f)
            return;
        const Vec2 n = Vec2{-d.y, d.x} * (0.5f * w / len);
        polygon({iv(a + n), iv(b + n), iv(b - n), iv(a - n)}, col);
    }
    void flush() {
        if (vtx_left_ > 0 || idx_left_ > 0)
            dl_->PrimUnreserve(idx_left_, vtx_left_);
        vtx_left_ = idx_left_ = 0;
    }

  private:
    static constexpr int kChunk = 4096;
    ImDrawList* dl_;
    ImVec2 uv_;
    int vtx_left_ = 0, idx_left_ = 0;
};

constexpr std::pair<std::uint8_t, unsigned> kTagRings[] = {
    {tag_suspect, Palette::suspect}, {tag_victim, Palette::victim}, {tag_witness, Palette::witness}};

unsigned kind_colour_of(KindId k) {
    static const unsigned table[] = {Palette::kind_colour("phone"),   Palette::kind_colour("person"),
                                     Palette::kind_colour("account"), Palette::kind_colour("email"),
                                     Palette::kind_colour("group"),   Palette::kind_colour("other")};
    return table[static_cast<int>(k)];
}

void draw_edges(ImDrawList* dl, const GraphModel& g, const FrameCache& f, CanvasGl* gl) {
    const auto& edges = g.edges();
    {
        Prims prims(dl);
        auto line = [&](Vec2 a, Vec2 b, float w, ImU32 col) {
            if (gl)
                gl->line(a, b, w, col);
            else
                prims.line(a, b, w, col);
        };
        // Zoomed out (or too many to tell apart), lines are per-cell sums, culled and capped by the model.
        for (const auto& ce : f.cell_edges)
            line(ce.a, ce.b, ce.width, (static_cast<ImU32>(ce.alpha) << 24) | 0x705040);
        for (auto e : f.lines) {
            const auto [ia, ib] = g.edge_ends(e);
            const float w =
                std::min(1.0f + 0.8f * std::log10(1.0f + static_cast<float>(edges[e].count)), 6.0f);
            line(f.screen[ia], f.screen[ib], w, Palette::edge_colour(edges[e].kind));
        }
        if (gl) {
            prims.flush();
            gl->submit_lines(dl);
        }
        // A highlighted path is drawn edge by edge at every zoom, on top of the aggregate.
        for (std::size_t e = 0; e < edges.size(); ++e) {
            if (!g.edge_highlighted(e) || !g.edge_visible(e))
                continue;
            const auto [ia, ib] = g.edge_ends(e);
            prims.line(f.screen[ia], f.screen[ib], 5.0f, kHighlight);
        }
    }
    if (f.aggregated || !g.labels_visible())
        return;
    // Arrowheads at the target's rim, so direction reads without hovering (zoomed in only).
    const Rect vp = g.camera.viewport;
    for (auto e : f.lines) {
        if (!edges[e].directed)
            continue;
        const auto [ia, ib] = g.edge_ends(e);
        const Vec2 a = f.screen[ia], b = f.screen[ib];
        if (!vp.contains(b))
            continue;
        const Vec2 d = b - a;
        const float len = length(d);
        if (len <= 20)
            continue;
        const Vec2 u = d * (1.0f / len);
        const Vec2 tip = b - u * (f.radius[ib] + 2);
        const Vec2 n{-u.y, u.x};
        dl->AddTriangleFilled(iv(tip), iv(tip - u * 9 + n * 4), iv(tip - u * 9 - n * 4),
                              Palette::edge_colour(edges[e].kind) | 0xFF000000);
    }
}

// A small node as one flat polygon in its kind's shape and colour, without outline: 3-8 vertices
// instead of the 20-40 of a path-built icon; below quad_px, where no shape can be told apart, a square.
void flat_shape(Prims& prims, Vec2 s, float r, KindId kid, float quad_px) {
    const ImU32 col = kind_colour_of(kid);
    if (r < quad_px) {
        const float h = r * 0.9f;
        prims.rect({s.x - h, s.y - h}, {s.x + h, s.y + h}, col);
        return;
    }
    switch (kid) {
    case KindId::person: // triangle
        prims.polygon({{s.x, s.y - r * 1.15f}, {s.x + r, s.y + r * 0.75f}, {s.x - r, s.y + r * 0.75f}}, col);
        break;
    case KindId::account: // square
        prims.rect({s.x - r * 0.85f, s.y - r * 0.85f}, {s.x + r * 0.85f, s.y + r * 0.85f}, col);
        break;
    case KindId::email: // diamond
        prims.polygon({{s.x, s.y - r}, {s.x + r, s.y}, {s.x, s.y + r}, {s.x - r, s.y}}, col);
        break;
    case KindId::phone: { // circle, as an octagon
        const float k = r * 0.4142f;
        prims.polygon({{s.x - k, s.y - r},
                       {s.x + k, s.y - r},
                       {s.x + r, s.y - k},
                       {s.x + r, s.y + k},
                       {s.x + k, s.y + r},
                       {s.x - k, s.y + r},
                       {s.x - r, s.y + k},
                       {s.x - r, s.y - k}},
                      col);
        break;
    }
    default: { // hexagon
        const float h = r * 0.866f, q = r * 0.5f;
        prims.polygon({{s.x - r, s.y},
                       {s.x - q, s.y - h},
                       {s.x + q, s.y - h},
                       {s.x + r, s.y},
                       {s.x + q, s.y + h},
                       {s.x - q, s.y + h}},
                      col);
        break;
    }
    }
}

// flat_shape as a point sprite.
void flat_dot(CanvasGl& gl, Vec2 s, float r, KindId kid, float quad_px) {
    const ImU32 col = kind_colour_of(kid);
    if (r < quad_px) {
        gl.dot(s, r * 0.9f, DotShape::square, col);
        return;
    }
    switch (kid) {
    case KindId::person:
        gl.dot(s, r, DotShape::triangle, col);
        break;
    case KindId::account:
        gl.dot(s, r * 0.85f, DotShape::square, col);
        break;
    case KindId::email:
        gl.dot(s, r, DotShape::diamond, col);
        break;
    case KindId::phone:
        gl.dot(s, r, DotShape::circle, col);
        break;
    default:
        gl.dot(s, r, DotShape::hexagon, col);
        break;
    }
}

void draw_nodes(ImDrawList* dl, const GraphModel& g, const FrameCache& f, CanvasGl* gl) {
    const auto& nodes = g.nodes();
    // Small plain nodes first (the model's dots), then small tagged ones inside flat tag rings.
    // Everything else gets its full icon below.
    if (gl) {
        for (auto i : f.dots)
            flat_dot(*gl, f.screen[i], f.radius[i], nodes[i].kid, g.lod.quad_px);
        for (auto i : f.ringed) {
            float ring = f.radius[i] + 1.0f;
            for (const auto& [bit, col] : kTagRings)
                if (nodes[i].tags & bit) {
                    gl->ring(f.screen[i], ring, ring + 2.5f, col);
                    ring += 2.5f;
                }
            flat_dot(*gl, f.screen[i], f.radius[i], nodes[i].kid, g.lod.quad_px);
        }
        gl->submit_dots(dl);
    } else {
        Prims prims(dl);
        for (auto i : f.dots)
            flat_shape(prims, f.screen[i], f.radius[i], nodes[i].kid, g.lod.quad_px);
        for (auto i : f.ringed) {
            float ring = f.radius[i] + 1.0f;
            for (const auto& [bit, col] : kTagRings)
                if (nodes[i].tags & bit) {
                    prims.ring(f.screen[i], ring, ring + 2.5f, col);
                    ring += 2.5f;
                }
            flat_shape(prims, f.screen[i], f.radius[i], nodes[i].kid, g.lod.quad_px);
        }
    }
    for (auto i : f.icons) {
        const auto& n = nodes[i];
        const float r = f.radius[i];
        const Vec2 s = f.screen[i];
        const int segs = r > 12 ? 24 : r > 5 ? 12 : 8;
        if (n.highlighted)
            dl->AddCircleFilled(iv(s), r + 7, kHighlight, segs);
        if (n.kid == KindId::group) {
            // A group: a dark disc with a white inner ring and its member count.
            dl->AddCircleFilled(iv(s), r, kind_colour_of(KindId::group), segs);
            dl->AddCircle(iv(s), r * 0.7f, 0xFFFFFFFF, segs, 1.5f);
            if (const auto* grp = g.group_at(i)) {
                const auto count = std::to_string(grp->members.size());
                const ImVec2 ts = ImGui::CalcTextSize(count.c_str());
                dl->AddText({s.x - ts.x * 0.5f, s.y - ts.y * 0.5f}, 0xFFFFFFFF, count.c_str());
            }
        } else {
            draw_kind_icon(dl, s.x, s.y, r, n.kind);
        }
        float ring = r + 3;
        for (const auto& [bit, col] : kTagRings) {
            if (n.tags & bit) {
                dl->AddCircle(iv(s), ring, col, segs, 3.0f);
                ring += 3.5f;
            }
        }
        if (n.selected) {
            dl->AddCircle(iv(s), ring + 2, Palette::selected, segs, 2.5f);
            dl->AddCircle(iv(s), ring + 5, 0xFF00D7FF, segs, 2.0f);
        }
    }
}

// Returns how many candidate labels were left out because they would overlap.
std::size_t draw_labels(ImDrawList* dl, const GraphModel& g) {
    // Placed by the model in priority order; a label that would overlap one already placed is left out.
    const auto placed = g.place_labels([](const std::string& t) {
        const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        return Vec2{ts.x, ts.y};
    });
    for (const auto& pl : placed) {
        const std::string text = g.label_text(pl.node);
        dl->AddRectFilled(iv(pl.box.min), iv(pl.box.max), 0xD0FFFFFF, 2);
        dl->AddText({pl.box.min.x + 2, pl.box.min.y}, g.nodes()[pl.node].selected ? 0xFF000000 : 0xFF303030,
                    text.c_str());
    }
    return g.labelled_nodes().size() - placed.size();
}

// Mouse input becomes intents: click selects (Ctrl/Shift toggles), drag on a node moves and pins it,
// drag on empty space draws a selection box (a free-hand lasso in lasso mode or with Alt held),
// right/middle drag pans, the wheel zooms around the mouse.
void canvas_input(App& app, Intents& out, ImDrawList* dl, bool hovered) {
    auto& g = app.graph;
    static std::optional<std::uint32_t> dragging;
    static std::optional<ImVec2> box_from;
    static std::vector<Vec2> lasso;
    const ImGuiIO& io = ImGui::GetIO();
    const Vec2 mouse{io.MousePos.x, io.MousePos.y};
    const bool additive = io.KeyCtrl || io.KeyShift;
    // A click on an overlay panel is not a click on the canvas: no pick, no selection box.
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !g.over_overlay(mouse)) {
        lasso.clear();
        if (auto hit = g.hit_test(mouse)) {
            dragging = hit;
            out.push_back({additive ? Intent::Op::toggle_node : Intent::Op::select_node, "", 0, 0, *hit});
        } else {
            box_from = io.MousePos;
        }
    }
    if (dragging && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        Intent mv{Intent::Op::move_node, "", 0, 0, *dragging};
        mv.at = mouse;
        out.push_back(mv);
    }
    const bool lasso_mode = app.view.lasso || io.KeyAlt;
    if (box_from && lasso_mode) {
        if (lasso.empty() || length(lasso.back() - mouse) > 3.0f)
            lasso.push_back(mouse);
        for (std::size_t k = 1; k < lasso.size(); ++k)
            dl->AddLine(iv(lasso[k - 1]), iv(lasso[k]), 0xC0FF9020, 2.0f);
        if (lasso.size() > 2)
            dl->AddLine(iv(lasso.back()), iv(lasso.front()), 0x60FF9020, 1.0f);
    } else if (box_from) {
        const Rect box = Rect::from_corners({box_from->x, box_from->y}, mouse);
        dl->AddRectFilled(iv(box.min), iv(box.max), 0x30FF9020);
        dl->AddRect(iv(box.min), iv(box.max), 0xC0FF9020);
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (box_from && lasso_mode && lasso.size() > 2) {
            Intent ls{Intent::Op::lasso_select};
            ls.points = lasso;
            ls.additive = additive;
            out.push_back(ls);
        } else if (box_from && (std::abs(box_from->x - mouse.x) > 3 || std::abs(box_from->y - mouse.y) > 3)) {
            Intent bs{Intent::Op::box_select};
            bs.box = Rect::from_corners({box_from->x, box_from->y}, mouse);
            bs.additive = additive;
            out.push_back(bs);
        }
        dragging.reset();
        box_from.reset();
        lasso.clear();
    }
    if (hovered &&
        (ImGui::IsMouseDragging(ImGuiMouseButton_Right) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
        out.push_back({Intent::Op::pan, "", io.MouseDelta.x, io.MouseDelta.y});
    }
    if (hovered && io.MouseWheel != 0) {
        Intent z{Intent::Op::zoom_at, "", std::pow(1.15, static_cast<double>(io.MouseWheel))};
        z.at = mouse;
        out.push_back(z);
    }
    if (hovered && !box_from && !dragging) {
        if (auto hit = g.hit_test(mouse)) {
            const auto& n = g.nodes()[*hit];
            ImGui::BeginTooltip();
            if (const auto* grp = g.group_at(*hit))
                ImGui::Text("group of %zu entities  %s", grp->members.size(), n.label.c_str());
            else
                ImGui::Text("%s #%lld  %s", n.kind.c_str(), static_cast<long long>(n.entity),
                            n.label.c_str());
            ImGui::Text("%.0f events over its links", static_cast<double>(n.weight));
            ImGui::EndTooltip();
        }
    }
}

} // namespace

void draw_graph_canvas(App& app, Intents& out) {
    auto& g = app.graph;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 50.0f);
    // The legend and the status line get their own strips below the canvas, so neither covers a node
    // or a label (nothing is drawn over the canvas: no overlays).
    const float status_h = ImGui::GetTextLineHeight() + 8;
    const float legend_h = legend_strip(nullptr, {p0.x, 0}, size.x);
    size.y = std::max(size.y - status_h - legend_h, 50.0f);
    g.camera.viewport = {{p0.x, p0.y}, {p0.x + size.x, p0.y + size.y}};
    g.overlays.clear();
    ImGui::InvisibleButton("canvas", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    auto* dl = ImGui::GetWindowDrawList();
    // Anti-aliasing triples the vertices of every line and shape; with thousands of nodes on screen the
    // fringe is invisible anyway, so large graphs are drawn without it.
    const ImDrawListFlags saved_flags = dl->Flags;
    const bool ready = g.positions().size() == g.nodes().size();
    if (ready && !g.antialiased())
        dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill);
    dl->PushClipRect(p0, {p0.x + size.x, p0.y + size.y}, true);
    dl->AddCallback(clear_canvas, nullptr);

    std::size_t labels_left_out = 0;
    if (ready) {
        const auto& f = g.frame(); // screen positions, level of detail, aggregated edges: cached
        auto& gl_canvas = CanvasGl::instance();
        CanvasGl* gl = gl_canvas.usable() ? &gl_canvas : nullptr;
        if (gl)
            gl->begin(g.antialiased());
        draw_edges(dl, g, f, gl);
        draw_nodes(dl, g, f, gl);
        labels_left_out = draw_labels(dl, g);
    }
    canvas_input(app, out, dl, hovered);

    dl->PopClipRect();
    const float strips_y = p0.y + size.y;
    dl->PushClipRect({p0.x, strips_y}, {p0.x + size.x, strips_y + legend_h + status_h}, true);
    dl->AddRectFilled({p0.x, strips_y}, {p0.x + size.x, strips_y + legend_h}, 0xFFFFFFFF);
    dl->AddLine({p0.x, strips_y + 0.5f}, {p0.x + size.x, strips_y + 0.5f}, 0xFFB0B0B0);
    legend_strip(dl, {p0.x, strips_y}, size.x);
    // Status line below the canvas: what is shown and what is left out (a filtered chart says so).
    char info[512];
    const auto hidden = g.hidden_count();
    std::string lines;
    if (labels_left_out > 0)
        lines += " | " + std::to_string(labels_left_out) + " labels left out (no free place)";
    if (ready && g.edges_aggregated()) {
        const auto& f = g.frame();
        lines += " | links merged per screen cell";
        if (f.cell_edges_total > f.cell_edges.size())
            lines += " (heaviest " + std::to_string(f.cell_edges.size()) + " of " +
                     std::to_string(f.cell_edges_total) + " drawn)";
    }
    std::snprintf(info, sizeof info, "%zu of %zu entities shown%s%s%s | zoom %.2f%s%s | layout %s%s%s",
                  g.visible_count(), g.entity_node_count(), g.time_filtered() ? " (time brush active)" : "",
                  hidden ? (" (" + std::to_string(hidden) + " hidden)").c_str() : "",
                  g.groups().empty() ? "" : (" (" + std::to_string(g.groups().size()) + " groups)").c_str(),
                  static_cast<double>(g.camera.zoom),
                  g.labels_visible() ? "" : " (labels appear when zoomed in)", lines.c_str(),
                  g.layout().paused()      ? "paused"
                  : g.layout().converged() ? "settled"
                                           : "running",
                  g.highlight_label().empty() ? "" : " | highlighted: ", g.highlight_label().c_str());
    dl->AddText({p0.x + 8, strips_y + legend_h + 4}, 0xFF404040, info);
    dl->PopClipRect();
    dl->Flags = saved_flags;
}

} // namespace casegraph::ui
