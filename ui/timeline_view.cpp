// Drawing the timeline: histogram bars (deleted events in red on top), a date axis, the brush, and a
// lane with the selected entity's events. Drag brushes, click opens a bar, wheel zooms, right-drag pans.
#include "views.hpp"

#include <cmath>
#include <imgui.h>

namespace casegraph::ui {

void draw_timeline(const App& app, Intents& out) {
    const auto& tl = app.timeline;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 100.0f);
    size.y = std::max(size.y, 60.0f);
    ImGui::InvisibleButton("timeline", size,
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    auto* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, {p0.x + size.x, p0.y + size.y}, 0xFFFFFFFF);
    if (tl.empty()) {
        dl->AddText({p0.x + 6, p0.y + 4}, 0xFF404040, "No timed events in this case.");
        return;
    }
    const float line = ImGui::GetTextLineHeight();
    const float lane_h = app.lane_times.empty() ? 0 : 14;
    const float axis_h = line + 4;
    const float plot_top = p0.y + line + 4;
    const float plot_bottom = p0.y + size.y - axis_h - lane_h;
    const double span = static_cast<double>(std::max<std::int64_t>(tl.view_to - tl.view_from, 1));
    auto x_of = [&](std::int64_t t) {
        return p0.x + static_cast<float>(static_cast<double>(t - tl.view_from) / span) * size.x;
    };
    auto t_of = [&](float x) {
        return tl.view_from + static_cast<std::int64_t>(static_cast<double>((x - p0.x) / size.x) * span);
    };

