// Drawing the money view (flow table + sankey), the analysis panel (paths, indicator patterns) and the
// export dialog.
#include "views.hpp"

#include <cstdio>
#include <imgui.h>

namespace casegraph::ui {

bool input_line(const char* id, std::string& value, float width, std::size_t max_len) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%s", value.c_str());
    ImGui::SetNextItemWidth(width);
    if (ImGui::InputText(id, buf, std::min(sizeof buf, max_len + 1))) {
        value = buf;
        return true;
    }
    return false;
}

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

namespace {

void draw_paths(const App& app, Intents& out) {
    static std::string from, to;
    ImGui::TextUnformatted("Shortest paths between two entities (#id, phone, IBAN, email, handle):");
    input_line("from##path", from, 220);
    ImGui::SameLine();
    input_line("to##path", to, 220);
    ImGui::SameLine();
    ImGui::BeginDisabled(from.empty() || to.empty());
    if (ImGui::Button("Find paths"))
        out.push_back({Intent::Op::find_path, from + " " + to});
    ImGui::EndDisabled();
    const auto& a = app.analysis;
    if (!a.path_error.empty())
        ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", a.path_error.c_str());
    for (std::size_t i = 0; i < a.paths.size(); ++i) {
        const auto& p = a.paths[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("Show on canvas"))
            out.push_back({Intent::Op::highlight_path, "", 0, 0, static_cast<std::int64_t>(i)});
        ImGui::SameLine();
        std::string line = std::to_string(p.size() - 1) + " hops: ";
        for (std::size_t k = 0; k < p.size(); ++k)
            line += (k ? "  -  " : "") +
                    app.show(p[k].label.empty() ? "#" + std::to_string(p[k].entity) : p[k].label);
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopID();
    }
}

void draw_indicators(const App& app, Intents& out) {
    ImGui::TextUnformatted("Indicator patterns (leads, not proof):");
    for (const auto& n : AnalysisModel::indicator_names()) {
        if (ImGui::Button(n.c_str()))
            out.push_back({Intent::Op::run_indicator, n});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    const auto& a = app.analysis;
    if (!a.indicator_error.empty())
        ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", a.indicator_error.c_str());
    if (a.indicator.empty() || !a.indicator_error.empty())
        return;
    ImGui::Text("%s: %zu matches", a.indicator.c_str(), a.matches.size());
    ImGui::SameLine();
    if (ImGui::SmallButton("Highlight all"))
        out.push_back({Intent::Op::highlight_match, "", 0, 0, -1});
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear highlight"))
        out.push_back({Intent::Op::clear_highlight});
    ImGui::TextDisabled("thresholds %s", a.indicator_params.c_str());
    if (ImGui::BeginTable("matches", 3,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY,
                          {0, 260})) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 60);
        ImGui::TableSetupColumn("summary", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("events", ImGuiTableColumnFlags_WidthFixed, 60);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < a.matches.size(); ++i) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::SmallButton("Show"))
                out.push_back({Intent::Op::highlight_match, "", 0, 0, static_cast<std::int64_t>(i)});
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", app.show(a.matches[i].summary).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", a.matches[i].events);
        }
        ImGui::EndTable();
    }
}

} // namespace

void draw_analysis_screen(const App& app, Intents& out) {
    if (!app.has_case()) {
        ImGui::TextDisabled("Open a case to run analyses.");
        return;
    }
    ImGui::TextWrapped("Results highlight on the graph canvas (F2) in magenta; the canvas status line names "
                       "what is highlighted.");
    ImGui::Separator();
    draw_paths(app, out);
    ImGui::Separator();
    draw_indicators(app, out);
    ImGui::Separator();
    if (ImGui::Button("Expand selection by one hop"))
        out.push_back({Intent::Op::expand});
}

