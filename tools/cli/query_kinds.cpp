// Query kinds beyond the basic graph walks: money, indicators, corroboration, timeline, communities.
#include "query_kinds.hpp"

#include "cli.hpp"
#include "graph/communities.hpp"
#include "graph/corroboration.hpp"
#include "graph/indicators.hpp"
#include "graph/money.hpp"
#include "graph/timeline.hpp"
#include "query_common.hpp"
#include "store/case_file.hpp"
#include "store/money.hpp"
#include "store/statements.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

namespace casegraph::cli {
namespace {

using nlohmann::json;

void need(const QueryRun& q, std::size_t lo, std::size_t hi, const std::string& what) {
    if (q.args.size() < lo || q.args.size() > hi)
        throw UsageError(q.kind + " takes " + what);
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, sep)) {
        while (!item.empty() && (item.back() == '\r' || item.back() == ' '))
            item.pop_back();
        while (!item.empty() && item.front() == ' ')
            item.erase(0, 1);
        if (!item.empty())
            out.push_back(item);
    }
    return out;
}

json money(QueryRun& q, exporter::QueryJson& js, json& params) {
    need(q, 1, 1, "one ACCOUNT");
    const auto& p = q.parsed;
    graph::MoneyOptions opt;
    const auto dir = p.value_or("direction", "out");
    if (dir != "out" && dir != "in")
        throw UsageError("--direction must be out or in, not '" + dir + "'");
    opt.out = dir == "out";
    opt.hops = static_cast<int>(p.int_value_or("hops", 3));
    if (opt.hops < 1 || opt.hops > 10)
        throw UsageError("--hops must be between 1 and 10");
    if (p.value("window")) {
        const auto days = p.int_value_or("window", 0);
        if (days < 1)
            throw UsageError("--window must be a whole number of days, 1 or more");
        opt.window_ms = days * 86'400'000LL;
        params["window_days"] = days;
    }
    params["account"] = js.entity(q.entity_arg(0));
    params["direction"] = dir;
    params["hops"] = opt.hops;
    const auto v = q.vertex_arg(0);
    if (!v) {
        q.extra["fans"] = json::array();
        return json::array();
    }
    json fans;
    auto out = js.money(graph::follow_money(q.graph, *v, opt), fans);
    q.extra["fans"] = fans;
    return out;
}

