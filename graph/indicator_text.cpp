// Text helpers shared by the indicator files (see indicator_text.hpp).
#include "indicator_text.hpp"

#include "indicators.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>

namespace casegraph::graph::indicator_text {

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool mentions_any(std::string_view lowered, const std::vector<std::string>& words) {
    for (const auto& w : words)
        if (lowered.find(w) != std::string::npos)
            return true;
    return false;
}

std::string name_of(const CaseGraph& g, std::int64_t id) {
    const auto* e = g.data().entity(id);
    return e && !e->label.empty() ? e->label : "#" + std::to_string(id);
}

std::string party_name(const CaseGraph& g, const std::map<std::int64_t, std::set<std::int64_t>>& holders,
                       std::int64_t id) {
    auto out = name_of(g, id);
    const auto it = holders.find(id);
    if (it == holders.end())
        return out;
    std::string names;
    for (const auto h : it->second)
        if (const auto n = name_of(g, h); lower(n) != lower(out) && names.find(n) == std::string::npos)
            names += (names.empty() ? "" : ", ") + n;
    return names.empty() ? out : out + " (" + names + ")";
}

std::string party_names(const CaseGraph& g, const std::map<std::int64_t, std::set<std::int64_t>>& holders,
                        const std::vector<std::int64_t>& ids) {
    std::string s;
    for (const auto id : ids)
        s += (s.empty() ? "" : ", ") + party_name(g, holders, id);
    return s;
}

std::string totals_text(const std::map<std::string, std::int64_t>& by_currency) {
    std::string s;
    for (const auto& [cur, v] : by_currency)
        s += (s.empty() ? "" : " + ") + format_money(v, cur);
    return s;
}

std::string day_of(std::int64_t ms) {
    return store::format_date(store::utc_ms_to_civil(ms));
}

std::string payment_text(const CaseGraph& g, const TxRow& t) {
    std::string hay(t.low); // text and attrs lower-cased, each followed by a blank
    if (t.payee)
        if (const auto* e = g.data().entity(t.payee))
            hay += lower(e->label);
    return hay;
}

IndicatorMatch neighbour_match(const CaseGraph& g, Vertex x, const std::set<std::string>& kinds) {
    IndicatorMatch m;
    m.entities.push_back(g.entity(x));
    for (const auto& [y, pi] : g.neighbours(x)) {
        const auto* e = g.data().entity(g.entity(y));
        if (!kinds.empty() && (!e || kinds.count(e->kind) == 0))
            continue;
        m.entities.push_back(g.entity(y));
        for (const auto li : g.pairs()[pi].links)
            for (const auto& ev : g.links()[li].events)
                m.events.push_back(ev.event_id);
    }
    std::sort(m.events.begin(), m.events.end());
    m.events.erase(std::unique(m.events.begin(), m.events.end()), m.events.end());
    return m;
}

const std::vector<std::string>& cash_words() {
    static const std::vector<std::string> w{"cash",    "cdpt",       "lodgement",
                                            "deposit", "einzahlung", "versement"};
    return w;
}

const std::vector<std::string>& travel_words() {
    static const std::vector<std::string> w{"hotel",
                                            "hostel",
                                            "motel",
                                            "airbnb",
                                            "booking.com",
                                            "expedia",
                                            "travelodge",
                                            "premier inn",
                                            "ryanair",
                                            "easyjet",
                                            "wizz",
                                            "airline",
                                            "airways",
                                            "flight",
                                            "flixbus",
                                            "megabus",
                                            "national express",
                                            "coach",
                                            "trainline",
                                            "rail",
                                            "train ticket",
                                            "uber",
                                            "bolt",
                                            "taxi"};
    return w;
}

} // namespace casegraph::graph::indicator_text
