// The canvas's analyst actions without a display: lasso select (a concave polygon, not its bounding
// box), group/ungroup with undo/redo and audit rows, path and indicator highlights, and the frame
// cache that drawing and hit-testing share.
#include "fixture.hpp"
#include "store/audit.hpp"
#include "support/test_support.hpp"
#include "ui/app.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <thread>

using namespace casegraph;
using namespace casegraph::ui;
using casegraph::test::TempDir;

namespace {
inline namespace canvas_actions_fixture {

// Entities 10, 11, 12 at world (0,0), (100,0), (0,100); edges 10–11 (5 events) and 11–12 (1 event).
// With the camera at the origin, zoom 1 and an 800×600 viewport they sit at screen (400,300),
// (500,300) and (400,400).
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

std::vector<std::string> audit_actions(const store::Db& db, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& a : store::audit_read(db))
        if (a.action.rfind(prefix, 0) == 0)
            out.push_back(a.action + " " + nlohmann::json::parse(a.params)["via"].get<std::string>());
    return out;
}

} // namespace canvas_actions_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("lasso selects what is inside the drawn shape, not inside its bounding box") {
        GraphModel g;
        three_nodes(g);
        // An L: a vertical bar over node 1 and a horizontal bar over node 2. Node 0 lies inside the L's
        // bounding box (380..520 × 280..420) but outside the L itself.
        const std::vector<Vec2> l{{480, 280}, {520, 280}, {520, 420}, {380, 420}, {380, 380}, {480, 380}};
        CHECK(g.lasso_select(l, false) == 2);
        CHECK(g.selected() == std::vector<std::uint32_t>{1, 2});
        // Additive keeps the selection; a new lasso around node 0 alone replaces it.
        const std::vector<Vec2> around0{{390, 290}, {410, 290}, {410, 310}, {390, 310}};
        CHECK(g.lasso_select(around0, true) == 1);
        CHECK(g.selected().size() == 3);
        CHECK(g.lasso_select(around0, false) == 1);
        CHECK(g.selected() == std::vector<std::uint32_t>{0});
        CHECK(g.lasso_select({{0, 0}, {1, 1}}, false) == 0); // two points enclose nothing
        // The script line builds the same intent.
        const auto in = parse_script_line("lasso 480 280 520 280 520 420 380 420 380 380 480 380");
        REQUIRE(in);
        CHECK(in->op == Intent::Op::lasso_select);
        CHECK(in->points.size() == 6);
        CHECK_THROWS_AS((void)parse_script_line("lasso 1 2 3 4"), std::invalid_argument);
    }

    TEST_CASE("grouping draws the members through one node at their centre, and expanding restores them") {
        GraphModel g;
        three_nodes(g);
        CHECK_FALSE(g.group({10}).has_value()); // one entity is not a group
        const auto node = g.group({10, 11});
        REQUIRE(node.has_value());
        CHECK(*node == 3);
        CHECK(g.nodes().size() == 4);
        CHECK(g.entity_node_count() == 3);
        CHECK(g.group_at(*node) != nullptr);
        CHECK(g.group_at(0) == nullptr);
        CHECK(g.nodes()[*node].weight == doctest::Approx(5 + 5 + 1)); // 10: 5 events, 11: 5 + 1
        CHECK(g.positions()[*node].x == doctest::Approx(50));
        CHECK(g.positions()[*node].y == doctest::Approx(0));
        CHECK_FALSE(g.edge_visible(0)); // 10–11 is inside the group
        CHECK(g.edge_visible(1));
        CHECK(g.edge_ends(1) == std::pair<std::uint32_t, std::uint32_t>{3, 2});
        CHECK(g.visible_count() == 2); // the group and 12
        CHECK_FALSE(g.node_visible(0));
        CHECK(g.selected() == std::vector<std::uint32_t>{3});
        CHECK(g.selected_entities() == std::vector<std::int64_t>{10, 11});
        // Hit-testing finds the group where it is drawn (screen 450,300).
        REQUIRE(g.hit_test({450, 300}).has_value());
        CHECK(*g.hit_test({450, 300}) == 3);
        CHECK_FALSE(g.group({10, 12}).has_value()); // 10 is already in a group
        CHECK(g.ungroup({11, 10}));                 // any order
        CHECK(g.nodes().size() == 3);
        CHECK(g.edge_visible(0));
        CHECK(g.visible_count() == 3);
        CHECK(g.selected() == std::vector<std::uint32_t>{0, 1});
        CHECK_FALSE(g.ungroup({10, 11}));
    }

    TEST_CASE("dragging a group node carries its members, pinned where they were left") {
        GraphModel g;
        three_nodes(g);
        const auto node = g.group({10, 11});
        REQUIRE(node.has_value());
        // The group sits at its members' centre (50,0); drop it at screen (650,500) = world (250,200).
        g.move_node(*node, g.camera.to_world({650, 500}));
        const auto& p = g.positions();
        CHECK(p[0].x == doctest::Approx(200));
        CHECK(p[0].y == doctest::Approx(200));
        CHECK(p[1].x == doctest::Approx(300));
        CHECK(p[1].y == doctest::Approx(200));
        CHECK(p[2].x == doctest::Approx(0)); // not a member: stays
        CHECK(p[2].y == doctest::Approx(100));
        CHECK(p[*node].x == doctest::Approx(250));
        CHECK(p[*node].y == doctest::Approx(200));
        CHECK(g.nodes()[0].pinned);
        CHECK(g.nodes()[1].pinned);
        CHECK_FALSE(g.nodes()[2].pinned);
        REQUIRE(g.hit_test({650, 500}).has_value());
        CHECK(*g.hit_test({650, 500}) == *node);
        // Expanding the group leaves the members where the group was dropped.
        CHECK(g.ungroup({10, 11}));
        CHECK(g.positions()[0].x == doctest::Approx(200));
        CHECK(g.positions()[1].x == doctest::Approx(300));
        // Unpinning through a group reaches its members.
        const auto again = g.group({10, 11});
        REQUIRE(again.has_value());
        g.set_pinned(*again, false);
        CHECK_FALSE(g.nodes()[0].pinned);
        CHECK_FALSE(g.nodes()[1].pinned);
    }

    TEST_CASE("a dragged group stays put while the layout worker runs on") {
        GraphModel g;
        three_nodes(g);
        g.start_layout();
        g.layout().wait_converged(20000);
        g.sync_positions();
        const auto node = g.group({10, 11});
        REQUIRE(node.has_value());
        const Vec2 a = g.positions()[0], b = g.positions()[1], c = g.positions()[*node];
        const Vec2 target{c.x + 400, c.y - 300};
        g.move_node(*node, target);
        // Reheat: the unpinned node moves, the members of the dragged group must not.
        g.layout().rerun();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        g.layout().wait_converged(20000);
        g.sync_positions();
        CHECK(g.positions()[0].x == doctest::Approx(a.x + 400));
        CHECK(g.positions()[0].y == doctest::Approx(a.y - 300));
        CHECK(g.positions()[1].x == doctest::Approx(b.x + 400));
        CHECK(g.positions()[1].y == doctest::Approx(b.y - 300));
        CHECK(g.positions()[*node].x == doctest::Approx(target.x));
        CHECK(g.positions()[*node].y == doctest::Approx(target.y));
        g.layout().stop();
    }

    TEST_CASE("the drag script line moves the selected node or group to a screen point") {
        const auto in = parse_script_line("drag 650 500");
        REQUIRE(in);
        CHECK(in->op == Intent::Op::move_node);
        CHECK(in->id == -1);
        CHECK(in->at.x == doctest::Approx(650));
        CHECK_THROWS_AS((void)parse_script_line("drag 650"), std::invalid_argument);
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        app.actor = "tester";
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        app.graph.layout().set_paused(true);
        app.graph.select_only(app.graph.node_of(1));
        app.graph.toggle_selected(*app.graph.node_of(2));
        app.apply(*parse_script_line("group"));
        REQUIRE(app.graph.groups().size() == 1);
        const auto& grp = app.graph.groups()[0];
        const Vec2 m0 = app.graph.positions()[grp.members[0]], c = app.graph.positions()[grp.node];
        const Vec2 to = app.graph.camera.to_world(in->at);
        app.apply(*in);
        CHECK(app.graph.positions()[grp.node].x == doctest::Approx(to.x));
        CHECK(app.graph.positions()[grp.node].y == doctest::Approx(to.y));
        CHECK(app.graph.positions()[grp.members[0]].x == doctest::Approx(m0.x + to.x - c.x));
        CHECK(app.graph.positions()[grp.members[0]].y == doctest::Approx(m0.y + to.y - c.y));
        app.graph.layout().stop();
    }

    TEST_CASE("the frame cache follows the camera and the positions, and hit-testing uses it") {
        GraphModel g;
        three_nodes(g);
        const auto& f = g.frame();
        CHECK(f.onscreen.size() == 3);
        CHECK(f.screen[1].x == doctest::Approx(500));
        g.camera.pan_pixels({-300, 0}); // world moves left by 300 px: node 0 leaves the viewport
        CHECK(g.frame().screen[1].x == doctest::Approx(200));
        CHECK(g.frame().onscreen.size() == 3); // 0 is at x=100, inside
        g.camera.pan_pixels({-200, 0});
        CHECK(g.frame().onscreen.size() == 1); // only node 1 at x=0 (margin 40) stays; 0 and 2 at -100
        g.set_positions({{0, 0}, {0, 0}, {0, 0}});
        CHECK(g.frame().screen[1].x == doctest::Approx(-100));
        // Zoomed far out, more aggregated lines than the cap keep only the heaviest.
        GraphModel many;
        std::vector<GraphNode> nodes(40);
        std::vector<GraphEdge> edges;
        std::vector<Vec2> pos;
        for (std::uint32_t i = 0; i < 40; ++i) {
            nodes[i].entity = i + 1;
            nodes[i].kind = "phone";
            pos.push_back({static_cast<float>(i % 20) * 1000.0f, static_cast<float>(i / 20) * 1000.0f});
        }
        for (std::uint32_t i = 0; i < 20; ++i)
            edges.push_back({i, i + 20, i + 1, "sms", false, static_cast<std::int64_t>(i + 1)});
        many.assign(nodes, edges);
        many.set_positions(pos);
        many.camera.viewport = {{0, 0}, {800, 600}};
        many.camera.centre = {9500, 500};
        many.camera.zoom = 0.04f; // 40 px apart, all on screen: every edge its own pair of cells
        many.lod.max_cell_edges = 5;
        REQUIRE(many.edges_aggregated());
        CHECK(many.frame().cell_edges_total == 20);
        REQUIRE(many.aggregated_edges().size() == 5);
        for (const auto& ce : many.aggregated_edges())
            CHECK(ce.count >= 16); // the five heaviest: counts 16..20
    }

    TEST_CASE("group and ungroup are analyst actions: undone, redone and audited") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        app.actor = "tester";
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        app.graph.select_only(app.graph.node_of(1));
        app.graph.toggle_selected(*app.graph.node_of(2));
        app.apply(*parse_script_line("group"));
        REQUIRE(app.graph.groups().size() == 1);
        CHECK(app.graph.groups()[0].entities == std::vector<std::int64_t>{1, 2});
        CHECK(app.actions.undo_label() == "group 2 entities");
        app.apply(*parse_script_line("undo"));
        CHECK(app.graph.groups().empty());
        app.apply(*parse_script_line("redo"));
        CHECK(app.graph.groups().size() == 1);
        app.graph.select_only(app.graph.groups()[0].node);
        app.apply(*parse_script_line("ungroup"));
        CHECK(app.graph.groups().empty());
        CHECK(audit_actions(app.cf->db(), "view.") ==
              std::vector<std::string>{"view.group canvas", "view.ungroup undo", "view.group redo",
                                       "view.ungroup canvas"});
        // Groups are part of the view saved with the case.
        app.apply(*parse_script_line("undo")); // grouped again
        app.save_view_state();
        app.graph.layout().stop();
        App again;
        again.apply({Intent::Op::open, (dir / "t.case").string()});
        REQUIRE(again.graph.groups().size() == 1);
        CHECK(again.graph.groups()[0].entities == std::vector<std::int64_t>{1, 2});
        again.graph.layout().stop();
    }

    TEST_CASE("a path from the analysis panel highlights its entities and the links between them") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        // Fixture: Bob (2) – Alice (1) is link 1, Alice (1) – Carol (3) is link 2.
        app.apply(*parse_script_line("path #2 #3"));
        REQUIRE_FALSE(app.analysis.paths.empty());
        CHECK(path_entities(app.analysis.paths[0]) == std::vector<std::int64_t>{2, 1, 3});
        CHECK(app.analysis.paths[0][1].label == "Alice");
        const auto& g = app.graph;
        for (std::int64_t e : {1, 2, 3})
            CHECK(g.nodes()[*g.node_of(e)].highlighted);
        CHECK_FALSE(g.nodes()[*g.node_of(4)].highlighted);
        for (std::size_t e = 0; e < g.edges().size(); ++e)
            CHECK(g.edge_highlighted(e) == (g.edges()[e].link_id == 1 || g.edges()[e].link_id == 2));
        CHECK(g.highlight_label().find("path #2 - #3") == 0);
        app.apply(*parse_script_line("unhighlight"));
        CHECK_FALSE(g.nodes()[*g.node_of(1)].highlighted);
        app.apply(*parse_script_line("path #4 #1")); // the accounts are not linked to the phones
        CHECK(app.analysis.paths.empty());
        CHECK_FALSE(app.analysis.path_error.empty());
        app.apply(*parse_script_line("indicator no_such_pattern"));
        CHECK(app.analysis.indicator_error.find("no_such_pattern") != std::string::npos);
        app.graph.layout().stop();
    }

    TEST_CASE("an indicator's matches highlight every entity they name, once") {
        const std::vector<MatchRow> rows{{{5, 7}, "a", 1}, {{7, 9}, "b", 2}};
        CHECK(all_match_entities(rows) == std::vector<std::int64_t>{5, 7, 9});
        GraphModel g;
        three_nodes(g);
        CHECK(g.highlight({10, 12, 99}, false, "test") == 2); // 99 is not on the canvas
        CHECK(g.nodes()[0].highlighted);
        CHECK_FALSE(g.nodes()[1].highlighted);
        CHECK_FALSE(g.edge_highlighted(0)); // not a path: no edges
        const auto grp = g.group({10, 11});
        REQUIRE(grp);
        CHECK(g.nodes()[*grp].highlighted); // a group shows a highlighted member
    }
}

TEST_SUITE("ui") {
    TEST_CASE("groups survive re-reading the case but never follow into another case") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        { auto cf = test::make_ui_fixture(dir / "u.case"); }
        App app;
        app.actor = "tester";
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        REQUIRE(app.graph.group({1, 3}));
        app.reload();
        REQUIRE(app.graph.groups().size() == 1);
        CHECK(app.graph.groups()[0].entities == std::vector<std::int64_t>{1, 3});
        app.apply({Intent::Op::open, (dir / "u.case").string()});
        CHECK(app.graph.groups().empty());
        CHECK(app.graph.nodes().size() == 5);
        app.graph.layout().stop();
    }
}
