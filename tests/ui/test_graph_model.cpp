// Graph canvas view model without a display: the layout converges and separates nodes, hit-testing
// picks the node drawn at a point, level of detail hides labels and aggregates edges when zoomed out.
#include "ui/graph_model.hpp"
#include "ui/layout.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace casegraph::ui;

namespace {

// n nodes in a chain plus a few cross links: connected, but with room to overlap if repulsion fails.
std::vector<LayoutEdge> chain(std::uint32_t n) {
    std::vector<LayoutEdge> e;
    for (std::uint32_t i = 1; i < n; ++i)
        e.push_back({i - 1, i, 1.0f});
    for (std::uint32_t i = 0; i + 7 < n; i += 7)
        e.push_back({i, i + 7, 1.0f});
    return e;
}

// GraphModel owns a worker thread and is not movable: tests fill one in place.
void three_nodes(GraphModel& g) {
    std::vector<GraphNode> nodes(3);
    for (std::uint32_t i = 0; i < 3; ++i) {
        nodes[i].entity = 10 + i;
        nodes[i].kind = "phone";
        nodes[i].label = "n" + std::to_string(i);
    }
    std::vector<GraphEdge> edges{{0, 1, 1, "sms", false, 5}, {1, 2, 2, "sms", false, 1}};
    g.assign(nodes, edges);
    g.set_positions({{0, 0}, {100, 0}, {0, 100}});
    g.camera.viewport = {{0, 0}, {800, 600}};
    g.camera.centre = {0, 0};
    g.camera.zoom = 1.0f;
}

} // namespace

