// Drawing entry points. Each reads the App's view models and pushes intents; none changes a model
// directly (window.cpp applies the intents after the frame is built).
#pragma once

#include "app.hpp"

#include <vector>

struct ImVec2;

namespace casegraph::ui {

using Intents = std::vector<Intent>;

void draw_case_screen(const App& app, Intents& out, std::string& ingest_path_buf);
void draw_graph_canvas(App& app, Intents& out); // sets the camera viewport to the canvas size
void draw_timeline(const App& app, Intents& out);
void draw_detail_pane(const App& app, Intents& out);
void draw_search_window(App& app, Intents& out); // owns the query text box
void draw_money_screen(const App& app, Intents& out);
void draw_analysis_screen(const App& app, Intents& out);
void draw_export_dialog(App& app, Intents& out);
void draw_open_dialog(App& app, Intents& out); // open an existing case or create one
// A text field bound to a std::string (1.86 ships no imgui_stdlib); true when it changed.
bool input_line(const char* id, std::string& value, float width, std::size_t max_len = 1023);
void draw_toolbar(const App& app, Intents& out, bool& auto_fit);
void shortcuts(const App& app, Intents& out, bool& auto_fit);

// Okabe–Ito colours: distinguishable with colour-blindness, on a projector and in greyscale print
// (every kind also has its own shape, and tags a letter badge).
struct Palette {
    static unsigned kind_colour(const std::string& kind);
    static unsigned edge_colour(const std::string& kind);
    static constexpr unsigned suspect = 0xFF005ED5;  // vermillion (ImGui colours are ABGR)
    static constexpr unsigned victim = 0xFFE9B456;   // sky blue
    static constexpr unsigned witness = 0xFF42E4F0;  // yellow
    static constexpr unsigned selected = 0xFF000000; // black ring: survives any projector
    static constexpr unsigned deleted = 0xFF3535C8;  // red for deleted/recovered labels
};

enum class Shape { circle, triangle, square, diamond, hexagon };
[[nodiscard]] Shape kind_shape(const std::string& kind);
// Draws a node's kind icon at a screen point (shared by the canvas and the legend).
void draw_kind_icon(void* draw_list, float x, float y, float r, const std::string& kind,
                    bool outline_only = false);

} // namespace casegraph::ui
