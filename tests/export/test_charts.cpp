// Timeline and money-flow exhibits: what the models place where (bookings on their day, undated records
// apart, an axis from years to minutes, flows and the chain from the graph's money analysis), that
// every mark resolves to evidence hash and locator, and that the CLI writes PDF/SVG/PNG reproducibly.
#include "export/chart_draw.hpp"
#include "export/exhibit_money.hpp"
#include "export/exhibit_timeline.hpp"
#include "export_fixture.hpp"
#include "store/case_file.hpp"
#include "store/time.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace casegraph;
using test::run_cli;

namespace {

// One demo case per test: built once, only read (or exported from) afterwards.
struct DemoCase {
    test::TempDir dir;
    std::string path = (dir / "demo" / "demo.case").string();
    DemoCase() { REQUIRE(run_cli({"demo", (dir / "demo").string()}).exit_code == 0); }
};

exporter::Facts facts_of(const store::CaseFile& cf, const std::string& select, const std::string& from = "",
                         const std::string& to = "", exporter::Selection* out = nullptr) {
    auto sel = exporter::parse_selection(cf.db(), select, cf.settings().region, from, to);
    auto f = exporter::collect_facts(cf.db(), sel);
    if (out)
        *out = sel;
    return f;
}

exporter::EventRow dated(std::int64_t id, const std::string& time, std::int64_t a, std::int64_t b) {
    exporter::EventRow e;
    e.id = id;
    e.kind = "message";
    e.time = time;
    e.parties = {{"sender", a}, {"recipient", b}};
    e.evidence_sha256 = std::string(64, 'a');
    e.locator = "line:" + std::to_string(id);
    return e;
}

exporter::Facts two_people() {
    exporter::Facts f;
    f.entities.push_back({1, "phone", "A", "", "", 1, std::string(64, 'a'), "line:1"});
    f.entities.push_back({2, "phone", "B", "", "", 1, std::string(64, 'a'), "line:1"});
    f.evidence.push_back({});
    f.evidence.back().sha256 = std::string(64, 'a');
    f.evidence.back().name = "chat.txt";
    return f;
}

} // namespace

