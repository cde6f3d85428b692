// The export, open/create and case-screen models without a display: a bundle and exhibit written for
// the selection with its manifest hash audited, the typed reason an un-redacted export needs, the
// folder listing and new-case checks, date-only events on their day, and the ambiguous WhatsApp date
// order notice whose command really re-imports with the other reading.
#include "fixture.hpp"
#include "ingest/ingest.hpp"
#include "store/audit.hpp"
#include "support/test_support.hpp"
#include "ui/app.hpp"
#include "ui/text_raster.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace casegraph;
using namespace casegraph::ui;
using casegraph::test::kHourMs;
using casegraph::test::kJan8;
using casegraph::test::TempDir;

namespace {
inline namespace dialogs_fixture {

std::vector<nlohmann::json> audit_params(const store::Db& db, const std::string& action) {
    std::vector<nlohmann::json> out;
    for (const auto& a : store::audit_read(db))
        if (a.action == action)
            out.push_back(nlohmann::json::parse(a.params));
    return out;
}

} // namespace dialogs_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("export writes the bundle and exhibit for the selection and shows the audited manifest hash") {
        CHECK(selection_spec({}) == "all");
        CHECK(selection_spec({3, 7}) == "entity:#3,#7");
        CHECK(iso_utc(kJan8 + 10 * kHourMs) == "2024-01-08T10:00:00Z");
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        app.actor = "tester";
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        CHECK(app.export_form.bundle_path == (dir / "t-export.zip").string());
        app.graph.select_only(app.graph.node_of(1));
        app.graph.toggle_selected(*app.graph.node_of(2));
        const auto out = dir / "sel.zip";
        app.apply(*parse_script_line("export-bundle " + out.string()));
        REQUIRE(app.export_form.last);
        const auto& r = *app.export_form.last;
        INFO(r.error);
        REQUIRE(r.ok);
        CHECK(std::filesystem::exists(out));
        CHECK(r.exhibit == (dir / "sel-link.pdf").string());
        CHECK(test::read_file(r.exhibit).rfind("%PDF", 0) == 0);
        CHECK(r.manifest_sha256.size() == 64);
        // The hash shown is the one export/ recorded in the audit log, with the selection sent.
        const auto rows = audit_params(app.cf->db(), "export.bundle");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].dump().find(r.manifest_sha256) != std::string::npos);
        CHECK(rows[0].dump().find("entity:#1,#2") != std::string::npos);
        app.graph.layout().stop();
    }

    TEST_CASE("an un-redacted export needs a typed reason, and a failed export keeps the error in full") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        app.actor = "tester";
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        CHECK(app.view.export_redact); // on by default
        app.apply({Intent::Op::export_redact, "", 0.0});
        app.export_form.reason = "   ";
        app.apply({Intent::Op::export_run, (dir / "a.zip").string() + " no-exhibit", 1.0});
        REQUIRE(app.export_form.last);
        CHECK_FALSE(app.export_form.last->ok);
        CHECK(app.export_form.last->error.find("reason") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir / "a.zip"));
        app.apply(*parse_script_line("export-bundle " + (dir / "b.zip").string() +
                                     " no-exhibit no-redact court order 17/2024"));
        INFO(app.export_form.last->error);
        REQUIRE(app.export_form.last->ok);
        CHECK(app.export_form.last->exhibit.empty());
        const auto rows = audit_params(app.cf->db(), "export.bundle");
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].dump().find("court order 17/2024") != std::string::npos);
        // A folder that does not exist: nothing written, the reason said.
        app.apply({Intent::Op::export_redact, "", 1.0});
        app.apply({Intent::Op::export_run, (dir / "nope" / "c.zip").string(), 1.0});
        CHECK_FALSE(app.export_form.last->ok);
        CHECK(app.export_form.last->error.find((dir / "nope").string()) != std::string::npos);
        app.graph.layout().stop();
    }

    TEST_CASE("the open dialog lists folders and cases, and Create checks path, region and zone") {
        TempDir dir;
        std::filesystem::create_directories(dir / "sub");
        std::filesystem::create_directories(dir / ".hidden");
        test::write_file(dir / "notes.txt", "x");
        { auto cf = test::make_ui_fixture(dir / "a.case"); }
        FileBrowser b;
        b.list(dir.path());
        std::vector<std::string> names;
        for (const auto& e : b.entries)
            names.push_back(e.name);
        CHECK(names == std::vector<std::string>{"..", "sub", "a.case"});
        b.choose(b.entries[2]);
        CHECK(b.path == (dir / "a.case").string());
        b.choose(b.entries[1]);
        CHECK(b.dir == dir / "sub");
        CHECK(b.entries.size() == 1); // only ".."
        b.list(dir / "missing");
        CHECK_FALSE(b.error.empty());
        CHECK(b.dir == dir / "sub"); // the old listing stays

        CHECK(new_case_problem((dir / "a.case").string(), "", "").find("already exists") !=
              std::string::npos);
        CHECK(new_case_problem((dir / "no" / "x.case").string(), "", "").find("No such folder") !=
              std::string::npos);
        CHECK_FALSE(new_case_problem((dir / "n.case").string(), "gb", "").empty());
        CHECK_FALSE(new_case_problem((dir / "n.case").string(), "GB", "Mars/Olympus").empty());
        CHECK(new_case_problem((dir / "n.case").string(), "GB", "Europe/London").empty());

        App app;
        app.actor = "tester";
        app.browser.region = "GB";
        app.browser.tz = "Europe/London";
        app.apply(*parse_script_line("new " + (dir / "n.case").string()));
        REQUIRE(app.has_case());
        CHECK(app.case_model.settings.region == "GB");
        CHECK(app.case_model.settings.tz == "Europe/London");
        CHECK(app.cf->path() == dir / "n.case");
        app.graph.layout().stop();
    }

    TEST_CASE("date-only events sit on their day in the timeline; only events with no date are undated") {
        TempDir dir;
        auto cf = test::make_ui_fixture(dir / "t.case");
        cf.db().exec(R"sql(
INSERT INTO source(id, evidence_id, import_run_id, locator) VALUES (5, 2, 2, 'xml:/Ntry[2]'), (6, 2, 2, 'xml:/Ntry[3]');
INSERT INTO event(id, kind, source_id, utc_ms, date, precision, amount_minor, currency) VALUES
 (105, 'transaction', 5, NULL, '2024-01-10', 'day', 5000, 'GBP'),
 (106, 'transaction', 6, NULL, NULL, 'day', 100, 'GBP');
INSERT INTO event_party(event_id, entity_id, role) VALUES (105, 4, 'payer'), (105, 5, 'payee');
INSERT INTO link_event(link_id, event_id) VALUES (3, 105);
)sql");
        TimelineModel tl;
        tl.load(cf.db());
        CHECK(tl.event_count() == 5); // the four timed ones and the booking on the 10th
        CHECK(tl.date_only_count() == 1);
        CHECK(tl.undated_count() == 1);
        tl.view_from = kJan8;
        tl.view_to = kJan8 + 3 * 24 * kHourMs;
        const auto d = tl.buckets(5);
        REQUIRE(d.size() == 3);
        CHECK(d[0].count == 3);
        CHECK(d[1].count == 1);
        CHECK(d[2].count == 1); // 2024-01-10
        const auto ev = tl.events_in(cf.db(), kJan8 + 48 * kHourMs, kJan8 + 72 * kHourMs);
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].id == 105);
        CHECK(ev[0].date_only);
        CHECK(ev[0].utc_ms == kJan8 + 48 * kHourMs);
        tl.brush = std::pair{kJan8 + 48 * kHourMs, kJan8 + 72 * kHourMs};
        CHECK(tl.links_in_brush() == std::unordered_set<std::int64_t>{3});
        CHECK(tl.entity_times(cf.db(), 4) == std::vector<std::int64_t>{1704790800000, kJan8 + 48 * kHourMs});
    }

    TEST_CASE("an ambiguous WhatsApp date order is shown with a command that imports the other reading") {
        CHECK(shell_quote("it's") == "'it'\\''s'");
        TempDir dir;
        // Every day and month field is 12 or less: either order reads as a date.
        const auto chat = dir / "chat.txt";
        test::write_file(chat, "01/02/2024, 10:00 - Alice: hi there\n03/04/2024, 11:05 - Bob: see you\n"
                               "05/06/2024, 09:00 - Alice: ok\n");
        const auto case_path = dir / "t.case";
        {
            auto cf = store::CaseFile::create(case_path, {}, "tester");
            ingest::IngestOptions o;
            o.tz = "Europe/London";
            o.tz_from = "evidence";
            (void)ingest::ingest_paths(cf, {chat}, o, "tester", nullptr);
            auto cf2 = store::CaseFile::create(dir / "plain.case", {}, "tester");
            o.date_order = "dmy"; // told, not assumed: no notice
            (void)ingest::ingest_paths(cf2, {chat}, o, "tester", nullptr);
            CHECK(read_date_order_notices(cf2.db(), dir / "plain.case").empty());
        }
        auto cf = store::CaseFile::open(case_path);
        const auto notices = read_date_order_notices(cf.db(), case_path);
        REQUIRE(notices.size() == 1);
        const auto& n = notices[0];
        CHECK(n.name == "chat.txt");
        CHECK(n.assumed == "dmy");
        CHECK(n.other == "mdy");
        CHECK(n.compare_case == (dir / "t-mdy.case").string());
        CHECK(n.command.find("--date-order mdy") != std::string::npos);
        CHECK(n.command.find("--tz 'Europe/London'") != std::string::npos);
        // The command as shown, with the test's casegraph binary: the other reading lands in the sibling.
        const auto cmd =
            test::casegraph_bin() + n.command.substr(std::string("casegraph").size()) + " >/dev/null";
        REQUIRE(std::system(cmd.c_str()) == 0);
        auto other = store::CaseFile::open(n.compare_case);
        // 01/02/2024 10:00 month-first is 2 January, GMT in London: 10:00Z.
        CHECK(other.db().scalar_int("SELECT min(utc_ms) FROM event") == 1704189600000);
        CHECK(cf.db().scalar_int("SELECT min(utc_ms) FROM event") == 1706781600000); // 1 February, dmy
    }
}

