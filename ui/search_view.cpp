// Drawing the search window (Ctrl+F): the query box, saved searches, and a clipped results table whose
// rows open the entity or event they came from.
#include "views.hpp"

#include <imgui.h>

namespace casegraph::ui {

void draw_search_window(App& app, Intents& out) {
    bool open = true;
    ImGui::SetNextWindowSize({760, 420}, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos({180, 90}, ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Search (Ctrl+F)", &open)) {
        ImGui::End();
        return;
    }
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s", app.search.query.c_str());
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(420);
    if (ImGui::InputTextWithHint("##q", "words, names, numbers (prefix match)", buf, sizeof buf))
        out.push_back({Intent::Op::search, buf}); // search as you type: FTS5 answers in milliseconds
    ImGui::SameLine();
    if (ImGui::Button("Save search"))
        out.push_back({Intent::Op::save_search});
    for (const auto& s : app.search.saved) {
        ImGui::SameLine();
        if (ImGui::SmallButton(s.c_str()))
            out.push_back({Intent::Op::search, s});
    }
    if (!app.search.error.empty())
        ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", app.search.error.c_str());
    ImGui::Text("%zu result%s%s", app.search.rows.size(), app.search.rows.size() == 1 ? "" : "s",
                app.search.truncated ? " (first 1000 shown; refine the query)" : "");
    if (ImGui::BeginTable("results", 4,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("kind", ImGuiTableColumnFlags_WidthFixed, 90);
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, 80);
        ImGui::TableSetupColumn("when", ImGuiTableColumnFlags_WidthFixed, 170); // zone named in the cell
        ImGui::TableSetupColumn("text", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(app.search.rows.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const auto& r = app.search.rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(i);
                if (ImGui::Selectable(r.target_kind.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                    if (r.event_id)
                        out.push_back({Intent::Op::select_event, "", 0, 0, r.event_id});
                    else
                        out.push_back({Intent::Op::select, "#" + std::to_string(r.entity_id)});
                }
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.what.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.when.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(app.show(r.snippet).c_str());
            }
        ImGui::EndTable();
    }
    ImGui::End();
    if (!open)
        out.push_back({Intent::Op::toggle_search});
}

} // namespace casegraph::ui
