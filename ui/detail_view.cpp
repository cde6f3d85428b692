// Drawing the detail pane: an entity (identifiers, tags, links, sources) or an event (the full record,
// its evidence file, hash and locator, deleted label, victim media behind a click).
#include "text_raster.hpp"
#include "views.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

namespace casegraph::ui {
namespace {

// The message body as Pango lays it out, uploaded once per event and pane width (see text_raster.hpp).
class BodyTexture {
  public:
    ~BodyTexture() {
        if (tex_ != 0)
            glDeleteTextures(1, &tex_);
    }
    void draw(std::int64_t event, const std::string& text) {
        const int wrap = std::max(120, static_cast<int>(ImGui::GetContentRegionAvail().x) - 4);
        if (event != event_ || wrap != wrap_ || text != text_) {
            const auto img = render_text(text, wrap, static_cast<double>(ImGui::GetFontSize()));
            if (tex_ == 0)
                glGenTextures(1, &tex_);
            glBindTexture(GL_TEXTURE_2D, tex_);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, img.width, img.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                         img.rgba.data());
            event_ = event;
            wrap_ = wrap;
            text_ = text;
            w_ = static_cast<float>(img.width);
            h_ = static_cast<float>(img.height);
        }
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(tex_)), {w_, h_});
    }

  private:
    GLuint tex_ = 0;
    std::int64_t event_ = -1;
    int wrap_ = 0;
    std::string text_;
    float w_ = 0, h_ = 0;
};

void source_line(const App& app, const SourceRef& s) {
    ImGui::TextWrapped("%s", app.show(s.evidence_name).c_str());
    ImGui::TextDisabled("sha256 %s", s.sha256.c_str());
    ImGui::TextDisabled("at %s", app.show(s.locator).c_str());
}

void draw_tag_buttons(const App& app, Intents& out) {
    const auto& e = *app.entity;
    for (const char* tag : {"suspect", "victim", "witness"}) {
        const bool on = std::find(e.tags.begin(), e.tags.end(), tag) != e.tags.end();
        ImGui::PushID(tag);
        if (on)
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.25f, 0.45f, 0.85f, 1.0f));
        const std::string text = std::string(on ? "[x] " : "[ ] ") + tag;
        if (ImGui::Button(text.c_str()))
            out.push_back({on ? Intent::Op::untag : Intent::Op::tag, tag});
        if (on)
            ImGui::PopStyleColor();
        ImGui::PopID();
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

