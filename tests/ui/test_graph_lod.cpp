// Level of detail on the graph canvas, without a display: label collision culling in priority order,
// small nodes merged per dot cell, edge culling and aggregation, anti-aliasing by on-screen count.
#include "ui/graph_model.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace casegraph::ui;

namespace {

constexpr Vec2 kLabel{80, 14}; // every label measures this in these tests

bool overlap(const Rect& a, const Rect& b) {
    return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

// Where the canvas draws a node's label: centred under the node, 4 px below its rim (below its rings
// when it is tagged, selected or highlighted), 2 px padding.
Rect expected_box(const GraphModel& g, std::uint32_t i) {
    const Vec2 s = g.camera.to_screen(g.positions()[i]);
    const auto& n = g.nodes()[i];
    const bool marked = n.tags != 0 || n.selected || n.highlighted;
    const float top = s.y + (marked ? g.icon_box(i).max.y - s.y : g.node_radius_px(i)) + 4;
    return {{s.x - kLabel.x * 0.5f - 2, top}, {s.x + kLabel.x * 0.5f + 2, top + kLabel.y}};
}

// Pairs of nodes whose labels would overlap (same y, 10 px apart), each pair deciding one rule:
//   y=0:   #0 degree 4 (light)        vs #8 degree 1, 100 events  → degree wins
//   y=100: #7 tagged suspect, no link vs #11 degree 3              → the tag wins
//   y=200: #5 selected, no link       vs #6 tagged victim          → the selection wins
//   y=300: #1 and #2, 200 px apart: both placed
// and the leaves #3 #4 #9 #12 #13 #14 in a column at x=600, 60 px apart (no clash).
void label_clusters(GraphModel& g) {
    std::vector<GraphNode> nodes(15);
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
        nodes[i].entity = 100 + i;
        nodes[i].kind = "phone";
        nodes[i].label = "n" + std::to_string(i);
    }
    nodes[7].tags = tag_suspect;
    nodes[6].tags = tag_victim;
    nodes[5].selected = true;
    std::vector<GraphEdge> edges{{0, 1, 1, "sms", false, 1},   {0, 2, 2, "sms", false, 1},
                                 {0, 3, 3, "sms", false, 1},   {0, 4, 4, "sms", false, 1},
                                 {8, 9, 5, "sms", false, 100}, {11, 12, 6, "sms", false, 1},
                                 {11, 13, 7, "sms", false, 1}, {11, 14, 8, "sms", false, 1}};
    g.assign(nodes, edges);
    std::vector<Vec2> pos(15);
    pos[0] = {0, 0};
    pos[8] = {10, 0};
    pos[7] = {0, 100};
    pos[11] = {10, 100};
    pos[5] = {0, 200};
    pos[6] = {10, 200};
    pos[1] = {0, 300};
    pos[2] = {200, 300};
    float y = 0;
    for (std::uint32_t i : {3u, 4u, 9u, 12u, 13u, 14u}) {
        pos[i] = {600, y};
        y += 60;
    }
    g.set_positions(pos);
    g.camera.viewport = {{0, 0}, {800, 600}};
    g.camera.centre = {350, 250};
    g.camera.zoom = 1.0f;
}

std::vector<GraphNode> nodes_of_kind(std::uint32_t n, const char* kind) {
    std::vector<GraphNode> nodes(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        nodes[i].entity = i + 1;
        nodes[i].kind = kind;
    }
    return nodes;
}

// Which of the node's candidate boxes (0 below, 1 above, 2 right, 3 left, 4-7 the corners) its placed
// label is in.
int side_of(const GraphModel& g, const std::vector<PlacedLabel>& labels, std::uint32_t node) {
    for (const auto& p : labels) {
        if (p.node != node)
            continue;
        const auto boxes = g.label_boxes(node, kLabel);
        for (int k = 0; k < 8; ++k)
            if (boxes[static_cast<std::size_t>(k)].min.x == p.box.min.x &&
                boxes[static_cast<std::size_t>(k)].min.y == p.box.min.y)
                return k;
        return -2;
    }
    return -1; // not placed
}

// The placement rules, checked from the outside: no two labels overlap, no label covers another drawn
// node's icon or an overlay or crosses the canvas edge, each label sits at the first of its candidate boxes
// not taken by an icon, an overlay or a label placed before it (in priority order), and a label left out had
// no such box. A marked node (selected, highlighted, tagged) with no such box instead takes the first box
// that covers no label, overlay, canvas edge, selected or highlighted node's icon or icon of a node before it
// in priority order (icons of nodes after it allowed).
bool marked_node(const GraphModel& g, std::uint32_t i) {
    const auto& n = g.nodes()[i];
    return n.selected || n.highlighted || n.tags != 0;
}

void check_label_rules(const GraphModel& g, const std::vector<PlacedLabel>& labels) {
    const auto& f = g.frame();
    std::vector<std::uint32_t> drawn(f.icons);
    drawn.insert(drawn.end(), f.ringed.begin(), f.ringed.end());
    drawn.insert(drawn.end(), f.dots.begin(), f.dots.end());
    const Rect vp = g.camera.viewport;
    const auto order = g.labelled_nodes(); // priority order
    auto rank = [&order](std::uint32_t i) {
        return static_cast<std::size_t>(std::find(order.begin(), order.end(), i) - order.begin());
    };
    auto blocked = [&](const Rect& box, std::uint32_t self, std::size_t placed_before,
                       bool over_icons = false) {
        if (box.min.x < vp.min.x || box.min.y < vp.min.y || box.max.x > vp.max.x || box.max.y > vp.max.y)
            return true; // would be cut by the canvas edge
        for (auto j : drawn)
            if (j != self &&
                !(over_icons && rank(j) > rank(self) && !g.nodes()[j].selected &&
                  !g.nodes()[j].highlighted) &&
                overlap(g.icon_box(j), box))
                return true;
        for (const auto& o : g.overlays)
            if (overlap(o, box))
                return true;
        for (std::size_t k = 0; k < placed_before; ++k)
            if (overlap(labels[k].box, box))
                return true;
        return false;
    };
    for (std::size_t a = 0; a < labels.size(); ++a) {
        CAPTURE(labels[a].node);
        for (std::size_t b = a + 1; b < labels.size(); ++b)
            CHECK_FALSE(overlap(labels[a].box, labels[b].box));
        const auto node = labels[a].node;
        const int side = side_of(g, labels, node);
        REQUIRE(side >= 0);
        const auto boxes = g.label_boxes(node, kLabel);
        bool strict_free = false; // some box free of every icon when this label was placed
        for (const auto& box : boxes)
            strict_free = strict_free || !blocked(box, node, a);
        const bool over_icons = !strict_free;
        if (over_icons)
            CHECK(marked_node(g, node)); // only a marked node's label may cover icons
        // No icon it may not cover, no overlay, no label under it.
        CHECK_FALSE(blocked(labels[a].box, node, 0, over_icons));
        for (int k = 0; k < side; ++k)
            CHECK(blocked(boxes[static_cast<std::size_t>(k)], node, a, over_icons));
    }
    for (auto i : g.labelled_nodes()) {
        if (side_of(g, labels, i) >= 0)
            continue;
        CAPTURE(i);
        for (const auto& box : g.label_boxes(i, kLabel))
            CHECK(blocked(box, i, labels.size(), marked_node(g, i)));
    }
}

} // namespace

