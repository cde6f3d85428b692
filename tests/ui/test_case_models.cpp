// Timeline, search, detail, money and annotation view models against a hand-built case, and the App
// applying intents and script lines without any display.
#include "fixture.hpp"
#include "store/annotations.hpp"
#include "support/test_support.hpp"
#include "ui/app.hpp"
#include "ui/glyphs.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::ui;
using casegraph::test::kHourMs;
using casegraph::test::kJan8;
using casegraph::test::TempDir;

TEST_SUITE("ui") {
    TEST_CASE("timeline buckets count the fixture's events per hour and per day") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        TimelineModel tl;
        tl.load(cf.db());
        CHECK(tl.event_count() == 4);
        tl.view_from = kJan8;
        tl.view_to = kJan8 + 24 * kHourMs;
        CHECK(tl.bucket_width(30) == kHourMs);
        const auto b = tl.buckets(30);
        REQUIRE(b.size() == 24);
        CHECK(b[10].count == 2); // 10:00 and 10:30
        CHECK(b[10].deleted == 1);
        CHECK(b[12].count == 1);
        std::int64_t sum = 0;
        for (const auto& x : b)
            sum += x.count;
        CHECK(sum == 3); // the transaction is on the 9th
        tl.view_to = kJan8 + 3 * 24 * kHourMs;
        CHECK(tl.bucket_width(5) == 24 * kHourMs);
        const auto d = tl.buckets(5);
        CHECK(d[0].count == 3);
        CHECK(d[1].count == 1);
    }

    TEST_CASE("timeline zoom goes from the whole case down to minutes and no further than 10 minutes") {
        TimelineModel tl;
        tl.assign({0, 365LL * 24 * kHourMs * 3});
        CHECK(tl.bucket_width(200) >= 7 * 24 * kHourMs);
        for (int i = 0; i < 60; ++i)
            tl.zoom(2.0, kHourMs);
        CHECK(tl.view_to - tl.view_from == 10 * 60000);
        CHECK(tl.bucket_width(100) == 60000);
        CHECK(tl.view_from <= kHourMs);
        CHECK(tl.view_to >= kHourMs);
    }

    TEST_CASE("brushing the timeline keeps only links with an event inside the window") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        TimelineModel tl;
        tl.load(cf.db());
        tl.brush = std::pair{kJan8 + 11 * kHourMs, kJan8 + 13 * kHourMs};
        CHECK(tl.links_in_brush() == std::unordered_set<std::int64_t>{2});
        GraphModel g;
        g.load(cf.db());
        g.set_time_filter(tl.links_in_brush());
        CHECK(g.visible_count() == 2); // Alice and Carol
        CHECK(g.node_visible(*g.node_of(3)));
        CHECK_FALSE(g.node_visible(*g.node_of(2)));
        g.clear_time_filter();
        CHECK(g.visible_count() == 5);
        g.layout().stop();
    }

    TEST_CASE("search returns the matching messages and identifiers as rows that open them") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        SearchModel s;
        s.query = "rent";
        s.run(cf.db());
        REQUIRE(s.rows.size() == 2);
        std::set<std::int64_t> events;
        for (const auto& r : s.rows) {
            CHECK(r.target_kind == "event");
            CHECK(r.snippet.find("[rent]") != std::string::npos);
            events.insert(r.event_id);
        }
        CHECK(events == std::set<std::int64_t>{101, 102});
        s.query = "+447700900001"; // a phone number: '+' must not become FTS5 syntax
        s.run(cf.db());
        CHECK(s.error.empty());
        REQUIRE(s.rows.size() == 1);
        CHECK(s.rows[0].target_kind == "identifier");
        CHECK(s.rows[0].entity_id == 1);
        s.query = "sta"; // prefix while typing
        s.run(cf.db());
        CHECK(s.rows.size() == 1);
        s.query = "\"unbalanced";
        s.run(cf.db());
        CHECK(s.error.empty());
    }

    TEST_CASE(
        "the detail pane shows each fact's evidence file, hash and locator, and labels deleted records") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        const auto e = load_entity(cf.db(), 1);
        REQUIRE(e);
        CHECK(e->label == "Alice");
        REQUIRE(e->identifiers.size() == 1);
        REQUIRE(e->identifiers[0].seen_in.size() == 1);
        CHECK(e->identifiers[0].seen_in[0].role == "07700 900001");
        CHECK(e->identifiers[0].seen_in[0].locator == "sqlite:sms/rowid=1");
        CHECK(e->links.size() == 2);
        CHECK(e->links[0].count == 2);
        CHECK(e->links[0].other_label == "Bob");
        REQUIRE_FALSE(e->sources.empty());
        CHECK(e->sources[0].sha256.size() == 64);
        const auto ev = load_event(cf.db(), 102);
        REQUIRE(ev);
        CHECK(ev->deleted);
        CHECK(ev->body == "paid the rent");
        CHECK(ev->source.evidence_name == "mmssms.db");
        CHECK(ev->source.locator == "sqlite:sms/rowid=2");
        CHECK(ev->parties.size() == 2);
        const auto tx = load_event(cf.db(), 104);
        REQUIRE(tx);
        CHECK(tx->amount == "125.50 GBP");
    }

    TEST_CASE("money view lists transaction links and lays out a sankey band per flow") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        MoneyModel m;
        m.load(cf.db());
        REQUIRE(m.flows.size() == 1);
        CHECK(m.flows[0].total_minor == 12550);
        CHECK(m.currency == "GBP");
        CHECK(m.boxes.size() == 2);
        REQUIRE(m.bands.size() == 1);
        CHECK(m.bands[0].from_y1 > m.bands[0].from_y0);
        CHECK(format_amount(123456789, "EUR") == "1,234,567.89 EUR");
        CHECK(format_amount(-5, "") == "-0.05");
    }

    TEST_CASE("undo and redo of a tag restore the state and every step is in the audit log") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        const auto& db = cf.db();
        const auto audit = [&](const char* action) {
            auto st = db.prepare("SELECT count(*) FROM audit_log WHERE action = ?1");
            st.bind(1, action);
            st.step();
            return st.column_int64(0);
        };
        AnalystActions a;
        CHECK(a.set_tag(db, 2, "victim", true, "tester"));
        CHECK_FALSE(a.set_tag(db, 2, "victim", true, "tester")); // already tagged: no action recorded
        CHECK(store::entity_tags(db, 2) == std::vector<std::string>{"victim"});
        CHECK(a.undo(db, "tester"));
        CHECK(store::entity_tags(db, 2).empty());
        CHECK(a.can_redo());
        CHECK(a.redo(db, "tester"));
        CHECK(store::entity_tags(db, 2) == std::vector<std::string>{"victim"});
        CHECK(audit("tag.add") == 2);
        CHECK(audit("tag.remove") == 1);
        CHECK_FALSE(a.can_redo());
    }

    TEST_CASE("the app applies script lines without a display and saves its view state in the case") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        app.actor = "tester";
        app.apply(*parse_script_line("open " + (dir / "t.case").string()));
        app.apply(*parse_script_line("select +447700900002"));
        REQUIRE(app.entity);
        CHECK(app.entity->id == 2);
        CHECK(app.graph.selected() == std::vector<std::uint32_t>{*app.graph.node_of(2)});
        app.apply(*parse_script_line("tag suspect"));
        CHECK(app.entity->tags == std::vector<std::string>{"suspect"});
        CHECK(app.graph.nodes()[*app.graph.node_of(2)].tags == tag_suspect);
        app.apply(*parse_script_line("undo"));
        CHECK(app.entity->tags.empty());
        app.apply(*parse_script_line("search station"));
        CHECK(app.search.rows.size() == 1);
        app.apply(*parse_script_line("brush 2024-01-08T11:00 2024-01-08T13:00"));
        CHECK(app.graph.visible_count() == 2);
        app.apply(*parse_script_line("screen money"));
        app.search.save_current();
        app.save_view_state();
        app.graph.layout().stop();

        App again;
        again.apply({Intent::Op::open, (dir / "t.case").string()});
        CHECK(again.view.screen == Screen::money);
        CHECK(again.timeline.brush.has_value());
        CHECK(again.graph.visible_count() == 2);
        CHECK(again.search.saved == std::vector<std::string>{"station"});
        REQUIRE(again.entity);
        CHECK(again.entity->id == 2);
        CHECK_FALSE(parse_script_line("# comment").has_value());
        CHECK_THROWS_AS((void)parse_script_line("zoom lots"), std::invalid_argument);
        CHECK_THROWS_AS((void)parse_script_line("fly away"), std::invalid_argument);
    }

    TEST_CASE("characters the UI cannot draw get a visible marker, never a silent question mark") {
        CHECK(drawable_text("plain") == "plain");
        CHECK(drawable_text("hi \xF0\x9F\x98\x80") == "hi [U+1F600]"); // emoji: above U+FFFF
        CHECK(drawable_text("\xD0\x96", [](char32_t c) { return c < 0x400; }) == "[U+0416]");
        CHECK(drawable_text("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D").rfind("[RTL] ", 0) == 0); // Hebrew
        CHECK(drawable_text("\xFF") == "\xEF\xBF\xBD"); // a malformed byte becomes U+FFFD, visibly
        GlyphSet g;
        g.add_text("ab\xD0\x96");
        g.add_text("\xF0\x9F\x98\x80");
        CHECK(g.has_above_bmp());
        CHECK(g.ranges() == std::vector<std::uint16_t>{'a', 'b', 0x416, 0x416, 0});
        CHECK(truncate_utf8("\xD0\x96\xD0\x96\xD0\x96", 5) == "\xD0\x96...");
    }
}
