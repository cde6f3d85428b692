// Drawing the graph canvas: edges (aggregated when zoomed out), kind icons, tag rings, labels when
// zoomed in, the legend; mouse input becomes intents (select, box select, drag-pin, pan, zoom).
#include "views.hpp"

#include <cmath>
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

void draw_legend(ImDrawList* dl, ImVec2 at) {
    const char* kinds[] = {"phone", "person", "account", "email", "other"};
    const float line = ImGui::GetTextLineHeight() + 2;
    const ImVec2 size{190, line * 12 + 10};
    dl->AddRectFilled(at, {at.x + size.x, at.y + size.y}, 0xF0FFFFFF, 4);
    dl->AddRect(at, {at.x + size.x, at.y + size.y}, 0xFF909090, 4);
    float y = at.y + 6;
    dl->AddText({at.x + 8, y}, 0xFF000000, "Legend");
    y += line;
    for (const char* k : kinds) {
        draw_kind_icon(dl, at.x + 18, y + line * 0.5f, 6, k);
        dl->AddText({at.x + 32, y}, 0xFF202020, k);
        y += line;
    }
    struct Ring {
        unsigned col;
        const char* letter;
        const char* name;
    };
    for (const auto& r : {Ring{Palette::suspect, "S", "suspect (analyst tag)"},
                          Ring{Palette::victim, "V", "victim (analyst tag)"},
                          Ring{Palette::witness, "W", "witness (analyst tag)"}}) {
        dl->AddCircle({at.x + 18, y + line * 0.5f}, 7, r.col, 16, 3.0f);
        dl->AddText({at.x + 15, y}, 0xFF000000, r.letter);
        dl->AddText({at.x + 32, y}, 0xFF202020, r.name);
        y += line;
    }
    dl->AddLine({at.x + 10, y + line * 0.5f}, {at.x + 26, y + line * 0.5f}, Palette::edge_colour("sms"), 2);
    dl->AddText({at.x + 32, y}, 0xFF202020, "message/call link");
    y += line;
    dl->AddLine({at.x + 10, y + line * 0.5f}, {at.x + 26, y + line * 0.5f},
                Palette::edge_colour("transaction"), 2);
    dl->AddText({at.x + 32, y}, 0xFF202020, "money transfer");
    y += line;
    dl->AddText({at.x + 8, y}, 0xFF505050, "width = number of events");
}

ImVec2 iv(Vec2 v) {
    return {v.x, v.y};
}

} // namespace

