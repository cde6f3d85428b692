// bench_graph CASE | bench_graph --synthetic EVENTS  [--tsv FILE] [--exact-max V] [--events N] [--only TEXT]
// bench_graph --write-case FILE EVENTS: writes the synthetic case (synthetic_case.hpp) as a case file.
// Times opening a case to a usable graph (SQLite -> memory -> filtered CSR graph), re-deriving the graph
// for several filters, and every analysis, each with the process's peak RSS while it ran (VmHWM is reset
// before each step through /proc/self/clear_refs). --synthetic builds bench/synthetic_case.hpp's case
// in memory (planted demo patterns + a skewed random tail: the worst case for the graph build).
// --tsv appends "events<TAB>step<TAB>wall_ms<TAB>cpu_ms<TAB>peak_kB" lines for bench/plot_graph.sh.
#include "bench_steps.hpp"
#include "graph/centrality.hpp"
#include "graph/communities.hpp"
#include "graph/corroboration.hpp"
#include "graph/indicators.hpp"
#include "graph/money.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"
#include "graph/timeline.hpp"
#include "store/case_file.hpp"
#include "synthetic_case.hpp"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

using namespace casegraph;

namespace {

// The account that pays most often: where "follow the money" starts.
graph::Vertex top_payer(const graph::CaseGraph& g, graph::Vertex fallback) {
    const auto tx = g.data().kind_index("transaction");
    std::vector<std::size_t> out(g.vertex_count(), 0);
    for (const auto& l : g.links())
        if (tx && l.kind == *tx && l.directed)
            out[l.u] += l.events.size();
    const auto it = std::max_element(out.begin(), out.end());
    return it == out.end() || *it == 0 ? fallback : static_cast<graph::Vertex>(it - out.begin());
}

void analyses(bench::Steps& s, const graph::CaseGraph& g, const store::Db* db, std::size_t exact_max) {
    const auto by_degree = graph::rank(g, graph::degree_centrality(g), 0);
    if (by_degree.size() < 2)
        return;
    const auto hub = by_degree.front().vertex;
    const auto second = by_degree[1].vertex;
    const auto typical = by_degree[by_degree.size() / 2].vertex;
    const auto far = by_degree.back().vertex;
    std::size_t n = 0;
    s.run(
        "2-hop neighbourhood, median entity", [&] { n = graph::neighbours(g, typical, 2).size(); }, 5);
    s.note(std::to_string(n) + " entities");
    s.run(
        "2-hop neighbourhood, top hub", [&] { n = graph::neighbours(g, hub, 2).size(); }, 3);
    s.note(std::to_string(n) + " entities");
    s.run(
        "common contacts, two top hubs",
        [&] {
            n = graph::common_contacts(g, {hub, second}).size();
        },
        3);
    s.note(std::to_string(n) + " entities");
    s.run(
        "shortest path, median -> leaf",
        [&] { n = graph::shortest_path(g, typical, far).value_or(graph::Path{}).size(); }, 5);
    s.note(std::to_string(n) + " vertices");
    s.run("5 shortest paths (<= 6 hops)", [&] { n = graph::k_shortest_paths(g, typical, far, 5, 6).size(); });
    s.note(std::to_string(n) + " paths");
    s.run("degree + volume centrality", [&] {
        (void)graph::degree_centrality(g);
        (void)graph::volume_centrality(g);
    });
    if (g.vertex_count() <= exact_max)
        s.run("betweenness, exact", [&] { (void)graph::betweenness_centrality(g); });
    s.run("betweenness, 100 sampled sources", [&] { (void)graph::betweenness_centrality(g, 100, 1); });
    s.run("components", [&] { n = graph::components(g).size(); });
    s.note(std::to_string(n) + " components");
    s.run("communities (Louvain)", [&] { n = graph::louvain(g, 1).groups.size(); });
    s.note(std::to_string(n) + " groups");
    s.run("timeline of the top hub", [&] { n = graph::timeline(g, hub, std::nullopt).events.size(); });
    s.note(std::to_string(n) + " events");
    const auto payer = top_payer(g, hub);
    s.run("money out of top payer, 3 hops", [&] { n = graph::follow_money(g, payer, {}).hops.size(); });
    s.note(std::to_string(n) + " hops");
    if (db == nullptr)
        return;
    graph::Vertex busiest = hub; // the hub's neighbour with the most events between them
    std::int64_t most = -1;
    for (const auto& [v, pi] : g.neighbours(hub))
        if (g.pairs()[pi].events > most) {
            most = g.pairs()[pi].events;
            busiest = v;
        }
    s.run("corroboration, hub - busiest contact",
          [&] { n = graph::corroborate(*db, g, hub, busiest).sources.size(); });
    s.note(std::to_string(n) + " sources");
    for (const auto& name : graph::indicator_names()) {
        const auto step = "indicator " + name;
        s.run(step.c_str(), [&] { n = graph::run_indicator(*db, g, name, {}).matches.size(); });
        s.note(std::to_string(n) + " matches");
    }
    // What `casegraph query CASE indicators` does: all 16 over one set of inputs, each record read once.
    s.run("indicators, all 16 (one shared load)", [&] {
        graph::IndicatorInputs inputs(*db, g);
        n = 0;
        for (const auto& name : graph::indicator_names())
            n += graph::run_indicator(inputs, name, {}).matches.size();
    });
    s.note(std::to_string(n) + " matches");
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::strcmp(argv[1], "--write-case") == 0) { // bench_graph --write-case FILE EVENTS
        bench::write_synthetic_case(argv[2], std::stoll(argv[3]));
        return 0;
    }
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_graph CASE | --synthetic EVENTS  [--tsv FILE] [--exact-max V] "
                             "[--events N] [--only TEXT]\n");
        return 2;
    }
    const bool synth = std::strcmp(argv[1], "--synthetic") == 0 && argc > 2;
    std::string tsv, only;
    std::size_t exact_max = 2000, nominal = synth ? std::stoull(argv[2]) : 0;
    for (int i = synth ? 3 : 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--tsv") == 0)
            tsv = argv[i + 1];
        else if (std::strcmp(argv[i], "--exact-max") == 0)
            exact_max = std::stoull(argv[i + 1]);
        else if (std::strcmp(argv[i], "--events") == 0) // the case's nominal size, for the TSV
            nominal = std::stoull(argv[i + 1]);
        else if (std::strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
    }
    bench::Steps s(tsv);
    s.only(only);
    graph::CaseData data;
    graph::CaseGraph g;
    std::unique_ptr<store::CaseFile> cf;
    if (synth) {
        s.run(
            "synthetic case generated", [&] { data = bench::synthetic_case(std::stoll(argv[2])); }, 1, true);
    } else {
        cf = std::make_unique<store::CaseFile>(store::CaseFile::open_read_only(argv[1]));
        // Opening = what the CLI and the UI do before the first analysis: read the case, derive the graph.
        s.run(
            "open: case load + build (cold)",
            [&] {
                data = graph::CaseData::load(cf->db());
                g = graph::CaseGraph::build(data, {});
            },
            1, true);
        s.set_events(nominal != 0 ? nominal : data.pairs().size());
        g = {};
        s.run(
            "case load (SQLite -> memory)", [&] { data = graph::CaseData::load(cf->db()); }, 2, true);
    }
    s.set_events(nominal != 0 ? nominal : data.pairs().size());
    // Each build starts from an empty graph, so a step's peak RSS is what one graph costs.
    s.run(
        "build, no filter",
        [&] {
            g = {};
            g = graph::CaseGraph::build(data, {});
        },
        3, true);
    s.note(std::to_string(g.vertex_count()) + " vertices, " + std::to_string(g.links().size()) + " links, " +
           std::to_string(g.pairs().size()) + " pairs");
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const auto& p : data.pairs())
        if (p.has_time) {
            lo = std::min(lo, p.ms);
            hi = std::max(hi, p.ms);
        }
    {
        graph::Filter window;
        window.from_ms = lo + (hi - lo) / 4;
        window.to_ms = hi - (hi - lo) / 4;
        graph::Filter kinds;
        kinds.event_kinds = {"message"};
        graph::CaseGraph gw;
        // The full graph stays live, as in the UI while the analyst changes the filter.
        s.run(
            "build, middle-half time window",
            [&] {
                gw = {};
                gw = graph::CaseGraph::build(data, window);
            },
            3);
        s.run(
            "build, messages only",
            [&] {
                gw = {};
                gw = graph::CaseGraph::build(data, kinds);
            },
            3);
    }
    analyses(s, g, cf ? &cf->db() : nullptr, exact_max);
    s.finish();
    return 0;
}
