// The toolbar above every screen and the keyboard shortcuts (read through GLFW key codes: Dear ImGui
// 1.86 has no named letter keys).
#include "views.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

namespace casegraph::ui {
namespace {
// Keeps the next button on this row when it fits, else starts a new row (narrow windows, high DPI).
void same_line_for(const char* label) {
    const auto& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(label).x + st.FramePadding.x * 2;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right)
        ImGui::SameLine();
}
} // namespace

void shortcuts(const App& app, Intents& out, bool& auto_fit) {
    const auto& io = ImGui::GetIO();
    // 1.86 has no named letter keys: GLFW key codes index io.KeysDown directly.
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F))
        out.push_back({Intent::Op::toggle_search});
    // In a text field Ctrl+Z/Ctrl+Y edit the text: they must not also undo a tag or a group.
    if (io.KeyCtrl && !io.WantTextInput && !io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_Z))
        out.push_back({Intent::Op::undo});
    if (io.KeyCtrl && !io.WantTextInput &&
        (ImGui::IsKeyPressed(GLFW_KEY_Y) || (io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_Z))))
        out.push_back({Intent::Op::redo});
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O))
        out.push_back({Intent::Op::toggle_open});
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_E) && app.has_case())
        out.push_back({Intent::Op::toggle_export});
    if (io.WantTextInput || io.KeyCtrl)
        return;
    if (ImGui::IsKeyPressed(GLFW_KEY_F1))
        out.push_back({Intent::Op::screen, "case"});
    if (ImGui::IsKeyPressed(GLFW_KEY_F2))
        out.push_back({Intent::Op::screen, "graph"});
    if (ImGui::IsKeyPressed(GLFW_KEY_F3))
        out.push_back({Intent::Op::screen, "money"});
    if (ImGui::IsKeyPressed(GLFW_KEY_F4))
        out.push_back({Intent::Op::screen, "analysis"});
    if (app.view.screen != Screen::investigate)
        return;
    if (ImGui::IsKeyPressed(GLFW_KEY_F)) {
        out.push_back({Intent::Op::fit});
        auto_fit = false;
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_SPACE))
        out.push_back({app.graph.layout().paused() ? Intent::Op::layout_resume : Intent::Op::layout_pause});
    if (ImGui::IsKeyPressed(GLFW_KEY_H))
        out.push_back({Intent::Op::hide});
    if (ImGui::IsKeyPressed(GLFW_KEY_E))
        out.push_back({Intent::Op::expand});
    if (ImGui::IsKeyPressed(GLFW_KEY_P))
        out.push_back({Intent::Op::pin});
    if (ImGui::IsKeyPressed(GLFW_KEY_G))
        out.push_back({Intent::Op::group});
    if (ImGui::IsKeyPressed(GLFW_KEY_U))
        out.push_back({Intent::Op::ungroup});
    if (ImGui::IsKeyPressed(GLFW_KEY_L))
        out.push_back({Intent::Op::lasso_mode, "", app.view.lasso ? 0.0 : 1.0});
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE))
        out.push_back(
            {app.graph.highlight_label().empty() ? Intent::Op::clear_brush : Intent::Op::clear_highlight});
}

void draw_toolbar(const App& app, Intents& out, bool& auto_fit) {
    const std::pair<Screen, const char*> tabs[] = {{Screen::case_, "Case (F1)"},
                                                   {Screen::investigate, "Graph (F2)"},
                                                   {Screen::money, "Money (F3)"},
                                                   {Screen::analysis, "Analysis (F4)"}};
    for (const auto& [s, name] : tabs) {
        const bool on = app.view.screen == s;
        if (on)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(name))
            out.push_back({Intent::Op::screen, screen_name(s)});
        if (on)
            ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    ImGui::TextDisabled("|");
    same_line_for("Open... (Ctrl+O)");
    if (ImGui::Button("Open... (Ctrl+O)"))
        out.push_back({Intent::Op::toggle_open});
    same_line_for("Search (Ctrl+F)");
    if (ImGui::Button("Search (Ctrl+F)"))
        out.push_back({Intent::Op::toggle_search});
    same_line_for("Export... (Ctrl+E)");
    if (ImGui::Button("Export... (Ctrl+E)"))
        out.push_back({Intent::Op::toggle_export});
    ImGui::SameLine();
    ImGui::BeginDisabled(!app.actions.can_undo());
    if (ImGui::Button("Undo"))
        out.push_back({Intent::Op::undo});
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && app.actions.can_undo())
        ImGui::SetTooltip("Undo %s (Ctrl+Z)", app.actions.undo_label().c_str());
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!app.actions.can_redo());
    if (ImGui::Button("Redo"))
        out.push_back({Intent::Op::redo});
    ImGui::EndDisabled();
    if (app.view.screen == Screen::investigate) {
        ImGui::SameLine();
        ImGui::TextDisabled("|");
        ImGui::SameLine();
        const bool paused = app.graph.layout().paused();
        if (ImGui::Button(paused ? "Resume (Space)" : "Pause (Space)"))
            out.push_back({paused ? Intent::Op::layout_resume : Intent::Op::layout_pause});
        same_line_for("Re-run");
        if (ImGui::Button("Re-run"))
            out.push_back({Intent::Op::layout_rerun});
        same_line_for("Fit (F)");
        if (ImGui::Button("Fit (F)")) {
            out.push_back({Intent::Op::fit});
            auto_fit = false;
        }
        same_line_for("Pin (P)");
        if (ImGui::Button("Pin (P)"))
            out.push_back({Intent::Op::pin});
        same_line_for("Expand (E)");
        if (ImGui::Button("Expand (E)"))
            out.push_back({Intent::Op::expand});
        same_line_for("Hide (H)");
        if (ImGui::Button("Hide (H)"))
            out.push_back({Intent::Op::hide});
        same_line_for("Show hidden");
        if (ImGui::Button("Show hidden"))
            out.push_back({Intent::Op::unhide_all});
        same_line_for("Lasso (L)");
        if (app.view.lasso)
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button("Lasso (L)"))
            out.push_back({Intent::Op::lasso_mode, "", app.view.lasso ? 0.0 : 1.0});
        if (app.view.lasso)
            ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Drag on empty canvas draws a free-hand lasso instead of a box (or hold Alt)");
        same_line_for("Group (G)");
        if (ImGui::Button("Group (G)"))
            out.push_back({Intent::Op::group});
        same_line_for("Ungroup (U)");
        if (ImGui::Button("Ungroup (U)"))
            out.push_back({Intent::Op::ungroup});
        if (!app.graph.highlight_label().empty()) {
            same_line_for("Clear highlight (Esc)");
            if (ImGui::Button("Clear highlight (Esc)"))
                out.push_back({Intent::Op::clear_highlight});
        }
        if (app.timeline.brush) {
            same_line_for("Clear brush (Esc)");
            if (ImGui::Button("Clear brush (Esc)"))
                out.push_back({Intent::Op::clear_brush});
        }
    }
}

} // namespace casegraph::ui
