// Calendar days in a case's zone (see zone_days.hpp).
#include "zone_days.hpp"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <cstdio>

namespace casegraph::graph {
namespace {

const absl::CivilDay kEpochDay(1970, 1, 1);

absl::TimeZone zone_of(const std::string& name) {
    absl::TimeZone tz = absl::UTCTimeZone();
    if (!name.empty() && !absl::LoadTimeZone(name, &tz))
        tz = absl::UTCTimeZone();
    return tz;
}

} // namespace

ZoneDays::ZoneDays(const std::string& zone) {
    absl::TimeZone tz;
    zone_ = !zone.empty() && absl::LoadTimeZone(zone, &tz) ? zone : "";
    name_ = zone_.empty() ? "UTC" : zone_;
}

ZoneDays ZoneDays::of(const store::Db& db) {
    return ZoneDays(db.scalar_text("SELECT value FROM case_info WHERE key = 'tz'").value_or(""));
}

std::optional<std::int64_t> ZoneDays::parse_day(std::string_view s) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    const std::string text(s);
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return std::nullopt;
    const absl::CivilDay day(y, m, d);
    if (day.year() != y || day.month() != m || day.day() != d) // 2024-02-30 is not a day
        return std::nullopt;
    return day - kEpochDay;
}

std::string ZoneDays::day_text(std::int64_t day) {
    const auto d = kEpochDay + day;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()), d.month(), d.day());
    return buf;
}

std::int64_t ZoneDays::day_start(std::int64_t day) const {
    // As the UI timeline's bins do (ui/timeline_axis.cpp instant_of): the earlier instant when the wall
    // time repeats, the transition when it is skipped.
    const auto ti = zone_of(zone_).At(absl::CivilSecond(kEpochDay + day));
    return absl::ToUnixMillis(ti.kind == absl::TimeZone::TimeInfo::SKIPPED ? ti.trans : ti.pre);
}

std::int64_t ZoneDays::day_of(std::int64_t ms) const {
    return absl::CivilDay(absl::ToCivilSecond(absl::FromUnixMillis(ms), zone_of(zone_))) - kEpochDay;
}

std::int64_t ZoneDays::last_day_before(std::int64_t to) const {
    auto last = day_of(to - 1);
    if (day_start(last) >= to) // only when a skipped midnight moved the start past the window
        --last;
    return last;
}

std::int64_t ZoneDays::day_of_utc_midnight(std::int64_t ms) {
    constexpr std::int64_t kDayMs = 86'400'000;
    return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs);
}

std::int64_t ZoneDays::first_day_ending_after(std::int64_t from) const {
    auto first = day_of(from);
    // day_start is increasing in the day; the loops only run when a clock change moved a day's start.
    while (day_start(first) > from)
        --first;
    while (day_start(first + 1) <= from)
        ++first;
    return first;
}

std::optional<std::pair<std::int64_t, std::int64_t>> ZoneDays::days_overlapping(std::int64_t from,
                                                                                std::int64_t to) const {
    if (to <= from)
        return std::nullopt;
    const auto first = first_day_ending_after(from), last = last_day_before(to);
    if (last < first)
        return std::nullopt;
    return std::pair{first, last};
}

ZoneDays::DayRange ZoneDays::days_in_window(std::optional<std::int64_t> from,
                                            std::optional<std::int64_t> to_inclusive) const {
    DayRange r;
    if (from)
        r.first = first_day_ending_after(*from);
    if (to_inclusive)
        r.last = last_day_before(*to_inclusive + 1);
    return r;
}

std::int64_t ZoneDays::offset_seconds(std::int64_t ms) const {
    return zone_of(zone_).At(absl::FromUnixMillis(ms)).offset;
}

std::string ZoneDays::format(std::int64_t ms, const char* fmt) const {
    return absl::FormatTime(fmt, absl::FromUnixMillis(ms), zone_of(zone_));
}

} // namespace casegraph::graph
