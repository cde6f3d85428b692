// A date-only event (a bank booking day) belongs to its booking day on the case zone's calendar in every
// part of the timeline: its day's bar, the list a click on that bar opens, the brush that filters the graph
// (which holds it whenever its day overlaps the brush, also for part of a day), and the selected entity's
// lane; and every listed time names its zone. Cases west (New York) and east
// (Tokyo) of UTC, each with a booking and timed events just either side of a local midnight. The expected
// day of each event is read from the fixture's own input: the booking date, or the date part of the local
// time with its offset as written below, never from what the model computes.
#include "store/case_file.hpp"
#include "store/time.hpp"
#include "support/test_support.hpp"
#include "ui/app.hpp"
#include "ui/case_clock.hpp"
#include "ui/detail_model.hpp"
#include "ui/money_model.hpp"
#include "ui/search_model.hpp"
#include "ui/timeline_model.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <set>

using namespace casegraph;
using namespace casegraph::ui;
using casegraph::test::TempDir;

namespace {
inline namespace timeline_dateonly_fixture {

// One event: `when` is a booking day ("2024-03-05", date-only) or a local time with its offset
// ("2024-03-05T22:30:00-05:00"). Each event has its own pair of accounts and its own link (id = event id).
struct FixtureEvent {
    std::int64_t id;
    std::string when;
    std::string body;
};

bool date_only(const FixtureEvent& e) {
    return e.when.size() == 10;
}
std::string day_of(const FixtureEvent& e) { // the local day as written in the input
    return e.when.substr(0, 10);
}
std::int64_t instant(const std::string& iso) {
    const auto t = store::parse_iso_instant(iso);
    REQUIRE(t);
    return *t;
}

store::CaseFile make_case(const std::filesystem::path& path, const std::string& zone,
                          const std::vector<FixtureEvent>& events) {
    auto cf =
        store::CaseFile::create(path, {.case_id = "tz", .region = "US", .tz = zone, .analyst = "t"}, "t");
    const auto& db = cf.db();
    db.exec(R"sql(
INSERT INTO evidence_file(id, sha256, size, original_path, original_name, registered_by, registered_at)
VALUES (1, 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', 10, '/x/stmt.xml', 'stmt.xml', 't', '2024-04-01T00:00:00Z');
INSERT INTO import_run(id, evidence_id, importer, importer_version, params, started_at, status)
VALUES (1, 1, 'camt', '1', '{}', '2024-04-01T00:00:00Z', 'ok');
)sql");
    for (const auto& e : events) {
        const auto a = e.id * 10, b = e.id * 10 + 1;
        db.prepare("INSERT INTO source(id, evidence_id, import_run_id, locator) VALUES (?1, 1, 1, ?2)")
            .bind(1, e.id)
            .bind(2, "xml:/Ntry[" + std::to_string(e.id) + "]")
            .run();
        db.prepare("INSERT INTO entity(id, kind, key, label) VALUES (?1, 'account', ?2, ?3), (?4, 'account', "
                   "?5, ?6)")
            .bind(1, a)
            .bind(2, "acct:" + std::to_string(a))
            .bind(3, "A" + std::to_string(a))
            .bind(4, b)
            .bind(5, "acct:" + std::to_string(b))
            .bind(6, "A" + std::to_string(b))
            .run();
        std::optional<std::int64_t> ms;
        std::optional<std::string> day;
        if (date_only(e))
            day = e.when;
        else
            ms = instant(e.when);
        db.prepare(
              "INSERT INTO event(id, kind, source_id, utc_ms, date, precision, time_raw, body, amount_minor, "
              "currency) VALUES (?1, 'transaction', ?1, ?2, ?3, ?4, ?5, ?6, 100, 'USD')")
            .bind(1, e.id)
            .bind(2, ms)
            .bind(3, day)
            .bind(4, day ? "day" : "s")
            .bind(5, e.when)
            .bind(6, e.body)
            .run();
        db.prepare("INSERT INTO event_party(event_id, entity_id, role) VALUES (?1, ?2, 'payer'), (?1, ?3, "
                   "'payee')")
            .bind(1, e.id)
            .bind(2, a)
            .bind(3, b)
            .run();
        db.prepare(
              "INSERT INTO link(id, a, b, kind, directed, count, first_ms, last_ms, first_date, last_date, "
              "currency, total_minor) VALUES (?1, ?2, ?3, 'transaction', 1, 1, ?4, ?4, ?5, ?5, 'USD', 100)")
            .bind(1, e.id)
            .bind(2, a)
            .bind(3, b)
            .bind(4, ms)
            .bind(5, day)
            .run();
        db.prepare("INSERT INTO link_event(link_id, event_id) VALUES (?1, ?1)").bind(1, e.id).run();
        db.prepare("INSERT INTO search(text, target_kind, target_id) VALUES (?1, 'event', ?2)")
            .bind(1, e.body)
            .bind(2, e.id)
            .run();
    }
    return cf;
}

std::set<std::int64_t> ids_on(const std::vector<FixtureEvent>& events, const std::string& day) {
    std::set<std::int64_t> out;
    for (const auto& e : events)
        if (day_of(e) == day)
            out.insert(e.id);
    return out;
}

template <class C> std::set<std::int64_t> ids_of(const C& listed) {
    std::set<std::int64_t> out;
    for (const auto& e : listed)
        out.insert(e.id);
    return out;
}

std::set<std::int64_t> links_of(const std::unordered_set<std::int64_t>& links) {
    return {links.begin(), links.end()};
}

// Checks one case: `midnights` are the local midnights of the days in `days` and the day after the last,
// written as local times with their offsets (the zone's published offsets on those dates).
void check_days(const std::string& zone, const std::vector<FixtureEvent>& events,
                const std::vector<std::string>& days, const std::vector<std::string>& midnights) {
    TempDir dir;
    { auto cf = make_case(dir / "t.case", zone, events); }
    App app;
    app.apply({Intent::Op::open, (dir / "t.case").string()});
    app.graph.layout().stop();
    REQUIRE(app.has_case());
    const auto& tl = app.timeline;
    const auto& db = app.cf->db();
    CHECK(tl.zone_name() == zone);
    CHECK(tl.event_count() == events.size());
    CHECK(tl.date_only_count() ==
          std::count_if(events.begin(), events.end(), [](const FixtureEvent& e) { return date_only(e); }));
    REQUIRE(midnights.size() == days.size() + 1);

    // Daily bars over the days: each bar runs from one local midnight to the next.
    TimelineModel view = tl;
    view.view_from = instant(midnights.front());
    view.view_to = instant(midnights.back());
    const auto bars = view.buckets(static_cast<int>(days.size()) + 1);
    REQUIRE(bars.size() == days.size());
    for (std::size_t i = 0; i < days.size(); ++i) {
        CAPTURE(days[i]);
        const auto from = instant(midnights[i]), to = instant(midnights[i + 1]);
        CHECK(bars[i].start_ms == from);
        CHECK(bars[i].end_ms == to);
        const auto expected = ids_on(events, days[i]);
        CHECK(bars[i].count == static_cast<std::int64_t>(expected.size()));

        // Clicking the bar lists exactly its events, each time in the case zone with the zone named.
        app.apply({Intent::Op::open_bucket, "", static_cast<double>(from), static_cast<double>(to)});
        CHECK(ids_of(app.bucket_events) == expected);
        for (const auto& row : app.bucket_events) {
            const auto& e = *std::find_if(events.begin(), events.end(),
                                          [&](const FixtureEvent& f) { return f.id == row.id; });
            CHECK(row.date_only == date_only(e));
            // "2024-03-05 (date only)", or the input's own local date and time followed by the zone.
            const auto shown = tl.when(row);
            if (date_only(e))
                CHECK(shown == e.when + " (date only)");
            else
                CHECK(shown.rfind(e.when.substr(0, 10) + " " + e.when.substr(11, 5) + " ", 0) == 0);
        }
        // The script's "bucket DAY" opens the same bar.
        app.apply(*parse_script_line("bucket " + days[i]));
        CHECK(ids_of(app.bucket_events) == expected);
        CHECK(app.bucket_title == tl.format_local(from) + " - " + tl.format_local(to));

        // Brushing that day keeps exactly its events' links in the graph.
        app.apply({Intent::Op::brush, "", static_cast<double>(from), static_cast<double>(to)});
        CHECK(links_of(app.timeline.links_in_brush()) == expected);
        for (const auto& e : events) {
            CAPTURE(e.id);
            CHECK(app.graph.node_visible(*app.graph.node_of(e.id * 10)) == (expected.count(e.id) == 1));
        }
        app.apply({Intent::Op::clear_brush});

        // Each event's lane mark lies in its own day's bar.
        for (auto id : expected) {
            const auto lane = tl.entity_times(db, id * 10);
            REQUIRE(lane.size() == 1);
            CHECK(lane[0] >= from);
            CHECK(lane[0] < to);
        }
    }
}

// New York: EST is UTC-5 until 2024-03-10, so 22:30 EST on the 5th is 03:30 UTC on the 6th.
const std::vector<FixtureEvent>& new_york_events() {
    static const std::vector<FixtureEvent> events{{1, "2024-03-05", "booked on the 5th"},
                                                  {2, "2024-03-05T22:30:00-05:00", "late on the 5th"},
                                                  {3, "2024-03-04T23:45:00-05:00", "just before the 5th"},
                                                  {4, "2024-03-05T00:10:00-05:00", "just after midnight"},
                                                  {5, "2024-03-06", "booked on the 6th"}};
    return events;
}

// Tokyo: JST is UTC+9, so 00:15 on the 5th is 15:15 UTC on the 4th.
const std::vector<FixtureEvent>& tokyo_events() {
    static const std::vector<FixtureEvent> events{{1, "2024-03-05", "booked on the 5th"},
                                                  {2, "2024-03-05T00:15:00+09:00", "early on the 5th"},
                                                  {3, "2024-03-04T23:50:00+09:00", "late on the 4th"},
                                                  {4, "2024-03-05T23:55:00+09:00", "late on the 5th"},
                                                  {5, "2024-03-04", "booked on the 4th"}};
    return events;
}

// A brush [from, to) given as local times with offsets: the graph keeps exactly the links of `expected`
// (booking days overlapping the brush, instants inside it), and a click list over the same window lists them.
void check_brush(const std::string& zone, const std::vector<FixtureEvent>& events,
                 const std::string& from_iso, const std::string& to_iso,
                 const std::set<std::int64_t>& expected) {
    CAPTURE(zone);
    CAPTURE(from_iso);
    CAPTURE(to_iso);
    TempDir dir;
    { auto cf = make_case(dir / "t.case", zone, events); }
    App app;
    app.apply({Intent::Op::open, (dir / "t.case").string()});
    app.graph.layout().stop();
    REQUIRE(app.has_case());
    const auto from = instant(from_iso), to = instant(to_iso);
    app.apply({Intent::Op::brush, "", static_cast<double>(from), static_cast<double>(to)});
    CHECK(links_of(app.timeline.links_in_brush()) == expected);
    for (const auto& e : events) {
        CAPTURE(e.id);
        CHECK(app.graph.node_visible(*app.graph.node_of(e.id * 10)) == (expected.count(e.id) == 1));
    }
    CHECK(ids_of(app.timeline.events_in(app.cf->db(), from, to)) == expected);
}

} // namespace timeline_dateonly_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("New York: a booking day and the evening before UTC midnight stay on their local day") {
        check_days("America/New_York", new_york_events(), {"2024-03-04", "2024-03-05", "2024-03-06"},
                   {"2024-03-04T00:00:00-05:00", "2024-03-05T00:00:00-05:00", "2024-03-06T00:00:00-05:00",
                    "2024-03-07T00:00:00-05:00"});
    }

