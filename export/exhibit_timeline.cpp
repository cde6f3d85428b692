// Timeline exhibit: model (lanes, adaptive axis, numbered marks) and drawing (see exhibit_timeline.hpp).
#include "exhibit_timeline.hpp"

#include "chart_draw.hpp"
#include "graph/zone_days.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cairo.h>
#include <cmath>
#include <set>

namespace casegraph::exporter {
using namespace draw;
namespace {

constexpr std::int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr std::size_t kMaxLanes = 14;
// At most this many buckets across the axis: each is then wide enough (~18 pt) for its note number.
constexpr std::int64_t kMaxBuckets = 36, kMaxTicks = 14;

// A unit of the axis: a fixed length, or a number of calendar months.
struct Unit {
    const char* name;
    std::int64_t ms;
    int months;
    [[nodiscard]] std::int64_t approx() const { return months ? months * 30 * kDay + months * kDay / 2 : ms; }
};
constexpr Unit kUnits[] = {
    {"1 min", kMinute, 0},       {"5 min", 5 * kMinute, 0},   {"15 min", 15 * kMinute, 0},
    {"30 min", 30 * kMinute, 0}, {"1 hour", kHour, 0},        {"3 hours", 3 * kHour, 0},
    {"6 hours", 6 * kHour, 0},   {"12 hours", 12 * kHour, 0}, {"1 day", kDay, 0},
    {"2 days", 2 * kDay, 0},     {"3 days", 3 * kDay, 0},     {"1 week", 7 * kDay, 0},
    {"1 month", 0, 1},           {"3 months", 0, 3},          {"1 year", 0, 12},
    {"5 years", 0, 60},          {"25 years", 0, 300}};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Buckets are on the calendar of the case zone (graph::ZoneDays), as on the UI timeline: minutes and
// hours of the zone's clock, days from local midnight, weeks from Monday, calendar months. A day is a
// count from 1970-01-01; its calendar (month, year) is read as the UTC date of day * kDay.
std::int64_t month_first_day(std::int64_t day, int months, int add) {
    const auto c = store::utc_ms_to_civil(day * kDay);
    auto idx = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1);
    idx -= ((idx % months) + months) % months;
    idx += add;
    store::Civil d;
    d.year = static_cast<int>(idx / 12);
    d.month = static_cast<int>(idx % 12) + 1;
    return store::civil_to_utc_ms(d) / kDay;
}

std::int64_t floor_to(const Unit& u, std::int64_t t, const graph::ZoneDays& z) {
    if (u.months == 0 && u.ms < kDay) { // aligned with the zone's offset at t
        const auto off = z.offset_seconds(t) * 1000;
        return floor_div(t + off, u.ms) * u.ms - off;
    }
    const auto day = z.day_of(t);
    if (u.months)
        return z.day_start(month_first_day(day, u.months, 0));
    const auto n = u.ms / kDay;
    if (n == 7) // weeks start on Monday; 1970-01-01 was a Thursday
        return z.day_start(floor_div(day - 4, 7) * 7 + 4);
    return z.day_start(floor_div(day, n) * n);
}

std::int64_t next(const Unit& u, std::int64_t t, const graph::ZoneDays& z) {
    if (u.months == 0 && u.ms < kDay)
        return t + u.ms;
    const auto day = z.day_of(t);
    const auto n =
        u.months ? z.day_start(month_first_day(day, u.months, u.months)) : z.day_start(day + u.ms / kDay);
    return std::max(n, t + 1);
}

const Unit& pick(std::int64_t span, std::int64_t max_count, std::int64_t at_least) {
    for (const auto& u : kUnits)
        if (u.approx() >= at_least && span / u.approx() < max_count)
            return u;
    return kUnits[std::size(kUnits) - 1];
}

std::string tick_label(const Unit& u, std::int64_t t, std::string& last_day, const graph::ZoneDays& z) {
    const auto iso = z.format(t, "%Y-%m-%dT%H:%M:%S"); // 2024-03-01T10:00:00 in the case zone
    if (u.months >= 12)
        return iso.substr(0, 4);
    if (u.months)
        return iso.substr(0, 7);
    if (u.ms >= kDay) { // the year once, then month-day, so labels of week ticks do not touch
        if (iso.substr(0, 4) != last_day.substr(0, 4)) {
            last_day = iso.substr(0, 10);
            return iso.substr(0, 10);
        }
        return iso.substr(5, 5);
    }
    const auto day = iso.substr(0, 10);
    const auto hm = iso.substr(11, 5);
    if (day != last_day) {
        last_day = day;
        return day + " " + hm;
    }
    return hm;
}

struct Placed {
    std::optional<std::int64_t> ms;
    bool day_only = false;
    std::int64_t day_end = 0; // a date-only record: where its day ends
};

// A date-only record sits on its day in the case zone, from that day's start to the next day's.
Placed place(const EventRow& e, const graph::ZoneDays& z) {
    if (e.time.empty())
        return {};
    if (const auto day = graph::ZoneDays::parse_day(e.time))
        return {z.day_start(*day), true, z.day_start(*day + 1)};
    const auto ms = store::parse_iso_instant(e.time);
    if (!ms)
        return {};
    return {ms, false, 0};
}

std::vector<std::int64_t> party_entities(const EventRow& e) {
    std::vector<std::int64_t> out;
    for (const auto& [role, id] : e.parties)
        if (std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(id);
    std::sort(out.begin(), out.end());
    return out;
}

constexpr const char* kKindOrder[] = {"message",      "call",         "transaction",   "system",
                                      "location_fix", "contact_card", "account_login", "identity_change",
                                      "media"};

Rgb kind_colour(const std::string& k) {
    if (k == "message")
        return {0.2, 0.4, 0.8};
    if (k == "call")
        return {0.9, 0.5, 0.1};
    if (k == "transaction")
        return {0.1, 0.55, 0.3};
    if (k == "system")
        return {0.55, 0.55, 0.55};
    if (k == "contact_card")
        return {0.6, 0.4, 0.7};
    if (k == "location_fix")
        return {0.75, 0.2, 0.4};
    return {0.3, 0.3, 0.3};
}

std::size_t kind_rank(const std::string& k) {
    for (std::size_t i = 0; i < std::size(kKindOrder); ++i)
        if (k == kKindOrder[i])
            return i;
    return std::size(kKindOrder);
}

std::string counts_text(const std::map<std::string, std::int64_t>& kinds) {
    std::vector<std::pair<std::string, std::int64_t>> v(kinds.begin(), kinds.end());
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return kind_rank(a.first) < kind_rank(b.first); });
    std::string s;
    for (const auto& [k, n] : v)
        s += (s.empty() ? "" : ", ") + k + " " + std::to_string(n);
    return s;
}