namespace {
inline namespace raster_fixture {
// The leftmost and rightmost columns holding ink (alpha > 64), or {-1, -1} for a blank image.
std::pair<int, int> ink_columns(const TextImage& img) {
    int lo = -1, hi = -1;
    for (int x = 0; x < img.width; ++x)
        for (int y = 0; y < img.height; ++y)
            if (img.alpha(x, y) > 64) {
                if (lo < 0)
                    lo = x;
                hi = x;
                break;
            }
    return {lo, hi};
}
} // namespace raster_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("the detail pane's Pango text runs Hebrew right to left and draws what ImGui cannot") {
        const auto latin = render_text("hello there", 400, 15);
        CHECK(latin.width == 400);
        const auto [l0, l1] = ink_columns(latin);
        REQUIRE(l0 >= 0);
        CHECK(l0 < 10); // left-aligned
        CHECK(l1 < 200);
        // "שלום עולם": a right-to-left paragraph sits against the right edge.
        const auto hebrew =
            render_text("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D", 400, 15);
        const auto [h0, h1] = ink_columns(hebrew);
        REQUIRE(h0 >= 0);
        CHECK(h0 > 200);
        CHECK(h1 > 380);
        // An emoji (above U+FFFF) is drawn as something — a glyph or Pango's code-point box — never nothing.
        const auto emoji = render_text("\xF0\x9F\x98\x80", 100, 15);
        CHECK(ink_columns(emoji).first >= 0);
        // With fonts-noto-color-emoji (tools/packages.txt) it is the colour glyph: yellow, not grey ink.
        bool coloured = false;
        for (std::size_t i = 0; i + 3 < emoji.rgba.size(); i += 4)
            coloured =
                coloured || (emoji.rgba[i + 3] > 128 && emoji.rgba[i] > 150 && emoji.rgba[i + 2] < 100);
        CHECK(coloured);
        // Long text wraps to more lines instead of running off the pane.
        CHECK(render_text(std::string(400, 'x') + " " + std::string(400, 'y'), 200, 15).height >
              3 * latin.height);
        CHECK(needs_pango("\xD7\xA9"));
        CHECK(needs_pango("\xF0\x9F\x98\x80"));
        CHECK_FALSE(needs_pango("plain \xD0\x96"));
    }
}
