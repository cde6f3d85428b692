// The workstation's window: GLFW + OpenGL 3.3 + ImGui host, fonts for the case's scripts, the frame
// loop, --script steps and --screenshot capture.
#pragma once

#include <filesystem>
#include <optional>

namespace casegraph::ui {

struct RunOptions {
    std::optional<std::filesystem::path> case_path;
    std::optional<std::filesystem::path> screenshot; // write the settled frame here and exit
    std::optional<std::filesystem::path> script;     // intents, one a line (see parse_script_line)
    int width = 1600, height = 1000;
    std::size_t bench_nodes = 0; // > 0: no case, a synthetic graph of this many nodes (frame-time benchmark)
    bool imgui_canvas = false;   // draw the canvas's dots and links with ImGui too (canvas_gl.hpp)
};

// Returns the process exit code: 0 on success, 1 when the case, script or display fails.
int run_workstation(const RunOptions& opts);

} // namespace casegraph::ui
