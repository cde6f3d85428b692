// Time: ISO 8601 parsing (CONTRACTS.md `T`), wall clock + IANA zone across DST gaps and folds, and
// UTC formatting round trips, checked against the C library's timegm/gmtime_r.
#include "store/time.hpp"

#include <cstdlib>
#include <ctime>
#include <doctest/doctest.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace casegraph;

namespace {

// The independent reference: glibc's timegm, in milliseconds.
std::int64_t utc_ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + ms;
}

store::Civil civil(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
    store::Civil c;
    c.year = y;
    c.month = mo;
    c.day = d;
    c.hour = h;
    c.minute = mi;
    c.second = s;
    c.millis = ms;
    return c;
}

} // namespace

TEST_SUITE("store") {
    TEST_CASE("ISO 8601 dates and date-times are read as CONTRACTS.md `T` describes") {
        struct Case {
            std::string_view text;
            std::int64_t ms;
        };
        const std::vector<Case> cases{
            {"2024-03-01", utc_ms(2024, 3, 1)}, // a date alone is midnight UTC
            {"2024-03-01T10:00", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T10:00:00Z", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T10:00:00", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01 10:00:00", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T10:00Z", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T10:00:07.5Z", utc_ms(2024, 3, 1, 10, 0, 7, 500)},
            {"2024-03-01T10:00:07.123Z", utc_ms(2024, 3, 1, 10, 0, 7, 123)},
            {"2024-03-01T10:00:07.123999Z", utc_ms(2024, 3, 1, 10, 0, 7, 123)}, // below ms: truncated
            {"2024-03-01T10:00:07,25Z", utc_ms(2024, 3, 1, 10, 0, 7, 250)},
            {"2024-03-01T12:00:00+02:00", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T12:00:00+0200", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T12:00+02", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T05:30:00-04:30", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T15:30:00.250+05:30", utc_ms(2024, 3, 1, 10, 0, 0, 250)},
            {"2024-03-02T00:00:00+14:00", utc_ms(2024, 3, 1, 10)},
            {"2024-03-01T00:30:00+01:00", utc_ms(2024, 2, 29, 23, 30)}, // back across a leap day
            {"2024-02-29", utc_ms(2024, 2, 29)},
            {"2000-02-29", utc_ms(2000, 2, 29)}, // divisible by 400: a leap year
            {"1970-01-01T00:00:00Z", 0},
            {"1969-12-31T23:59:59.999Z", -1},
            {"1969-07-20T20:17:40Z", -14182940000},
            {"1900-03-01", utc_ms(1900, 3, 1)},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto got = store::parse_iso_instant(c.text);
            REQUIRE(got);
            CHECK(*got == c.ms);
        }
    }

    TEST_CASE("malformed or impossible ISO 8601 text is refused") {
        for (const std::string_view bad : {
                 "",
                 "garbage",
                 "2024",
                 "2024-03",
                 "2024-3-1",
                 "2024/03/01",
                 "24-03-01",
                 "2024-13-01",
                 "2024-00-10",
                 "2024-02-30",
                 "2023-02-29",
                 "1900-02-29",
                 "2024-04-31",
                 "2024-03-01T",
                 "2024-03-01T10",
                 "2024-03-01T10:0",
                 "2024-03-01T24:00",
                 "2024-03-01T10:60",
                 "2024-03-01T10:00:61",
                 "2024-03-01T10:00:00.",
                 "2024-03-01T10:00:00Zjunk",
                 "2024-03-01T10:00:00 Z",
                 "2024-03-01T10:00:00+",
                 "2024-03-01T10:00:00+2",
                 "2024-03-01T10:00:00+02:",
                 "2024-03-01T10:00:00+02:0",
                 "2024-03-01T10:00:00+02:0000",
                 "2024-03-01T10:00:00+05:99", // minutes of an offset stop at 59
                 "2024-03-01T10:00:00+25:00", // hours of an offset stop at 23
                 "2024-03-01T10:00:00+99",
                 " 2024-03-01",
                 "2024-03-01\n",
                 "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-03-01",
             }) {
            CAPTURE(bad);
            CHECK_FALSE(store::parse_iso_instant(bad));
        }
    }

    TEST_CASE("Europe/London wall clock converts with GMT in winter and BST in summer") {
        const auto winter = store::local_to_utc(civil(2024, 1, 15, 12, 0, 0, 250), "Europe/London");
        REQUIRE(winter);
        CHECK(winter->utc_ms == utc_ms(2024, 1, 15, 12, 0, 0, 250));
        CHECK(winter->offset == "+00:00");
        CHECK_FALSE(winter->ambiguous);
        CHECK_FALSE(winter->skipped);
        const auto summer = store::local_to_utc(civil(2024, 7, 15, 12), "Europe/London");
        REQUIRE(summer);
        CHECK(summer->utc_ms == utc_ms(2024, 7, 15, 11));
        CHECK(summer->offset == "+01:00");
        CHECK_FALSE(summer->ambiguous);
        CHECK_FALSE(summer->skipped);
    }

    TEST_CASE("a wall time in the spring-forward gap is flagged skipped and moved forward by the gap") {
        // 2024-03-31 01:00 GMT the clocks went to 02:00 BST: 01:30 never happened. Read with the offset
        // in force before the change it is 01:30Z, which the clocks showed as 02:30 BST.
        const auto gap = store::local_to_utc(civil(2024, 3, 31, 1, 30), "Europe/London");
        REQUIRE(gap);
        CHECK(gap->skipped);
        CHECK_FALSE(gap->ambiguous);
        CHECK(gap->utc_ms == utc_ms(2024, 3, 31, 1, 30));
        CHECK(gap->offset == "+01:00");
        // Two different times in the gap stay two different, ordered instants.
        const auto early = store::local_to_utc(civil(2024, 3, 31, 1, 15), "Europe/London");
        const auto late = store::local_to_utc(civil(2024, 3, 31, 1, 45), "Europe/London");
        REQUIRE(early);
        REQUIRE(late);
        CHECK(early->utc_ms < gap->utc_ms);
        CHECK(gap->utc_ms < late->utc_ms);
        CHECK(late->utc_ms - early->utc_ms == 30 * 60 * 1000);
        // The hour either side is ordinary.
        const auto before = store::local_to_utc(civil(2024, 3, 31, 0, 59, 59), "Europe/London");
        const auto after = store::local_to_utc(civil(2024, 3, 31, 2, 0), "Europe/London");
        REQUIRE(before);
        REQUIRE(after);
        CHECK_FALSE(before->skipped);
        CHECK_FALSE(after->skipped);
        CHECK(before->utc_ms == utc_ms(2024, 3, 31, 0, 59, 59));
        CHECK(after->utc_ms == utc_ms(2024, 3, 31, 1, 0));
        // New York springs forward at 02:00 EST.
        const auto ny = store::local_to_utc(civil(2024, 3, 10, 2, 30), "America/New_York");
        REQUIRE(ny);
        CHECK(ny->skipped);
        CHECK(ny->utc_ms == utc_ms(2024, 3, 10, 7, 30));
        CHECK(ny->offset == "-04:00");
    }

    TEST_CASE("a wall time in the autumn fold is flagged ambiguous and read as the earlier instant") {
        // 2024-10-27 02:00 BST the clocks went back to 01:00 GMT: 01:30 happened twice.
        const auto fold = store::local_to_utc(civil(2024, 10, 27, 1, 30), "Europe/London");
        REQUIRE(fold);
        CHECK(fold->ambiguous);
        CHECK_FALSE(fold->skipped);
        CHECK(fold->utc_ms == utc_ms(2024, 10, 27, 0, 30));
        CHECK(fold->offset == "+01:00");
        const auto after = store::local_to_utc(civil(2024, 10, 27, 2, 0), "Europe/London");
        REQUIRE(after);
        CHECK_FALSE(after->ambiguous);
        CHECK(after->utc_ms == utc_ms(2024, 10, 27, 2, 0));
        CHECK(after->offset == "+00:00");
        // Sydney leaves daylight saving at 03:00 AEDT (+11) on 2024-04-07.
        const auto syd = store::local_to_utc(civil(2024, 4, 7, 2, 30), "Australia/Sydney");
        REQUIRE(syd);
        CHECK(syd->ambiguous);
        CHECK(syd->utc_ms == utc_ms(2024, 4, 6, 15, 30));
        CHECK(syd->offset == "+11:00");
        // A zone without DST and with a half-hour offset.
        const auto kolkata = store::local_to_utc(civil(2024, 3, 1, 15, 30), "Asia/Kolkata");
        REQUIRE(kolkata);
        CHECK(kolkata->utc_ms == utc_ms(2024, 3, 1, 10));
        CHECK(kolkata->offset == "+05:30");
    }

    TEST_CASE("an unknown zone or an impossible date converts to nothing") {
        CHECK_FALSE(store::local_to_utc(civil(2024, 1, 15, 12), "Mars/Olympus_Mons"));
        CHECK_FALSE(store::local_to_utc(civil(2024, 1, 15, 12), "Europe/Londn"));
        CHECK_FALSE(store::local_to_utc(civil(2024, 1, 15, 12), ""));
        CHECK_FALSE(store::local_to_utc(civil(2024, 2, 30, 12), "Europe/London"));
        CHECK_FALSE(store::local_to_utc(civil(2024, 1, 15, 25), "Europe/London"));
        CHECK_FALSE(store::is_known_zone("Mars/Olympus_Mons"));
        CHECK_FALSE(store::is_known_zone(""));
        CHECK(store::is_known_zone("Europe/London"));
        CHECK(store::is_known_zone("UTC"));
    }

    TEST_CASE("UTC formatting and civil conversion agree with gmtime and round-trip, before 1970 too") {
        CHECK(store::format_utc_ms(0) == "1970-01-01T00:00:00.000Z");
        CHECK(store::format_utc_ms(-1) == "1969-12-31T23:59:59.999Z");
        CHECK(store::format_utc_ms(-1000) == "1969-12-31T23:59:59.000Z");
        CHECK(store::format_utc_ms(-1001) == "1969-12-31T23:59:58.999Z");
        CHECK(store::format_utc_ms(-86'400'000) == "1969-12-31T00:00:00.000Z");
        CHECK(store::format_utc_ms(-14182940000) == "1969-07-20T20:17:40.000Z");
        CHECK(store::format_utc_ms(utc_ms(2024, 2, 29, 12, 34, 56, 789)) == "2024-02-29T12:34:56.789Z");
        CHECK(store::format_utc_ms(utc_ms(2000, 2, 29)) == "2000-02-29T00:00:00.000Z");
        CHECK(store::format_utc_ms(utc_ms(1600, 2, 29, 23, 59, 59, 1)) == "1600-02-29T23:59:59.001Z");
        CHECK(store::format_utc_ms(utc_ms(1900, 2, 28, 23, 59, 59)) == "1900-02-28T23:59:59.000Z");
        CHECK(store::format_utc_ms(utc_ms(1900, 3, 1)) == "1900-03-01T00:00:00.000Z");

        // A sweep from year 1 to 9999 in steps that visit every day of the month and leap days.
        const std::int64_t first = utc_ms(1, 1, 1);
        const std::int64_t last = utc_ms(9999, 12, 31, 23, 59, 59, 999);
        const std::int64_t step = 86'400'000LL * 37 + 3'723'457; // 37 days, 1 h 2 min 3.457 s
        int checked = 0;
        for (std::int64_t ms = first; ms <= last; ms += step) {
            std::int64_t secs = ms / 1000;
            if (ms % 1000 < 0)
                --secs;
            const auto t = static_cast<std::time_t>(secs);
            std::tm tm{};
            REQUIRE(::gmtime_r(&t, &tm) != nullptr);
            const auto c = store::utc_ms_to_civil(ms);
            const bool same = c.year == tm.tm_year + 1900 && c.month == tm.tm_mon + 1 &&
                              c.day == tm.tm_mday && c.hour == tm.tm_hour && c.minute == tm.tm_min &&
                              c.second == tm.tm_sec && c.millis == static_cast<int>(ms - secs * 1000);
            if (!same) {
                CAPTURE(ms);
                CHECK(same);
                break;
            }
            if (store::civil_to_utc_ms(c) != ms || store::parse_iso_instant(store::format_utc_ms(ms)) != ms) {
                CAPTURE(ms);
                CHECK(store::civil_to_utc_ms(c) == ms);
                CHECK(store::parse_iso_instant(store::format_utc_ms(ms)) == ms);
                break;
            }
            ++checked;
        }
        CHECK(checked > 90'000);
    }

    TEST_CASE("offsets print as +hh:mm, and the helpers keep what they are given") {
        CHECK(store::format_offset(0) == "+00:00");
        CHECK(store::format_offset(19800) == "+05:30");
        CHECK(store::format_offset(-16200) == "-04:30");
        CHECK(store::format_offset(50400) == "+14:00");
        const auto t = store::time_from_unix_ms(1709287200123, "1709287200123", "unix-ms");
        CHECK(t.utc_ms == 1709287200123);
        CHECK_FALSE(t.date);
        CHECK(t.precision == "ms");
        CHECK(t.offset == "unknown");
        CHECK(t.raw == "1709287200123");
        const auto d = store::time_from_date(civil(2024, 3, 1), "01.03.2024", "camt-date");
        CHECK_FALSE(d.utc_ms); // a day, never midnight UTC
        CHECK(d.date == "2024-03-01");
        CHECK(d.precision == "day");
    }

    TEST_CASE("SOURCE_DATE_EPOCH fixes now for reproducible output") {
        const char* old = std::getenv("SOURCE_DATE_EPOCH");
        const std::optional<std::string> saved =
            old != nullptr ? std::optional<std::string>(old) : std::nullopt;
        ::setenv("SOURCE_DATE_EPOCH", "1709287200", 1);
        CHECK(store::now_utc_iso() == "2024-03-01T10:00:00.000Z");
        CHECK(store::now_utc_ms() == 1709287200000);
        if (saved)
            ::setenv("SOURCE_DATE_EPOCH", saved->c_str(), 1);
        else
            ::unsetenv("SOURCE_DATE_EPOCH");
    }
}