    TEST_CASE(
        "Tokyo: a booking day and the early morning before UTC's date changes stay on their local day") {
        check_days("Asia/Tokyo", tokyo_events(), {"2024-03-04", "2024-03-05", "2024-03-06"},
                   {"2024-03-04T00:00:00+09:00", "2024-03-05T00:00:00+09:00", "2024-03-06T00:00:00+09:00",
                    "2024-03-07T00:00:00+09:00"});
    }

    TEST_CASE(
        "Santiago: a booking on the day DST skips midnight is in that day's bar, which starts at 01:00") {
        // 2024-09-08 the clocks went from 00:00 -04 to 01:00 -03: the day starts at 01:00 -03 (04:00 UTC).
        const std::vector<FixtureEvent> events{{1, "2024-09-08", "booked on the 8th"},
                                               {2, "2024-09-07T23:59:00-04:00", "last minute of the 7th"},
                                               {3, "2024-09-08T01:00:00-03:00", "first minute of the 8th"}};
        check_days("America/Santiago", events, {"2024-09-07", "2024-09-08"},
                   {"2024-09-07T00:00:00-04:00", "2024-09-08T01:00:00-03:00", "2024-09-09T00:00:00-03:00"});
    }

    TEST_CASE("a brush over part of a day holds that day's bookings; one ending at local midnight not the "
              "next day's") {
        // A booking's day runs from its local midnight to the next (EST is UTC-5, JST UTC+9), and a brush
        // [from, to) holds it when the two overlap.
        const auto& ny = new_york_events();
        // 10:00-14:00 on the 5th: the 5th's booking, no timed event.
        check_brush("America/New_York", ny, "2024-03-05T10:00:00-05:00", "2024-03-05T14:00:00-05:00", {1});
        // 20:00 on the 5th to the 6th's midnight: the 5th's booking and 22:30; the 6th starts at the end.
        check_brush("America/New_York", ny, "2024-03-05T20:00:00-05:00", "2024-03-06T00:00:00-05:00", {1, 2});
        // 23:00 on the 5th to 01:00 on the 6th: both days' bookings and 22:30 is before it.
        check_brush("America/New_York", ny, "2024-03-05T23:00:00-05:00", "2024-03-06T01:00:00-05:00", {1, 5});
        const auto& tokyo = tokyo_events();
        check_brush("Asia/Tokyo", tokyo, "2024-03-05T10:00:00+09:00", "2024-03-05T14:00:00+09:00", {1});
        // 20:00 on the 4th to the 5th's midnight: the 4th's booking and 23:50, not the 5th's booking.
        check_brush("Asia/Tokyo", tokyo, "2024-03-04T20:00:00+09:00", "2024-03-05T00:00:00+09:00", {3, 5});
    }

