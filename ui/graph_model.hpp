// The graph canvas's view model: nodes and edges loaded from the case's links, positions from the
// layout worker, the camera, selection, hiding, time filtering, hit-testing and level of detail.
#pragma once

#include "geometry.hpp"
#include "layout.hpp"
#include "store/sqlite.hpp"

#include <array>
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

// Kinds as small integers so drawing picks a colour and shape by table, not by string compare per node.
enum class KindId : std::uint8_t { phone, person, account, email, group, other };
[[nodiscard]] KindId kind_id(const std::string& kind);

struct GraphNode {
    std::int64_t entity = 0; // 0 for a group node (it stands for its members)
    std::string kind;        // phone | person | account | email | … | group
    std::string raw_label;   // as stored in the case
    std::string label;       // made drawable for the loaded font (see glyphs.hpp)
    std::uint8_t tags = 0;
    float weight = 0; // total event count over its links: drives the node size
    bool hidden = false;
    bool selected = false;
    bool pinned = false;
    bool highlighted = false; // on the path or in the pattern match being shown
    KindId kid = KindId::other;
    std::int32_t group = -1; // index into groups() when collapsed into a group node
};

// Selected nodes collapsed into one node; its members are drawn through it until it is expanded.
struct NodeGroup {
    std::uint32_t node = 0;             // the group's own node index
    std::vector<std::uint32_t> members; // node indices
    std::vector<std::int64_t> entities; // their entity ids (stable across reloads: saved with the view)
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

// Aggregated edge for zoomed-out drawing: all edges between two screen cells become one line, its
// width and opacity growing with the events it stands for (relative to the heaviest on screen).
struct CellEdge {
    Vec2 a, b;
    std::int64_t count = 0;
    float width = 1.0f;
    std::uint8_t alpha = 0x70;
};

// A node label the canvas draws this frame, and the screen rectangle it occupies.
struct PlacedLabel {
    std::uint32_t node = 0;
    Rect box;
};

// Everything the canvas needs per frame that depends only on camera, positions and visibility: the
// layout→screen transform of every node, the nodes inside the viewport and the aggregated edges. Kept
// between frames and rebuilt only when one of those changed, so a still picture costs no recomputation.
struct FrameCache {
    std::vector<Vec2> screen;            // per node
    std::vector<float> radius;           // per node, pixels
    std::vector<std::uint32_t> onscreen; // visible nodes inside the viewport (plus a margin)
    // Level of detail of the on-screen nodes: each is in icons, ringed or dots, or counted in dots_merged.
    std::vector<std::uint32_t> icons;  // full icon with outline: large, selected, highlighted, groups
    std::vector<std::uint32_t> ringed; // small tagged nodes: flat shape inside flat tag rings
    std::vector<std::uint32_t> dots;   // small plain nodes: flat shape (one quad below lod.quad_px)
    std::size_t dots_merged = 0;       // small plain nodes not drawn: a heavier one covers their dot cell
    std::vector<std::uint32_t> lines;  // when not aggregated: the visible edges that can cross the viewport
    std::size_t edges_onscreen = 0;    // visible edges that can cross the viewport
    std::vector<CellEdge> cell_edges;  // when aggregated: on screen, heaviest kept, capped
    std::size_t cell_edges_total = 0;  // before the cap
    bool aggregated = false;
    // Screen area per node inside the viewport: the bounding box of their centres (in the viewport)
    // divided by their count. Large when few nodes are spread out: there is room for their labels.
    float area_per_node = 0;
    std::size_t in_viewport = 0; // visible nodes whose centre is inside the viewport
};

struct LodThresholds {
    float labels = 0.6f;               // zoom at or above which node labels are drawn
    float edge_detail = 0.3f;          // zoom below which edges are aggregated per screen cell
    float cell_px = 24.0f;             // aggregation cell size in pixels
    std::size_t max_labels = 600;      // never more labels than this in one frame
    std::size_t max_cell_edges = 3000; // aggregated lines drawn at most (the heaviest): fill rate
    float dot_px = 5.0f;               // nodes smaller than this are drawn as a few quads, without outline
    float quad_px = 2.5f;              // plain nodes smaller than this are one square (shape unreadable)
    float dot_cell_px = 3.0f;          // small plain nodes centred in the same cell: only the heaviest drawn
    std::size_t max_detail_edges = 8000; // more edges on screen than this: aggregated even zoomed in
    std::size_t aa_max_nodes = 2000;     // anti-aliasing only with at most this many nodes on screen
    float label_cell_px = 64.0f;         // grid cell for label collision tests
    // Below the labels zoom, labels still show when at most max_labels nodes are in the viewport and
    // their centres' bounding box gives each at least this many square pixels (a short label's box, 60 x
    // 15 px; the collision test then keeps the most important): a small case fitted to a small window
    // stays labelled, the same case zoomed out further does not.
    float label_area_px = 900.0f;
    bool operator==(const LodThresholds&) const = default;
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
    bool sync_positions();
    // For tests and scripts: take positions directly (one per entity node; group nodes follow).
    void set_positions(std::vector<Vec2> p);
    // The nodes the layout places (group nodes come after them and sit at their members' centre).
    [[nodiscard]] std::size_t entity_node_count() const { return base_nodes_; }
    // The node indices an edge is drawn between: its endpoints, or the groups holding them.
    [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> edge_ends(std::size_t e) const { return ends_[e]; }
    // Screen positions, radii, on-screen nodes and aggregated edges for the current camera (cached).
    [[nodiscard]] const FrameCache& frame() const;

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
    // Nodes the analyst hid: counted when visibility is recomputed, not per call.
    [[nodiscard]] std::size_t hidden_count() const { return hidden_total_; }

    // --- selection --------------------------------------------------------------------------------
    void select_only(std::optional<std::uint32_t> i);
    void toggle_selected(std::uint32_t i);
    // Box select in screen space; additive keeps the current selection.
    std::size_t box_select(Rect screen, bool additive);
    // Lasso select: the visible nodes inside a closed screen-space polygon (even-odd rule).
    std::size_t lasso_select(const std::vector<Vec2>& polygon, bool additive);
    [[nodiscard]] std::vector<std::uint32_t> selected() const;
    // Adds the visible neighbours of the selection to the selection.
    std::size_t expand_selection();

    // --- hit-testing and level of detail ----------------------------------------------------------
    [[nodiscard]] float node_radius_px(std::uint32_t i) const;
    // The visible node drawn under a screen point (nearest centre within its radius + slop), if any;
    // none for a point outside the viewport or on an overlay.
    [[nodiscard]] std::optional<std::uint32_t> hit_test(Vec2 screen, float slop_px = 3.0f) const;
    // Zoomed in to lod.labels, or few enough nodes spread out enough on screen (lod.label_area_px).
    [[nodiscard]] bool labels_visible() const;
    // Zoomed out below lod.edge_detail, or more than lod.max_detail_edges edges on screen.
    [[nodiscard]] bool edges_aggregated() const { return frame().aggregated; }
    // The cached per-cell edges of frame() (empty unless edges_aggregated()).
    [[nodiscard]] const std::vector<CellEdge>& aggregated_edges() const { return frame().cell_edges; }
    // Anti-aliased drawing only while few nodes are on screen: its fringe triples the vertices.
    [[nodiscard]] bool antialiased() const { return frame().onscreen.size() <= lod.aa_max_nodes; }
    // Label candidates this frame: visible nodes inside the viewport, in priority order (selected,
    // highlighted, tagged, then by degree, then by volume), capped at lod.max_labels.
    [[nodiscard]] std::vector<std::uint32_t> labelled_nodes() const;
    // The text drawn under a node: tag letters ("[SV] ") and its label, or "#id" without one.
    [[nodiscard]] std::string label_text(std::uint32_t i) const;
    // The screen square a node's icon covers with its tag rings, selection rings and highlight halo.
    [[nodiscard]] Rect icon_box(std::uint32_t i) const;
    // Where a label of size ts may go, in order of preference: centred below the node, above it, to its
    // right, to its left, then at its corners: below right, below left, above right, above left (the
    // 2 px padding included). Clear of the node's own rings.
    [[nodiscard]] std::array<Rect, 8> label_boxes(std::uint32_t i, Vec2 ts) const;
    // Labels placed in priority order at the first of their label_boxes that lies inside the viewport and
    // overlaps no label already placed, no other node's icon_box and no overlay; a label with no such
    // place is skipped (a
    // screen-space grid keeps the tests local). text_size gives a label's size in px.
    [[nodiscard]] std::vector<PlacedLabel>
    place_labels(const std::function<Vec2(const std::string&)>& text_size) const;
    // Centres the camera on the visible nodes' bounding box. The box is cached until positions or
    // visibility change (fit_view runs every frame while the layout unfolds).
    void fit_view();
    // How often fit_view had to scan the nodes for their bounding box (tests: the cache is used).
    [[nodiscard]] std::size_t bounds_scans() const { return bounds_scans_; }

    // --- overlays ---------------------------------------------------------------------------------
    // Screen rectangles of panels drawn opaquely over the canvas: a node under one is not picked by
    // hit_test, and no label is placed over one. The workstation draws its legend and status line in
    // strips below the canvas instead (outside the viewport, where nothing is picked or labelled), so it
    // leaves this empty.
    std::vector<Rect> overlays;
    [[nodiscard]] bool over_overlay(Vec2 screen) const;
    void set_tags(std::int64_t entity, std::uint8_t bits);

    // --- groups -----------------------------------------------------------------------------------
    // Collapses these entities (at least two, none already grouped) into one group node, which is
    // selected. Returns the group's node index, or nullopt when fewer than two could be grouped.
    std::optional<std::uint32_t> group(const std::vector<std::int64_t>& entities);
    // Expands the group holding these exact entities back into its members (which are selected).
    bool ungroup(const std::vector<std::int64_t>& entities);
    [[nodiscard]] const std::vector<NodeGroup>& groups() const { return groups_; }
    // The group a node index stands for, if it is a group node.
    [[nodiscard]] const NodeGroup* group_at(std::uint32_t node) const;
    // Entities behind the selection: group nodes contribute their members.
    [[nodiscard]] std::vector<std::int64_t> selected_entities() const;
    // Drags node i so that it is drawn at world point p, pinned there. A group node carries its members:
    // each moves by the same offset and is pinned, so the group keeps its shape where the user left it.
    void move_node(std::uint32_t i, Vec2 p);
    // Pins a node where it is (or lets the layout move it again); a group node does so for its members.
    void set_pinned(std::uint32_t i, bool pin);

    // --- highlight (a path or a pattern's matches) ------------------------------------------------
    // Marks these entities; with path = true also the edges between consecutive entities.
    // Returns how many of the entities are on the canvas.
    std::size_t highlight(const std::vector<std::int64_t>& entities, bool path, std::string what);
    void clear_highlight();
    [[nodiscard]] bool edge_highlighted(std::size_t e) const { return !edge_hl_.empty() && edge_hl_[e]; }
    [[nodiscard]] const std::string& highlight_label() const { return highlight_label_; }
    // Recomputes drawable labels once the font (and so what it can draw) is known.
    void relabel(const std::function<std::string(const std::string&)>& drawable);

  private:
    void recompute_visible();
    void recompute_ends();
    void place_groups();
    void rebuild_groups(std::vector<std::vector<std::int64_t>> keep);
    std::optional<std::uint32_t> add_group(const std::vector<std::int64_t>& entities);
    void refresh_group_tags();
    void touch_positions() { ++pos_gen_; }
    [[nodiscard]] const LodThresholds& lod_key() const { return lod; }
    [[nodiscard]] std::uint64_t marks_signature() const;
    void classify_nodes() const;                  // frame(): icons, dots, merged dots
    void aggregate_edges(const Rect& cull) const; // frame(): cell_edges from lines
    std::vector<GraphNode> nodes_;
    std::vector<GraphEdge> edges_;
    std::vector<Vec2> pos_;
    std::vector<char> visible_, edge_visible_, time_edge_ok_;
    std::size_t visible_total_ = 0, hidden_total_ = 0;
    bool time_filtered_ = false;
    std::unordered_map<std::int64_t, std::uint32_t> index_;
    std::vector<std::vector<std::uint32_t>> adj_; // node → incident edge indices
    LayoutWorker layout_;
    std::uint64_t seen_generation_ = 0;
    std::size_t base_nodes_ = 0; // entity nodes; group nodes follow in nodes_
    std::vector<NodeGroup> groups_;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ends_; // per edge, after grouping
    std::vector<char> edge_hl_;
    std::string highlight_label_;
    std::vector<Vec2> layout_pos_; // the worker's positions, entity nodes only
    std::vector<float> world_r_;   // per node: radius in world units, from its volume
    // Frame cache and what it was built from.
    std::uint64_t pos_gen_ = 1, vis_gen_ = 1;
    mutable FrameCache cache_;
    mutable std::uint64_t cache_pos_gen_ = 0, cache_vis_gen_ = 0;
    mutable Camera cache_cam_;
    mutable LodThresholds cache_lod_;
    mutable std::uint64_t cache_marks_ = 0;
    // fit_view's bounding box of the visible nodes and the generations it was computed at.
    std::uint64_t bounds_pos_gen_ = 0, bounds_vis_gen_ = 0;
    Vec2 bounds_lo_, bounds_hi_;
    bool bounds_any_ = false;
    std::size_t bounds_scans_ = 0;
    mutable std::vector<std::uint32_t> dot_owner_scratch_, dot_cells_scratch_;
    mutable std::vector<std::pair<std::uint64_t, std::int64_t>> agg_scratch_;
    mutable std::vector<std::uint8_t> agg_hl_scratch_;
};

} // namespace casegraph::ui
