// The timeline's bins and axis ticks follow the case's display time zone: ticks sit on bin boundaries
// (local midnights, month starts, whole hours…) at every zoom, and DST change days in Europe/London are
// 23 and 25 hours long. Expected instants are written out from the UK's published clock changes.
#include "store/time.hpp"
#include "ui/timeline_model.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <set>

using namespace casegraph;
using namespace casegraph::ui;

namespace {
inline namespace timeline_axis_fixture {

// An instant given as a UTC wall time.
std::int64_t utc(int y, int mo, int d, int h = 0, int mi = 0) {
    return store::civil_to_utc_ms({y, mo, d, h, mi, 0, 0});
}

TimelineModel view(const std::string& zone, std::int64_t from, std::int64_t to) {
    TimelineModel tl;
    tl.assign({from, to});
    tl.set_zone(zone);
    tl.view_from = from;
    tl.view_to = to;
    return tl;
}

std::vector<std::string> labels(const std::vector<AxisTick>& ticks) {
    std::vector<std::string> out;
    for (const auto& t : ticks)
        out.push_back(t.label);
    return out;
}

std::vector<std::int64_t> instants(const std::vector<AxisTick>& ticks) {
    std::vector<std::int64_t> out;
    for (const auto& t : ticks)
        out.push_back(t.ms);
    return out;
}

} // namespace timeline_axis_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("daily bins put their ticks on midnight and label them with the date, not a time of day") {
        // The view starts at 19:06 (the old axis labelled that instant "2024-01-11 19:06").
        auto tl = view("", utc(2024, 1, 11, 19, 6), utc(2024, 1, 16, 19, 6));
        CHECK(tl.bucket_width(10) == 24LL * 3600 * 1000);
        CHECK(tl.zone_name() == "UTC");
        const auto t = tl.ticks(10, 10);
        CHECK(labels(t) ==
              std::vector<std::string>{"2024-01-12", "2024-01-13", "2024-01-14", "2024-01-15", "2024-01-16"});
        CHECK(instants(t) == std::vector<std::int64_t>{utc(2024, 1, 12), utc(2024, 1, 13), utc(2024, 1, 14),
                                                       utc(2024, 1, 15), utc(2024, 1, 16)});
        const auto b = tl.buckets(10);
        REQUIRE(b.size() == 6);
        CHECK(b.front().start_ms == utc(2024, 1, 11));
        CHECK(b.back().end_ms == utc(2024, 1, 17));
    }

    TEST_CASE("Europe/London days run from local midnight: 23 hours when the clocks go forward, 25 back") {
        auto spring = view("Europe/London", utc(2024, 3, 29, 12), utc(2024, 4, 2, 12));
        CHECK(spring.zone_name() == "Europe/London");
        const auto b = spring.buckets(10);
        REQUIRE(b.size() == 5);                     // 29, 30, 31 March, 1, 2 April
        CHECK(b[2].start_ms == utc(2024, 3, 31));   // midnight GMT
        CHECK(b[2].end_ms == utc(2024, 3, 31, 23)); // midnight BST
        CHECK(b[3].end_ms == utc(2024, 4, 1, 23));  // a whole BST day
        CHECK(labels(spring.ticks(10, 10)) ==
              std::vector<std::string>{"2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02"});
        CHECK(instants(spring.ticks(10, 10)) == std::vector<std::int64_t>{utc(2024, 3, 30), utc(2024, 3, 31),
                                                                          utc(2024, 3, 31, 23),
                                                                          utc(2024, 4, 1, 23)});
        auto autumn = view("Europe/London", utc(2024, 10, 26, 12), utc(2024, 10, 28, 12));
        const auto a = autumn.buckets(5);
        REQUIRE(a.size() == 3);
        CHECK(a[1].start_ms == utc(2024, 10, 26, 23)); // 27 October starts at midnight BST
        CHECK(a[1].end_ms == utc(2024, 10, 28));       // and ends at midnight GMT, 25 hours later
    }

    TEST_CASE("hourly ticks on a DST change day are whole local hours, the repeated hour told apart") {
        auto spring = view("Europe/London", utc(2024, 3, 31, 0), utc(2024, 3, 31, 4));
        CHECK(spring.bucket_width(10) == 3600LL * 1000);
        CHECK(labels(spring.ticks(10, 10)) ==
              std::vector<std::string>{"2024-03-31 00:00", "02:00 BST", "03:00", "04:00", "05:00"});
        auto autumn = view("Europe/London", utc(2024, 10, 26, 23), utc(2024, 10, 27, 3));
        const auto t = autumn.ticks(10, 10);
        CHECK(labels(t) ==
              std::vector<std::string>{"2024-10-27 00:00", "01:00", "01:00 GMT", "02:00", "03:00"});
        CHECK(instants(t) == std::vector<std::int64_t>{utc(2024, 10, 26, 23), utc(2024, 10, 27, 0),
                                                       utc(2024, 10, 27, 1), utc(2024, 10, 27, 2),
                                                       utc(2024, 10, 27, 3)});
        // Six-hour bins follow the local clock: 00–06 is five hours on the spring day.
        auto six = view("Europe/London", utc(2024, 3, 30, 0), utc(2024, 4, 1, 0));
        CHECK(six.bucket_width(10) == 6 * 3600LL * 1000);
        const auto b = six.buckets(10);
        const auto it =
            std::find_if(b.begin(), b.end(), [](const Bucket& x) { return x.start_ms == utc(2024, 3, 31); });
        REQUIRE(it != b.end());
        CHECK(it->end_ms == utc(2024, 3, 31, 5)); // 06:00 BST
    }

    TEST_CASE("whole hours in a half-hour zone are on the half hour in UTC") {
        auto tl = view("Asia/Kolkata", utc(2024, 1, 10, 0), utc(2024, 1, 10, 6));
        const auto b = tl.buckets(10);
        REQUIRE(!b.empty());
        CHECK(b.front().start_ms == utc(2024, 1, 9, 23, 30)); // 05:00 IST
        const auto t = tl.ticks(10, 10);
        REQUIRE(!t.empty());
        CHECK(t.front().ms == utc(2024, 1, 10, 0, 30));
        CHECK(t.front().label == "2024-01-10 06:00");
        CHECK(t[1].label == "07:00");
    }

    TEST_CASE("month and year bins start on the first of the month and of January in the zone") {
        auto months = view("Europe/London", utc(2024, 1, 15), utc(2024, 8, 15));
        CHECK(TimelineModel::width_name(months.bucket_width(10)) == "1 month");
        const auto b = months.buckets(10);
        REQUIRE(b.size() == 8);
        CHECK(b[0].start_ms == utc(2024, 1, 1));
        CHECK(b[3].start_ms == utc(2024, 3, 31, 23)); // 1 April, midnight BST
        CHECK(b[7].end_ms == utc(2024, 8, 31, 23));
        const auto t = months.ticks(10, 10);
        CHECK(labels(t) == std::vector<std::string>{"2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
                                                    "2024-07", "2024-08"});
        CHECK(t[2].ms == utc(2024, 3, 31, 23));
        auto years = view("Europe/London", utc(2019, 6, 1), utc(2024, 6, 1));
        CHECK(TimelineModel::width_name(years.bucket_width(10)) == "1 year");
        CHECK(labels(years.ticks(10, 10)) ==
              std::vector<std::string>{"2020", "2021", "2022", "2023", "2024"});
        CHECK(years.ticks(10, 10).front().ms == utc(2020, 1, 1));
        CHECK(years.buckets(10).front().start_ms == utc(2019, 1, 1));
    }

    TEST_CASE("weekly bins start on Monday at local midnight") {
        auto tl = view("Europe/London", utc(2024, 1, 3), utc(2024, 6, 1));
        CHECK(TimelineModel::width_name(tl.bucket_width(30)) == "1 week");
        const auto b = tl.buckets(30);
        REQUIRE(b.size() > 13);
        CHECK(b[0].start_ms == utc(2024, 1, 1));       // Monday 1 January
        CHECK(b[13].start_ms == utc(2024, 3, 31, 23)); // Monday 1 April, BST
        for (const auto& t : tl.ticks(6, 30)) {
            const auto c = store::utc_ms_to_civil(t.ms + 3600 * 1000); // BST or GMT: the same local day
            // 1970-01-05 was a Monday: whole weeks from it.
            const auto days = store::civil_to_utc_ms({c.year, c.month, c.day}) / (24LL * 3600 * 1000);
            CHECK((days - 4) % 7 == 0);
        }
    }

    TEST_CASE("at every zoom from years to minutes every tick is a bin boundary and bins are contiguous") {
        for (const char* zone : {"", "Europe/London", "America/New_York", "Asia/Kolkata"}) {
            auto tl = view(zone, utc(2021, 2, 3, 4, 5), utc(2024, 11, 5, 6, 7));
            for (int step = 0; step < 40; ++step) {
                for (const int max_buckets : {20, 150}) {
                    CAPTURE(zone);
                    CAPTURE(step);
                    CAPTURE(max_buckets);
                    const auto b = tl.buckets(max_buckets);
                    REQUIRE(!b.empty());
                    std::set<std::int64_t> edges{b.front().start_ms};
                    for (std::size_t i = 0; i < b.size(); ++i) {
                        CHECK(b[i].end_ms > b[i].start_ms);
                        if (i > 0)
                            CHECK(b[i].start_ms == b[i - 1].end_ms);
                        edges.insert(b[i].end_ms);
                    }
                    CHECK(b.front().start_ms <= tl.view_from);
                    CHECK(b.back().end_ms >= tl.view_to);
                    const auto t = tl.ticks(12, max_buckets);
                    CHECK(!t.empty());
                    CHECK(t.size() <= 26);
                    for (const auto& x : t)
                        CHECK(edges.count(x.ms) == 1);
                }
                tl.zoom(1.6, utc(2024, 3, 31, 1, 30));
            }
            CHECK(tl.view_to - tl.view_from == 10 * 60'000); // reached the 10-minute floor
        }
    }

    TEST_CASE("an unknown display zone falls back to UTC") {
        auto tl = view("Mars/Olympus", utc(2024, 1, 1), utc(2024, 1, 2));
        CHECK(tl.zone_name() == "UTC");
        CHECK(tl.format_local(utc(2024, 1, 1, 10, 5)) == "2024-01-01 10:05 UTC");
        tl.set_zone("Europe/London");
        CHECK(tl.format_local(utc(2024, 7, 1, 10, 5)) == "2024-07-01 11:05 BST");
    }
}