    TEST_CASE("event times elsewhere name the case zone; a date-only one is a date, never 00:00") {
        TempDir dir;
        const std::vector<FixtureEvent> events{{1, "2024-03-05", "rent booking"},
                                               {2, "2024-03-05T22:30:00-05:00", "late transfer"}};
        auto cf = make_case(dir / "t.case", "America/New_York", events);
        const auto booked = load_event(cf.db(), 1);
        REQUIRE(booked);
        CHECK(booked->when == "2024-03-05 (date only)");
        const auto timed = load_event(cf.db(), 2);
        REQUIRE(timed);
        // Local time, zone abbreviation, and the recorded instant in UTC (22:30 -05:00 = 03:30 UTC next day).
        CHECK(timed->when == "2024-03-05 22:30 EST (2024-03-06 03:30 UTC)");
        const auto payer = load_entity(cf.db(), 20);
        REQUIRE(payer);
        REQUIRE(payer->links.size() == 1);
        CHECK(payer->links[0].first == "2024-03-05 22:30 EST");
        CHECK(load_entity(cf.db(), 10)->links[0].first == "2024-03-05 (date only)");
        SearchModel s;
        s.query = "late transfer";
        s.run(cf.db());
        REQUIRE(s.rows.size() == 1);
        CHECK(s.rows[0].when == "2024-03-05 22:30 EST");
        s.query = "rent booking";
        s.run(cf.db());
        REQUIRE(s.rows.size() == 1);
        CHECK(s.rows[0].when == "2024-03-05 (date only)");
        MoneyModel m;
        m.load(cf.db());
        REQUIRE(m.flows.size() == 2);
        std::set<std::string> firsts;
        for (const auto& f : m.flows)
            firsts.insert(f.first);
        CHECK(firsts == std::set<std::string>{"2024-03-05 (date only)", "2024-03-05 22:30 EST"});
    }

