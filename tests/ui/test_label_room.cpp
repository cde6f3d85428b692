// Labels by room on screen, not by zoom alone: the demo case laid out and fitted to the canvas a
// 1280x800 window gives is below the label zoom but shows labels; zoomed out further, or with a case
// too large to label, it does not.
#include "store/case_file.hpp"
#include "support/test_support.hpp"
#include "ui/graph_model.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::ui;

TEST_SUITE("ui") {
    TEST_CASE("the demo fitted at 1280x800 is labelled below the label zoom; crowded or far out it is not") {
        test::TempDir dir;
        REQUIRE(test::run_cli({"demo", (dir / "demo").string()}).exit_code == 0);
        auto cf = store::CaseFile::open_read_only(dir / "demo" / "demo.case");
        GraphModel g;
        g.load(cf.db());
        g.layout().wait_converged(60000);
        g.sync_positions();
        // The graph canvas of a 1280x800 window (casegraph-ui --size 1280x800 --screenshot reports it
        // as "viewport"): the detail pane, timeline, toolbar and status strip take the rest.
        g.camera.viewport = {{16, 66}, {838, 498}};
        g.fit_view();
        const auto entities = static_cast<std::size_t>(cf.db().scalar_int(
            "SELECT count(*) FROM entity WHERE id IN (SELECT a FROM link UNION "
            "SELECT b FROM link UNION SELECT entity_id FROM tag WHERE removed_at IS NULL)"));
        REQUIRE(g.visible_count() == entities);
        CHECK(g.camera.zoom < g.lod.labels); // the zoom rule alone: no labels
        CHECK(g.frame().in_viewport == entities);
        CHECK(g.frame().area_per_node >= g.lod.label_area_px);
        CHECK(g.labels_visible());
        const auto placed = g.place_labels([](const std::string& t) {
            return Vec2{7.0f * static_cast<float>(t.size()), 15.0f}; // DejaVu Sans 13 px: about 7 px a letter
        });
        CHECK(placed.size() >= 10);
        // Zoomed out to half: the same nodes in a quarter of the area, too crowded for labels.
        g.camera.zoom *= 0.5f;
        CHECK(g.frame().area_per_node < g.lod.label_area_px);
        CHECK_FALSE(g.labels_visible());
        CHECK(g.labelled_nodes().empty());
        // More nodes in the viewport than labels may be drawn: never by room, only by zoom.
        g.fit_view();
        g.lod.max_labels = entities - 1;
        CHECK_FALSE(g.labels_visible());
        g.camera.zoom = g.lod.labels;
        CHECK(g.labels_visible());
    }
}
