// An export's time window and the timeline exhibit read days in the case zone, as the UI timeline does:
// a booking day (date only) belongs to a window when its day in the case's --tz overlaps it (for whole
// local days: exactly those days; for part of a day: that day), and a day bucket runs from local midnight.
// New York (west of UTC) and Tokyo (east) cases with bookings on adjacent days and timed messages around
// local midnight; every expectation is computed from the fixture's input (the dates as written, the wall
// times through store::local_to_utc), not from export.
#include "export/bundle.hpp"
#include "export/csv.hpp"
#include "export/exhibit_timeline.hpp"
#include "export_fixture.hpp"
#include "store/evidence.hpp"
#include "store/time.hpp"
#include "store/writer.hpp"

#include <doctest/doctest.h>
#include <map>
#include <set>

using namespace casegraph;

namespace test_zone_window {
namespace {

// One record of the fixture: a booking (date only, on `day`) or a message at local wall time `day`
// + hh:mm:ss in the case zone.
struct Input {
    std::string day; // YYYY-MM-DD, the local day the record belongs to
    bool booking = false;
    int h = 0, m = 0, s = 0;
};

const std::vector<Input>& inputs() {
    static const std::vector<Input> in{{"2024-03-04", true},          {"2024-03-05", true},
                                       {"2024-03-05", true},          {"2024-03-06", true},
                                       {"2024-03-04", false, 23, 59}, {"2024-03-05", false, 0, 0},
                                       {"2024-03-05", false, 0, 30},  {"2024-03-05", false, 8, 0},
                                       {"2024-03-05", false, 20, 0},  {"2024-03-05", false, 23, 59, 59},
                                       {"2024-03-06", false, 0, 0},   {"2024-03-06", false, 0, 1},
                                       {"2024-02-26", true},          {"2024-03-14", true},
                                       {"2024-03-14", false, 23, 30}};
    return in;
}

store::Civil civil(const std::string& day, int h = 0, int m = 0, int s = 0) {
    store::Civil c;
    c.year = std::stoi(day.substr(0, 4));
    c.month = std::stoi(day.substr(5, 2));
    c.day = std::stoi(day.substr(8, 2));
    c.hour = h;
    c.minute = m;
    c.second = s;
    return c;
}

std::int64_t local_ms(const std::string& zone, const std::string& day, int h = 0, int m = 0, int s = 0) {
    const auto c = store::local_to_utc(civil(day, h, m, s), zone);
    REQUIRE(c);
    return c->utc_ms;
}

std::string next_day(const std::string& day) {
    return store::format_utc_ms(store::civil_to_utc_ms(civil(day)) + 86'400'000).substr(0, 10);
}

std::string locator(std::size_t i) {
    return "csv:row=" + std::to_string(i + 1);
}

struct ZoneCase {
    test::TempDir dir;
    std::string zone;
    store::CaseFile cf;
    std::int64_t phone = 0, friend_phone = 0, account = 0, payee = 0;

    explicit ZoneCase(std::string z)
        : zone(std::move(z)),
          cf(store::CaseFile::create(dir / "tz.case", {.region = "US", .tz = zone, .analyst = "DC Test"},
                                     "DC Test")) {
        test::write_file(dir / "records.csv", "stand-in bytes for a statement and a chat export");
        const auto reg = store::register_evidence(cf, dir / "records.csv", "DC Test");
        const auto& db = cf.db();
        store::Transaction tx(db);
        const auto run = test::open_test_run(db, reg.info.id);
        store::ImportWriter w(db, reg.info.id, run, reg.info.sha256);
        const auto s0 = w.source("csv:header");
        phone = w.identifier("phone", "+1 202 555 0101", s0, {"US", "evidence"}).entity_id;
        friend_phone = w.identifier("phone", "+1 202 555 0199", s0, {"US", "evidence"}).entity_id;
        account = w.identifier("account_number", "11112222", s0).entity_id;
        payee = w.identifier("account_number", "33334444", s0).entity_id;
        for (std::size_t i = 0; i < inputs().size(); ++i) {
            const auto& r = inputs()[i];
            store::EventRecord e;
            if (r.booking) {
                e.kind = "transaction";
                e.time = store::time_from_date(civil(r.day), r.day, "date");
                e.amount_minor = -1000 - static_cast<std::int64_t>(i);
                e.currency = "USD";
                e.parties = {{account, "payer"}, {payee, "payee"}};
            } else {
                const auto ms = local_ms(zone, r.day, r.h, r.m, r.s);
                e.kind = "message";
                e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
                e.body = "message " + std::to_string(i);
                e.parties = {{phone, "sender"}, {friend_phone, "recipient"}};
            }
            w.event(e, w.source(locator(i)));
        }
        store::update_links_for_run(db, run);
        tx.commit();
    }

