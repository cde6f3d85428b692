// Timeline binning, zoom and brushing (see timeline_model.hpp).
#include "timeline_model.hpp"

#include "glyphs.hpp"
#include "store/money.hpp"

#include <algorithm>
#include <iterator>
#include <optional>

namespace casegraph::ui {
namespace {
// Instants and date-only days are read apart: a booking day has no instant until the display zone says
// where that day starts (CaseClock::day_start), so no SQL here turns a date into midnight UTC.
constexpr const char* kDateOnly = "e.utc_ms IS NULL AND e.date IS NOT NULL";

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;

// Each (day, x) as (start of that day in the zone, x); days come sorted, so one zone lookup per day.
template <class T>
std::vector<std::pair<std::int64_t, T>> placed(const std::vector<std::pair<std::int64_t, T>>& days,
                                               const CaseClock& clock) {
    std::vector<std::pair<std::int64_t, T>> out;
    out.reserve(days.size());
    std::optional<std::int64_t> day;
    std::int64_t at = 0;
    for (const auto& [d, x] : days) {
        if (day != d) {
            day = d;
            at = clock.day_start(d);
        }
        out.emplace_back(at, x);
    }
    return out;
}
} // namespace

void TimelineModel::load(const store::Db& db) {
    std::vector<std::pair<std::int64_t, char>> instants, days;
    std::vector<std::pair<std::int64_t, std::int64_t>> instant_links, day_links;
    auto st = db.prepare("SELECT utc_ms, deleted FROM event WHERE utc_ms IS NOT NULL ORDER BY utc_ms");
    while (st.step())
        instants.emplace_back(st.column_int64(0), st.column_int64(1) != 0 ? 1 : 0);
    auto ds = db.prepare(std::string("SELECT e.date, e.deleted FROM event e WHERE ") + kDateOnly +
                         " ORDER BY e.date");
    while (ds.step())
        if (const auto d = CaseClock::parse_day(ds.column_text(0)))
            days.emplace_back(*d, ds.column_int64(1) != 0 ? 1 : 0);
    auto lt = db.prepare("SELECT e.utc_ms, le.link_id FROM link_event le JOIN event e ON e.id = le.event_id "
                         "WHERE e.utc_ms IS NOT NULL ORDER BY e.utc_ms, le.link_id");
    while (lt.step())
        instant_links.emplace_back(lt.column_int64(0), lt.column_int64(1));
    auto ld = db.prepare(std::string("SELECT e.date, le.link_id FROM link_event le JOIN event e ON "
                                     "e.id = le.event_id WHERE ") +
                         kDateOnly + " ORDER BY e.date, le.link_id");
    while (ld.step())
        if (const auto d = CaseClock::parse_day(ld.column_text(0)))
            day_links.emplace_back(*d, ld.column_int64(1));
    assign({}, {});
    instant_rows_ = std::move(instants);
    day_rows_ = std::move(days);
    instant_links_ = std::move(instant_links);
    day_links_ = std::move(day_links);
    place();
    fit();
    date_only_ = static_cast<std::int64_t>(day_rows_.size());
    // Neither an instant nor a readable day: not drawn, counted.
    undated_ = db.scalar_int("SELECT count(*) FROM event WHERE utc_ms IS NULL") - date_only_;
}

void TimelineModel::assign(std::vector<std::int64_t> times_ms, std::vector<char> deleted) {
    instant_rows_.clear();
    for (std::size_t i = 0; i < times_ms.size(); ++i)
        instant_rows_.emplace_back(times_ms[i], i < deleted.size() && deleted[i] ? 1 : 0);
    std::sort(instant_rows_.begin(), instant_rows_.end());
    day_rows_.clear();
    instant_links_.clear();
    day_links_.clear();
    place();
    undated_ = 0;
    date_only_ = 0;
    brush.reset();
    fit();
}

void TimelineModel::place() {
    const auto days = placed(day_rows_, clock_);
    std::vector<std::pair<std::int64_t, char>> all;
    all.reserve(instant_rows_.size() + days.size());
    std::merge(instant_rows_.begin(), instant_rows_.end(), days.begin(), days.end(), std::back_inserter(all));
    times_.clear();
    deleted_times_.clear();
    for (const auto& [t, del] : all) {
        times_.push_back(t);
        if (del)
            deleted_times_.push_back(t);
    }
}

void TimelineModel::fit() {
    if (times_.empty()) {
        view_from = 0;
        view_to = kDay;
        return;
    }
    const auto span = std::max<std::int64_t>(last_ms() - first_ms(), kHour);
    view_from = first_ms() - span / 50;
    view_to = last_ms() + span / 50 + 1;
}

void TimelineModel::zoom(double factor, std::int64_t anchor_ms) {
    const auto span = static_cast<double>(view_to - view_from);
    const double full = times_.empty()
                            ? static_cast<double>(kDay)
                            : std::max(static_cast<double>(last_ms() - first_ms()) * 1.5, 1.0 * kDay);
    const double next = std::clamp(span / factor, 10.0 * kMin, std::max(full, 10.0 * kMin));
    const double frac = span > 0 ? static_cast<double>(anchor_ms - view_from) / span : 0.5;
    view_from = anchor_ms - static_cast<std::int64_t>(frac * next);
    view_to = view_from + static_cast<std::int64_t>(next);
}

void TimelineModel::pan(std::int64_t delta_ms) {
    view_from += delta_ms;
    view_to += delta_ms;
}

std::unordered_set<std::int64_t> TimelineModel::links_in_brush() const {
    std::unordered_set<std::int64_t> out;
    if (!brush)
        return out;
    const auto [from, to] = *brush;
    auto lo =
        std::lower_bound(instant_links_.begin(), instant_links_.end(), std::pair{from, std::int64_t{0}});
    for (auto it = lo; it != instant_links_.end() && it->first < to; ++it)
        out.insert(it->second);
    // Date-only links by their day (day_links_ is sorted by day): the days the brush overlaps.
    if (const auto days = clock_.days_overlapping(from, to)) {
        auto d =
            std::lower_bound(day_links_.begin(), day_links_.end(), std::pair{days->first, std::int64_t{0}});
        for (; d != day_links_.end() && d->first <= days->second; ++d)
            out.insert(d->second);
    }
    return out;
}

std::vector<TimelineEvent> TimelineModel::events_in(const store::Db& db, std::int64_t from, std::int64_t to,
                                                    std::size_t limit) const {
    std::vector<TimelineEvent> out;
    constexpr const char* kRow = "SELECT e.id, e.utc_ms, e.kind, coalesce(e.body, ''), e.amount_minor, "
                                 "coalesce(e.currency, ''), e.deleted, e.date FROM event e WHERE ";
    auto read = [&](store::Statement& st, bool date_only) {
        while (st.step()) {
            TimelineEvent e{st.column_int64(0),      0,        st.column_text(2), st.column_text(3),
                            st.column_int64(6) != 0, date_only};
            if (date_only) {
                e.date = st.column_text(7);
                const auto d = CaseClock::parse_day(e.date);
                if (!d)
                    continue;
                e.utc_ms = clock_.day_start(*d);
            } else {
                e.utc_ms = st.column_int64(1);
            }
            if (e.summary.empty() && !st.column_is_null(4))
                e.summary = store::format_money(st.column_int64(4), st.column_text(5));
            e.summary = truncate_utf8(e.summary, 120);
            out.push_back(std::move(e));
        }
    };
    auto timed =
        db.prepare(std::string(kRow) + "e.utc_ms >= ?1 AND e.utc_ms < ?2 ORDER BY e.utc_ms, e.id LIMIT ?3");
    timed.bind(1, from).bind(2, to).bind(3, static_cast<std::int64_t>(limit));
    read(timed, false);
    if (const auto days = clock_.days_overlapping(from, to)) {
        auto dated = db.prepare(std::string(kRow) + kDateOnly +
                                " AND e.date >= ?1 AND e.date <= ?2 ORDER BY e.date, e.id LIMIT ?3");
        dated.bind(1, CaseClock::day_text(days->first))
            .bind(2, CaseClock::day_text(days->second))
            .bind(3, static_cast<std::int64_t>(limit));
        read(dated, true);
    }
    std::stable_sort(out.begin(), out.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
        return a.utc_ms != b.utc_ms ? a.utc_ms < b.utc_ms : a.id < b.id;
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

std::string TimelineModel::when(const TimelineEvent& e) const {
    return e.date_only ? clock_.format_event(std::nullopt, e.date)
                       : clock_.format_event(e.utc_ms, std::nullopt);
}

std::vector<std::int64_t> TimelineModel::entity_times(const store::Db& db, std::int64_t entity) const {
    std::vector<std::int64_t> out;
    auto st = db.prepare("SELECT e.utc_ms FROM event_party p JOIN event e ON e.id = p.event_id "
                         "WHERE p.entity_id = ?1 AND e.utc_ms IS NOT NULL");
    st.bind(1, entity);
    while (st.step())
        out.push_back(st.column_int64(0));
    auto ds = db.prepare(std::string("SELECT e.date FROM event_party p JOIN event e ON e.id = p.event_id "
                                     "WHERE p.entity_id = ?1 AND ") +
                         kDateOnly);
    ds.bind(1, entity);
    while (ds.step())
        if (const auto d = CaseClock::parse_day(ds.column_text(0)))
            out.push_back(clock_.day_start(*d));
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace casegraph::ui
