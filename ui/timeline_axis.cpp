// Timeline bins and axis ticks on the calendar of the case's display time zone: minutes and whole hours
// as the zone's clock shows them, days from local midnight (23 or 25 hours on a DST change), weeks from
// Monday, calendar months and years. Ticks are always bin boundaries, so a label sits where a bar starts.
#include "timeline_model.hpp"

#include <absl/time/civil_time.h>
#include <absl/time/time.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

namespace casegraph::ui {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;

enum class Unit { minute, hour, day, week, month, year };

// k units of one calendar unit; `nominal` is its typical length, used only to count bins and ticks.
struct Step {
    Unit unit;
    int k;
    std::int64_t nominal;
};

constexpr std::array<Step, 9> kBucketSteps{{{Unit::minute, 1, kMin},
                                            {Unit::minute, 5, 5 * kMin},
                                            {Unit::minute, 15, 15 * kMin},
                                            {Unit::hour, 1, kHour},
                                            {Unit::hour, 6, 6 * kHour},
                                            {Unit::day, 1, kDay},
                                            {Unit::week, 1, 7 * kDay},
                                            {Unit::month, 1, 30 * kDay},
                                            {Unit::year, 1, 365 * kDay}}};

constexpr std::array<Step, 27> kTickSteps{
    {{Unit::minute, 1, kMin},        {Unit::minute, 5, 5 * kMin},    {Unit::minute, 15, 15 * kMin},
     {Unit::minute, 30, 30 * kMin},  {Unit::hour, 1, kHour},         {Unit::hour, 3, 3 * kHour},
     {Unit::hour, 6, 6 * kHour},     {Unit::hour, 12, 12 * kHour},   {Unit::day, 1, kDay},
     {Unit::week, 1, 7 * kDay},      {Unit::week, 2, 14 * kDay},     {Unit::week, 4, 28 * kDay},
     {Unit::month, 1, 30 * kDay},    {Unit::week, 13, 91 * kDay},    {Unit::month, 3, 91 * kDay},
     {Unit::week, 26, 182 * kDay},   {Unit::month, 6, 182 * kDay},   {Unit::week, 52, 364 * kDay},
     {Unit::year, 1, 365 * kDay},    {Unit::week, 104, 728 * kDay},  {Unit::year, 2, 730 * kDay},
     {Unit::week, 260, 1820 * kDay}, {Unit::year, 5, 1825 * kDay},   {Unit::year, 10, 3650 * kDay},
     {Unit::year, 20, 7300 * kDay},  {Unit::year, 50, 18250 * kDay}, {Unit::year, 100, 36500 * kDay}}};

// A tick step may only be used over bins whose every boundary it hits: ticks then fall on bin starts.
bool ticks_fit_bins(const Step& t, const Step& b) {
    switch (b.unit) {
    case Unit::minute:
        return t.unit != Unit::minute || t.k % b.k == 0;
    case Unit::hour:
        return t.unit != Unit::minute && (t.unit != Unit::hour || t.k % b.k == 0);
    case Unit::day: // Mondays, month starts and new years are midnights; every other week is not helpful
        return t.unit == Unit::day || (t.unit == Unit::week && t.k == 1) || t.unit == Unit::month ||
               t.unit == Unit::year;
    case Unit::week:
        return t.unit == Unit::week;
    case Unit::month:
        return (t.unit == Unit::month && t.k % b.k == 0) || t.unit == Unit::year;
    case Unit::year:
        return t.unit == Unit::year && t.k % b.k == 0;
    }
    return false;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const auto q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

absl::TimeZone zone_of(const std::string& name) {
    absl::TimeZone tz = absl::UTCTimeZone();
    if (!name.empty() && !absl::LoadTimeZone(name, &tz))
        tz = absl::UTCTimeZone();
    return tz;
}

// The instant a local wall time names: the earlier one when the clock repeats it (DST ends), the moment
// the clock jumped when it skips it (DST starts), so bins stay contiguous and ordered.
std::int64_t instant_of(const absl::CivilSecond& cs, const absl::TimeZone& tz) {
    const auto ti = tz.At(cs);
    return absl::ToUnixMillis(ti.kind == absl::TimeZone::TimeInfo::SKIPPED ? ti.trans : ti.pre);
}

bool fixed_length(const Step& s) {
    return s.unit == Unit::minute || (s.unit == Unit::hour && s.k == 1);
}

// The local wall time of the boundary at or before ms, as a civil second (calendar units only).
absl::CivilSecond civil_floor(std::int64_t ms, const Step& s, const absl::TimeZone& tz) {
    const auto cs = absl::ToCivilSecond(absl::FromUnixMillis(ms), tz);
    switch (s.unit) {
    case Unit::minute:
    case Unit::hour:
        return absl::CivilHour(cs.year(), cs.month(), cs.day(), cs.hour() / s.k * s.k);
    case Unit::day:
        return absl::CivilDay(cs);
    case Unit::week: {
        const absl::CivilDay monday =
            absl::CivilDay(cs) - static_cast<int>(absl::GetWeekday(absl::CivilDay(cs)));
        // Multi-week steps count whole weeks from Monday 1970-01-05, so they do not move as the view pans.
        const absl::CivilDay epoch(1970, 1, 5);
        return epoch + floor_div((monday - epoch) / 7, s.k) * s.k * 7;
    }
    case Unit::month: {
        const auto idx = floor_div(cs.year() * 12 + (cs.month() - 1), s.k) * s.k;
        return absl::CivilMonth(floor_div(idx, 12), static_cast<int>(idx - floor_div(idx, 12) * 12) + 1);
    }
    case Unit::year:
        return absl::CivilYear(floor_div(cs.year(), s.k) * s.k);
    }
    return cs;
}

std::int64_t floor_step(std::int64_t ms, const Step& s, const absl::TimeZone& tz) {
    if (fixed_length(s)) {
        // Whole minutes and hours of the zone's clock: fixed lengths, aligned with the offset at ms, so
        // the hour a DST change repeats is its own bin and not merged into the next.
        const std::int64_t off = tz.At(absl::FromUnixMillis(ms)).offset * std::int64_t{1000};
        return floor_div(ms + off, s.nominal) * s.nominal - off;
    }
    return instant_of(civil_floor(ms, s, tz), tz);
}

std::int64_t next_step(std::int64_t start, const Step& s, const absl::TimeZone& tz) {
    if (fixed_length(s))
        return start + s.nominal;
    const auto c = civil_floor(start, s, tz);
    absl::CivilSecond n = c;
    switch (s.unit) {
    case Unit::minute:
    case Unit::hour:
        n = absl::CivilHour(c) + s.k;
        break;
    case Unit::day:
        n = absl::CivilDay(c) + 1;
        break;
    case Unit::week:
        n = absl::CivilDay(c) + 7 * s.k;
        break;
    case Unit::month:
        n = absl::CivilMonth(c) + s.k;
        break;
    case Unit::year:
        n = absl::CivilYear(c) + s.k;
        break;
    }
    return std::max(instant_of(n, tz), start + 1);
}

const Step& bucket_step_of(std::int64_t width) {
    for (const auto& s : kBucketSteps)
        if (s.nominal == width)
            return s;
    return kBucketSteps.back();
}

std::string format_in(std::int64_t ms, const char* fmt, const absl::TimeZone& tz) {
    return absl::FormatTime(fmt, absl::FromUnixMillis(ms), tz);
}

} // namespace

std::string format_utc(std::int64_t ms, bool with_seconds) {
    const std::time_t s = static_cast<std::time_t>(floor_div(ms, 1000));
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
    return buf;
}

void TimelineModel::set_zone(const std::string& zone) {
    clock_ = CaseClock(zone);
    zone_ = clock_.zone_name() == "UTC" ? "" : clock_.zone_name();
    place(); // date-only events move to their day's start in the new zone
}

std::string TimelineModel::zone_name() const {
    return clock_.zone_name();
}

std::string TimelineModel::format_local(std::int64_t ms) const {
    return clock_.format(ms);
}

std::int64_t TimelineModel::bucket_width(int max_buckets) const {
    const auto span = std::max<std::int64_t>(view_to - view_from, 1);
    for (const auto& s : kBucketSteps)
        if (span / s.nominal <= max_buckets)
            return s.nominal;
    return kBucketSteps.back().nominal;
}

std::string TimelineModel::width_name(std::int64_t w) {
    switch (w) {
    case kMin:
        return "1 minute";
    case 5 * kMin:
        return "5 minutes";
    case 15 * kMin:
        return "15 minutes";
    case kHour:
        return "1 hour";
    case 6 * kHour:
        return "6 hours";
    case kDay:
        return "1 day";
    case 7 * kDay:
        return "1 week";
    case 30 * kDay:
        return "1 month";
    default:
        return "1 year";
    }
}

std::vector<Bucket> TimelineModel::buckets(int max_buckets) const {
    std::vector<Bucket> out;
    const auto& step = bucket_step_of(bucket_width(max_buckets));
    const auto tz = zone_of(zone_);
    for (auto s = floor_step(view_from, step, tz); s < view_to;) {
        const auto e = next_step(s, step, tz);
        Bucket b{s, e, 0, 0};
        // Binary search per bucket: O(buckets · log events), independent of how many events there are.
        b.count = std::lower_bound(times_.begin(), times_.end(), b.end_ms) -
                  std::lower_bound(times_.begin(), times_.end(), b.start_ms);
        b.deleted = std::lower_bound(deleted_times_.begin(), deleted_times_.end(), b.end_ms) -
                    std::lower_bound(deleted_times_.begin(), deleted_times_.end(), b.start_ms);
        out.push_back(b);
        s = e;
    }
    return out;
}

std::vector<AxisTick> TimelineModel::ticks(int max_ticks, int max_buckets) const {
    std::vector<AxisTick> out;
    const auto& bins = bucket_step_of(bucket_width(max_buckets));
    const auto span = std::max<std::int64_t>(view_to - view_from, 1);
    const Step* step = nullptr;
    for (const auto& t : kTickSteps) {
        if (t.nominal < bins.nominal || !ticks_fit_bins(t, bins))
            continue;
        step = &t;
        if (span / t.nominal <= std::max(max_ticks, 1))
            break;
    }
    if (!step)
        return out;
    const auto tz = zone_of(zone_);
    auto s = floor_step(view_from, *step, tz);
    if (s < view_from)
        s = next_step(s, *step, tz);
    std::string last_day;
    int last_offset = 0;
    for (; s <= view_to; s = next_step(s, *step, tz)) {
        AxisTick t{s, ""};
        switch (step->unit) {
        case Unit::year:
            t.label = format_in(s, "%Y", tz);
            break;
        case Unit::month:
            t.label = format_in(s, "%Y-%m", tz);
            break;
        case Unit::day:
        case Unit::week:
            t.label = format_in(s, "%Y-%m-%d", tz);
            break;
        case Unit::minute:
        case Unit::hour: {
            // The date only where it changes; the zone's abbreviation where its offset changes (the hour
            // a DST change repeats is then told apart: "01:00 BST", "01:00 GMT").
            const auto ci = tz.At(absl::FromUnixMillis(s));
            const auto day = format_in(s, "%Y-%m-%d", tz);
            t.label = (day != last_day ? day + " " : "") + format_in(s, "%H:%M", tz);
            if (!out.empty() && ci.offset != last_offset)
                t.label += std::string(" ") + ci.zone_abbr;
            last_day = day;
            last_offset = ci.offset;
            break;
        }
        }
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace casegraph::ui