void draw_entity(const App& app, Intents& out) {
    const auto& e = *app.entity;
    ImGui::TextDisabled("ENTITY #%lld  (%s)", static_cast<long long>(e.id), e.kind.c_str());
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(app.show(e.label.empty() ? "(no label)" : e.label).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Text("Named in %lld evidence file%s", static_cast<long long>(e.evidence_files),
                e.evidence_files == 1 ? "" : "s");
    draw_tag_buttons(app, out);
    if (ImGui::CollapsingHeader("Identifiers", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& id : e.identifiers) {
            ImGui::BulletText("%s  %s  (%s)", id.type.c_str(), app.show(id.value).c_str(), id.status.c_str());
            ImGui::Indent();
            for (const auto& s : id.seen_in) {
                ImGui::TextDisabled("as \"%s\" in %s, %s", app.show(s.role).c_str(),
                                    app.show(s.evidence_name).c_str(), app.show(s.locator).c_str());
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("sha256 %s", s.sha256.c_str());
            }
            ImGui::Unindent();
        }
    }
    if (ImGui::CollapsingHeader("Links", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (ImGui::BeginTable("links", 6,
                              ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY,
                              {0, std::min(260.0f, 30.0f + 22.0f * static_cast<float>(e.links.size()))})) {
            ImGui::TableSetupColumn("with");
            ImGui::TableSetupColumn("kind");
            ImGui::TableSetupColumn("n");
            ImGui::TableSetupColumn("first - last");
            ImGui::TableSetupColumn("amount");
            ImGui::TableSetupColumn("files");
            ImGui::TableHeadersRow();
            for (const auto& l : e.links) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::PushID(static_cast<int>(l.other_entity));
                const std::string label = l.direction + " " + app.show(l.other_label);
                if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                    out.push_back({Intent::Op::select, "#" + std::to_string(l.other_entity)});
                ImGui::PopID();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(l.kind.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(l.count));
                ImGui::TableNextColumn();
                ImGui::Text("%s - %s", l.first.c_str(), l.last.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(l.amount.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%lld", static_cast<long long>(l.evidence_files));
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("evidence files holding these events (a payment read from two "
                                      "statement files counts in both)");
            }
            ImGui::EndTable();
        }
    }
    if (ImGui::CollapsingHeader("Sources", ImGuiTreeNodeFlags_DefaultOpen)) {
        // Grouped by evidence file: the file and its hash once, then each locator inside it.
        std::size_t i = 0;
        while (i < e.sources.size()) {
            const auto& f = e.sources[i];
            std::size_t j = i;
            while (j < e.sources.size() && e.sources[j].sha256 == f.sha256)
                ++j;
            ImGui::Separator();
            ImGui::Text("%s  (%zu %s)", app.show(f.evidence_name).c_str(), j - i,
                        j - i == 1 ? "record" : "records");
            ImGui::TextDisabled("sha256 %s", f.sha256.c_str());
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::TreeNode("locators")) {
                for (std::size_t k = i; k < j; ++k)
                    ImGui::TextDisabled("%s  (%s)", app.show(e.sources[k].locator).c_str(),
                                        app.show(e.sources[k].role).c_str());
                ImGui::TreePop();
            }
            ImGui::PopID();
            i = j;
        }
    }
}

void draw_event(const App& app, Intents& out) {
    const auto& ev = *app.event;
    ImGui::TextDisabled("EVENT #%lld  (%s)", static_cast<long long>(ev.id), ev.kind.c_str());
    if (ev.deleted) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(Palette::deleted));
        ImGui::TextUnformatted("DELETED / RECOVERED RECORD");
        ImGui::PopStyleColor();
    }
    ImGui::Text("When: %s", ev.when.empty() ? "(no time)" : ev.when.c_str());
    ImGui::TextDisabled("offset %s%s, precision %s, raw \"%s\"", ev.offset.c_str(),
                        ev.offset_assumed ? " (assumed from --tz)" : "", ev.precision.c_str(),
                        ev.time_raw.c_str());
    if (!ev.direction.empty())
        ImGui::Text("Direction: %s", ev.direction.c_str());
    if (!ev.app.empty())
        ImGui::Text("App: %s", ev.app.c_str());
    if (!ev.amount.empty())
        ImGui::Text("Amount: %s", ev.amount.c_str());
    for (const auto& p : ev.parties) {
        ImGui::PushID(static_cast<int>(p.entity));
        const std::string t = p.role + ": " + app.show(p.label) + (p.victim ? "  [victim]" : "");
        if (ImGui::SmallButton(t.c_str()))
            out.push_back({Intent::Op::select, "#" + std::to_string(p.entity)});
        ImGui::PopID();
    }
    if (!ev.body.empty()) {
        ImGui::Separator();
        // The full text through Pango: right-to-left scripts shaped and ordered, characters above
        // U+FFFF drawn (or shown as Pango's code-point box), exactly as the exhibits print it.
        static BodyTexture body;
        body.draw(ev.id, ev.body);
        if (needs_pango(ev.body))
            ImGui::TextDisabled("(right-to-left or non-BMP text: shown as typeset by Pango)");
    }
    if (ev.has_media) {
        if (ev.media_of_victim && !app.media_revealed) {
            ImGui::TextColored({0.6f, 0.2f, 0.2f, 1}, "Media of a tagged victim is hidden.");
            if (ImGui::Button("Reveal media"))
                out.push_back({Intent::Op::reveal_media});
        } else
            ImGui::TextWrapped("Media: %s", ev.attrs.c_str());
    }
    ImGui::Separator();
    ImGui::TextUnformatted(ev.sources.size() > 1 ? "Sources" : "Source");
    for (std::size_t i = 0; i < ev.sources.size(); ++i) {
        if (i > 0)
            ImGui::TextDisabled("also read from:");
        source_line(app, ev.sources[i]);
    }
    if (ev.corroborating_sources > 0)
        ImGui::Text("Corroborated by %lld independent source%s",
                    static_cast<long long>(ev.corroborating_sources),
                    ev.corroborating_sources == 1 ? "" : "s");
    else
        ImGui::TextDisabled("Not corroborated by another evidence file");
}

} // namespace

void draw_detail_pane(const App& app, Intents& out) {
    if (app.event)
        draw_event(app, out);
    else if (app.entity)
        draw_entity(app, out);
    else
        ImGui::TextDisabled(
            "Click a node, a search result or a timeline bar to see its details and sources.");

    if (!app.bucket_events.empty()) {
        ImGui::Separator();
        ImGui::Text("Events %s (%zu)", app.bucket_title.c_str(), app.bucket_events.size());
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(app.bucket_events.size()));
        while (clip.Step()) {
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const auto& e = app.bucket_events[static_cast<std::size_t>(i)];
                ImGui::PushID(i);
                const std::string row = app.timeline.when(e) + "  " + e.kind +
                                        (e.deleted ? " [DELETED]" : "") + "  " + app.show(e.summary);
                if (ImGui::Selectable(row.c_str(), app.event && app.event->id == e.id))
                    out.push_back({Intent::Op::select_event, "", 0, 0, e.id});
                ImGui::PopID();
            }
        }
    }
}

} // namespace casegraph::ui
