// Timeline binning, zoom and brushing (see timeline_model.hpp).
#include "timeline_model.hpp"

#include "glyphs.hpp"
#include "store/money.hpp"

#include <algorithm>

namespace casegraph::ui {
namespace {
// An event's place on the time axis: its instant, or midnight UTC of its day for a date-only event
// (bank bookings). Only events with neither are undated.
constexpr const char* kWhen = "coalesce(e.utc_ms, CAST(strftime('%s', e.date) AS INTEGER) * 1000)";
std::string sql(const std::string& before, const std::string& after) {
    return before + kWhen + after;
}

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;
} // namespace

void TimelineModel::load(const store::Db& db) {
    std::vector<std::int64_t> t;
    std::vector<char> del;
    auto st =
        db.prepare(sql("SELECT t, deleted FROM (SELECT ", " AS t, deleted FROM event e) WHERE t IS NOT NULL "
                                                          "ORDER BY t"));
    while (st.step()) {
        t.push_back(st.column_int64(0));
        del.push_back(st.column_int64(1) != 0 ? 1 : 0);
    }
    assign(std::move(t), std::move(del));
    undated_ = db.scalar_int(sql("SELECT count(*) FROM event e WHERE ", " IS NULL"));
    date_only_ =
        db.scalar_int(sql("SELECT count(*) FROM event e WHERE e.utc_ms IS NULL AND ", " IS NOT NULL"));
    auto lt = db.prepare(sql("SELECT t, link_id FROM (SELECT ",
                             " AS t, le.link_id FROM link_event le JOIN event e ON e.id = le.event_id) "
                             "WHERE t IS NOT NULL ORDER BY t, link_id"));
    while (lt.step())
        link_times_.emplace_back(lt.column_int64(0), lt.column_int64(1));
}

void TimelineModel::assign(std::vector<std::int64_t> times_ms, std::vector<char> deleted) {
    times_ = std::move(times_ms);
    deleted_times_.clear();
    link_times_.clear();
    for (std::size_t i = 0; i < deleted.size() && i < times_.size(); ++i)
        if (deleted[i])
            deleted_times_.push_back(times_[i]);
    std::sort(times_.begin(), times_.end());
    std::sort(deleted_times_.begin(), deleted_times_.end());
    undated_ = 0;
    date_only_ = 0;
    brush.reset();
    fit();
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
    auto lo =
        std::lower_bound(link_times_.begin(), link_times_.end(), std::pair{brush->first, std::int64_t{0}});
    for (auto it = lo; it != link_times_.end() && it->first < brush->second; ++it)
        out.insert(it->second);
    return out;
}

std::vector<TimelineEvent> TimelineModel::events_in(const store::Db& db, std::int64_t from, std::int64_t to,
                                                    std::size_t limit) {
    std::vector<TimelineEvent> out;
    auto st = db.prepare(sql("SELECT * FROM (SELECT e.id, ",
                             " AS t, e.kind, coalesce(e.body, ''), e.amount_minor, coalesce(e.currency, ''), "
                             "e.deleted, e.utc_ms IS NULL FROM event e) WHERE t >= ?1 AND t < ?2 "
                             "ORDER BY t, id LIMIT ?3"));
    st.bind(1, from).bind(2, to).bind(3, static_cast<std::int64_t>(limit));
    while (st.step()) {
        TimelineEvent e{st.column_int64(0), st.column_int64(1),      st.column_text(2),
                        st.column_text(3),  st.column_int64(6) != 0, st.column_int64(7) != 0};
        if (e.summary.empty() && !st.column_is_null(4))
            e.summary = store::format_money(st.column_int64(4), st.column_text(5));
        e.summary = truncate_utf8(e.summary, 120);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::int64_t> TimelineModel::entity_times(const store::Db& db, std::int64_t entity) {
    std::vector<std::int64_t> out;
    auto st =
        db.prepare(sql("SELECT t FROM (SELECT ",
                       " AS t FROM event_party p JOIN event e ON e.id = p.event_id WHERE p.entity_id = ?1) "
                       "WHERE t IS NOT NULL ORDER BY t"));
    st.bind(1, entity);
    while (st.step())
        out.push_back(st.column_int64(0));
    return out;
}

} // namespace casegraph::ui
