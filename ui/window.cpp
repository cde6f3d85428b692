// GLFW/OpenGL/ImGui host: the frame loop, screen layout, keyboard shortcuts, fonts built from the case's
// text, --script execution and --screenshot capture (see window.hpp).
#include "window.hpp"

#include "canvas_gl.hpp"
#include "glyphs.hpp"
#include "views.hpp"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>
#include <imgui.h>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <stb_image_write.h>

namespace casegraph::ui {
namespace {

std::optional<std::filesystem::path> find_font(const char* name) {
    std::istringstream dirs(CASEGRAPH_FONT_DIRS);
    for (std::string d; std::getline(dirs, d, ':');)
        if (std::filesystem::exists(std::filesystem::path(d) / name))
            return std::filesystem::path(d) / name;
    return std::nullopt;
}

// The glyphs the UI itself uses plus every code point in the case's labels, bodies and identifiers.
// The atlas holds only those, so a case in Cyrillic, Greek or Arabic costs a few hundred glyphs.
GlyphSet case_glyphs(const App& app) {
    GlyphSet g;
    g.add_range(0x20, 0x7E);
    g.add_range(0xA0, 0xFF);
    g.add_range(0x2010, 0x205E); // punctuation: dashes, quotes, ellipsis
    g.add_range(0x2190, 0x21FF); // arrows
    g.add_range(0x25A0, 0x25FF); // geometric shapes
    g.add_range(0xFFFD, 0xFFFD);
    if (!app.cf)
        return g;
    auto st = app.cf->db().prepare("SELECT label FROM entity UNION ALL SELECT value FROM identifier "
                                   "UNION ALL SELECT body FROM event WHERE body IS NOT NULL "
                                   "UNION ALL SELECT original_name FROM evidence_file");
    while (st.step())
        g.add_text(st.column_text(0));
    return g;
}

double process_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// A synthetic graph for the frame-time benchmark: every node links to two earlier ones (a sparse,
// connected, scale-free-ish network like a phone's contacts), kinds and tags spread deterministically.
void synthetic_graph(GraphModel& g, std::size_t n) {
    std::uint64_t state = 42;
    auto next = [&state] {
        state += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    const char* kinds[] = {"phone", "phone", "phone", "person", "account", "email"};
    std::vector<GraphNode> nodes(n);
    std::vector<GraphEdge> edges;
    for (std::size_t i = 0; i < n; ++i) {
        nodes[i].entity = static_cast<std::int64_t>(i + 1);
        nodes[i].kind = kinds[next() % 6];
        nodes[i].raw_label = nodes[i].label = "+4477009" + std::to_string(10000 + i);
        nodes[i].tags = (i % 97 == 0) ? tag_suspect : (i % 89 == 0) ? tag_victim : 0;
        for (int k = 0; k < 2 && i > 0; ++k) {
            const auto j = static_cast<std::uint32_t>(next() % i);
            edges.push_back({static_cast<std::uint32_t>(i), j, static_cast<std::int64_t>(edges.size() + 1),
                             k ? "call" : "sms", false, static_cast<std::int64_t>(1 + next() % 40)});
        }
    }
    g.assign(std::move(nodes), std::move(edges));
    g.start_layout();
}

class Host {
  public:
    Host(App& app, const RunOptions& opts) : app_(app), opts_(opts) {}
    int run();

  private:
    bool init_window();
    void build_fonts();
    void frame();
    bool capture(const std::filesystem::path& out);
    bool run_script_step(); // false when the script asks to stop
    void apply_all(Intents& in);

    App& app_;
    const RunOptions& opts_;
    GLFWwindow* win_ = nullptr;
    std::vector<std::uint16_t> ranges_; // must outlive the font atlas build
    std::string ingest_path_;
    float scale_ = 1.0f;
    bool auto_fit_ = true;
    bool ingest_was_running_ = false;
    std::deque<std::string> script_;
    int script_line_ = 0;
    int hold_frames_ = 0;
    std::optional<std::filesystem::path> capture_next_;
    std::vector<double> frame_ms_, build_ms_, cpu_ms_, period_ms_;
    std::vector<double> vtx_, idx_; // ImDrawData vertices / indices per frame: independent of load
    std::chrono::steady_clock::time_point frame_t0_;
    int exit_code_ = 0;
    bool fonts_dirty_ = false;
};

bool Host::init_window() {
    glfwSetErrorCallback(
        [](int code, const char* what) { std::fprintf(stderr, "casegraph-ui: GLFW %d: %s\n", code, what); });
    if (!glfwInit())
        return false;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    win_ = glfwCreateWindow(opts_.width, opts_.height, "casegraph", nullptr, nullptr);
    if (!win_)
        return false;
    glfwMakeContextCurrent(win_);
    // Screenshots must not wait for a vblank that Xvfb never sends; interactive use keeps vsync.
    glfwSwapInterval(opts_.screenshot || opts_.script ? 0 : 1);
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(win_, &sx, &sy);
    scale_ = std::clamp(std::max(sx, sy), 1.0f, 4.0f);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // layout lives in the case (ui_state), not in a file beside it
    ImGui::StyleColorsLight();            // dark text on light: readable on projectors and in print
    auto& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.FrameRounding = 2;
    style.ScaleAllSizes(scale_);
    ImGui_ImplGlfw_InitForOpenGL(win_, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    return true;
}

void Host::build_fonts() {
    auto& io = ImGui::GetIO();
    io.Fonts->Clear();
    const auto glyphs = case_glyphs(app_);
    ranges_ = glyphs.ranges();
    static_assert(sizeof(ImWchar) == sizeof(std::uint16_t), "Debian's ImGui 1.86 uses 16-bit ImWchar");
    ImFont* font = nullptr;
    if (auto path = find_font("DejaVuSans.ttf"))
        font = io.Fonts->AddFontFromFileTTF(path->c_str(), 15.0f * scale_, nullptr,
                                            reinterpret_cast<const ImWchar*>(ranges_.data()));
    if (!font) {
        std::fprintf(stderr,
                     "casegraph-ui: DejaVuSans.ttf not found (install fonts-dejavu-core); using ImGui's "
                     "built-in font, which draws only Latin-1\n");
        font = io.Fonts->AddFontDefault();
    }
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    app_.drawable = [font](const std::string& s) {
        return drawable_text(
            s, [font](char32_t c) { return font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr; });
    };
    app_.graph.relabel(app_.drawable);
}

void Host::apply_all(Intents& in) {
    for (const auto& i : in) {
        if (i.op == Intent::Op::pan || i.op == Intent::Op::zoom_at || i.op == Intent::Op::zoom)
            auto_fit_ = false;
        try {
            app_.apply(i);
        } catch (const std::exception& e) {
            app_.status = std::string("Error: ") + e.what();
        }
        if (i.op == Intent::Op::open)
            fonts_dirty_ = true;
    }
    in.clear();
}

void Host::frame() {
    Intents out;
    frame_t0_ = std::chrono::steady_clock::now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    app_.graph.sync_positions();
    // Until the analyst moves the camera, keep the whole graph in view while the layout unfolds.
    if (auto_fit_)
        app_.graph.fit_view();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    // No background: glClear paints the same grey (StyleColorsLight's WindowBg) without a full-window
    // textured, blended quad, which a software rasteriser (llvmpipe) pays for per pixel every frame.
    ImGui::Begin("casegraph", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
    shortcuts(app_, out, auto_fit_);
    draw_toolbar(app_, out, auto_fit_);
    const float status_h = ImGui::GetFrameHeightWithSpacing();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    avail.y -= status_h;
    switch (app_.view.screen) {
    case Screen::case_:
        ImGui::BeginChild("case", avail);
        draw_case_screen(app_, out, ingest_path_);
        ImGui::EndChild();
        break;
    case Screen::investigate: {
        const float detail_w = std::min(app_.view.detail_width * scale_, avail.x * 0.45f);
        const float timeline_h = std::min(app_.view.timeline_height * scale_, avail.y * 0.4f);
        ImGui::BeginGroup();
        ImGui::BeginChild("canvas", {avail.x - detail_w - 6, avail.y - timeline_h - 6}, true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
        draw_graph_canvas(app_, out);
        ImGui::EndChild();
        ImGui::BeginChild("timeline", {avail.x - detail_w - 6, timeline_h}, true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
        draw_timeline(app_, out);
        ImGui::EndChild();
        ImGui::EndGroup();
        ImGui::SameLine();
        ImGui::BeginChild("detail", {detail_w, avail.y}, true);
        draw_detail_pane(app_, out);
        ImGui::EndChild();
        break;
    }
    case Screen::money: {
        const float detail_w = std::min(app_.view.detail_width * scale_, avail.x * 0.4f);
        ImGui::BeginChild("money", {avail.x - detail_w - 6, avail.y}, true);
        draw_money_screen(app_, out);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("detail", {detail_w, avail.y}, true);
        draw_detail_pane(app_, out);
        ImGui::EndChild();
        break;
    }
    case Screen::analysis:
        ImGui::BeginChild("analysis", avail, true);
        draw_analysis_screen(app_, out);
        ImGui::EndChild();
        break;
    }
    ImGui::TextDisabled("%s", app_.status.c_str());
    ImGui::End();
    if (app_.view.show_search)
        draw_search_window(app_, out);
    if (app_.view.show_export)
        draw_export_dialog(app_, out);
    if (app_.view.show_open)
        draw_open_dialog(app_, out);
    ImGui::Render();
    // Building the frame (our view code + ImGui) is timed apart from rasterising it: under Xvfb the
    // rasteriser is Mesa's software llvmpipe, which a real GPU replaces.
    build_ms_.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame_t0_).count());
    vtx_.push_back(ImGui::GetDrawData()->TotalVtxCount);
    idx_.push_back(ImGui::GetDrawData()->TotalIdxCount);
    int w = 0, h = 0;
    glfwGetFramebufferSize(win_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    apply_all(out);
}

bool Host::capture(const std::filesystem::path& out) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(win_, &w, &h);
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    // OpenGL rows run bottom-up; PNG rows top-down.
    const int stride = w * 4;
    std::vector<unsigned char> flipped(px.size());
    for (int y = 0; y < h; ++y)
        std::copy_n(px.data() + static_cast<std::ptrdiff_t>(h - 1 - y) * stride, stride,
                    flipped.data() + static_cast<std::ptrdiff_t>(y) * stride);
    if (!stbi_write_png(out.c_str(), w, h, 4, flipped.data(), stride)) {
        std::fprintf(stderr, "casegraph-ui: could not write %s\n", out.c_str());
        return false;
    }
    std::fprintf(stderr, "casegraph-ui: wrote %s (%dx%d)\n", out.c_str(), w, h);
    // Beside the PNG, the view model's state for this very frame, so tests can check pixels where the
    // model says something is drawn (the selected node, its colour) instead of comparing whole images.
    nlohmann::json j;
    j["screen"] = screen_name(app_.view.screen);
    j["zoom"] = app_.graph.camera.zoom;
    j["visible_nodes"] = app_.graph.visible_count();
    j["labels_visible"] = app_.graph.labels_visible();
    const Rect& vp = app_.graph.camera.viewport;
    j["viewport"] = {vp.min.x, vp.min.y, vp.max.x, vp.max.y};
    j["overlays"] = nlohmann::json::array(); // the legend
    for (const auto& o : app_.graph.overlays)
        j["overlays"].push_back({o.min.x, o.min.y, o.max.x, o.max.y});
    j["selected"] = nlohmann::json::array();
    const auto& pos = app_.graph.positions();
    for (auto i : app_.graph.selected()) {
        const Vec2 sp = app_.graph.camera.to_screen(pos[i]);
        j["selected"].push_back({{"entity", app_.graph.nodes()[i].entity},
                                 {"kind", app_.graph.nodes()[i].kind},
                                 {"x", sp.x},
                                 {"y", sp.y},
                                 {"r", app_.graph.node_radius_px(i)}});
    }
    // Highlighted nodes (a path or pattern match) where they are drawn, and the canvas's groups.
    j["highlighted"] = nlohmann::json::array();
    const auto& f = app_.graph.frame();
    for (auto i : f.onscreen)
        if (app_.graph.nodes()[i].highlighted)
            j["highlighted"].push_back({{"entity", app_.graph.nodes()[i].entity},
                                        {"x", f.screen[i].x},
                                        {"y", f.screen[i].y},
                                        {"r", f.radius[i]}});
    // The labels the canvas placed (after collision culling) and their boxes; the level of detail.
    j["labels"] = nlohmann::json::array();
    for (const auto& pl : app_.graph.place_labels([](const std::string& t) {
             const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
             return Vec2{ts.x, ts.y};
         }))
        j["labels"].push_back({{"entity", app_.graph.nodes()[pl.node].entity},
                               {"text", app_.graph.label_text(pl.node)},
                               {"box", {pl.box.min.x, pl.box.min.y, pl.box.max.x, pl.box.max.y}}});
    j["label_candidates"] = app_.graph.labelled_nodes().size();
    j["lod"] = {{"icons", f.icons.size()},
                {"dots", f.dots.size()},
                {"dots_merged", f.dots_merged},
                {"edges_aggregated", f.aggregated},
                {"antialiased", app_.graph.antialiased()},
                {"area_per_node", f.area_per_node}};
    // Which renderer drew the small nodes and links, and where: every node drawn (as a dot, a ringed
    // dot or a full icon) and the links (at most 5,000 of each), so a test can look at their pixels.
    j["canvas"] = CanvasGl::instance().usable() ? "gl" : "imgui";
    j["lod"]["quad_px"] = app_.graph.lod.quad_px;
    j["drawn"] = nlohmann::json::array();
    auto drawn = [&](const std::vector<std::uint32_t>& list, const char* as) {
        for (std::size_t k = 0; k < list.size() && k < 5000; ++k) {
            const auto i = list[k];
            j["drawn"].push_back({{"x", f.screen[i].x},
                                  {"y", f.screen[i].y},
                                  {"r", f.radius[i]},
                                  {"kind", app_.graph.nodes()[i].kind},
                                  {"tags", app_.graph.nodes()[i].tags}, // TagBits
                                  {"as", as}});
        }
    };
    drawn(f.dots, "dot");
    drawn(f.ringed, "ringed");
    drawn(f.icons, "icon");
    j["links"] = nlohmann::json::array();
    for (std::size_t k = 0; k < f.cell_edges.size() && k < 5000; ++k) {
        const auto& ce = f.cell_edges[k];
        j["links"].push_back({ce.a.x, ce.a.y, ce.b.x, ce.b.y});
    }
    for (std::size_t k = 0; k < f.lines.size() && k < 5000; ++k) {
        const auto [a, b] = app_.graph.edge_ends(f.lines[k]);
        j["links"].push_back({f.screen[a].x, f.screen[a].y, f.screen[b].x, f.screen[b].y});
    }
    j["groups"] = app_.graph.groups().size();
    j["highlight"] = app_.graph.highlight_label();
    if (app_.entity)
        j["detail_entity"] = app_.entity->id;
    j["search_rows"] = app_.search.rows.size();
    std::ofstream(out.string() + ".json") << j.dump(2) << '\n';
    return true;
}

bool Host::run_script_step() {
    while (!script_.empty() && hold_frames_ == 0 && !capture_next_) {
        const auto line = script_.front();
        script_.pop_front();
        ++script_line_;
        std::optional<Intent> in;
        try {
            in = parse_script_line(line);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "casegraph-ui: script line %d: %s\n", script_line_, e.what());
            exit_code_ = 1;
            return false;
        }
        if (!in)
            continue;
        switch (in->op) {
        case Intent::Op::screenshot:
            hold_frames_ = 3; // let ImGui settle window sizes and the canvas pick up the new state
            capture_next_ = in->text;
            return true;
        case Intent::Op::frames:
            hold_frames_ = static_cast<int>(in->a);
            return true;
        case Intent::Op::wait_layout:
            app_.graph.layout().wait_converged(static_cast<int>(in->a));
            app_.graph.sync_positions();
            if (auto_fit_)
                app_.graph.fit_view();
            break;
        default: {
            Intents one{*in};
            apply_all(one);
            if (in->op == Intent::Op::open)
                build_fonts();
            if (in->op == Intent::Op::select || in->op == Intent::Op::search)
                if (app_.status.rfind("Nothing matches", 0) == 0 || !app_.search.error.empty())
                    std::fprintf(stderr, "casegraph-ui: script line %d: %s\n", script_line_,
                                 app_.status.c_str());
            hold_frames_ = 1;
            return true;
        }
        }
    }
    if (app_.want_quit)
        return false;
    return true;
}

int Host::run() {
    if (opts_.script) {
        std::ifstream in(*opts_.script);
        if (!in) {
            std::fprintf(stderr, "casegraph-ui: cannot read script %s\n", opts_.script->c_str());
            return 1;
        }
        for (std::string line; std::getline(in, line);)
            script_.push_back(line);
    }
    CanvasGl::instance().set_enabled(!opts_.imgui_canvas);
    if (!init_window()) {
        std::fprintf(stderr,
                     "casegraph-ui: no OpenGL 3.3 display (run under `xvfb-run -a` without a screen)\n");
        return 1;
    }
    if (opts_.case_path) {
        try {
            app_.open_case(*opts_.case_path);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "casegraph-ui: %s\n", e.what());
            return 1;
        }
    }
    if (opts_.bench_nodes > 0) {
        synthetic_graph(app_.graph, opts_.bench_nodes);
        if (!opts_.script)
            script_.push_back("frames 120");
    }
    build_fonts();
    const bool batch = opts_.screenshot || opts_.script || opts_.bench_nodes > 0;
    if (batch && (app_.has_case() || opts_.bench_nodes > 0)) {
        // A settled picture: wait for the layout, then fit (unless the saved view placed the camera).
        app_.graph.layout().wait_converged(20000);
        app_.graph.sync_positions();
        // The benchmark times drawing: a layout still running after the wait would take a core from
        // the rasteriser and move every node each frame.
        if (opts_.bench_nodes > 0)
            app_.graph.layout().set_paused(true);
    }
    bool final_capture_pending = opts_.screenshot.has_value();
    int settle = 4;
    std::optional<std::chrono::steady_clock::time_point> last_start;
    while (!glfwWindowShouldClose(win_)) {
        glfwPollEvents();
        const auto t0 = std::chrono::steady_clock::now();
        // Start to start: what the analyst sees as the frame rate (it includes presenting the frame).
        if (batch && last_start)
            period_ms_.push_back(std::chrono::duration<double, std::milli>(t0 - *last_start).count());
        last_start = t0;
        const double cpu0 = process_cpu_ms();
        frame();
        if (batch) {
            glFinish(); // frame time includes the GPU work, not just command submission
            frame_ms_.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            cpu_ms_.push_back(process_cpu_ms() - cpu0);
        }
        if (capture_next_ && hold_frames_ <= 1) {
            if (!capture(*capture_next_))
                exit_code_ = 1;
            capture_next_.reset();
            hold_frames_ = 0;
        }
        glfwSwapBuffers(win_);
        if (fonts_dirty_) {
            build_fonts();
            fonts_dirty_ = false;
        }
        if (hold_frames_ > 0)
            --hold_frames_;
        app_.poll_export();
        if (batch) {
            if (!run_script_step())
                break;
            if (script_.empty() && hold_frames_ == 0 && !capture_next_) {
                if (settle-- > 0)
                    continue;
                if (final_capture_pending) {
                    capture_next_ = *opts_.screenshot;
                    hold_frames_ = 1;
                    final_capture_pending = false;
                    continue;
                }
                break;
            }
        } else {
            const auto st = app_.ingest.snapshot();
            if (ingest_was_running_ && !st.running) {
                app_.reload(); // the import committed: every view reads the case again
                fonts_dirty_ = true;
            }
            ingest_was_running_ = st.running;
        }
    }
    if (!batch)
        app_.save_view_state();
    // The first frames upload the font atlas and compile shaders: not what the analyst feels.
    auto report = [this](const char* what, const std::vector<double>& all) {
        if (all.size() <= 5)
            return;
        std::vector<double> v(all.begin() + 5, all.end());
        std::sort(v.begin(), v.end());
        const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
        std::fprintf(
            stderr,
            "casegraph-ui: %s: %zu frames, %zu visible nodes, ms mean %.2f median %.2f p95 %.2f max %.2f\n",
            what, v.size(), app_.graph.visible_count(), mean, v[v.size() / 2], v[v.size() * 95 / 100],
            v.back());
    };
    report("frame build (view code + ImGui)", build_ms_);
    report("whole frame incl. GL render + glFinish", frame_ms_);
    report("frame period, start to start (incl. swap)", period_ms_);
    // CPU time of every thread of the process per frame (llvmpipe rasterises on its own threads): on a
    // shared machine this is what the frame costs, where wall time also counts waiting for a core.
    if (opts_.bench_nodes > 0)
        report("frame CPU, all threads (layout paused)", cpu_ms_);
    // What the rasteriser is handed per frame: the figure level of detail cuts, whatever the load.
    if (batch && vtx_.size() > 5)
        std::fprintf(stderr,
                     "casegraph-ui: draw data per frame: %.0f vertices, %.0f indices (%.0f triangles)\n",
                     vtx_.back(), idx_.back(), idx_.back() / 3);
    app_.graph.layout().stop();
    CanvasGl::instance().shutdown();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(win_);
    glfwTerminate();
    return exit_code_;
}

} // namespace

int run_workstation(const RunOptions& opts) {
    App app;
    Host host(app, opts);
    return host.run();
}

} // namespace casegraph::ui
