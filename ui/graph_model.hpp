// The graph canvas's view model: nodes and edges loaded from the case's links, positions from the
// layout worker, the camera, selection, hiding, time filtering, hit-testing and level of detail.
#pragma once

#include "geometry.hpp"
#include "layout.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace casegraph::ui {

// Analyst role tags as bits, so drawing a ring is a mask test rather than a string compare per frame.
enum TagBits : std::uint8_t { tag_suspect = 1, tag_victim = 2, tag_witness = 4, tag_other = 8 };
[[nodiscard]] std::uint8_t tag_bits(const std::vector<std::string>& tags);

struct GraphNode {
    std::int64_t entity = 0;
    std::string kind;      // phone | person | account | email | …
    std::string raw_label; // as stored in the case
    std::string label;     // made drawable for the loaded font (see glyphs.hpp)
    std::uint8_t tags = 0;
    float weight = 0; // total event count over its links: drives the node size
    bool hidden = false;
    bool selected = false;
    bool pinned = false;
};

struct GraphEdge {
    std::uint32_t a = 0, b = 0; // node indices
    std::int64_t link_id = 0;
    std::string kind; // sms | call | transaction | …
    bool directed = false;
    std::int64_t count = 0;
    std::int64_t total_minor = 0;
    std::string currency;
};

// Aggregated edge for zoomed-out drawing: all edges between two screen cells become one line.
struct CellEdge {
    Vec2 a, b;
    std::int64_t count = 0;
};

struct LodThresholds {
    float labels = 0.6f;          // zoom at or above which node labels are drawn
    float edge_detail = 0.3f;     // zoom below which edges are aggregated per screen cell
    float cell_px = 24.0f;        // aggregation cell size in pixels
    std::size_t max_labels = 600; // never more labels than this in one frame
};

class GraphModel {
  public:
    // Loads every linked entity (and every tagged one, linked or not). Starts the layout worker.
    void load(const store::Db& db, const std::function<std::string(const std::string&)>& drawable = {});
    // Builds a model from given nodes/edges (tests, and a future analysis result view).
    void assign(std::vector<GraphNode> nodes, std::vector<GraphEdge> edges);
    void start_layout(LayoutParams params = {});

    [[nodiscard]] const std::vector<GraphNode>& nodes() const { return nodes_; }
    [[nodiscard]] const std::vector<GraphEdge>& edges() const { return edges_; }
    [[nodiscard]] const std::vector<Vec2>& positions() const { return pos_; }
    [[nodiscard]] std::optional<std::uint32_t> node_of(std::int64_t entity) const;
    [[nodiscard]] LayoutWorker& layout() { return layout_; }
    [[nodiscard]] const LayoutWorker& layout() const { return layout_; }
    // Copies fresh positions from the layout worker; call once per frame.
    bool sync_positions() { return layout_.poll(pos_, seen_generation_); }
    // For tests and scripts: take positions directly.
    void set_positions(std::vector<Vec2> p) { pos_ = std::move(p); }

    Camera camera;
    LodThresholds lod;

    // --- visibility -------------------------------------------------------------------------------
    [[nodiscard]] bool node_visible(std::uint32_t i) const { return visible_[i] != 0; }
    [[nodiscard]] bool edge_visible(std::size_t e) const { return edge_visible_[e] != 0; }
    [[nodiscard]] std::size_t visible_count() const { return visible_total_; }
    // Only links with an event in the window stay, and with them their endpoints (timeline brushing).
    void set_time_filter(const std::unordered_set<std::int64_t>& active_links);
    void clear_time_filter();
    [[nodiscard]] bool time_filtered() const { return time_filtered_; }
    void hide(std::uint32_t i);
    void unhide_all();
    [[nodiscard]] std::size_t hidden_count() const;

    // --- selection --------------------------------------------------------------------------------
    void select_only(std::optional<std::uint32_t> i);
    void toggle_selected(std::uint32_t i);
    // Box select in screen space; additive keeps the current selection.
    std::size_t box_select(Rect screen, bool additive);
    [[nodiscard]] std::vector<std::uint32_t> selected() const;
    // Adds the visible neighbours of the selection to the selection.
    std::size_t expand_selection();

    // --- hit-testing and level of detail ----------------------------------------------------------
    [[nodiscard]] float node_radius_px(std::uint32_t i) const;
    // The visible node drawn under a screen point (nearest centre within its radius + slop), if any.
    [[nodiscard]] std::optional<std::uint32_t> hit_test(Vec2 screen, float slop_px = 3.0f) const;
    [[nodiscard]] bool labels_visible() const { return camera.zoom >= lod.labels; }
    [[nodiscard]] bool edges_aggregated() const { return camera.zoom < lod.edge_detail; }
    [[nodiscard]] std::vector<CellEdge> aggregated_edges() const;
    // Visible nodes whose labels should be drawn this frame: on screen, heaviest first, capped.
    [[nodiscard]] std::vector<std::uint32_t> labelled_nodes() const;
    // Centres the camera on the visible nodes' bounding box.
    void fit_view();
    void set_tags(std::int64_t entity, std::uint8_t bits);
    // Recomputes drawable labels once the font (and so what it can draw) is known.
    void relabel(const std::function<std::string(const std::string&)>& drawable);

  private:
    void recompute_visible();
    std::vector<GraphNode> nodes_;
    std::vector<GraphEdge> edges_;
    std::vector<Vec2> pos_;
    std::vector<char> visible_, edge_visible_, time_edge_ok_;
    std::size_t visible_total_ = 0;
    bool time_filtered_ = false;
    std::unordered_map<std::int64_t, std::uint32_t> index_;
    std::vector<std::vector<std::uint32_t>> adj_; // node → incident edge indices
    LayoutWorker layout_;
    std::uint64_t seen_generation_ = 0;
};

} // namespace casegraph::ui
