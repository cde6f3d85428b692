// casegraph query CASE KIND ARGS...: every link analysis of cg_graph, as CONTRACTS.md JSON (--json) or
// as readable text. The JSON is built first and the text is rendered from it, so both say the same.
#include "cli.hpp"
#include "common.hpp"
#include "export/query_json.hpp"
#include "graph/centrality.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"
#include "query_common.hpp"
#include "query_kinds.hpp"
#include "store/case_file.hpp"

#include <iostream>
#include <sstream>

namespace casegraph::cli {
namespace {

std::set<std::string> csv_set(const std::optional<std::string>& v) {
    std::set<std::string> out;
    if (!v)
        return out;
    std::stringstream ss(*v);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.insert(item);
    return out;
}

int positive(const Parsed& p, const std::string& name, long long fallback, long long max = 1'000'000) {
    const auto v = p.int_value_or(name, fallback);
    if (v < 1 || v > max)
        throw UsageError("--" + name + " must be between 1 and " + std::to_string(max));
    return static_cast<int>(v);
}

} // namespace

std::optional<graph::Vertex> QueryRun::vertex_arg(std::size_t i) {
    if (i >= args.size())
        throw UsageError(kind + " needs more ENTITY arguments");
    const auto id = data.representative(resolve_entity(db, args[i], region));
    return graph.vertex(id);
}

std::int64_t QueryRun::entity_arg(std::size_t i) {
    if (i >= args.size())
        throw UsageError(kind + " needs more ENTITY arguments");
    return data.representative(resolve_entity(db, args[i], region));
}

namespace {

void need_args(const QueryRun& q, std::size_t lo, std::size_t hi, const std::string& what) {
    if (q.args.size() < lo || q.args.size() > hi)
        throw UsageError(q.kind + " takes " + what);
}

nlohmann::json run_kind(QueryRun& q, nlohmann::json& params) {
    exporter::QueryJson js(q.db, q.graph);
    const auto& p = q.parsed;
    if (q.kind == "neighbours") {
        need_args(q, 1, 1, "one ENTITY");
        const int hops = positive(p, "hops", 1, 10);
        params["entity"] = js.entity(q.entity_arg(0));
        params["hops"] = hops;
        const auto v = q.vertex_arg(0);
        if (!v)
            return nlohmann::json::array();
        // Evidence is looked up only for the page printed: a hub's 2 hops can be most of a large case.
        auto all = graph::neighbours(q.graph, *v, hops);
        params["total"] = all.size();
        const auto skip = p.int_value_or("offset", 0);
        if (skip < 0)
            throw UsageError("--offset must be 0 or more");
        const auto offset = std::min(all.size(), static_cast<std::size_t>(skip));
        auto last = all.size();
        if (p.value("limit")) {
            const auto limit = static_cast<std::size_t>(positive(p, "limit", 1));
            params["limit"] = limit;
            last = std::min(all.size(), offset + limit);
        }
        if (offset > 0)
            params["offset"] = offset;
        return js.neighbours({all.begin() + static_cast<std::ptrdiff_t>(offset),
                              all.begin() + static_cast<std::ptrdiff_t>(last)});
    }
    if (q.kind == "common") {
        need_args(q, 2, 64, "two or more ENTITY arguments");
        std::vector<graph::Vertex> vs;
        params["entities"] = nlohmann::json::array();
        bool all = true;
        for (std::size_t i = 0; i < q.args.size(); ++i) {
            params["entities"].push_back(js.entity(q.entity_arg(i)));
            if (auto v = q.vertex_arg(i))
                vs.push_back(*v);
            else
                all = false;
        }
        return all ? js.common(graph::common_contacts(q.graph, vs)) : nlohmann::json::array();
    }
    if (q.kind == "path" || q.kind == "paths") {
        need_args(q, 2, 2, "two ENTITY arguments (A B)");
        params["from"] = js.entity(q.entity_arg(0));
        params["to"] = js.entity(q.entity_arg(1));
        const auto a = q.vertex_arg(0), b = q.vertex_arg(1);
        auto out = nlohmann::json::array();
        if (q.kind == "path") {
            if (a && b && *a != *b)
                if (auto path = graph::shortest_path(q.graph, *a, *b))
                    out.push_back(js.path(*path));
            return out;
        }
        const int max_len = positive(p, "max-len", 4, 12);
        params["max_len"] = max_len;
        std::vector<graph::Path> paths;
        if (p.value("k")) {
            const int k = positive(p, "k", 10, 1000);
            params["k"] = k;
            if (a && b)
                paths = graph::k_shortest_paths(q.graph, *a, *b, k, max_len);
        } else if (a && b) {
            paths = graph::all_simple_paths(q.graph, *a, *b, max_len);
        }
        for (const auto& path : paths)
            out.push_back(js.path(path));
        return out;
    }
    if (q.kind == "central") {
        need_args(q, 0, 0, "no ENTITY arguments");
        const auto measure = p.value_or("measure", "degree");
        const auto top = positive(p, "top", 20);
        params["measure"] = measure;
        params["top"] = top;
        std::vector<double> scores;
        if (measure == "degree") {
            scores = graph::degree_centrality(q.graph);
        } else if (measure == "volume") {
            scores = graph::volume_centrality(q.graph);
        } else if (measure == "betweenness") {
            // Exact up to a few thousand entities; beyond that a seeded sample keeps it interactive.
            const auto samples = p.value("sample") ? static_cast<std::size_t>(p.int_value_or("sample", 0))
                                                   : graph::default_betweenness_samples(q.graph);
            const auto seed = static_cast<std::uint64_t>(p.int_value_or("seed", 1));
            params["sample"] = samples;
            params["seed"] = seed;
            scores = graph::betweenness_centrality(q.graph, samples, seed);
        } else {
            throw UsageError("--measure must be degree, volume or betweenness, not '" + measure + "'");
        }
        return js.central(graph::rank(q.graph, scores, static_cast<std::size_t>(top)));
    }
    if (q.kind == "components") {
        need_args(q, 0, 0, "no ENTITY arguments");
        return js.components(graph::components(q.graph));
    }
    if (auto r = run_more_kinds(q, js, params))
        return *r;
    throw UsageError("unknown query kind '" + q.kind +
                     "' (neighbours, common, path, paths, central, components, communities, timeline, money, "
                     "indicators, corroboration, statements)");
}

int cmd_query(const Parsed& p) {
    need_positionals(p, 2, "CASE KIND");
    const auto cf = store::CaseFile::open_read_only(p.positional[0]);
    graph::Filter filter;
    const auto days = graph::ZoneDays::of(cf.db()); // a date is a day in the case zone
    filter.from_ms = time_option(p, "from", false, days);
    filter.to_ms = time_option(p, "to", true, days);
    filter.event_kinds = csv_set(p.value("event-kinds"));
    filter.entity_kinds = csv_set(p.value("entity-kinds"));
    filter.tags = csv_set(p.value("tags"));
    for (const auto& prefix : csv_set(p.value("evidence"))) {
        // An evidence file by the start of its SHA-256, as `casegraph stats` and exports print it.
        auto st = cf.db().prepare("SELECT id FROM evidence_file WHERE sha256 LIKE ?1 || '%'");
        st.bind(1, prefix);
        std::size_t found = 0;
        while (st.step()) {
            filter.evidence_ids.insert(st.column_int64(0));
            ++found;
        }
        if (found != 1)
            throw UsageError("--evidence '" + prefix + "' matches " + std::to_string(found) +
                             " evidence files (give more of the SHA-256)");
    }
    const auto data = graph::CaseData::load(cf.db());
    const auto g = graph::CaseGraph::build(data, filter);
    QueryRun q{cf.db(),
               data,
               g,
               filter,
               p,
               p.positional[1],
               {p.positional.begin() + 2, p.positional.end()},
               cf.settings().region};
    nlohmann::json params = {{"kind", q.kind}};
    if (filter.from_ms)
        params["from"] = *p.value("from");
    if (filter.to_ms)
        params["to"] = *p.value("to");
    auto results = run_kind(q, params);
    nlohmann::json doc = {{"query", params}, {"results", results}};
    for (auto it = q.extra.begin(); it != q.extra.end(); ++it)
        doc[it.key()] = it.value();
    if (p.flag("json"))
        std::cout << doc.dump(2) << "\n";
    else
        print_query_text(std::cout, doc);
    return kOk;
}

} // namespace

void add_query_commands(std::vector<Command>& out) {
    out.push_back(
        {"query",
         "CASE KIND ARGS... [--from T] [--to T] [--json]",
         "link analysis: neighbours, paths, centrality, money flows, indicators, corroboration",
         "Kinds:\n"
         "  neighbours ENTITY [--hops K]          contacts to K hops (default 1)\n"
         "    [--limit N] [--offset M]            one page of them, ranked by hops then volume\n"
         "  common ENTITY ENTITY...               contacts shared by all the entities\n"
         "  path A B                              shortest chain of contact\n"
         "  paths A B [--max-len L] [--k N]       all simple paths up to L hops, or the N shortest (Yen)\n"
         "  central [--measure degree|volume|betweenness] [--top N]\n"
         "  components                            groups of entities connected to each other\n"
         "  communities [--seed S]                closely knit groups (Louvain)\n"
         "  timeline ENTITY [ENTITY]              events per day and hour, first/last contact, bursts\n"
         "  money ACCOUNT [--direction out|in] [--hops N] [--window DAYS]\n"
         "  indicators [NAME...]                  DOMAIN.md indicator patterns (leads, not proof)\n"
         "  indicator NAME                        the same, for one pattern\n"
         "  corroboration A B                     independent sources behind a contact\n"
         "  statements [ACCOUNT]                  bank statements chained per account: balance breaks,\n"
         "                                        missing numbers or days, overlaps, duplicate imports\n"
         "                                        (--from/--to: statements whose period overlaps those\n"
         "                                        days; undated statements are left out)\n"
         "ENTITY is #id or an identifier as typed (+44 7700 900111, an IBAN, an email, telegram:user).\n"
         "Analyses see merged entities as one (casegraph merge); --from/--to limit every kind (a\n"
         "date-only booking is in when its day in the case's --tz overlaps the window).",
         {{"from", "T",
           "only events from T (ISO 8601 date or date-time; a date is a day in the case's --tz)"},
          {"to", "T", "only events up to T (a date includes the whole day)"},
          {"json", "", "print CONTRACTS.md JSON"},
          {"event-kinds", "K,K", "only these event kinds (message,call,transaction,...)"},
          {"entity-kinds", "K,K", "only these entity kinds (phone,account,...)"},
          {"tags", "T,T", "only entities carrying one of these tags"},
          {"evidence", "SHA,SHA", "only events from these evidence files (SHA-256 prefixes)"},
          {"hops", "K", "neighbours: hops (default 1); money: hops (default 3)"},
          {"limit", "N", "neighbours: print N results (default all; query.total says how many)"},
          {"offset", "M", "neighbours: skip the first M results (with --limit: pages)"},
          {"max-len", "L", "paths: longest path in hops (default 4)"},
          {"k", "N", "paths: the N shortest simple paths"},
          {"measure", "M", "central: degree (default), volume or betweenness"},
          {"top", "N", "central: how many (default 20)"},
          {"sample", "N",
           "central betweenness: N sampled sources (0 = exact; default: exact up to 5,000 entities, "
           "then 100-500 by graph size)"},
          {"seed", "S", "sampled betweenness and communities: random seed (default 1)"},
          {"direction", "D", "money: out (default) or in"},
          {"window", "DAYS", "money: longest time between one hop and the next"},
          {"countries", "CC,CC", "indicators transfers_abroad: counterparty countries"},
          {"watchlist", "FILE", "indicators advert_payments: payee names, one a line"},
          {"victim-tag", "TAG", "indicators controller_hub: the tag naming victims (default victim)"},
          {"min", "N", "indicators: override the pattern's main threshold"},
          {"suspect-tag", "TAG", "indicators others_accounts: the tag naming suspects (default suspect)"},
          {"threshold", "AMOUNT", "indicators funnel_account: the cash reporting threshold (default 10000)"}},
         cmd_query});
}

} // namespace casegraph::cli