    const int max_buckets = std::max(10, static_cast<int>(size.x / 6));
    const auto buckets = tl.buckets(max_buckets);
    std::int64_t peak = 1;
    for (const auto& b : buckets)
        peak = std::max(peak, b.count);
    if (tl.brush)
        dl->AddRectFilled({x_of(tl.brush->first), plot_top}, {x_of(tl.brush->second), plot_bottom},
                          0x40FF9020);
    std::optional<std::size_t> hovered_bucket;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        const auto& b = buckets[i];
        const float x0 = std::max(x_of(b.start_ms), p0.x), x1 = std::min(x_of(b.end_ms), p0.x + size.x);
        if (x1 <= x0)
            continue;
        if (hovered && mouse.x >= x0 && mouse.x < x1)
            hovered_bucket = i;
        if (b.count == 0)
            continue;
        const float h = (plot_bottom - plot_top) * static_cast<float>(b.count) / static_cast<float>(peak);
        const float hd = (plot_bottom - plot_top) * static_cast<float>(b.deleted) / static_cast<float>(peak);
        const bool in_brush = tl.brush && b.end_ms > tl.brush->first && b.start_ms < tl.brush->second;
        const ImU32 col = hovered_bucket == i ? 0xFF2060C0 : in_brush || !tl.brush ? 0xFFB27200 : 0xFFC8B8A0;
        dl->AddRectFilled({x0 + 0.5f, plot_bottom - h}, {std::max(x1 - 0.5f, x0 + 1.5f), plot_bottom}, col);
        if (hd > 0)
            dl->AddRectFilled({x0 + 0.5f, plot_bottom - h},
                              {std::max(x1 - 0.5f, x0 + 1.5f), plot_bottom - h + hd}, Palette::deleted);
    }
    dl->AddLine({p0.x, plot_bottom}, {p0.x + size.x, plot_bottom}, 0xFF808080);
    // Ticks on bucket boundaries in the case's zone, about one per 90 px; a label that would overlap
    // the one before is left out (its tick line stays).
    float label_end = -1e9f; // right edge of the last label drawn
    for (const auto& t : tl.ticks(std::max(2, static_cast<int>(size.x / 90)), max_buckets)) {
        const float x = x_of(t.ms);
        if (x < p0.x || x > p0.x + size.x)
            continue;
        dl->AddLine({x, plot_bottom}, {x, plot_bottom + 4}, 0xFF808080);
        const float w = ImGui::CalcTextSize(t.label.c_str()).x;
        const float lx = x - w * 0.5f;
        // Centred under its tick or not at all: a label pushed aside would name the wrong bar.
        if (lx < p0.x || lx + w > p0.x + size.x || lx <= label_end + 6)
            continue;
        dl->AddText({lx, plot_bottom + 3}, 0xFF404040, t.label.c_str());
        label_end = lx + w;
    }
    if (!app.lane_times.empty()) {
        const float y = p0.y + size.y - lane_h;
        dl->AddText({p0.x + 2, y - 1}, 0xFF404040, "selected:");
        for (auto t : app.lane_times) {
            const float x = x_of(t);
            if (x >= p0.x + 70 && x <= p0.x + size.x)
                dl->AddLine({x, y + 2}, {x, y + lane_h - 2}, 0xFF005ED5, 1.0f);
        }
    }
    char head[300];
    const std::string date_only =
        tl.date_only_count() ? " (" + std::to_string(tl.date_only_count()) + " date-only, on their day)" : "";
    const std::string undated =
        tl.undated_count() ? ", " + std::to_string(tl.undated_count()) + " undated not shown" : "";
    std::snprintf(head, sizeof head, "%zu events%s, bar = %s (%s)%s", tl.event_count(), date_only.c_str(),
                  TimelineModel::width_name(tl.bucket_width(max_buckets)).c_str(), tl.zone_name().c_str(),
                  undated.c_str());
    dl->AddText({p0.x + 4, p0.y + 2}, 0xFF202020, head);
    // The facts always show in full; the mouse help follows in the longest form that fits the width
    // (a narrow window cut it off mid-word).
    const float head_end = p0.x + 4 + ImGui::CalcTextSize(head).x;
    for (const char* help : {"   (drag: brush, click: list a bar, wheel: zoom, right-drag: pan)",
                             "   (drag: brush, click: list, wheel: zoom)", "   (drag: brush)"}) {
        if (head_end + ImGui::CalcTextSize(help).x <= p0.x + size.x - 4) {
            dl->AddText({head_end, p0.y + 2}, 0xFF606060, help);
            break;
        }
    }

    static std::optional<float> brush_from;
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
        brush_from = mouse.x;
    if (brush_from && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f)) {
        dl->AddRectFilled({std::min(*brush_from, mouse.x), plot_top},
                          {std::max(*brush_from, mouse.x), plot_bottom}, 0x40FF9020);
    }
    if (brush_from && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (std::abs(mouse.x - *brush_from) > 4) {
            const auto a = t_of(std::min(*brush_from, mouse.x)), b = t_of(std::max(*brush_from, mouse.x));
            out.push_back({Intent::Op::brush, "", static_cast<double>(a), static_cast<double>(b)});
        } else if (hovered_bucket) {
            const auto& b = buckets[*hovered_bucket];
            out.push_back({Intent::Op::open_bucket, "", static_cast<double>(b.start_ms),
                           static_cast<double>(b.end_ms)});
        }
        brush_from.reset();
    }
    if (hovered && ImGui::GetIO().MouseWheel != 0) {
        // Zoom around the mouse; the model clamps between 10 minutes and the whole case.
        Intent z{Intent::Op::timeline_zoom, "",
                 std::pow(1.25, static_cast<double>(ImGui::GetIO().MouseWheel))};
        z.b = static_cast<double>(t_of(mouse.x));
        z.id = 1; // anchored at b
        out.push_back(z);
    }
    if (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Right)) {
        Intent p{Intent::Op::timeline_zoom, "", 1.0};
        p.b = -static_cast<double>(ImGui::GetIO().MouseDelta.x) / static_cast<double>(size.x) * span;
        p.id = 2; // pan by b milliseconds
        out.push_back(p);
    }
    if (hovered_bucket) {
        const auto& b = buckets[*hovered_bucket];
        ImGui::SetTooltip("%s\n%lld events (%lld deleted)", tl.format_local(b.start_ms).c_str(),
                          static_cast<long long>(b.count), static_cast<long long>(b.deleted));
    }
}

} // namespace casegraph::ui