json indicators(QueryRun& q, exporter::QueryJson& js, json& params) {
    const auto& p = q.parsed;
    graph::IndicatorOptions opt;
    opt.from_ms = q.graph_filter.from_ms;
    opt.to_ms = q.graph_filter.to_ms;
    opt.region = q.region;
    opt.victim_tag = p.value_or("victim-tag", "victim");
    if (p.value("min")) {
        const auto m = p.int_value_or("min", 0);
        if (m < 1)
            throw UsageError("--min must be 1 or more");
        opt.min = static_cast<int>(m);
    }
    // Case lists: the options win, then the case settings (indicator.<name>.<list>), then the defaults.
    if (auto c = p.value("countries"))
        for (const auto& x : split(*c, ','))
            opt.countries.insert(x);
    if (auto w = p.value("watchlist")) {
        std::ifstream in(*w);
        if (!in)
            throw UsageError("--watchlist: cannot read '" + *w + "'");
        std::stringstream ss;
        ss << in.rdbuf();
        opt.watchlist = split(ss.str(), '\n');
    }
    opt.suspect_tag = p.value_or("suspect-tag", "suspect");
    // The reporting threshold in major units: --threshold, else the case setting.
    if (auto t = p.value("threshold")) {
        opt.threshold_minor = graph::parse_threshold_minor(*t);
        if (!opt.threshold_minor)
            throw UsageError("--threshold must be an amount such as 10000 or 499.99, not '" + *t + "'");
    }
    try {
        graph::apply_case_settings(q.db, opt); // the same settings the workstation reads
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    auto names = q.args;
    if (names.empty())
        names = graph::indicator_names();
    for (const auto& n : names) {
        const auto& all = graph::indicator_names();
        if (std::find(all.begin(), all.end(), n) == all.end()) {
            std::string list;
            for (const auto& a : all)
                list += (list.empty() ? "" : ", ") + a;
            throw UsageError("unknown indicator '" + n + "' (" + list + ")");
        }
    }
    params["names"] = names;
    auto out = json::array();
    graph::IndicatorInputs inputs(q.db, q.graph, opt.from_ms, opt.to_ms); // each record read once
    for (const auto& n : names)
        out.push_back(js.indicator(graph::run_indicator(inputs, n, opt)));
    return out;
}

// The account entity a statement_check account value names (IBAN or BANK/NUMBER identifier), if any.
std::optional<std::int64_t> account_entity(const store::Db& db, const std::string& value) {
    auto st = db.prepare("SELECT entity_id FROM identifier WHERE value = ?1 AND type IN ('iban', "
                         "'account_number') ORDER BY id LIMIT 1");
    st.bind(1, value);
    if (st.step())
        return st.column_int64(0);
    return std::nullopt;
}

json statements(QueryRun& q, exporter::QueryJson& js, json& params) {
    need(q, 0, 1, "no argument or one ACCOUNT");
    std::set<std::string> wanted;
    if (!q.args.empty()) {
        const auto id = q.entity_arg(0);
        params["account"] = js.entity(id);
        auto st = q.db.prepare("SELECT value FROM identifier WHERE entity_id = ?1");
        st.bind(1, id);
        while (st.step())
            wanted.insert(st.column_text(0));
    }
    // --from/--to: the statements whose period (from..to, or the one date they carry) overlaps the window's
    // days; undated statements cannot be placed and are left out. Findings are kept when they name one of
    // the statements shown, so a break between a shown statement and one outside the window still shows.
    auto day = [&](const char* name, bool given) {
        return given ? q.parsed.value(name)->substr(0, 10) : std::string();
    };
    const std::string win_from = day("from", q.graph_filter.from_ms.has_value());
    const std::string win_to = day("to", q.graph_filter.to_ms.has_value());
    auto in_window = [&](const store::StatementRow& x) {
        const std::string& lo = x.from_date.empty() ? x.to_date : x.from_date;
        const std::string& hi = x.to_date.empty() ? x.from_date : x.to_date;
        if (win_from.empty() && win_to.empty())
            return true;
        return !lo.empty() && (win_from.empty() || hi >= win_from) && (win_to.empty() || lo <= win_to);
    };
    auto out = json::array();
    for (auto s : store::statement_series(q.db)) {
        if (!q.args.empty() && !wanted.count(s.account))
            continue;
        std::set<std::int64_t> shown;
        std::erase_if(s.statements, [&](const store::StatementRow& x) { return !in_window(x); });
        for (const auto& x : s.statements)
            shown.insert(x.id);
        std::erase_if(s.findings, [&](const store::StatementFinding& f) {
            return std::none_of(f.statements.begin(), f.statements.end(),
                                [&](std::int64_t id) { return shown.count(id) > 0; });
        });
        if (s.statements.empty())
            continue;
        json r = {
            {"account_value", s.account}, {"currency", s.currency}, {"evidence_files", s.evidence_files}};
        const auto ent = account_entity(q.db, s.account);
        r["account"] = ent ? js.entity(*ent) : json(nullptr);
        r["statements"] = json::array();
        for (const auto& x : s.statements) {
            auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
            r["statements"].push_back({{"id", x.id},
                                       {"evidence_sha256", x.evidence_sha256},
                                       {"evidence_name", x.evidence_name},
                                       {"locator", x.locator},
                                       {"statement_ref", x.statement_ref},
                                       {"seq", x.seq},
                                       {"from", x.from_date},
                                       {"to", x.to_date},
                                       {"opening_minor", opt(x.opening)},
                                       {"closing_minor", opt(x.closing)},
                                       {"sum_minor", x.sum},
                                       {"entries", opt(x.entries)},
                                       {"result", x.result},
                                       {"summary_result", x.summary_result},
                                       {"duplicate_of", opt(x.duplicate_of)}});
        }
        r["findings"] = json::array();
        std::map<std::string, int> by_severity;
        for (const auto& f : s.findings) {
            r["findings"].push_back({{"kind", f.kind},
                                     {"severity", f.severity},
                                     {"message", f.message},
                                     {"statements", f.statements}});
            ++by_severity[f.severity];
        }
        auto count = [](std::size_t n, const std::string& what) {
            return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
        };
        r["summary"] = count(s.statements.size(), "statement") + " from " +
                       count(static_cast<std::size_t>(s.evidence_files), "file") + ": " +
                       count(static_cast<std::size_t>(by_severity["error"]), "error") + ", " +
                       count(static_cast<std::size_t>(by_severity["warning"]), "warning");
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

std::optional<json> run_more_kinds(QueryRun& q, exporter::QueryJson& js, json& params) {
    if (q.kind == "money")
        return money(q, js, params);
    if (q.kind == "indicators" || q.kind == "indicator") // `indicator NAME` reads better for one
        return indicators(q, js, params);
    if (q.kind == "statements")
        return statements(q, js, params);
    if (q.kind == "corroboration") {
        need(q, 2, 2, "two ENTITY arguments (A B)");
        params["entities"] = {js.entity(q.entity_arg(0)), js.entity(q.entity_arg(1))};
        const auto a = q.vertex_arg(0), b = q.vertex_arg(1);
        auto out = json::array();
        if (a && b && *a != *b)
            out.push_back(js.corroboration(*a, *b, graph::corroborate(q.db, q.graph, *a, *b)));
        return out;
    }
    if (q.kind == "timeline") {
        need(q, 1, 2, "one ENTITY, or two for a pair");
        params["entities"] = json::array();
        for (std::size_t i = 0; i < q.args.size(); ++i)
            params["entities"].push_back(js.entity(q.entity_arg(i)));
        const auto a = q.vertex_arg(0);
        std::optional<graph::Vertex> b;
        if (q.args.size() == 2) {
            b = q.vertex_arg(1);
            if (!b)
                return json::array();
        }
        if (!a)
            return json::array();
        std::vector<graph::Vertex> who{*a};
        if (b)
            who.push_back(*b);
        return json::array({js.timeline(who, graph::timeline(q.graph, *a, b))});
    }
    if (q.kind == "communities") {
        need(q, 0, 0, "no ENTITY arguments");
        const auto seed = static_cast<std::uint64_t>(q.parsed.int_value_or("seed", 1));
        params["seed"] = seed;
        const auto c = graph::louvain(q.graph, seed);
        params["modularity"] = c.modularity;
        return js.communities(c);
    }
    return std::nullopt;
}

namespace {

std::string money_text(const json& minor, const std::string& cur) {
    return graph::format_money(minor.get<std::int64_t>(), cur);
}

} // namespace

void print_more_text(std::ostream& os, const std::string& kind, const json& r, std::size_t n) {
    if (kind == "money") {
        const auto cur = r.value("currency", "");
        os << "hop " << r["hop"].get<int>() << "  " << entity_text(r["from"]) << "  →  "
           << entity_text(r["to"]) << "\n    " << count_of(r["payments"].get<long long>(), "payment") << ", "
           << money_text(r["total_minor"], cur) << ", of which up to " << money_text(r["passed_minor"], cur)
           << " can have come from the start; " << r.value("first", "").substr(0, 10) << " … "
           << r.value("last", "").substr(0, 10) << "\n";
    } else if (kind == "indicators" || kind == "indicator") {
        os << "#" << r.value("number", 0) << " " << r.value("indicator", "") << " " << r["params"].dump()
           << ": ";
        if (r.contains("not_computable"))
            os << r["not_computable"].get<std::string>() << "\n";
        else
            os << r["matches"].size() << (r["matches"].size() == 1 ? " match\n" : " matches\n");
        for (const auto& m : r["matches"])
            os << "  - " << m.value("summary", "") << "  ("
               << count_of(static_cast<long long>(m["evidence"].size()), "event") << ")\n";
    } else if (kind == "corroboration") {
        os << entity_text(r["entities"][0]) << " — " << entity_text(r["entities"][1]) << ": "
           << r.value("summary", "") << "\n";
        for (const auto& s : r["sources"]) {
            os << "  " << s.value("evidence_name", "") << " (" << s.value("evidence_sha256", "").substr(0, 12)
               << "): " << count_of(s["events"].get<long long>(), "event") << ", ";
            if (s.value("first", "") == "undated")
                os << "undated";
            else
                os << s.value("first", "") << " … " << s.value("last", "");
            for (const auto& d : s["devices"])
                os << "; device " << entity_text(d);
            os << "\n";
        }
    } else if (kind == "timeline") {
        os << "Timeline of";
        for (const auto& e : r["entities"])
            os << " " << entity_text(e);
        os << ": " << r["events"].get<long long>() << " events";
        if (!r["first"].is_null())
            os << ", first " << r["first"].get<std::string>() << ", last " << r["last"].get<std::string>();
        os << "\n  by kind: " << r["by_kind"].dump() << "\n  busiest days:";
        std::vector<std::pair<long long, std::string>> days;
        for (const auto& d : r["days"])
            days.emplace_back(d["events"].get<long long>(), d["day"].get<std::string>());
        std::stable_sort(days.begin(), days.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < days.size() && i < 5; ++i)
            os << " " << days[i].second << " (" << days[i].first << ")";
        os << "\n  hours (UTC) 0-23: ";
        for (const auto& h : r["hours_utc"])
            os << h.get<long long>() << " ";
        os << "\n  bursts:";
        if (r["bursts"].empty())
            os << " none";
        for (const auto& b : r["bursts"])
            os << " " << b["day"].get<std::string>() << " (" << b["events"].get<long long>() << ")";
        os << "\n";
    } else if (kind == "statements") {
        const auto cur = r.value("currency", "");
        const int d = store::minor_digits(cur);
        auto amount = [&](const json& v) {
            return v.is_null() ? std::string("—") : store::format_minor(v.get<std::int64_t>(), d);
        };
        os << "Account " << r.value("account_value", "") << " " << cur << ": " << r.value("summary", "")
           << "\n";
        for (const auto& x : r["statements"]) {
            os << "  " << (x.value("seq", "").empty() ? "-" : x.value("seq", "")) << "  "
               << x.value("from", "") << " .. " << x.value("to", "") << "  open "
               << amount(x["opening_minor"]) << "  + " << amount(x["sum_minor"]) << "  close "
               << amount(x["closing_minor"]) << "  " << x.value("result", "");
            if (!x.value("summary_result", "").empty())
                os << ", summary " << x.value("summary_result", "");
            if (!x["duplicate_of"].is_null())
                os << ", DUPLICATE";
            os << "  " << x.value("evidence_name", "") << " " << x.value("locator", "") << "\n";
        }
        for (const auto& f : r["findings"])
            os << "  " << f.value("severity", "") << " " << f.value("kind", "") << ": "
               << f.value("message", "") << "\n";
    } else {
        (void)n;
        print_fallback_text(os, r);
    }
}

} // namespace casegraph::cli