TEST_SUITE("ui") {
    TEST_CASE("labels are placed in priority order and a label that would overlap one placed is left out") {
        GraphModel g;
        label_clusters(g);
        g.camera.centre = {300, 250}; // 100 px from the left edge: room for a label left of a node
        REQUIRE(g.labels_visible());
        const auto candidates = g.labelled_nodes();
        REQUIRE(candidates.size() == 15);
        CHECK(candidates.front() == 5);                    // selected first
        CHECK((candidates[1] == 6 || candidates[1] == 7)); // then the tagged
        CHECK((candidates[2] == 6 || candidates[2] == 7));
        CHECK(candidates[3] == 0); // then the best connected
        CHECK(g.label_text(7) == "[S] n7");
        const auto labels = g.place_labels([](const std::string&) { return kLabel; });
        CHECK(labels.front().node == 5);
        // Those that clash below their node go above, right or left of it. Only #10 (no link, no position
        // given: it sits on #0) has no free side, #0's and #8's icons cover them all.
        CHECK(labels.size() == 14);
        CHECK(side_of(g, labels, 10) == -1);
        // #5 (selected) keeps its place below its rings; #6 (tagged) would cover it there and goes above.
        CHECK(side_of(g, labels, 5) == 0);
        CHECK(side_of(g, labels, 6) == 1);
        // #7 (tagged) keeps its place below; #11, better connected but untagged, moves above.
        CHECK(side_of(g, labels, 7) == 0);
        CHECK(side_of(g, labels, 11) == 1);
        // #0 (degree 4) goes before #8 (heavier, fewer links), but below, above and right of it is #8's
        // large icon: it goes left, and #8 keeps its place below.
        CHECK(side_of(g, labels, 0) == 3);
        CHECK(side_of(g, labels, 8) == 0);
        for (std::uint32_t i : {1u, 2u, 3u, 4u, 9u, 12u, 13u, 14u})
            CHECK_MESSAGE(side_of(g, labels, i) == 0, "label of a node with room was moved: " << i);
        // Boxes below are where the canvas has always drawn them.
        for (const auto& p : labels) {
            if (side_of(g, labels, p.node) != 0)
                continue;
            const Rect want = expected_box(g, p.node);
            CHECK(p.box.min.x == doctest::Approx(want.min.x));
            CHECK(p.box.min.y == doctest::Approx(want.min.y));
            CHECK(p.box.max.x == doctest::Approx(want.max.x));
            CHECK(p.box.max.y == doctest::Approx(want.max.y));
        }
        check_label_rules(g, labels);
        // Zoomed out below the label threshold nothing is placed.
        g.camera.zoom = 0.2f; // and too crowded for the room rule (15 nodes in 120 x 60 px)
        REQUIRE(g.frame().area_per_node < g.lod.label_area_px);
        CHECK(g.place_labels([](const std::string&) { return kLabel; }).empty());
    }

    TEST_CASE("small plain nodes in one dot cell are drawn once (the heaviest); marked nodes never merge") {
        GraphModel g;
        std::vector<GraphNode> nodes(4);
        for (std::uint32_t i = 0; i < 4; ++i) {
            nodes[i].entity = i + 1;
            nodes[i].kind = i == 3 ? "person" : "phone";
        }
        // #0 and #1 at the same point, #1 heavier (5 events against 1); #2 and #3 apart.
        std::vector<GraphEdge> edges{{0, 2, 1, "sms", false, 1}, {1, 3, 2, "sms", false, 5}};
        g.assign(nodes, edges);
        g.set_positions({{0, 0}, {0, 0}, {500, 0}, {0, 500}});
        g.camera.viewport = {{0, 0}, {800, 600}};
        g.camera.centre = {250, 250};
        g.camera.zoom = 0.3f; // radii about 2-3 px: below dot_px, so plain nodes are dots
        const auto& f = g.frame();
        REQUIRE(f.onscreen.size() == 4);
        for (auto i : f.onscreen)
            REQUIRE(f.radius[i] < g.lod.dot_px);
        CHECK(f.icons.empty());
        CHECK(f.dots == std::vector<std::uint32_t>{1, 2, 3});
        CHECK(f.dots_merged == 1);
        // Selecting the light one makes it a full icon at once (no camera change needed): the pair
        // is no longer merged.
        g.select_only(0);
        const auto& f2 = g.frame();
        CHECK(f2.icons == std::vector<std::uint32_t>{0});
        CHECK(f2.dots == std::vector<std::uint32_t>{1, 2, 3});
        CHECK(f2.dots_merged == 0);
        CHECK(f2.icons.size() + f2.ringed.size() + f2.dots.size() + f2.dots_merged == f2.onscreen.size());
        CHECK(f2.ringed.empty());
        // Tagging #3 keeps it small but never merged: a flat shape inside its tag ring.
        g.set_tags(4, tag_witness);
        const auto& f4 = g.frame();
        CHECK(f4.icons == std::vector<std::uint32_t>{0});
        CHECK(f4.ringed == std::vector<std::uint32_t>{3});
        CHECK(f4.dots == std::vector<std::uint32_t>{1, 2});
        // Zoomed in, every node is large enough for its full icon.
        g.camera.zoom = 2.0f;
        g.camera.centre = {0, 0};
        const auto& f3 = g.frame();
        CHECK(f3.dots.empty());
        CHECK(f3.ringed.empty());
        CHECK(f3.icons.size() == f3.onscreen.size());
    }

    TEST_CASE("edges that cannot cross the viewport are culled; too many on screen are aggregated") {
        GraphModel g;
        auto nodes = nodes_of_kind(6, "phone");
        // 0: both ends far left; 1: from far left to far right (crosses); 2: inside; 3: far below.
        std::vector<GraphEdge> edges{{0, 1, 1, "sms", false, 1},
                                     {0, 2, 2, "sms", false, 1},
                                     {3, 4, 3, "sms", false, 1},
                                     {5, 1, 4, "sms", false, 1}};
        g.assign(nodes, edges);
        g.set_positions({{-3000, 0}, {-3000, 100}, {3000, 0}, {0, 0}, {100, 50}, {-3000, 5000}});
        g.camera.viewport = {{0, 0}, {800, 600}};
        g.camera.centre = {0, 0};
        g.camera.zoom = 1.0f;
        const auto& f = g.frame();
        CHECK_FALSE(f.aggregated);
        CHECK(f.lines == std::vector<std::uint32_t>{1, 2});
        CHECK(f.edges_onscreen == 2);
        g.lod.max_detail_edges = 1; // more on screen than that: merged per cell even at zoom 1
        CHECK(g.edges_aggregated());
        CHECK(g.frame().lines.empty());
        std::int64_t total = 0;
        for (const auto& ce : g.aggregated_edges())
            total += ce.count;
        CHECK(total == 2); // the two edges on screen, nothing from the culled ones
    }

    TEST_CASE("aggregated lines are wider and more opaque the more events they stand for") {
        GraphModel g;
        auto nodes = nodes_of_kind(4, "account");
        std::vector<GraphEdge> edges{{0, 1, 1, "transaction", true, 1}, {2, 3, 2, "transaction", true, 1000}};
        g.assign(nodes, edges);
        g.set_positions({{0, 0}, {2000, 0}, {0, 2000}, {2000, 2000}});
        g.camera.viewport = {{0, 0}, {800, 600}};
        g.camera.centre = {1000, 1000};
        g.camera.zoom = 0.2f;
        REQUIRE(g.edges_aggregated());
        const auto& ce = g.aggregated_edges();
        REQUIRE(ce.size() == 2);
        const auto& light = ce[0].count == 1 ? ce[0] : ce[1];
        const auto& heavy = ce[0].count == 1 ? ce[1] : ce[0];
        CHECK(heavy.count == 1000);
        CHECK(heavy.alpha > light.alpha);
        CHECK(heavy.width > light.width);
        CHECK(heavy.alpha == 0xD0); // the heaviest on screen is the darkest
    }

    TEST_CASE("anti-aliasing only while few nodes are on screen") {
        GraphModel g;
        label_clusters(g);
        g.lod.aa_max_nodes = 5;
        CHECK(g.frame().onscreen.size() == 15);
        CHECK_FALSE(g.antialiased());
        g.camera.centre = {600, 0};
        g.camera.zoom = 4.0f; // only the column's top leaves stay near the viewport
        CHECK(g.frame().onscreen.size() <= 5);
        CHECK(g.antialiased());
    }
    TEST_CASE("a label never covers another node's icon: it moves to a free side, or is left out") {
        GraphModel g;
        // #0 with #1 just below it: #0's label below would cover #1's icon. #2 boxed in by #3..#6 on all
        // four sides (each 20 px or 40 px away): no side is free. #1 is tagged, so it goes first.
        auto nodes = nodes_of_kind(11, "phone");
        for (auto& n : nodes)
            n.label = "x";
        nodes[1].tags = tag_suspect;
        std::vector<GraphEdge> edges{{0, 1, 1, "sms", false, 1},
                                     {2, 3, 2, "sms", false, 1},
                                     {2, 4, 3, "sms", false, 1},
                                     {2, 5, 4, "sms", false, 1},
                                     {2, 6, 5, "sms", false, 1}};
        g.assign(nodes, edges);
        // #7..#10 (no link) sit on #2's diagonals, where its corner labels would go.
        g.set_positions({{0, 0},
                         {0, 20},
                         {400, 300},
                         {400, 280},
                         {400, 320},
                         {440, 300},
                         {360, 300},
                         {425, 315},
                         {375, 315},
                         {425, 285},
                         {375, 285}});
        g.camera.viewport = {{0, 0}, {800, 600}};
        g.camera.centre = {200, 150};
        g.camera.zoom = 1.0f;
        REQUIRE(g.labels_visible());
        // Below #0 is #1's icon: the label the old rule placed there covers it.
        REQUIRE(overlap(g.label_boxes(0, kLabel)[0], g.icon_box(1)));
        const auto labels = g.place_labels([](const std::string&) { return kLabel; });
        CHECK(labels.front().node == 1); // tagged first
        CHECK(side_of(g, labels, 1) == 0);
        CHECK(side_of(g, labels, 0) == 1);           // above: its own side free of #1's icon
        CHECK(side_of(g, labels, 2) == -1);          // boxed in: left out
        const auto boxed = g.label_boxes(2, kLabel); // below, above, right, left: #4, #3, #5, #6 there
        CHECK(overlap(boxed[0], g.icon_box(4)));
        CHECK(overlap(boxed[1], g.icon_box(3)));
        CHECK(overlap(boxed[2], g.icon_box(5)));
        CHECK(overlap(boxed[3], g.icon_box(6)));
        CHECK(overlap(boxed[4], g.icon_box(7)));
        CHECK(overlap(boxed[5], g.icon_box(8)));
        CHECK(overlap(boxed[6], g.icon_box(9)));
        CHECK(overlap(boxed[7], g.icon_box(10)));
        for (const auto& p : labels)
            for (std::uint32_t j = 0; j < 11; ++j)
                if (j != p.node)
                    CHECK_MESSAGE(!overlap(p.box, g.icon_box(j)), p.node << " covers " << j);
        check_label_rules(g, labels);
    }

    TEST_CASE("a tagged node boxed in by icons is still labelled, over an icon, never a selected one") {
        // #0 tagged, ringed by #1..#8 on its eight label places (as the demo's suspect hub inside its
        // star of victims); #1, below it, is selected. #9, plain, is boxed in the same way by #10..#17.
        GraphModel g;
        auto nodes = nodes_of_kind(18, "phone");
        for (auto& n : nodes)
            n.label = "x";
        nodes[0].tags = tag_suspect;
        g.assign(nodes, {});
        std::vector<Vec2> pos;
        for (const Vec2 centre : {Vec2{200, 200}, Vec2{500, 300}}) {
            pos.push_back(centre);
            for (const Vec2 d : {Vec2{0, 20}, Vec2{0, -20}, Vec2{40, 0}, Vec2{-40, 0}, Vec2{25, 15},
                                 Vec2{-25, 15}, Vec2{25, -15}, Vec2{-25, -15}})
                pos.push_back({centre.x + d.x, centre.y + d.y});
        }
        g.set_positions(pos);
        g.select_only(1);
        g.camera.viewport = {{0, 0}, {800, 600}};
        g.camera.centre = {350, 250};
        g.camera.zoom = 1.0f;
        REQUIRE(g.labels_visible());
        const auto labels = g.place_labels([](const std::string&) { return kLabel; });
        const auto boxes = g.label_boxes(0, kLabel);
        REQUIRE(overlap(boxes[0], g.icon_box(1))); // below: the selected node
        for (std::size_t k = 1; k < boxes.size(); ++k) {
            bool covers = false; // every other place covers some neighbour's icon
            for (std::uint32_t j = 2; j <= 8; ++j)
                covers = covers || overlap(boxes[k], g.icon_box(j));
            CHECK(covers);
        }
        CHECK(side_of(g, labels, 0) == 1);  // above, over #2's icon: not below, over the selected #1
        CHECK(side_of(g, labels, 9) == -1); // plain and boxed in: left out
        check_label_rules(g, labels);
    }

    TEST_CASE("a panel over the canvas is an overlay: no pick and no label under it; none below the canvas") {
        GraphModel g;
        auto nodes = nodes_of_kind(3, "phone");
        for (auto& n : nodes)
            n.label = "x";
        g.assign(nodes, {{0, 1, 1, "sms", false, 1}, {1, 2, 2, "sms", false, 1}});
        // #0 under the legend, #1 just right of it, #2 well clear of it.
        g.set_positions({{100, 100}, {280, 100}, {500, 400}});
        g.camera.viewport = {{0, 0}, {800, 600}};
        g.camera.centre = {400, 300};
        g.camera.zoom = 1.0f;
        REQUIRE(g.hit_test({100, 100}) == std::optional<std::uint32_t>{0});
        REQUIRE(side_of(g, g.place_labels([](const std::string&) { return kLabel; }), 1) == 0);
        const Rect legend{{8, 8}, {258, 300}};
        g.overlays = {legend};
        CHECK_FALSE(g.hit_test({100, 100}).has_value()); // drawn over: not picked through the legend
        CHECK(g.hit_test({280, 100}) == std::optional<std::uint32_t>{1});
        CHECK(g.hit_test({500, 400}) == std::optional<std::uint32_t>{2});
        const auto candidates = g.labelled_nodes();
        CHECK(std::find(candidates.begin(), candidates.end(), 0u) == candidates.end());
        const auto labels = g.place_labels([](const std::string&) { return kLabel; });
        CHECK(side_of(g, labels, 0) == -1);
        // #1's label centred below it would reach under the legend (x 238..322): it goes right.
        REQUIRE(overlap(g.label_boxes(1, kLabel)[0], legend));
        CHECK(side_of(g, labels, 1) == 2);
        CHECK(side_of(g, labels, 2) == 0);
        for (const auto& p : labels)
            CHECK_FALSE(overlap(p.box, legend));
        check_label_rules(g, labels);
        // Below the canvas (where the legend and status strips are) nothing is picked: not even a node
        // whose centre is 5 px under the canvas edge, drawn half on the canvas.
        g.overlays.clear();
        g.set_positions({{100, 100}, {280, 100}, {500, 605}});
        REQUIRE(g.frame().onscreen.size() == 3); // within the cull margin
        CHECK(g.hit_test({500, 598}) == std::optional<std::uint32_t>{2});
        CHECK_FALSE(g.hit_test({500, 605}).has_value());
        CHECK_FALSE(g.hit_test({500, 610}).has_value());
    }
}
