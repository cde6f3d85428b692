// `casegraph query --from/--to` and graph::Filter put a date-only record (a bank booking day) on its booking
// day in the CASE zone: it is in a window when that day, from local midnight to the next, overlaps the window
// (graph/zone_days.hpp). A New York case with bookings on 2024-02-20, -21 and -22 and one timed payment.
// Expectations are worked out by hand from the zone rules: EST is UTC-5 all of February 2024, so the New
// York day 2024-02-21 runs from 2024-02-21T05:00Z to 2024-02-22T05:00Z. The old rule took the booking's UTC
// day (2024-02-21T00:00Z to 2024-02-22T00:00Z), so an evening window in New York held the NEXT day's booking.
#include "graph/filter.hpp"
#include "graph/indicator_inputs.hpp"
#include "store/case_file.hpp"
#include "store/evidence.hpp"
#include "store/time.hpp"
#include "store/writer.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;

namespace {
inline namespace zone_filter_fixture {

struct Booking {
    const char* day; // booking date as written in the statement
    const char* locator;
};
// The three bookings; one timed payment at 2024-02-21T10:30-05:00 (row 4).
constexpr Booking kBookings[] = {
    {"2024-02-20", "csv:row=1"}, {"2024-02-21", "csv:row=2"}, {"2024-02-22", "csv:row=3"}};
constexpr const char* kTimed = "2024-02-21T10:30:00-05:00";

std::int64_t at(const std::string& iso) {
    const auto ms = store::parse_iso_instant(iso);
    REQUIRE(ms);
    return *ms;
}

store::Civil civil(const std::string& day) {
    store::Civil c;
    c.year = std::stoi(day.substr(0, 4));
    c.month = std::stoi(day.substr(5, 2));
    c.day = std::stoi(day.substr(8, 2));
    return c;
}

struct BookingCase {
    test::TempDir dir;
    std::filesystem::path path = dir / "ny.case";
    std::int64_t payer = 0;

    explicit BookingCase(const std::string& zone) {
        auto cf =
            store::CaseFile::create(path, {.region = "US", .tz = zone, .analyst = "DC Test"}, "DC Test");
        test::write_file(dir / "stmt.csv", "stand-in bytes for a bank statement");
        const auto reg = store::register_evidence(cf, dir / "stmt.csv", "DC Test");
        const auto& db = cf.db();
        store::Transaction tx(db);
        const auto run = test::open_test_run(db, reg.info.id);
        store::ImportWriter w(db, reg.info.id, run, reg.info.sha256);
        const auto s0 = w.source("csv:header");
        payer = w.identifier("account_number", "11112222", s0).entity_id;
        const auto payee = w.identifier("account_number", "33334444", s0).entity_id;
        auto add = [&](store::EventTime t, const char* locator) {
            store::EventRecord e;
            e.kind = "transaction";
            e.time = std::move(t);
            e.amount_minor = -1000;
            e.currency = "USD";
            e.parties = {{payer, "payer"}, {payee, "payee"}};
            w.event(e, w.source(locator));
        };
        for (const auto& b : kBookings)
            add(store::time_from_date(civil(b.day), b.day, "date"), b.locator);
        add(store::time_from_unix_ms(at(kTimed), kTimed, "iso"), "csv:row=4");
        store::update_links_for_run(db, run);
        tx.commit();
    }

    // The locators of the events graph::Filter keeps for the window [from, to] (both ends included).
    [[nodiscard]] std::set<std::string> kept(const std::string& from, const std::string& to) const {
        const auto cf = store::CaseFile::open_read_only(path);
        const auto data = graph::CaseData::load(cf.db());
        graph::Filter f;
        f.from_ms = at(from);
        f.to_ms = at(to);
        const auto g = graph::CaseGraph::build(data, f);
        std::vector<std::int64_t> ids;
        for (const auto& l : g.links())
            for (const auto& e : l.events)
                ids.push_back(e.event_id);
        std::set<std::string> out;
        for (const auto& r : graph::evidence_for(cf.db(), ids))
            out.insert(r.locator);
        return out;
    }

    // The payments graph::IndicatorInputs reads for an indicator run over the window [from, to].
    [[nodiscard]] std::set<std::string> indicator_payments(const std::string& from,
                                                           const std::string& to) const {
        const auto cf = store::CaseFile::open_read_only(path);
        const auto data = graph::CaseData::load(cf.db());
        const auto g = graph::CaseGraph::build(data, {});
        graph::IndicatorInputs in(cf.db(), g, at(from), at(to));
        std::vector<std::int64_t> ids;
        for (const auto& t : in.transactions())
            ids.push_back(t.event_id);
        std::set<std::string> out;
        for (const auto& r : graph::evidence_for(cf.db(), ids))
            out.insert(r.locator);
        return out;
    }

    // The same through `casegraph query CASE timeline PAYER --from F --to T --json`.
    [[nodiscard]] std::set<std::string> queried(const std::string& from, const std::string& to) const {
        const auto r = test::run_cli({"query", path.string(), "timeline", "#" + std::to_string(payer),
                                      "--from", from, "--to", to, "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(r.out);
        std::set<std::string> out;
        REQUIRE(j["results"].size() == 1);
        for (const auto& e : j["results"][0]["evidence"])
            out.insert(e["locator"].get<std::string>());
        return out;
    }
};

using Locs = std::set<std::string>;

} // namespace zone_filter_fixture
} // namespace

TEST_SUITE("graph") {
    TEST_CASE("query --from/--to puts a booking on its day in the case zone (New York)") {
        BookingCase c("America/New_York");
        // 10:00-11:00 EST on the 21st: inside New York's 2024-02-21, so the 21st's booking and the 10:30
        // payment. (The UTC day of the 21st overlaps it too: both rules agree here.)
        const Locs morning{"csv:row=2", "csv:row=4"};
        CHECK(c.kept("2024-02-21T10:00:00-05:00", "2024-02-21T11:00:00-05:00") == morning);
        CHECK(c.queried("2024-02-21T10:00:00-05:00", "2024-02-21T11:00:00-05:00") == morning);
        // 00:00-12:00 EST on the 22nd: New York's 22nd only. The 21st's New York day ended at the window's
        // first instant (2024-02-22T05:00Z), so its booking is not in.
        const Locs next_morning{"csv:row=3"};
        CHECK(c.kept("2024-02-22T00:00:00-05:00", "2024-02-22T12:00:00-05:00") == next_morning);
        CHECK(c.queried("2024-02-22T00:00:00-05:00", "2024-02-22T12:00:00-05:00") == next_morning);
        // 20:00-23:00 EST on the 21st (2024-02-22T01:00Z-04:00Z): still New York's 21st, so the 21st's
        // booking; the old UTC rule gave the 22nd's booking here (its UTC day starts 2024-02-22T00:00Z)
        // and not the 21st's (its UTC day ended at 2024-02-22T00:00Z).
        const Locs evening{"csv:row=2"};
        CHECK(c.kept("2024-02-21T20:00:00-05:00", "2024-02-21T23:00:00-05:00") == evening);
        CHECK(c.queried("2024-02-21T20:00:00-05:00", "2024-02-21T23:00:00-05:00") == evening);
        // Indicator windows read payments by the same rule.
        CHECK(c.indicator_payments("2024-02-21T20:00:00-05:00", "2024-02-21T23:00:00-05:00") == evening);
        CHECK(c.indicator_payments("2024-02-21T10:00:00-05:00", "2024-02-21T11:00:00-05:00") == morning);
        // A window ending 1 ms before New York's midnight (the brush [12:00, 00:00) as both-ends-included)
        // does not hold the next day.
        CHECK(c.kept("2024-02-21T12:00:00-05:00", "2024-02-21T23:59:59.999-05:00") == evening);
    }

    TEST_CASE("query --from DAY --to DAY is that day in the case zone, with that day's bookings only") {
        BookingCase c("America/New_York");
        // New York's 2024-02-21: its booking and the 10:30 EST payment. Read as UTC's 21st (19:00 EST on
        // the 20th to 18:59 EST on the 21st) the window would also overlap New York's 20th and take its
        // booking.
        CHECK(c.queried("2024-02-21", "2024-02-21") == Locs{"csv:row=2", "csv:row=4"});
        CHECK(c.queried("2024-02-22", "2024-02-22") == Locs{"csv:row=3"});
        CHECK(c.queried("2024-02-20", "2024-02-22") ==
              Locs{"csv:row=1", "csv:row=2", "csv:row=3", "csv:row=4"});
    }

    TEST_CASE("a case without a zone keeps UTC days for bookings") {
        BookingCase c("");
        // UTC 20:00-23:00 on the 21st: the 21st's UTC day. 01:00-04:00Z on the 22nd: the 22nd's.
        CHECK(c.kept("2024-02-21T20:00:00Z", "2024-02-21T23:00:00Z") == Locs{"csv:row=2"});
        CHECK(c.kept("2024-02-22T01:00:00Z", "2024-02-22T04:00:00Z") == Locs{"csv:row=3"});
        // 15:00Z on the 21st is the timed payment's instant (10:30 EST = 15:30Z lies in 15:00-16:00Z).
        CHECK(c.kept("2024-02-21T15:00:00Z", "2024-02-21T16:00:00Z") == Locs{"csv:row=2", "csv:row=4"});
    }
}