void draw_export_dialog(App& app, Intents& out) {
    bool open = true;
    ImGui::SetNextWindowSize({640, 420}, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos({300, 140}, ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Export", &open)) {
        auto& f = app.export_form;
        const auto sel = app.graph.selected_entities();
        ImGui::Text("Selection: %zu entities%s", sel.size(),
                    sel.empty() ? " (none: the whole case is exported)" : "");
        if (app.timeline.brush)
            ImGui::Text("Time window: %s - %s", app.timeline.format_local(app.timeline.brush->first).c_str(),
                        app.timeline.format_local(app.timeline.brush->second).c_str());
        else
            ImGui::TextDisabled("Time window: all (brush the timeline to narrow it)");
        ImGui::TextUnformatted("Bundle (.zip):");
        input_line("##bundle", f.bundle_path, 520);
        ImGui::Checkbox("Also draw the link chart exhibit beside it", &f.with_exhibit);
        if (f.with_exhibit) {
            ImGui::SameLine();
            for (const char* ext : {".pdf", ".svg", ".png"}) {
                ImGui::SameLine();
                if (ImGui::RadioButton(ext, f.exhibit_ext == ext))
                    f.exhibit_ext = ext;
            }
        }
        bool redact = app.view.export_redact;
        if (ImGui::Checkbox("Redact victims and witnesses (pseudonyms V1, W1, masked numbers)", &redact))
            out.push_back({Intent::Op::export_redact, "", redact ? 1.0 : 0.0});
        if (!app.view.export_redact) {
            ImGui::TextColored({0.8f, 0.1f, 0.1f, 1},
                               "An un-redacted export names victims and witnesses. Type the reason "
                               "(recorded in the audit log and the bundle):");
            input_line("##reason", f.reason, 520);
        }
        ExportRequest probe;
        probe.bundle = f.bundle_path;
        probe.redact = app.view.export_redact;
        probe.reason = f.reason;
        const auto why = export_problem(probe);
        const bool running = app.export_job.state() == ExportState::running;
        ImGui::BeginDisabled(!why.empty() || running);
        if (ImGui::Button(app.view.export_redact ? "Export bundle" : "Export bundle UNREDACTED"))
            out.push_back({Intent::Op::export_run});
        ImGui::EndDisabled();
        if (!why.empty())
            ImGui::TextDisabled("%s", why.c_str());
        if (running) {
            // The export runs on a worker: the window stays live, and Cancel leaves no file behind.
            const auto p = app.export_job.progress();
            const float frac =
                p.stages > 0 ? static_cast<float>(p.number) / static_cast<float>(p.stages) : 0.0f;
            char overlay[160];
            std::snprintf(overlay, sizeof overlay, "%d/%d %s", p.number, p.stages, p.stage.c_str());
            ImGui::ProgressBar(frac, {420, 0}, overlay);
            ImGui::SameLine();
            if (ImGui::Button("Cancel"))
                out.push_back({Intent::Op::export_cancel});
        }
        if (f.last && !running) {
            ImGui::Separator();
            if (f.last->ok) {
                ImGui::TextColored({0.0f, 0.45f, 0.2f, 1}, "Written: %s", app.show(f.last->bundle).c_str());
                if (!f.last->exhibit.empty())
                    ImGui::Text("Exhibit: %s", app.show(f.last->exhibit).c_str());
                ImGui::Text("manifest sha256 %s", f.last->manifest_sha256.c_str());
                ImGui::TextDisabled("%zu entities, %zu events, %zu evidence files; recorded in the audit log",
                                    f.last->entities, f.last->events, f.last->evidence);
            } else {
                const bool cancelled = app.export_job.state() == ExportState::cancelled;
                ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, cancelled ? "Export cancelled:" : "Export failed:");
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(app.show(f.last->error).c_str());
                ImGui::PopTextWrapPos();
            }
        }
    }
    ImGui::End();
    if (!open)
        out.push_back({Intent::Op::toggle_export});
}

} // namespace casegraph::ui
