// Drawing the case screen: case facts, evidence with hashes and verification, the ingest job with its
// progress, rate and live errors, stored import errors and recent cases.
#include "views.hpp"

#include <imgui.h>

namespace casegraph::ui {
namespace {

ImVec4 verify_colour(const std::string& v) {
    if (v == "unchanged")
        return {0.0f, 0.45f, 0.2f, 1};
    if (v == "not checked")
        return {0.4f, 0.4f, 0.4f, 1};
    return {0.8f, 0.1f, 0.1f, 1}; // changed / missing / unreadable: stop and look
}

void draw_ingest(const App& app, Intents& out, std::string& path_buf) {
    ImGui::TextUnformatted("Add evidence (file, folder or archive):");
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%s", path_buf.c_str());
    ImGui::SetNextItemWidth(480);
    if (ImGui::InputText("##ingest", buf, sizeof buf))
        path_buf = buf;
    ImGui::SameLine();
    const auto st = app.ingest.snapshot();
    ImGui::BeginDisabled(st.running || path_buf.empty());
    if (ImGui::Button("Import"))
        out.push_back({Intent::Op::ingest, path_buf});
    ImGui::EndDisabled();
    if (st.running || st.finished) {
        const float frac =
            st.hash_total > 0 && st.files_done == 0
                ? static_cast<float>(static_cast<double>(st.hashed) / static_cast<double>(st.hash_total))
            : st.files_total > 0
                ? static_cast<float>(st.files_done) /
                      static_cast<float>(std::max<std::int64_t>(st.files_total, st.files_done))
                : 0.f;
        char overlay[256];
        std::snprintf(overlay, sizeof overlay, "%s%s  %lld records  %.0f records/s  %.1f s",
                      st.running ? "importing " : "done ", st.current_file.c_str(),
                      static_cast<long long>(st.records), st.records_per_s, st.elapsed_s);
        ImGui::ProgressBar(st.finished ? 1.0f : frac, {-1, 0}, overlay);
        if (!st.failure.empty())
            ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "Import stopped: %s", st.failure.c_str());
        for (const auto& e : st.errors)
            ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", app.show(e).c_str());
        for (const auto& o : st.outcomes)
            ImGui::BulletText("%s: %s (%s), %lld %s, %lld %s", app.show(o.path).c_str(), o.status.c_str(),
                              o.format.c_str(), static_cast<long long>(o.records),
                              o.records == 1 ? "record" : "records", static_cast<long long>(o.errors),
                              o.errors == 1 ? "error" : "errors");
    }
}

// Prominent, above the evidence table: the analyst must decide which reading of the dates is right.
void draw_date_order_notices(const App& app) {
    const auto& notices = app.case_model.date_order;
    if (notices.empty())
        return;
    const ImVec4 amber{0.65f, 0.35f, 0.0f, 1};
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1.0f, 0.95f, 0.80f, 1));
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float h = std::min(line * (2.6f + 4.8f * static_cast<float>(notices.size())), line * 12);
    ImGui::BeginChild("date_order", {0, h}, true);
    ImGui::TextColored(
        amber,
        "%zu WhatsApp export%s with AMBIGUOUS DATES: day-first or month-first could not be told "
        "apart, so one order was assumed",
        notices.size(), notices.size() == 1 ? "" : "s");
    for (const auto& n : notices) {
        ImGui::PushID(static_cast<int>(n.evidence_id));
        ImGui::Separator();
        ImGui::Text("%s%s%s", app.show(n.name).c_str(), n.member.empty() ? "" : " ! ",
                    app.show(n.member).c_str());
        ImGui::TextColored(amber, "Imported as %s (%s). Evidence: %s",
                           n.assumed == "dmy" ? "day/month/year" : "month/day/year", n.assumed.c_str(),
                           app.show(n.reason).c_str());
        ImGui::TextUnformatted("To compare with the other reading, import it into a second case:");
        // Shown with markers for what the font cannot draw; Copy takes the exact command.
        const std::string cmd = app.show(n.command);
        ImGui::SetNextItemWidth(-90);
        char buf[2048];
        std::snprintf(buf, sizeof buf, "%s", cmd.c_str());
        ImGui::InputText("##cmd", buf, sizeof buf, ImGuiInputTextFlags_ReadOnly);
        ImGui::SameLine();
        if (ImGui::SmallButton("Copy"))
            ImGui::SetClipboardText(n.command.c_str());
        ImGui::PopID();
    }
    ImGui::TextDisabled(
        "This case keeps the reading above: ingest never imports one file twice into a case.");
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// Recent cases, newest first; one that is no longer there (moved, deleted, a drive not mounted) is
// listed greyed out rather than offered.
void recent_list(const App& app, Intents& out) {
    for (const auto& r : app.case_model.recent) {
        std::error_code ec;
        if (!std::filesystem::exists(r, ec)) {
            ImGui::TextDisabled("%s (missing)", app.show(r).c_str());
            continue;
        }
        ImGui::PushID(r.c_str());
        if (ImGui::Selectable(app.show(r).c_str()))
            out.push_back({Intent::Op::open, r});
        ImGui::PopID();
    }
}

} // namespace

