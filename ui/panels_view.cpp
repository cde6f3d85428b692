// Drawing the money view (flow table + sankey), the analysis panel shell and the export dialog shell.
#include "graph/link_graph.hpp"
#include "views.hpp"

#include <imgui.h>

namespace casegraph::ui {

void draw_money_screen(const App& app, Intents& out) {
    const auto& m = app.money;
    if (m.flows.empty()) {
        ImGui::TextWrapped(
            "No money flows in this case yet: they appear when bank statements (camt.053, MT940, CSV) "
            "or payment records are imported. Each transfer between two accounts becomes a row here.");
        return;
    }
    ImGui::Text("%zu flows between accounts; the drawing shows the 40 largest in %s (amounts in different "
                "currencies are never added together).",
                m.flows.size(), m.currency.c_str());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float table_h = avail.y * 0.45f;
    if (ImGui::BeginTable("flows", 6,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_Resizable,
                          {0, table_h})) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (const char* h : {"from", "to", "total", "transfers", "first", "last"})
            ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(m.flows.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const auto& f = m.flows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(i);
                if (ImGui::Selectable(app.show(f.from_label).c_str(), false))
                    out.push_back({Intent::Op::select, "#" + std::to_string(f.from)});
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::PushID(-i - 1);
                if (ImGui::Selectable(app.show(f.to_label).c_str(), false))
                    out.push_back({Intent::Op::select, "#" + std::to_string(f.to)});
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(format_amount(f.total_minor, f.currency).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(f.count));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(f.first.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(f.last.c_str());
            }
        ImGui::EndTable();
    }
    // Sankey: payers on the left, payees on the right, bands as quads whose height is the amount share.
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    auto* dl = ImGui::GetWindowDrawList();
    const float label_w = 220, box_w = 14;
    const float lx = p0.x + label_w, rx = p0.x + size.x - label_w - box_w;
    const float top = p0.y + 8, h = size.y - 16;
    for (const auto& b : m.bands) {
        const float y0 = top + b.from_y0 * h, y1 = top + b.from_y1 * h, z0 = top + b.to_y0 * h,
                    z1 = top + b.to_y1 * h;
        dl->AddQuadFilled({lx + box_w, y0}, {rx, z0}, {rx, z1}, {lx + box_w, y1}, 0x60009FE6);
    }
    for (const auto& b : m.boxes) {
        const float x = b.left ? lx : rx;
        dl->AddRectFilled({x, top + b.y0 * h}, {x + box_w, top + std::max(b.y1 * h, b.y0 * h + 2)},
                          0xFF739E00);
        const auto text = app.show(b.label);
        const float tw = ImGui::CalcTextSize(text.c_str()).x;
        dl->AddText({b.left ? x - tw - 6 : x + box_w + 6, top + (b.y0 + b.y1) * 0.5f * h - 7}, 0xFF202020,
                    text.c_str());
    }
}

void draw_analysis_screen(const App& app, Intents& out) {
    // A shell: the graph analyses (issue 7) are being built in graph/; this panel will list their
    // results and select them on the canvas. Until then it shows only what graph/ already offers.
    ImGui::TextWrapped(
        "Analyses and indicator patterns (shortest path, centrality, communities, indicators) are "
        "not yet available in this build: they are being added to the graph engine. Results will "
        "select and highlight on the canvas.");
    ImGui::Separator();
    if (!app.has_case())
        return;
    static std::size_t components = 0;
    static std::string for_case;
    if (ImGui::Button("Count connected components (graph/link_graph)")) {
        const auto lg = graph::LinkGraph::load(app.cf->db());
        (void)lg.components(components);
        for_case = app.cf->path().string();
    }
    if (for_case == app.cf->path().string())
        ImGui::Text("%zu connected components among %zu linked entities", components,
                    app.graph.nodes().size());
    if (ImGui::Button("Expand selection by one hop"))
        out.push_back({Intent::Op::expand});
}

void draw_export_dialog(App& app, Intents& out) {
    bool open = true;
    ImGui::SetNextWindowSize({520, 300}, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos({300, 160}, ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Export", &open)) {
        const auto sel = app.graph.selected().size();
        ImGui::Text("Selection: %zu entities%s", sel,
                    sel == 0 ? " (none: the whole case would be exported)" : "");
        if (app.timeline.brush)
            ImGui::Text("Time window: %s - %s UTC", format_utc(app.timeline.brush->first).c_str(),
                        format_utc(app.timeline.brush->second).c_str());
        ImGui::Checkbox("Redact victims and witnesses (pseudonyms V1, W1, masked numbers)",
                        &app.view.export_redact);
        if (!app.view.export_redact)
            ImGui::TextColored({0.8f, 0.1f, 0.1f, 1},
                               "An un-redacted export is an explicit, audited action.");
        ImGui::Separator();
        ImGui::TextWrapped("Not yet available: bundle and exhibit export is still being built in export/. "
                           "The command line has the same gap; nothing is written from here.");
        ImGui::BeginDisabled();
        ImGui::Button("Export bundle");
        ImGui::EndDisabled();
    }
    ImGui::End();
    if (!open)
        out.push_back({Intent::Op::toggle_export});
}

} // namespace casegraph::ui