// The time a mark covers, as a reader checks it against the records: days, or times within a day.
// Days and times are the case zone's.
std::string span_text(const TimelineMark& m, const graph::ZoneDays& z) {
    const char* fmt = "%Y-%m-%dT%H:%M";
    const auto a = z.format(m.start_ms, fmt), b = z.format(m.end_ms - 1, fmt);
    if (m.day_only)
        return a.substr(0, 10) + " (booking day)";
    if (m.end_ms - m.start_ms >= 23 * kHour) // a day is 23 or 25 hours on a DST change
        return a.substr(0, 10) == b.substr(0, 10) ? a.substr(0, 10)
                                                  : a.substr(0, 10) + " to " + b.substr(0, 10);
    return a.substr(0, 10) + " " + a.substr(11, 5) + "-" + z.format(m.end_ms, fmt).substr(11, 5);
}

} // namespace

TimelineModel build_timeline(const Facts& f, const std::vector<std::int64_t>& focus,
                             std::optional<std::int64_t> from_ms, std::optional<std::int64_t> to_ms) {
    TimelineModel t;
    const graph::ZoneDays zone(f.zone);
    t.zone = zone.zone_name();
    std::map<std::int64_t, const EntityRow*> entity;
    for (const auto& e : f.entities)
        entity[e.id] = &e;
    t.pair_lanes = focus.size() == 1;
    const auto lane_entities_of = [&](const EventRow& e) {
        auto ps = party_entities(e);
        if (!t.pair_lanes)
            return ps;
        std::vector<std::int64_t> others;
        for (auto id : ps)
            if (id != focus[0])
                others.push_back(id);
        // The focus entity alone (a location fix, a withdrawal): its own lane.
        if (others.empty() && std::find(ps.begin(), ps.end(), focus[0]) != ps.end())
            others.push_back(focus[0]);
        return others;
    };
    // Lanes: the focus entities, else the busiest entities; drawn in id order.
    std::map<std::int64_t, std::int64_t> busy;
    for (const auto& e : f.events)
        for (auto id : lane_entities_of(e))
            ++busy[id];
    std::vector<std::pair<std::int64_t, std::int64_t>> cand; // entity, events
    if (!focus.empty() && !t.pair_lanes) {
        for (auto id : focus)
            cand.emplace_back(id, busy.count(id) ? busy[id] : 0);
    } else {
        for (const auto& [id, n] : busy)
            cand.emplace_back(id, n);
    }
    std::stable_sort(cand.begin(), cand.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (cand.size() > kMaxLanes) {
        t.hidden_lanes = cand.size() - kMaxLanes;
        cand.resize(kMaxLanes);
    }
    std::sort(cand.begin(), cand.end());
    std::map<std::int64_t, std::size_t> lane_of;
    for (const auto& [id, n] : cand) {
        TimelineLane l;
        l.entity = id;
        l.events = n;
        if (const auto it = entity.find(id); it != entity.end()) {
            l.label = (it->second->label.empty() ? it->second->kind : it->second->label) + " (#" +
                      std::to_string(id) + ")";
            l.kind = it->second->kind;
            l.tags = it->second->tags;
        } else {
            l.label = "#" + std::to_string(id);
        }
        lane_of[id] = t.lanes.size();
        t.lanes.push_back(std::move(l));
    }
    if (t.pair_lanes)
        if (const auto it = entity.find(focus[0]); it != entity.end())
            t.focus_label = (it->second->label.empty() ? it->second->kind : it->second->label) + " (#" +
                            std::to_string(focus[0]) + ")";

    // The axis: the selection's window, else the span of the dated records.
    std::optional<std::int64_t> lo, hi;
    for (const auto& e : f.events) {
        const auto p = place(e, zone);
        if (!p.ms)
            continue;
        lo = std::min(lo.value_or(*p.ms), *p.ms);
        hi = std::max(hi.value_or(*p.ms), p.day_only ? p.day_end - 1 : *p.ms);
    }
    std::int64_t start = from_ms.value_or(lo.value_or(0)), end = to_ms.value_or(hi.value_or(start + kDay));
    if (end - start < 30 * kMinute) {
        start -= 15 * kMinute;
        end += 15 * kMinute;
    }
    const Unit& bucket = pick(end - start, kMaxBuckets, 0);
    const Unit& tick = pick(end - start, kMaxTicks, bucket.approx());
    t.start_ms = floor_to(bucket, start, zone);
    t.end_ms = floor_to(bucket, end, zone);
    if (t.end_ms <= end)
        t.end_ms = next(bucket, t.end_ms, zone);
    t.bucket = bucket.name;
    std::string last_day;
    for (auto x = floor_to(tick, t.start_ms, zone); x <= t.end_ms; x = next(tick, x, zone))
        if (x >= t.start_ms)
            t.ticks.push_back({x, tick_label(tick, x, last_day, zone)});

    // Marks: one per lane and bucket (date-only bookings on a sub-day axis: one per lane and day).
    std::map<std::tuple<std::size_t, std::int64_t, bool>, TimelineMark> marks;
    for (std::size_t i = 0; i < f.events.size(); ++i) {
        const auto& e = f.events[i];
        const auto p = place(e, zone);
        if (!p.ms) {
            t.undated.push_back(i);
            continue;
        }
        const bool day_bar = p.day_only && bucket.approx() < kDay;
        const auto b0 = day_bar ? *p.ms : floor_to(bucket, *p.ms, zone);
        const auto b1 = day_bar ? p.day_end : next(bucket, b0, zone);
        bool placed = false;
        for (auto id : lane_entities_of(e)) {
            const auto l = lane_of.find(id);
            if (l == lane_of.end())
                continue;
            auto& m = marks[{l->second, b0, day_bar}];
            m.lane = l->second;
            m.start_ms = b0;
            m.end_ms = b1;
            m.day_only = day_bar;
            ++m.kinds[e.kind];
            m.events.push_back(i);
            placed = true;
        }
        if (!placed)
            t.off_lane.push_back(i);
    }
    int n = 0;
    for (auto& [key, m] : marks) {
        m.number = ++n;
        t.marks.push_back(std::move(m));
    }
    if (!t.undated.empty())
        t.undated_number = ++n;
    if (!t.off_lane.empty())
        t.off_lane_number = ++n;
    return t;
}

std::vector<std::string> timeline_source_lines(const Facts& f, const TimelineModel& t) {
    std::vector<std::string> out;
    const graph::ZoneDays zone(f.zone);
    // The record's time as stored (UTC), and outside UTC also on the case zone's clock the axis uses.
    const auto row = [&](const EventRow& e) {
        std::string when = e.time.empty() ? std::string("undated") : e.time;
        if (!zone.zone().empty() && e.time.size() > 10)
            if (const auto ms = store::parse_iso_instant(e.time))
                when += " (" + zone.format(*ms, "%Y-%m-%d %H:%M %Z") + ")";
        return "    #" + std::to_string(e.id) + "  " + when + "  " + e.kind;
    };
    for (const auto& m : t.marks) {
        out.push_back("[" + std::to_string(m.number) + "] " + (t.pair_lanes ? "with " : "") +
                      t.lanes[m.lane].label + ", " + span_text(m, zone) + ": " + counts_text(m.kinds));
        for (auto i : m.events)
            record_lines(out, f, f.events[i], row(f.events[i]));
    }
    const auto group = [&](int number, const std::vector<std::size_t>& ev, const std::string& what) {
        if (!number)
            return;
        std::map<std::string, std::int64_t> kinds;
        for (auto i : ev)
            ++kinds[f.events[i].kind];
        out.push_back("[" + std::to_string(number) + "] " + what + ": " + counts_text(kinds));
        for (auto i : ev)
            record_lines(out, f, f.events[i], row(f.events[i]));
    };
    group(t.undated_number, t.undated, "undated (no time in the source, not placed on the axis)");
    group(t.off_lane_number, t.off_lane, "dated, between entities without a lane");
    return out;
}

std::string draw_timeline_chart(const Facts& f, const TimelineModel& t, const ChartMeta& m,
                                const std::string& format) {
    SourceTable table{"Timeline: source notes", timeline_source_lines(f, t)};
    const int pages = 1 + source_pages(table, f);
    const std::string method = "each mark groups the records of one lane in one bucket of " + t.bucket +
                               " (" + t.zone + "); lanes are " +
                               (t.pair_lanes ? "the selected entity's counterparties" : "entities") +
                               ", in id order; records from the case's fact tables.";
    Canvas canvas(format, pages, m.at);
    canvas.page(0);
    cairo_t* cr = canvas.cr();
    header(cr, t.pair_lanes ? "Timeline of " + t.focus_label : "Timeline", m);

    const double label_w = 150, x0 = kMargin + label_w + 6, x1 = kPageW - kMargin - 8;
    const double top = 80, axis_y = kPageH - 138;
    const double lane_h =
        t.lanes.empty() ? 30 : std::min(34.0, (axis_y - top) / static_cast<double>(t.lanes.size()));
    const auto span = static_cast<double>(std::max<std::int64_t>(1, t.end_ms - t.start_ms));
    const auto x_of = [&](std::int64_t ms) {
        const auto c = std::clamp(ms, t.start_ms, t.end_ms);
        return x0 + (x1 - x0) * static_cast<double>(c - t.start_ms) / span;
    };
    // Ticks: light verticals through the lanes, labels under the axis. Labels that name a date go first;
    // a label that would touch one already placed (a day's "2024-02-19 00:00" is wider than a 12-hour
    // gap) or run past the page is left out, its tick kept: the labels were printed over each other.
    cairo_set_line_width(cr, 0.4);
    std::vector<std::pair<double, double>> placed; // label extents along the axis
    for (const bool dated : {true, false}) {
        for (const auto& k : t.ticks) {
            const double x = x_of(k.ms);
            if (dated) {
                cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
                cairo_move_to(cr, x, top - 4);
                cairo_line_to(cr, x, axis_y);
                cairo_stroke(cr);
                colour(cr, kInk);
                cairo_move_to(cr, x, axis_y);
                cairo_line_to(cr, x, axis_y + 4);
                cairo_stroke(cr);
            }
            if ((k.label.find('-') != std::string::npos) != dated)
                continue;
            const double w = text_width(cr, k.label, "DejaVu Sans 6.5");
            const double a = x - w / 2 - 2, b = x + w / 2 + 2;
            const bool free = b <= kPageW - kMargin / 2 &&
                              std::none_of(placed.begin(), placed.end(),
                                           [&](const auto& p) { return a < p.second && b > p.first; });
            if (!free)
                continue;
            colour(cr, kInk);
            text(cr, k.label, x, axis_y + 6, "DejaVu Sans 6.5", -1, Align::centre);
            placed.emplace_back(a, b);
        }
    }
    colour(cr, kInk);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, x0, axis_y);
    cairo_line_to(cr, x1, axis_y);
    cairo_stroke(cr);
    text(cr, "time and days in " + t.zone + " (booking days too); buckets of " + t.bucket, x1, axis_y + 17,
         "DejaVu Sans 6", -1, Align::right);

    for (std::size_t i = 0; i < t.lanes.size(); ++i) {
        const double y = top + lane_h * static_cast<double>(i);
        if (i % 2 == 0) {
            cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
            cairo_rectangle(cr, kMargin, y, x1 - kMargin, lane_h);
            cairo_fill(cr);
        }
        const auto& l = t.lanes[i];
        shape(cr, l.kind, kMargin + 5, y + lane_h / 2, 4);
        colour(cr, tag_colour(l.tags));
        cairo_fill_preserve(cr);
        colour(cr, kInk);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        text(cr, (t.pair_lanes ? "with " : "") + l.label, kMargin + 13, y + lane_h / 2 - 5, "DejaVu Sans 7",
             label_w - 10, Align::left, true);
    }
    // Marks: a bar stacked by kind, taller for more records; a dashed box over the day for bookings.
    for (const auto& mk : t.marks) {
        const double lane_y = top + lane_h * static_cast<double>(mk.lane);
        const double bx0 = x_of(mk.start_ms), bx1 = x_of(mk.end_ms);
        const double cx = (bx0 + bx1) / 2;
        std::int64_t total = 0;
        for (const auto& [k, c] : mk.kinds)
            total += c;
        const double max_h = lane_h - 12;
        const double h = std::min(max_h, 4 + 3.2 * std::log2(1.0 + static_cast<double>(total)));
        const double base = lane_y + lane_h - 2;
        if (mk.day_only) {
            colour(cr, kind_colour(mk.kinds.begin()->first));
            const double dashes[] = {2, 1.5};
            cairo_set_dash(cr, dashes, 2, 0);
            cairo_set_line_width(cr, 0.9);
            cairo_rectangle(cr, bx0 + 0.5, base - h, std::max(2.0, bx1 - bx0 - 1), h);
            cairo_stroke(cr);
            cairo_set_dash(cr, nullptr, 0, 0);
        } else {
            const double w = std::clamp((bx1 - bx0) * 0.6, 2.5, 8.0);
            double y = base;
            std::vector<std::pair<std::string, std::int64_t>> ks(mk.kinds.begin(), mk.kinds.end());
            std::stable_sort(ks.begin(), ks.end(), [](const auto& a, const auto& b) {
                return kind_rank(a.first) < kind_rank(b.first);
            });
            for (const auto& [k, c] : ks) {
                const double seg = h * static_cast<double>(c) / static_cast<double>(total);
                colour(cr, kind_colour(k));
                cairo_rectangle(cr, cx - w / 2, y - seg, w, seg);
                cairo_fill(cr);
                y -= seg;
            }
        }
        colour(cr, kInk);
        if (mk.day_only) { // a box wider than a bucket has room to say what it is, as far as it fits
            const std::string num = std::to_string(mk.number);
            const std::string day = graph::ZoneDays(f.zone).format(mk.start_ms, "%Y-%m-%d");
            std::string label = num;
            for (const std::string& longer :
                 {num + "  booking day " + day + " (no time of day in the source)",
                  num + "  booking day " + day, num + "  " + day})
                if (text_width(cr, longer, "DejaVu Sans 6") <= bx1 - bx0 - 4) {
                    label = longer;
                    break;
                }
            text(cr, label, cx, base - h - 8.5, "DejaVu Sans 6", -1, Align::centre);
        } else
            text(cr, std::to_string(mk.number), cx, base - h - 7.5, "DejaVu Sans 5", -1, Align::centre);
    }

    // Legend and what is not on the axis.
    double y = axis_y + 28;
    colour(cr, kInk);
    text(cr, "Legend", kMargin, y, "DejaVu Sans Bold 8");
    double x = kMargin + 50;
    std::set<std::string> kinds;
    for (const auto& e : f.events)
        kinds.insert(e.kind);
    std::vector<std::string> ordered(kinds.begin(), kinds.end());
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return kind_rank(a) < kind_rank(b); });
    for (const auto& k : ordered) {
        colour(cr, kind_colour(k));
        cairo_rectangle(cr, x, y + 2, 7, 7);
        cairo_fill(cr);
        colour(cr, kInk);
        x += 10 + text_width(cr, k, "DejaVu Sans 7") + 12;
        text(cr, k, x - text_width(cr, k, "DejaVu Sans 7") - 12, y, "DejaVu Sans 7");
    }
    y += 13;
    y += text(cr,
              "A bar is one mark: the records of its lane in one bucket of " + t.bucket + " (" + t.zone +
                  "); its colours split it by kind and its height grows with the number of records. The "
                  "small "
                  "number over it is the note number: the following pages list every record behind it (event "
                  "id, "
                  "time, evidence file and locator). A dashed box over a whole day is a date-only record (a "
                  "bank "
                  "booking day; the source gives no time of day); a booking is on its day in " +
                  t.zone +
                  ", in the bucket of that day. Lane glyphs: kind of entity, coloured by the "
                  "analyst's role tag (green victim, red suspect, blue witness, grey none).",
              kMargin, y, "DejaVu Sans 6.5", kPageW - 2 * kMargin) +
         4;
    std::string apart;
    if (t.undated_number) {
        std::map<std::string, std::int64_t> k;
        for (auto i : t.undated)
            ++k[f.events[i].kind];
        apart += "Undated [" + std::to_string(t.undated_number) + "]: " + counts_text(k) +
                 " with no time in the source — listed in the notes, not placed on the axis.  ";
    }
    if (t.off_lane_number)
        apart += "Not on a lane [" + std::to_string(t.off_lane_number) +
                 "]: " + std::to_string(t.off_lane.size()) +
                 " dated records between entities without a lane.  ";
    if (t.hidden_lanes)
        apart +=
            std::to_string(t.hidden_lanes) + " less active entities have no lane (see facts/entities.csv).";
    if (!apart.empty())
        text(cr, apart, kMargin, y, "DejaVu Sans Bold 6.5", kPageW - 2 * kMargin);
    footer(cr, m, 1, pages, method);
    draw_source_pages(canvas, table, f, m, 1, pages, method);
    return canvas.finish();
}

} // namespace casegraph::exporter
