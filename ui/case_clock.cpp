// The case's display clock (see case_clock.hpp).
#include "case_clock.hpp"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <cstdio>

namespace casegraph::ui {
namespace {

const absl::CivilDay kEpochDay(1970, 1, 1);

absl::TimeZone zone_of(const std::string& name) {
    absl::TimeZone tz = absl::UTCTimeZone();
    if (!name.empty() && !absl::LoadTimeZone(name, &tz))
        tz = absl::UTCTimeZone();
    return tz;
}

} // namespace

CaseClock::CaseClock(const std::string& zone) {
    absl::TimeZone tz;
    zone_ = !zone.empty() && absl::LoadTimeZone(zone, &tz) ? zone : "";
    name_ = zone_.empty() ? "UTC" : zone_;
}

CaseClock CaseClock::of(const store::Db& db) {
    return CaseClock(db.scalar_text("SELECT value FROM case_info WHERE key = 'tz'").value_or(""));
}

std::optional<std::int64_t> CaseClock::parse_day(std::string_view s) {
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

std::string CaseClock::day_text(std::int64_t day) {
    const auto d = kEpochDay + day;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()), d.month(), d.day());
    return buf;
}

std::int64_t CaseClock::day_start(std::int64_t day) const {
    // As the timeline's bins do (timeline_axis.cpp instant_of): the earlier instant when the wall time
    // repeats, the transition when it is skipped.
    const auto ti = zone_of(zone_).At(absl::CivilSecond(kEpochDay + day));
    return absl::ToUnixMillis(ti.kind == absl::TimeZone::TimeInfo::SKIPPED ? ti.trans : ti.pre);
}

std::optional<std::pair<std::int64_t, std::int64_t>> CaseClock::days_starting_in(std::int64_t from,
                                                                                 std::int64_t to) const {
    if (to <= from)
        return std::nullopt;
    const auto tz = zone_of(zone_);
    // The local day holding `from`, moved on when it started before `from`; the day holding to - 1.
    std::int64_t first = absl::CivilDay(absl::ToCivilSecond(absl::FromUnixMillis(from), tz)) - kEpochDay;
    if (day_start(first) < from)
        ++first;
    std::int64_t last = absl::CivilDay(absl::ToCivilSecond(absl::FromUnixMillis(to - 1), tz)) - kEpochDay;
    if (day_start(last) >= to) // only when a skipped midnight moved the start past the window
        --last;
    if (last < first)
        return std::nullopt;
    return std::pair{first, last};
}

std::string CaseClock::format(std::int64_t utc_ms, bool with_seconds) const {
    return absl::FormatTime(with_seconds ? "%Y-%m-%d %H:%M:%S %Z" : "%Y-%m-%d %H:%M %Z",
                            absl::FromUnixMillis(utc_ms), zone_of(zone_));
}

std::string CaseClock::format_event(std::optional<std::int64_t> utc_ms,
                                    const std::optional<std::string>& date) const {
    if (utc_ms)
        return format(*utc_ms);
    if (date)
        return *date + " (date only)";
    return "";
}

} // namespace casegraph::ui