    exporter::BundleResult bundle(const std::string& from, const std::string& to) const {
        exporter::BundleOptions o;
        o.at = 1'717'200'000;
        o.actor = "DC Test";
        o.tool_version = "test";
        o.from = from;
        o.to = to;
        return exporter::build_bundle(cf, o);
    }
};

// The locators the fixture says belong to `day`.
std::set<std::string> expected_on(const std::string& day) {
    std::set<std::string> out;
    for (std::size_t i = 0; i < inputs().size(); ++i)
        if (inputs()[i].day == day)
            out.insert(locator(i));
    return out;
}

// The locators of a facts/events.csv.
std::set<std::string> csv_locators(const std::string& events_csv) {
    std::set<std::string> out;
    const auto rows = exporter::csv_parse(events_csv);
    REQUIRE(!rows.empty());
    const auto col =
        static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), "locator") - rows[0].begin());
    REQUIRE(col < rows[0].size());
    for (std::size_t i = 1; i < rows.size(); ++i)
        out.insert(rows[i][col]);
    return out;
}

std::set<std::string> csv_locators(const exporter::BundleResult& r) {
    for (const auto& m : r.members)
        if (m.path == "facts/events.csv")
            return csv_locators(m.bytes);
    FAIL("no facts/events.csv in the bundle");
    return {};
}

std::set<std::string> fact_locators(const exporter::BundleResult& r) {
    std::set<std::string> out;
    for (const auto& e : r.facts.events)
        out.insert(e.locator);
    return out;
}

void check_one_day(const std::string& zone) {
    ZoneCase c(zone);
    const std::string day = "2024-03-05";
    const auto want = expected_on(day);
    REQUIRE(want.size() == 7); // 2 bookings and 5 messages of the fixture's 2024-03-05
    // As the CLI gives it: --from DAY --to DAY, a day in the case zone.
    {
        const auto r = c.bundle(day, day);
        CHECK(fact_locators(r) == want);
        CHECK(csv_locators(r) == want);
    }
    // As the export dialog gives a one-day brush [local midnight, next local midnight): instants, the end
    // 1 ms before the next day's start.
    {
        const auto from = local_ms(zone, day), to = local_ms(zone, next_day(day));
        const auto r = c.bundle(store::format_utc_ms(from), store::format_utc_ms(to - 1));
        CHECK(fact_locators(r) == want);
        CHECK(csv_locators(r) == want);
    }
    // The neighbouring days alone: their own records, none of 2024-03-05's.
    for (const std::string other : {"2024-03-04", "2024-03-06"}) {
        const auto r = c.bundle(other, other);
        CHECK(fact_locators(r) == expected_on(other));
    }
}

// The fixture's records in a window of local wall times on 2024-03-05, [h_from:00, h_to:00) as the export
// dialog passes a brush (the end 1 ms before): the messages whose wall time lies in it, and every booking
// whose day overlaps it — the 5th's, since the window is inside the 5th.
std::set<std::string> expected_part_of_5th(int h_from, int h_to) {
    std::set<std::string> out;
    for (std::size_t i = 0; i < inputs().size(); ++i) {
        const auto& r = inputs()[i];
        if (r.day != "2024-03-05")
            continue;
        const int sec = r.h * 3600 + r.m * 60 + r.s;
        if (r.booking || (sec >= h_from * 3600 && sec < h_to * 3600))
            out.insert(locator(i));
    }
    return out;
}

void check_part_day(const std::string& zone) {
    ZoneCase c(zone);
    const std::string day = "2024-03-05";
    const auto window = [&](int h_from, int h_to) {
        const auto from = local_ms(zone, day, h_from);
        const auto to = h_to < 24 ? local_ms(zone, day, h_to) : local_ms(zone, next_day(day));
        return fact_locators(c.bundle(store::format_utc_ms(from), store::format_utc_ms(to - 1)));
    };
    // 10:00-14:00: no message, both of the 5th's bookings (booked that day, though the day starts before).
    const auto midday = expected_part_of_5th(10, 14);
    CHECK(midday == std::set<std::string>{locator(1), locator(2)});
    CHECK(window(10, 14) == midday);
    // 20:00 to the next local midnight: the 20:00 and 23:59:59 messages and the 5th's bookings; not the
    // 6th's booking, whose day starts where the window ends.
    const auto evening = expected_part_of_5th(20, 24);
    CHECK(evening.size() == 4);
    CHECK(window(20, 24) == evening);
}