void draw_graph_canvas(App& app, Intents& out) {
    auto& g = app.graph;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 50.0f);
    size.y = std::max(size.y, 50.0f);
    g.camera.viewport = {{p0.x, p0.y}, {p0.x + size.x, p0.y + size.y}};
    ImGui::InvisibleButton("canvas", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    auto* dl = ImGui::GetWindowDrawList();
    // Anti-aliasing triples the vertices of every line and shape; with thousands of nodes on screen the
    // fringe is invisible anyway, so large graphs are drawn without it.
    const ImDrawListFlags saved_flags = dl->Flags;
    if (g.visible_count() > 2000)
        dl->Flags &= ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedFill);
    dl->PushClipRect(p0, {p0.x + size.x, p0.y + size.y}, true);
    dl->AddRectFilled(p0, {p0.x + size.x, p0.y + size.y}, 0xFFFCFCFC);

    const auto& nodes = g.nodes();
    const auto& edges = g.edges();
    const auto& pos = g.positions();
    const Rect vp = g.camera.viewport;
    const Rect cull{{vp.min.x - 40, vp.min.y - 40}, {vp.max.x + 40, vp.max.y + 40}};
    if (pos.size() == nodes.size()) {
        // Edges first, nodes on top. Zoomed out, thousands of overlapping lines become per-cell sums.
        if (g.edges_aggregated()) {
            for (const auto& ce : g.aggregated_edges()) {
                const float w = std::min(1.0f + 0.6f * std::log10(1.0f + static_cast<float>(ce.count)), 5.0f);
                dl->AddLine(iv(ce.a), iv(ce.b), 0x70705040, w);
            }
        } else {
            for (std::size_t e = 0; e < edges.size(); ++e) {
                if (!g.edge_visible(e))
                    continue;
                const Vec2 a = g.camera.to_screen(pos[edges[e].a]);
                const Vec2 b = g.camera.to_screen(pos[edges[e].b]);
                if (!cull.contains(a) && !cull.contains(b))
                    continue;
                const float w =
                    std::min(1.0f + 0.8f * std::log10(1.0f + static_cast<float>(edges[e].count)), 6.0f);
                dl->AddLine(iv(a), iv(b), Palette::edge_colour(edges[e].kind), w);
                if (edges[e].directed && g.labels_visible()) {
                    // Arrowhead at the target's rim, so direction reads without hovering.
                    const Vec2 d = b - a;
                    const float len = length(d);
                    if (len > 20) {
                        const Vec2 u = d * (1.0f / len);
                        const Vec2 tip = b - u * (g.node_radius_px(edges[e].b) + 2);
                        const Vec2 n{-u.y, u.x};
                        dl->AddTriangleFilled(iv(tip), iv(tip - u * 9 + n * 4), iv(tip - u * 9 - n * 4),
                                              Palette::edge_colour(edges[e].kind) | 0xFF000000);
                    }
                }
            }
        }
        for (std::uint32_t i = 0; i < nodes.size(); ++i) {
            if (!g.node_visible(i))
                continue;
            const Vec2 s = g.camera.to_screen(pos[i]);
            if (!cull.contains(s))
                continue;
            const float r = g.node_radius_px(i);
            draw_kind_icon(dl, s.x, s.y, r, nodes[i].kind);
            float ring = r + 3;
            const std::pair<std::uint8_t, unsigned> rings[] = {{tag_suspect, Palette::suspect},
                                                               {tag_victim, Palette::victim},
                                                               {tag_witness, Palette::witness}};
            for (const auto& [bit, col] : rings) {
                if (nodes[i].tags & bit) {
                    dl->AddCircle(iv(s), ring, col, 24, 3.0f);
                    ring += 3.5f;
                }
            }
            if (nodes[i].selected) {
                dl->AddCircle(iv(s), ring + 2, Palette::selected, 24, 2.5f);
                dl->AddCircle(iv(s), ring + 5, 0xFF00D7FF, 24, 2.0f);
            }
        }
        for (auto i : g.labelled_nodes()) {
            const Vec2 s = g.camera.to_screen(pos[i]);
            const float r = g.node_radius_px(i);
            std::string text =
                nodes[i].label.empty() ? "#" + std::to_string(nodes[i].entity) : nodes[i].label;
            std::string badge;
            if (nodes[i].tags & tag_suspect)
                badge += "S";
            if (nodes[i].tags & tag_victim)
                badge += "V";
            if (nodes[i].tags & tag_witness)
                badge += "W";
            if (!badge.empty())
                text = "[" + badge + "] " + text;
            const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
            const ImVec2 at{s.x - ts.x * 0.5f, s.y + r + 4};
            dl->AddRectFilled({at.x - 2, at.y}, {at.x + ts.x + 2, at.y + ts.y}, 0xD0FFFFFF, 2);
            dl->AddText(at, nodes[i].selected ? 0xFF000000 : 0xFF303030, text.c_str());
        }
    }

    // Input: click selects (Ctrl/Shift toggles), drag on a node moves and pins it, drag on empty space
    // draws a selection box, right/middle drag pans, the wheel zooms around the mouse.
    static std::optional<std::uint32_t> dragging;
    static std::optional<ImVec2> box_from;
    const ImGuiIO& io = ImGui::GetIO();
    const Vec2 mouse{io.MousePos.x, io.MousePos.y};
    const bool additive = io.KeyCtrl || io.KeyShift;
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        if (auto hit = g.hit_test(mouse)) {
            dragging = hit;
            if (additive)
                out.push_back({Intent::Op::toggle_node, "", 0, 0, *hit});
            else
                out.push_back({Intent::Op::select_node, "", 0, 0, *hit});
        } else {
            box_from = io.MousePos;
        }
    }
    if (dragging && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        Intent mv{Intent::Op::move_node, "", 0, 0, *dragging};
        mv.at = mouse;
        out.push_back(mv);
    }
    if (box_from) {
        const Rect box = Rect::from_corners({box_from->x, box_from->y}, mouse);
        dl->AddRectFilled(iv(box.min), iv(box.max), 0x30FF9020);
        dl->AddRect(iv(box.min), iv(box.max), 0xC0FF9020);
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (box_from && (std::abs(box_from->x - mouse.x) > 3 || std::abs(box_from->y - mouse.y) > 3)) {
            Intent bs{Intent::Op::box_select};
            bs.box = Rect::from_corners({box_from->x, box_from->y}, mouse);
            bs.additive = additive;
            out.push_back(bs);
        }
        dragging.reset();
        box_from.reset();
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
    if (hovered && !box_from) {
        if (auto hit = g.hit_test(mouse)) {
            const auto& n = nodes[*hit];
            ImGui::BeginTooltip();
            ImGui::Text("%s #%lld  %s", n.kind.c_str(), static_cast<long long>(n.entity), n.label.c_str());
            ImGui::Text("%.0f events over its links", static_cast<double>(n.weight));
            ImGui::EndTooltip();
        }
    }

    draw_legend(dl, {p0.x + 8, p0.y + 8});
    // Status line inside the canvas: what is shown and what is left out (a filtered chart says so).
    char info[256];
    std::snprintf(info, sizeof info, "%zu of %zu entities shown%s%s | zoom %.2f%s | layout %s",
                  g.visible_count(), nodes.size(), g.time_filtered() ? " (time brush active)" : "",
                  g.hidden_count() ? (" (" + std::to_string(g.hidden_count()) + " hidden)").c_str() : "",
                  static_cast<double>(g.camera.zoom),
                  g.labels_visible() ? "" : " (labels appear when zoomed in)",
                  g.layout().paused()      ? "paused"
                  : g.layout().converged() ? "settled"
                                           : "running");
    dl->AddText({p0.x + 8, p0.y + size.y - ImGui::GetTextLineHeight() - 6}, 0xFF404040, info);
    dl->PopClipRect();
    dl->Flags = saved_flags;
}

} // namespace casegraph::ui
