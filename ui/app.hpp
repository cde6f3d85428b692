// The workstation's state without any drawing: the open case, every view model, the analyst's
// selection, and `apply(Intent)`, the one place where drawing code and --script steps change state.
#pragma once

#include "analysis_model.hpp"
#include "annotations_model.hpp"
#include "case_model.hpp"
#include "detail_model.hpp"
#include "export_model.hpp"
#include "graph_model.hpp"
#include "money_model.hpp"
#include "open_model.hpp"
#include "search_model.hpp"
#include "store/case_file.hpp"
#include "timeline_model.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::ui {

enum class Screen { case_, investigate, money, analysis };
[[nodiscard]] const char* screen_name(Screen s);

// What the drawing code (or a script line) asks for. Plain data so a test can build and apply one.
struct Intent {
    enum class Op {
        open,
        select,
        select_node,
        select_event,
        search,
        zoom,
        pan,
        fit,
        screen,
        tag,
        untag,
        undo,
        redo,
        layout_pause,
        layout_resume,
        layout_rerun,
        layout_restart,
        pin,
        unpin,
        hide,
        unhide_all,
        expand,
        brush,
        clear_brush,
        timeline_zoom,
        timeline_fit,
        open_bucket,
        verify,
        ingest,
        save_search,
        toggle_search,
        toggle_export,
        wait_layout,
        screenshot,
        frames,
        quit,
        zoom_at,
        box_select,
        move_node,
        toggle_node,
        reveal_media,
        close_dialogs,
        lasso_select,    // points: a screen polygon
        lasso_mode,      // a != 0: empty-space drags draw a lasso instead of a box
        group,           // collapse the selection into one node
        ungroup,         // expand the selected group node(s)
        find_path,       // text "A B": shortest paths, the first one highlighted
        highlight_path,  // id: index into analysis.paths
        run_indicator,   // text: pattern name, all its matches highlighted
        highlight_match, // id: match index, or -1 for all matches
        clear_highlight, //
        export_run,      // text: bundle path; export form fields give the rest
        toggle_open,     // the open/create case dialog
        new_case,        // text: path; browser.region / browser.tz
        export_redact,   // a != 0: redaction on (the default); off needs the typed reason
        export_cancel    // stop the running export; nothing is left written
    };
    Op op = Op::fit;
    std::string text;
    double a = 0, b = 0;
    std::int64_t id = 0;
    Vec2 at;                  // a screen point (zoom anchor, node drag target)
    Rect box;                 // a screen rectangle (box select)
    bool additive = false;    // Shift/Ctrl held: add to the selection
    std::vector<Vec2> points; // a lasso polygon in screen pixels
};

// Parses one --script line ("select +447700900311", "zoom 2", "brush 2024-01-08 2024-01-15").
// Returns nullopt for blank lines and comments; throws std::invalid_argument naming the problem.
[[nodiscard]] std::optional<Intent> parse_script_line(const std::string& line);
// "2024-03-01", "2024-03-01T10:00", "2024-03-01T10:00:00Z" as UTC ms.
[[nodiscard]] std::optional<std::int64_t> parse_utc(const std::string& s);

// Saved in the case (case_info key "ui_state") so reopening shows the same picture.
struct ViewState {
    Screen screen = Screen::investigate;
    bool show_search = false, show_export = false, show_open = false;
    bool lasso = false;        // drag on empty canvas draws a lasso (Alt does too)
    bool export_redact = true; // redaction is on by default, turning it off is a deliberate act
    float detail_width = 420, timeline_height = 190;
};

class App {
  public:
    App();
    ~App();
    std::optional<store::CaseFile> cf;
    std::string actor;
    ViewState view;
    CaseModel case_model;
    IngestJob ingest;
    GraphModel graph;
    TimelineModel timeline;
    SearchModel search;
    MoneyModel money;
    AnalystActions actions;
    AnalysisModel analysis;
    ExportForm export_form;
    ExportJob export_job; // export_run starts it; poll_export() finishes it
    FileBrowser browser;

    std::optional<EntityDetail> entity;
    std::optional<EventDetail> event;
    std::vector<TimelineEvent> bucket_events; // the clicked bar's events
    std::string bucket_title;
    std::vector<std::int64_t> lane_times; // the selected entity's events
    std::string status;                   // last message for the status bar
    bool want_quit = false;
    bool media_revealed = false; // the analyst clicked to see a victim's media in the current event
    // Set by the window once fonts are loaded: turns case text into something the font can draw.
    std::function<std::string(const std::string&)> drawable;

    void apply(const Intent& in);
    void open_case(const std::filesystem::path& p);
    void reload(); // after an ingest: every model reads the case again
    // Once per frame: a finished export lands in export_form.last and the status bar.
    void poll_export();
    void select_entity(std::int64_t id);
    void select_event(std::int64_t id);
    void save_view_state() const;
    [[nodiscard]] std::string view_state_json() const;
    void restore_view_state(const std::string& json);
    [[nodiscard]] bool has_case() const { return cf.has_value(); }
    [[nodiscard]] std::string show(const std::string& s) const { return drawable ? drawable(s) : s; }

  private:
    void apply_brush();
    // The intents added for the canvas, analysis, export and case dialogs (app_actions.cpp).
    bool apply_more(const Intent& in);
    void group_selection();
    void ungroup_selection();
};

} // namespace casegraph::ui
