// Time conversions (see time.hpp). Zones come from the system tz database through Abseil, so a
// conversion depends only on the zone name and the installed tzdata version.
#include "time.hpp"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace casegraph::store {

EventTime time_from_unix_ms(std::int64_t ms, std::string raw, std::string rule, std::string precision) {
    EventTime t;
    t.utc_ms = ms;
    t.precision = std::move(precision);
    t.raw = std::move(raw);
    t.rule = std::move(rule);
    return t;
}

EventTime time_from_date(const Civil& day, std::string raw, std::string rule) {
    EventTime t;
    t.date = format_date(day);
    t.precision = "day";
    t.raw = std::move(raw);
    t.rule = std::move(rule);
    return t;
}

namespace {
// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return kDays[m - 1];
}
} // namespace

bool civil_is_valid(const Civil& c) {
    return c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= days_in_month(c.year, c.month) &&
           c.hour >= 0 && c.hour <= 23 && c.minute >= 0 && c.minute <= 59 && c.second >= 0 &&
           c.second <= 60 && c.millis >= 0 && c.millis <= 999;
}

std::int64_t civil_to_utc_ms(const Civil& c, int offset_seconds) {
    const std::int64_t days =
        days_from_civil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day));
    const std::int64_t secs = days * 86400 + c.hour * 3600 + c.minute * 60 + c.second - offset_seconds;
    return secs * 1000 + c.millis;
}

Civil utc_ms_to_civil(std::int64_t ms) {
    std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    const auto millis = static_cast<int>(ms - secs * 1000);
    std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    auto rem = static_cast<int>(secs - days * 86400);
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    Civil c;
    c.year = static_cast<int>(y + (m <= 2 ? 1 : 0));
    c.month = static_cast<int>(m);
    c.day = static_cast<int>(d);
    c.hour = rem / 3600;
    rem %= 3600;
    c.minute = rem / 60;
    c.second = rem % 60;
    c.millis = millis;
    return c;
}

bool is_known_zone(std::string_view zone) {
    absl::TimeZone tz;
    return !zone.empty() && absl::LoadTimeZone(std::string(zone), &tz);
}

std::optional<LocalConversion> local_to_utc(const Civil& local, std::string_view zone) {
    absl::TimeZone tz;
    if (zone.empty() || !absl::LoadTimeZone(std::string(zone), &tz) || !civil_is_valid(local))
        return std::nullopt;
    const absl::CivilSecond cs(local.year, local.month, local.day, local.hour, local.minute, local.second);
    const auto ti = tz.At(cs);
    LocalConversion out;
    // pre: the instant read with the offset in force before the transition. In a fold that is the
    // earlier of the two instants; in a gap it moves the time forward by the gap's length (01:30 in
    // London on spring-forward day is 02:30 BST), as absl::FromCivil and java.time do. Taking the
    // transition instant instead would put every time in the gap on the same instant and lose
    // their order.
    const absl::Time t = ti.pre;
    out.ambiguous = ti.kind == absl::TimeZone::TimeInfo::REPEATED;
    out.skipped = ti.kind == absl::TimeZone::TimeInfo::SKIPPED;
    out.utc_ms = absl::ToUnixMillis(t) + local.millis;
    out.offset = format_offset(tz.At(t).offset);
    return out;
}

std::string format_offset(int offset_seconds) {
    const char sign = offset_seconds < 0 ? '-' : '+';
    const int a = offset_seconds < 0 ? -offset_seconds : offset_seconds;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, a / 3600, (a % 3600) / 60);
    return buf;
}

std::string format_utc_ms(std::int64_t ms) {
    const Civil c = utc_ms_to_civil(ms);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year, c.month, c.day, c.hour,
                  c.minute, c.second, c.millis);
    return buf;
}

std::string format_date(const Civil& c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
}

namespace {
bool take_int(std::string_view& s, std::size_t n, int& out) {
    if (s.size() < n)
        return false;
    for (std::size_t i = 0; i < n; ++i)
        if (s[i] < '0' || s[i] > '9')
            return false;
    std::from_chars(s.data(), s.data() + n, out);
    s.remove_prefix(n);
    return true;
}
bool take_char(std::string_view& s, char c) {
    if (s.empty() || s.front() != c)
        return false;
    s.remove_prefix(1);
    return true;
}
} // namespace

std::optional<std::int64_t> parse_iso_instant(std::string_view s) {
    Civil c;
    if (!take_int(s, 4, c.year) || !take_char(s, '-') || !take_int(s, 2, c.month) || !take_char(s, '-') ||
        !take_int(s, 2, c.day))
        return std::nullopt;
    int offset = 0;
    if (!s.empty() && (s.front() == 'T' || s.front() == ' ')) {
        s.remove_prefix(1);
        if (!take_int(s, 2, c.hour) || !take_char(s, ':') || !take_int(s, 2, c.minute))
            return std::nullopt;
        if (take_char(s, ':')) {
            if (!take_int(s, 2, c.second))
                return std::nullopt;
            if (take_char(s, '.') || take_char(s, ',')) {
                int digits = 0;
                int frac = 0;
                while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
                    if (digits < 3)
                        frac = frac * 10 + (s.front() - '0');
                    ++digits;
                    s.remove_prefix(1);
                }
                if (digits == 0)
                    return std::nullopt;
                for (int i = digits; i < 3; ++i)
                    frac *= 10;
                c.millis = frac;
            }
        }
        if (take_char(s, 'Z')) {
        } else if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
            const int sign = s.front() == '-' ? -1 : 1;
            s.remove_prefix(1);
            int oh = 0;
            int om = 0;
            if (!take_int(s, 2, oh))
                return std::nullopt;
            // +hh, +hhmm or +hh:mm; a colon must be followed by minutes, and both fields must be
            // in range, or "+05:99" and "+25:00" would shift the instant by a made-up offset.
            if (take_char(s, ':')) {
                if (!take_int(s, 2, om))
                    return std::nullopt;
            } else if (!s.empty() && !take_int(s, 2, om)) {
                return std::nullopt;
            }
            if (oh > 23 || om > 59)
                return std::nullopt;
            offset = sign * (oh * 3600 + om * 60);
        }
    }
    if (!s.empty() || !civil_is_valid(c))
        return std::nullopt;
    return civil_to_utc_ms(c, offset);
}

std::int64_t now_utc_ms() {
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde != nullptr && *sde != '\0') {
        std::int64_t v = 0;
        const std::string_view s(sde);
        if (std::from_chars(s.data(), s.data() + s.size(), v).ec == std::errc())
            return v * 1000;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string now_utc_iso() {
    return format_utc_ms(now_utc_ms());
}

} // namespace casegraph::store