void draw_open_dialog(App& app, Intents& out) {
    bool open = true;
    ImGui::SetNextWindowSize({640, 480}, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowPos({260, 100}, ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Open or create a case", &open)) {
        auto& b = app.browser;
        ImGui::Text("Folder: %s", app.show(b.dir.string()).c_str());
        if (!b.error.empty())
            ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", app.show(b.error).c_str());
        if (ImGui::BeginChild("files", {0, 220}, true)) {
            for (const auto& e : b.entries) {
                const std::string row = (e.dir ? "[folder] " : "") + app.show(e.name);
                const bool chosen = !e.dir && b.path == (b.dir / e.name).string();
                if (ImGui::Selectable(row.c_str(), chosen, ImGuiSelectableFlags_AllowDoubleClick)) {
                    const auto entry = e; // list() below replaces entries
                    b.choose(entry);
                    if (!entry.dir && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
                        out.push_back({Intent::Op::open, b.path});
                    break;
                }
            }
        }
        ImGui::EndChild();
        input_line("##path", b.path, -1);
        const bool exists = !b.path.empty() && std::filesystem::exists(b.path);
        ImGui::BeginDisabled(!exists);
        if (ImGui::Button("Open"))
            out.push_back({Intent::Op::open, b.path});
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::TextDisabled("|  new case: region");
        ImGui::SameLine();
        input_line("##region", b.region, 40, 2);
        ImGui::SameLine();
        ImGui::TextDisabled("time zone");
        ImGui::SameLine();
        input_line("##tz", b.tz, 160, 63);
        const auto why = new_case_problem(b.path, b.region, b.tz);
        ImGui::SameLine();
        ImGui::BeginDisabled(!why.empty());
        if (ImGui::Button("Create"))
            out.push_back({Intent::Op::new_case, b.path});
        ImGui::EndDisabled();
        if (!exists && !why.empty())
            ImGui::TextDisabled("%s", why.c_str());
        if (!app.case_model.recent.empty()) {
            ImGui::Separator();
            ImGui::TextUnformatted("Recent cases");
            recent_list(app, out);
        }
    }
    ImGui::End();
    if (!open)
        out.push_back({Intent::Op::toggle_open});
}

void draw_case_screen(const App& app, Intents& out, std::string& ingest_path_buf) {
    if (!app.has_case()) {
        ImGui::TextUnformatted("No case is open.");
        if (ImGui::Button("Open or create a case... (Ctrl+O)"))
            out.push_back({Intent::Op::toggle_open});
        ImGui::TextDisabled("or start with:  casegraph-ui CASE   (create one with `casegraph new CASE`)");
        if (!app.case_model.recent.empty())
            ImGui::TextUnformatted("Recent cases:");
        recent_list(app, out);
        return;
    }
    const auto& cm = app.case_model;
    ImGui::Text("Case %s", cm.path.string().c_str());
    ImGui::TextDisabled("id %s | analyst %s | region %s | tz %s | created %s", cm.settings.case_id.c_str(),
                        cm.settings.analyst.c_str(), cm.settings.region.c_str(), cm.settings.tz.c_str(),
                        cm.settings.created_at.c_str());
    std::int64_t entities = 0;
    for (const auto& [k, v] : cm.stats.entities)
        entities += v;
    ImGui::Text("%lld evidence files | %lld entities | %lld events | %lld links | %lld import errors",
                static_cast<long long>(cm.stats.evidence_files), static_cast<long long>(entities),
                static_cast<long long>(cm.events_total()), static_cast<long long>(cm.stats.links),
                static_cast<long long>(cm.stats.import_errors));
    ImGui::Separator();
    draw_date_order_notices(app);
    ImGui::Text("Evidence (%zu)", cm.evidence.size());
    ImGui::SameLine();
    if (ImGui::Button("Verify hashes"))
        out.push_back({Intent::Op::verify});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Re-reads every file at its original path and compares SHA-256 (audited).");
    if (ImGui::BeginTable("evidence", 6,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_Resizable |
                              ImGuiTableFlags_ScrollY,
                          {0, 220})) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("file");
        ImGui::TableSetupColumn("format");
        ImGui::TableSetupColumn("status");
        ImGui::TableSetupColumn("bytes");
        ImGui::TableSetupColumn("sha256", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("verified");
        ImGui::TableHeadersRow();
        for (const auto& r : cm.evidence) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(app.show(r.info.original_name).c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\nregistered %s by %s", app.show(r.info.original_path).c_str(),
                                  r.info.registered_at.c_str(), r.info.registered_by.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.info.detected_format.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.info.status.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(r.info.size));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.info.sha256.c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(verify_colour(r.verify), "%s", r.verify.c_str());
            if (!r.verify_detail.empty() && ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", r.verify_detail.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Separator();
    draw_ingest(app, out, ingest_path_buf);
    ImGui::Separator();
    ImGui::Text("Import errors and warnings (%zu)", cm.errors.size());
    if (ImGui::BeginTable("errors", 4,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY,
                          {0, 180})) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("severity");
        ImGui::TableSetupColumn("file");
        ImGui::TableSetupColumn("locator");
        ImGui::TableSetupColumn("message", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(cm.errors.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const auto& e = cm.errors[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.severity.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(app.show(e.evidence_name).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(app.show(e.locator).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(app.show(e.message).c_str());
            }
        ImGui::EndTable();
    }
    if (!cm.recent.empty() && ImGui::CollapsingHeader("Recent cases")) {
        recent_list(app, out);
    }
}

} // namespace casegraph::ui