TEST_SUITE("export") {
    TEST_CASE("a full source-note line fits its column as Pango draws it, and rows do not overlap") {
        // Measured with the same cairo + Pango sizing as the exhibits (Pango's 96 dpi on every surface).
        const auto col = exporter::draw::source_column();
        CHECK(col.chars >= 60);
        CHECK(exporter::draw::measure(std::string(col.chars, 'W'), col.font).width <= col.width);
        CHECK(exporter::draw::measure("Wg", col.font).height <= col.row + 0.01);
    }

    TEST_CASE("source-note lines wrap between words: an amount is never split, a locator is carried whole") {
        const auto chars = exporter::draw::source_column().chars;
        // A flow header whose amount straddles the column's width wherever it starts.
        for (std::size_t pad = 0; pad < 8; ++pad) {
            CAPTURE(pad);
            const std::string line = "[2] " + std::string(chars - 12 + pad, 'x') +
                                     " 4 payments, GBP 3,330.00, 2024-01-15 to 2024-03-21; chain hop 1";
            const auto rows = exporter::draw::wrap_source_line(line);
            REQUIRE(rows.size() >= 2);
            std::string joined;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                CHECK(rows[i].size() <= chars);
                const std::string piece = i == 0 ? rows[i] : rows[i].substr(8);
                const bool amount_whole =
                    piece.find("3,330") == std::string::npos || piece.find("3,330.00,") != std::string::npos;
                CHECK(amount_whole);
                joined += (i == 0 ? "" : " ") + piece;
            }
            CHECK(joined == line); // only the spaces the breaks replaced are gone
        }
        // A locator longer than a row has no space to break at: cut at the width, nothing lost.
        const std::string locator = "    #7  E1  zip:" + std::string(2 * chars, 'p') + "!xml:/a[1]";
        const auto rows = exporter::draw::wrap_source_line(locator);
        REQUIRE(rows.size() >= 3);
        std::string rest;
        for (std::size_t i = 1; i < rows.size(); ++i)
            rest += rows[i].substr(8);
        CHECK(rows[0] + " " + rest == locator);
    }

    TEST_CASE("timeline axis adapts from years to minutes and never places an undated record at 1970") {
        auto f = two_people();
        f.events.push_back(dated(1, "2010-05-01T10:00:00.000Z", 1, 2));
        f.events.push_back(dated(2, "2024-02-01T10:00:00.000Z", 1, 2));
        f.events.push_back(dated(3, "", 1, 2)); // a contact card with no time
        auto t = exporter::build_timeline(f, {}, std::nullopt, std::nullopt);
        CHECK(t.bucket == "1 year");
        CHECK(t.ticks.front().label.size() == 4); // "2010"-style labels
        REQUIRE(t.undated.size() == 1);
        CHECK(f.events[t.undated[0]].id == 3);
        CHECK(t.undated_number > 0);
        for (const auto& m : t.marks)
            CHECK(m.start_ms >= 1'262'304'000'000); // 2010-01-01: nothing near 1970

        f.events.clear();
        f.events.push_back(dated(1, "2024-03-01T10:00:00.000Z", 1, 2));
        f.events.push_back(dated(2, "2024-03-01T10:32:00.000Z", 1, 2));
        t = exporter::build_timeline(f, {}, std::nullopt, std::nullopt);
        CHECK(t.bucket == "1 min");
        CHECK(t.ticks.front().label.find("2024-03-01 ") == 0); // date shown with the first time of day
        CHECK(t.ticks.back().label.size() == 5);               // then "10:30"
        REQUIRE(t.marks.size() == 4);                          // two events on each of two lanes
        CHECK(t.undated.empty());
    }

    TEST_CASE("timeline of the demo case: bookings on their day, undated contact cards listed apart") {
        DemoCase d;
        const auto cf = store::CaseFile::open_read_only(d.path);
        const auto f = facts_of(cf, "all");
        const auto t = exporter::build_timeline(f, {}, std::nullopt, std::nullopt);
        // The counts come from the case file itself.
        const auto undated =
            cf.db().scalar_int("SELECT count(*) FROM event WHERE utc_ms IS NULL AND date IS NULL");
        const auto booked = cf.db().scalar_int("SELECT count(*) FROM event WHERE date IS NOT NULL");
        REQUIRE(undated > 0);
        REQUIRE(booked > 0);
        CHECK(static_cast<std::int64_t>(t.undated.size()) == undated);
        // Every dated record is in a mark or named as off-lane; a booking's mark covers its day.
        std::set<std::size_t> placed(t.off_lane.begin(), t.off_lane.end());
        std::int64_t bookings_seen = 0;
        for (const auto& m : t.marks)
            for (auto i : m.events) {
                placed.insert(i);
                const auto& e = f.events[i];
                if (e.time.size() == 10) {
                    ++bookings_seen;
                    const auto day = *store::parse_iso_instant(e.time);
                    CHECK(m.start_ms <= day);
                    CHECK(day < m.end_ms);
                }
            }
        CHECK(static_cast<std::int64_t>(placed.size() + t.undated.size()) ==
              cf.db().scalar_int("SELECT count(*) FROM event"));
        CHECK(bookings_seen > 0);
        // Marks are numbered 1..n, then the undated list; each note resolves to hash and locator.
        for (std::size_t i = 0; i < t.marks.size(); ++i)
            CHECK(t.marks[i].number == static_cast<int>(i + 1));
        const auto lines = exporter::timeline_source_lines(f, t);
        std::string all;
        for (const auto& l : lines)
            all += l + "\n";
        CHECK(all.find("[" + std::to_string(t.undated_number) + "] undated") != std::string::npos);
        for (const auto& e : f.events)
            CHECK_MESSAGE(all.find("#" + std::to_string(e.id) + "  ") != std::string::npos, e.id);
        CHECK(all.find("1970") == std::string::npos);

        // A two-hour window around the start of 2024-01-10 (the demo's Europe/London is UTC in January):
        // the bookings of both days it overlaps are in it, each a bar over its whole day, not a midnight
        // instant.
        exporter::Selection sel;
        const auto g = facts_of(cf, "all", "2024-01-09T23:00", "2024-01-10T01:00", &sel);
        const auto w = exporter::build_timeline(g, {}, sel.from_ms, sel.to_ms);
        CHECK(w.bucket == "5 min");
        bool day_bar = false;
        for (const auto& m : w.marks)
            if (m.day_only) {
                day_bar = true;
                CHECK(m.end_ms - m.start_ms == 86'400'000);
            }
        CHECK(day_bar);
        // A window of part of that day holds exactly that day's bookings (their day overlaps it, as on the
        // UI brush), none of the days around it; counted from the case file.
        const auto noon = facts_of(cf, "all", "2024-01-10T11:00", "2024-01-10T13:00");
        std::set<std::int64_t> noon_bookings, want_bookings;
        for (const auto& e : noon.events)
            if (e.time.size() == 10)
                noon_bookings.insert(e.id);
        auto st = cf.db().prepare("SELECT id FROM event WHERE utc_ms IS NULL AND date = '2024-01-10'");
        while (st.step())
            want_bookings.insert(st.column_int64(0));
        REQUIRE(!want_bookings.empty());
        CHECK(noon_bookings == want_bookings);
    }

    TEST_CASE("timeline of one entity has a lane per counterparty") {
        DemoCase d;
        const auto cf = store::CaseFile::open_read_only(d.path);
        exporter::Selection sel;
        const auto f = facts_of(cf, "entity:#1", "", "", &sel);
        const auto focus = exporter::focus_entities(sel, f);
        REQUIRE(focus == std::vector<std::int64_t>{1});
        const auto t = exporter::build_timeline(f, focus, sel.from_ms, sel.to_ms);
        CHECK(t.pair_lanes);
        CHECK(t.lanes.size() > 3); // #1 is the controller's phone: he talks to everyone
        CHECK(t.focus_label.find("(#1)") != std::string::npos);
    }

    TEST_CASE("money exhibit: flows carry integer totals and the chain starts at the controller's account") {
        DemoCase d;
        const auto cf = store::CaseFile::open_read_only(d.path);
        exporter::Selection sel;
        const auto f = facts_of(cf, "all", "", "", &sel);
        auto mm = exporter::build_money(f, {});
        exporter::apply_chain(mm, exporter::money_chain(cf.db(), sel, mm.start));
        // The account with most counterparties: the controller's statement account in the demo's camt file.
        const auto iban =
            cf.db().scalar_text("SELECT value FROM identifier WHERE entity_id = " + std::to_string(mm.start) +
                                " AND type = 'iban'");
        REQUIRE(iban);
        CHECK(*iban == "GB21NWBK60161331447201");
        // Totals add up to the dated payments in the case, in minor units.
        std::int64_t total = 0, count = 0;
        for (const auto& fl : mm.flows) {
            total += fl.total_minor;
            count += fl.count;
            CHECK(fl.passed_minor <= fl.total_minor);
            if (fl.depth == 1)
                CHECK(fl.from == mm.start);
        }
        CHECK(total ==
              cf.db().scalar_int("SELECT sum(abs(amount_minor)) FROM event WHERE kind = 'transaction' "
                                 "AND (utc_ms IS NOT NULL OR date IS NOT NULL)"));
        CHECK(count == cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'transaction' "
                                          "AND (utc_ms IS NOT NULL OR date IS NOT NULL)"));
        int chain = 0;
        for (const auto& fl : mm.flows)
            chain += fl.depth > 0 ? 1 : 0;
        CHECK(chain > 0);
        const auto lines = exporter::money_source_lines(f, mm);
        std::string all;
        for (const auto& l : lines)
            all += l + "\n";
        CHECK(all.find("GBP ") != std::string::npos);
        CHECK(all.find("chain hop 1") != std::string::npos);
        // Every payment is cited with its evidence number and locator.
        for (const auto& e : f.events)
            if (e.kind == "transaction")
                CHECK_MESSAGE(all.find("#" + std::to_string(e.id) + "  " + e.time) != std::string::npos,
                              e.id);
    }

    TEST_CASE(
        "exhibit --chart timeline and money: PDF, SVG and PNG, byte-identical for the same --at, audited") {
        DemoCase d;
        for (const char* chart : {"timeline", "money"})
            for (const char* ext : {"pdf", "svg", "png"}) {
                const auto a = (d.dir / (std::string(chart) + "-a." + ext)).string();
                const auto b = (d.dir / (std::string(chart) + "-b." + ext)).string();
                auto r =
                    run_cli({"exhibit", d.path, "--chart", chart, a, "--at", "2024-06-01", "--ref", "DT/2"});
                REQUIRE_MESSAGE(r.exit_code == 0, r.err);
                REQUIRE(
                    run_cli({"exhibit", d.path, "--chart", chart, b, "--at", "2024-06-01", "--ref", "DT/2"})
                        .exit_code == 0);
                const auto bytes = test::read_file(a);
                CHECK_MESSAGE(bytes == test::read_file(b), chart, ".", ext);
                if (std::string(ext) == "pdf") {
                    CHECK(bytes.compare(0, 5, "%PDF-") == 0);
                    // The chart and its source pages.
                    std::size_t pages = 0;
                    for (auto at = bytes.find("/Type /Page %"); at != std::string::npos;
                         at = bytes.find("/Type /Page %", at + 1))
                        ++pages;
                    CHECK(pages >= 2);
                }
                if (std::string(ext) == "png") {
                    REQUIRE(bytes.size() > 24);
                    const auto u = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
                    const auto height = (u(20) << 24) | (u(21) << 16) | (u(22) << 8) | u(23);
                    CHECK(height % 1190 == 0); // whole A4 pages at 2x
                    CHECK(height >= 2 * 1190);
                }
            }
        const auto cf = store::CaseFile::open_read_only(d.path);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM audit_log WHERE action = 'export.exhibit'") == 12);
        CHECK(run_cli({"exhibit", d.path, "--chart", "pie", (d.dir / "x.pdf").string()}).exit_code == 2);
    }
}
