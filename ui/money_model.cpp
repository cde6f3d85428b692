// Money flows and their sankey layout (see money_model.hpp).
#include "money_model.hpp"

#include "case_clock.hpp"
#include "timeline_model.hpp"

#include <algorithm>
#include <map>

namespace casegraph::ui {

void MoneyModel::load(const store::Db& db) {
    std::vector<Flow> f;
    const auto clock = CaseClock::of(db);
    auto st = db.prepare(R"sql(
SELECT l.id, l.a, l.b, ea.label, eb.label, l.currency, coalesce(l.total_minor, 0), l.count,
       coalesce(l.first_date, ''), coalesce(l.last_date, ''), l.first_ms, l.last_ms
FROM link l JOIN entity ea ON ea.id = l.a JOIN entity eb ON eb.id = l.b
WHERE l.kind = 'transaction' ORDER BY abs(coalesce(l.total_minor, 0)) DESC, l.id)sql");
    while (st.step()) {
        Flow x{st.column_int64(0), st.column_int64(1), st.column_int64(2), st.column_text(3),
               st.column_text(4),  st.column_text(5),  st.column_int64(6), st.column_int64(7),
               st.column_text(8),  st.column_text(9)};
        // In the case's zone, zone named; a date-only booking as its day.
        x.first =
            clock.format_event(st.column_is_null(10) ? std::nullopt : std::optional{st.column_int64(10)},
                               x.first.empty() ? std::nullopt : std::optional{x.first});
        x.last = clock.format_event(st.column_is_null(11) ? std::nullopt : std::optional{st.column_int64(11)},
                                    x.last.empty() ? std::nullopt : std::optional{x.last});
        f.push_back(std::move(x));
    }
    set_flows(std::move(f));
}

void MoneyModel::set_flows(std::vector<Flow> f) {
    flows = std::move(f);
    std::map<std::string, std::int64_t> by_cur;
    for (const auto& x : flows)
        by_cur[x.currency] += std::llabs(x.total_minor);
    currencies.clear();
    for (const auto& [c, n] : by_cur)
        currencies.push_back(c);
    if (std::find(currencies.begin(), currencies.end(), currency) == currencies.end()) {
        currency.clear();
        std::int64_t best = -1;
        for (const auto& [c, n] : by_cur)
            if (n > best) {
                best = n;
                currency = c;
            }
    }
    layout_sankey();
}

void MoneyModel::layout_sankey(std::size_t max_flows) {
    boxes.clear();
    bands.clear();
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < flows.size() && chosen.size() < max_flows; ++i)
        if (flows[i].currency == currency && flows[i].total_minor > 0)
            chosen.push_back(i);
    if (chosen.empty())
        return;
    std::map<std::int64_t, double> out_sum, in_sum;
    std::map<std::int64_t, std::string> label;
    double total = 0;
    for (auto i : chosen) {
        out_sum[flows[i].from] += static_cast<double>(flows[i].total_minor);
        in_sum[flows[i].to] += static_cast<double>(flows[i].total_minor);
        label[flows[i].from] = flows[i].from_label;
        label[flows[i].to] = flows[i].to_label;
        total += static_cast<double>(flows[i].total_minor);
    }
    // Each side stacks its boxes, biggest first, with a small gap; heights are shares of the total.
    auto stack = [&](const std::map<std::int64_t, double>& sums, bool left) {
        std::vector<std::pair<std::int64_t, double>> v(sums.begin(), sums.end());
        std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
            return a.second > b.second || (a.second == b.second && a.first < b.first);
        });
        const float gap = v.size() > 1 ? 0.15f / static_cast<float>(v.size() - 1) : 0.f;
        float y = 0;
        for (const auto& [id, s] : v) {
            const float h = static_cast<float>(s / total) * 0.85f;
            boxes.push_back({id, label[id], y, y + h, left});
            y += h + gap;
        }
    };
    stack(out_sum, true);
    stack(in_sum, false);
    std::map<std::pair<bool, std::int64_t>, float> cursor;
    std::map<std::pair<bool, std::int64_t>, float> top;
    for (const auto& b : boxes) {
        cursor[{b.left, b.entity}] = b.y0;
        top[{b.left, b.entity}] = b.y0;
    }
    for (auto i : chosen) {
        const float h = static_cast<float>(static_cast<double>(flows[i].total_minor) / total) * 0.85f;
        SankeyBand band{i};
        band.from_y0 = cursor[{true, flows[i].from}];
        band.from_y1 = band.from_y0 + h;
        cursor[{true, flows[i].from}] = band.from_y1;
        band.to_y0 = cursor[{false, flows[i].to}];
        band.to_y1 = band.to_y0 + h;
        cursor[{false, flows[i].to}] = band.to_y1;
        bands.push_back(band);
    }
}

} // namespace casegraph::ui