// The timeline exhibit over a window of whole local days: per lane, one mark per local day, starting at
// local midnight, holding that day's records.
void check_timeline_days(const std::string& zone) {
    ZoneCase c(zone);
    // 20 local days, so the axis has day buckets; New York's 2024-03-10 is 23 hours long (DST starts).
    const auto r = c.bundle("2024-02-26", "2024-03-16");
    REQUIRE(r.facts.events.size() == inputs().size());
    const auto t = exporter::build_timeline(r.facts, {c.phone, c.account}, local_ms(zone, "2024-02-26"),
                                            local_ms(zone, "2024-03-17") - 1);
    CHECK(t.zone == zone);
    REQUIRE(t.bucket == "1 day");
    REQUIRE(t.lanes.size() == 2);
    CHECK(t.start_ms == local_ms(zone, "2024-02-26"));
    // Expected from the input: records per (lane entity, local midnight of their day).
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> want, got;
    for (const auto& in : inputs())
        ++want[{in.booking ? c.account : c.phone, local_ms(zone, in.day)}];
    for (const auto& m : t.marks) {
        CHECK(m.end_ms ==
              local_ms(zone, next_day(store::format_utc_ms(m.start_ms + 43'200'000).substr(0, 10))));
        got[{t.lanes[m.lane].entity, m.start_ms}] += static_cast<std::int64_t>(m.events.size());
    }
    CHECK(got == want);
    CHECK(got.at({c.account, local_ms(zone, "2024-03-05")}) == 2);
    CHECK(got.at({c.phone, local_ms(zone, "2024-03-05")}) == 5);
    // The source notes name the local day of each mark.
    const auto lines = exporter::timeline_source_lines(r.facts, t);
    bool booking_note = false;
    for (const auto& l : lines)
        booking_note = booking_note || (l.find("2024-03-05: transaction 2") != std::string::npos);
    CHECK(booking_note);
}

} // namespace
} // namespace test_zone_window

TEST_SUITE("export") {
    TEST_CASE("a one-day window holds exactly that day's bookings and messages in the case zone: New York") {
        test_zone_window::check_one_day("America/New_York");
    }
    TEST_CASE("a one-day window holds exactly that day's bookings and messages in the case zone: Tokyo") {
        test_zone_window::check_one_day("Asia/Tokyo");
    }
    TEST_CASE("a window of part of a day holds that day's bookings in the case zone: New York, Tokyo") {
        test_zone_window::check_part_day("America/New_York");
        test_zone_window::check_part_day("Asia/Tokyo");
    }
    TEST_CASE("a window of whole local days holds exactly those days' records") {
        for (const std::string zone : {"America/New_York", "Asia/Tokyo"}) {
            CAPTURE(zone);
            test_zone_window::ZoneCase c(zone);
            auto want = test_zone_window::expected_on("2024-03-04");
            for (const auto& l : test_zone_window::expected_on("2024-03-05"))
                want.insert(l);
            CHECK(test_zone_window::fact_locators(c.bundle("2024-03-04", "2024-03-05")) == want);
            // The same days as instants [local midnight of the 4th, local midnight of the 6th - 1 ms].
            const auto from = test_zone_window::local_ms(zone, "2024-03-04");
            const auto to = test_zone_window::local_ms(zone, "2024-03-06");
            CHECK(test_zone_window::fact_locators(
                      c.bundle(store::format_utc_ms(from), store::format_utc_ms(to - 1))) == want);
        }
    }
    TEST_CASE("casegraph export --from DAY --to DAY takes that day in the case zone") {
        test_zone_window::ZoneCase c("America/New_York");
        const auto out = c.dir / "day.zip";
        const auto r = test::run_cli({"export", (c.dir / "tz.case").string(), "--bundle", out.string(),
                                      "--from", "2024-03-05", "--to", "2024-03-05"});
        REQUIRE(r.exit_code == 0);
        CHECK(test_zone_window::csv_locators(test::unzip(out).at("facts/events.csv")) ==
              test_zone_window::expected_on("2024-03-05"));
    }
    TEST_CASE("a one-day window on a sub-day axis draws the booking day from local midnight to the next") {
        for (const std::string zone : {"America/New_York", "Asia/Tokyo"}) {
            test_zone_window::ZoneCase c(zone);
            const auto r = c.bundle("2024-03-05", "2024-03-05");
            const auto from = test_zone_window::local_ms(zone, "2024-03-05");
            const auto to = test_zone_window::local_ms(zone, "2024-03-06");
            const auto t = exporter::build_timeline(r.facts, {c.phone, c.account}, from, to - 1);
            std::int64_t day_marks = 0, timed = 0;
            for (const auto& m : t.marks) {
                if (m.day_only) {
                    ++day_marks;
                    CHECK(m.start_ms == from);
                    CHECK(m.end_ms == to);
                    CHECK(m.events.size() == 2);
                } else {
                    CHECK(m.start_ms >= from);
                    CHECK(m.end_ms <= to);
                    timed += static_cast<std::int64_t>(m.events.size());
                }
            }
            CHECK(day_marks == 1);
            CHECK(timed == 5);
        }
    }
    TEST_CASE("timeline exhibit day buckets are the case zone's days: New York") {
        test_zone_window::check_timeline_days("America/New_York");
    }
    TEST_CASE("timeline exhibit day buckets are the case zone's days: Tokyo") {
        test_zone_window::check_timeline_days("Asia/Tokyo");
    }
}