    TEST_CASE("the case clock reads days strictly and names UTC when the case has no zone") {
        CHECK(CaseClock::parse_day("2024-02-29") == CaseClock::parse_day("2024-03-01").value() - 1);
        CHECK_FALSE(CaseClock::parse_day("2023-02-29"));
        CHECK_FALSE(CaseClock::parse_day("2024-3-5"));
        CHECK_FALSE(CaseClock::parse_day("2024-03-05T10:00"));
        CHECK(CaseClock::day_text(*CaseClock::parse_day("1969-12-31")) == "1969-12-31");
        const CaseClock utc("");
        CHECK(utc.zone_name() == "UTC");
        CHECK(CaseClock("Not/AZone").zone_name() == "UTC");
        CHECK(utc.format(*store::parse_iso_instant("2024-03-06T03:30:00Z")) == "2024-03-06 03:30 UTC");
        CHECK(utc.format_event(std::nullopt, std::nullopt).empty());
        const CaseClock ny("America/New_York");
        // A window of one New York day holds that day only; half a day holds that day; a window ending at
        // a local midnight does not hold the day starting there; one starting 1 ms early holds the day
        // before.
        const auto d5 = *CaseClock::parse_day("2024-03-05");
        const auto from = *store::parse_iso_instant("2024-03-05T00:00:00-05:00");
        CHECK(ny.day_start(d5) == from);
        CHECK(ny.days_overlapping(from, from + 24 * 3600000) == std::pair{d5, d5});
        CHECK(ny.days_overlapping(from + 1, from + 12 * 3600000) == std::pair{d5, d5});
        CHECK(ny.days_overlapping(from + 10 * 3600000, from + 24 * 3600000) == std::pair{d5, d5});
        CHECK(ny.days_overlapping(from - 1, from + 48 * 3600000) == std::pair{d5 - 1, d5 + 1});
        CHECK_FALSE(ny.days_overlapping(from, from));
    }

    TEST_CASE("a case that fails to open leaves the open case and its layout running") {
        TempDir dir;
        { auto cf = make_case(dir / "a.case", "UTC", {{1, "2024-03-05T10:00:00Z", "x"}}); }
        App app;
        app.apply({Intent::Op::open, (dir / "a.case").string()});
        REQUIRE(app.graph.layout().running());
        CHECK_THROWS(app.apply({Intent::Op::open, (dir / "missing.case").string()}));
        CHECK(app.has_case());
        CHECK(app.cf->path() == dir / "a.case");
        CHECK(app.graph.layout().running());
        // A stopped layout starts again on Re-run / Restart instead of queueing commands nobody reads.
        app.graph.layout().stop();
        CHECK_FALSE(app.graph.layout().running());
        app.apply(*parse_script_line("rerun"));
        CHECK(app.graph.layout().running());
        app.graph.layout().stop();
        app.apply({Intent::Op::layout_restart});
        CHECK(app.graph.layout().running());
        app.graph.layout().stop();
    }
}