TEST_SUITE("ui") {
    TEST_CASE("force layout converges and keeps every pair of nodes apart") {
        const std::uint32_t n = 200;
        ForceLayout layout(n, chain(n));
        int steps = 0;
        while (!layout.converged() && steps < 5000) {
            layout.step();
            ++steps;
        }
        CHECK(layout.converged());
        const auto& p = layout.positions();
        float min_d = 1e9f;
        for (std::uint32_t i = 0; i < n; ++i)
            for (std::uint32_t j = i + 1; j < n; ++j)
                min_d = std::min(min_d, length(p[i] - p[j]));
        CHECK(min_d > 0.2f * LayoutParams{}.ideal);
        // Linked nodes end up near each other: no edge stretched across the whole picture.
        for (const auto& e : chain(n))
            CHECK(length(p[e.a] - p[e.b]) < 4.0f * LayoutParams{}.ideal);
    }

    TEST_CASE("a pinned node does not move while the layout runs") {
        ForceLayout layout(20, chain(20));
        layout.set_position(3, {500, 500});
        layout.set_pinned(3, true);
        for (int i = 0; i < 50; ++i)
            layout.step();
        CHECK(layout.positions()[3].x == doctest::Approx(500));
        CHECK(layout.positions()[3].y == doctest::Approx(500));
    }

    TEST_CASE("the layout worker runs off the calling thread, pauses, and publishes positions") {
        LayoutWorker w;
        w.start(300, chain(300));
        w.wait_converged(20000);
        CHECK(w.converged());
        std::vector<Vec2> pos;
        std::uint64_t seen = 0;
        CHECK(w.poll(pos, seen));
        CHECK(pos.size() == 300);
        w.set_paused(true);
        w.rerun();
        const auto steps = w.steps();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK(w.steps() == steps); // paused: no progress even after a re-run was asked for
        w.stop();
    }

    TEST_CASE("hit-testing picks the node drawn at a screen point, and nothing on empty canvas") {
        GraphModel g;
        three_nodes(g);
        // World (100, 0) is 100 px right of the viewport centre (400, 300).
        REQUIRE(g.hit_test({500, 300}).has_value());
        CHECK(*g.hit_test({500, 300}) == 1);
        CHECK(*g.hit_test({402, 301}) == 0);
        CHECK(*g.hit_test({400, 398}) == 2);
        CHECK_FALSE(g.hit_test({700, 550}).has_value());
        g.camera.zoom_at(2.0f, {400, 300}); // zoom about the centre: node 1 is now 200 px right
        CHECK(*g.hit_test({600, 300}) == 1);
    }

    TEST_CASE("hidden nodes cannot be hit and box select takes only what is inside the box") {
        GraphModel g;
        three_nodes(g);
        g.hide(1);
        CHECK_FALSE(g.hit_test({500, 300}).has_value());
        g.unhide_all();
        CHECK(g.box_select(Rect::from_corners({380, 280}, {520, 320}), false) == 2);
        CHECK(g.selected() == std::vector<std::uint32_t>{0, 1});
    }

    TEST_CASE("labels disappear below the zoom threshold and edges aggregate when zoomed far out") {
        GraphModel g;
        three_nodes(g);
        g.camera.zoom = g.lod.labels + 0.1f;
        CHECK(g.labels_visible());
        CHECK(g.labelled_nodes().size() == 3);
        g.camera.zoom = g.lod.labels - 0.1f;
        // Three nodes have room for their labels (test_label_room.cpp): without the room rule, none.
        CHECK(g.labels_visible());
        g.lod.label_area_px = 1e9f;
        CHECK_FALSE(g.labels_visible());
        CHECK(g.labelled_nodes().empty());
        g.camera.zoom = 0.1f; // nodes 10 px apart: all in one or two 24 px cells
        CHECK(g.edges_aggregated());
        std::int64_t total = 0;
        for (const auto& ce : g.aggregated_edges())
            total += ce.count;
        CHECK(total <= 6); // never more than the real volume, and same-cell edges vanish
        g.camera.zoom = 1.0f;
        CHECK_FALSE(g.edges_aggregated());
    }

    TEST_CASE("expanding the selection adds the visible neighbours") {
        GraphModel g;
        three_nodes(g);
        g.select_only(0);
        CHECK(g.expand_selection() == 1);
        CHECK(g.expand_selection() == 1); // node 2 through node 1
        CHECK(g.selected().size() == 3);
    }
    TEST_CASE("hidden_count and fit_view's bounds are cached, and hide, show, filter, layout and groups "
              "renew them") {
        GraphModel g;
        three_nodes(g); // (0,0) (100,0) (0,100); links 1 = #0-#1, 2 = #1-#2
        auto centre_is = [&g](float x, float y) {
            return g.camera.centre.x == doctest::Approx(x) && g.camera.centre.y == doctest::Approx(y);
        };
        CHECK(g.hidden_count() == 0);
        CHECK(g.bounds_scans() == 0);
        g.fit_view();
        CHECK(g.bounds_scans() == 1);
        CHECK(centre_is(50, 50));
        // Every frame while nothing changed: the cached box, no scan; selection is not an input.
        g.select_only(1);
        for (int k = 0; k < 5; ++k)
            g.fit_view();
        CHECK(g.bounds_scans() == 1);
        // A smaller canvas changes the zoom, not the bounds.
        const float zoom = g.camera.zoom;
        g.camera.viewport = {{0, 0}, {400, 300}};
        g.fit_view();
        CHECK(g.bounds_scans() == 1);
        CHECK(g.camera.zoom < zoom);
        // Hiding #2 drops it from the box (and from the count), showing it brings it back.
        g.hide(2);
        CHECK(g.hidden_count() == 1);
        g.fit_view();
        CHECK(g.bounds_scans() == 2);
        CHECK(centre_is(50, 0));
        g.unhide_all();
        CHECK(g.hidden_count() == 0);
        g.fit_view();
        CHECK(g.bounds_scans() == 3);
        CHECK(centre_is(50, 50));
        // The time brush: only link 1 active, so #2 is not shown.
        g.set_time_filter({1});
        g.fit_view();
        CHECK(g.bounds_scans() == 4);
        CHECK(centre_is(50, 0));
        CHECK(g.hidden_count() == 0); // filtered out is not hidden
        g.clear_time_filter();
        g.fit_view();
        CHECK(centre_is(50, 50));
        CHECK(g.bounds_scans() == 5);
        // New layout positions.
        g.set_positions({{0, 0}, {200, 0}, {0, 200}});
        g.fit_view();
        CHECK(g.bounds_scans() == 6);
        CHECK(centre_is(100, 100));
        // Dragging a node (pinned where dropped).
        g.move_node(2, {0, 400});
        g.fit_view();
        CHECK(g.bounds_scans() == 7);
        CHECK(centre_is(100, 200));
        // Grouping #0 and #1: the group node takes their place.
        REQUIRE(g.group({10, 11}).has_value());
        g.fit_view();
        CHECK(g.bounds_scans() == 8);
        CHECK(centre_is(50, 200)); // the group at (100, 0) and #2 at (0, 400)
        // A model assigned with hidden nodes counts them at once.
        std::vector<GraphNode> nodes(2);
        nodes[0].entity = 1;
        nodes[1].entity = 2;
        nodes[1].hidden = true;
        g.assign(nodes, {{0, 1, 1, "sms", false, 1}});
        CHECK(g.hidden_count() == 1);
    }
}
