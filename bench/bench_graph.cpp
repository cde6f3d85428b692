// bench_graph CASE | bench_graph --synthetic EVENTS: times loading a case into memory, re-deriving the
// filtered graph for several filters (target < 200 ms at 100k events) and each analysis, with peak
// memory. --synthetic builds a random case in memory (hubs + a long tail, 10% payments) for sizes the
// demo generator takes too long to write.
#include "graph/centrality.hpp"
#include "graph/communities.hpp"
#include "graph/money.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"
#include "store/case_file.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

using namespace casegraph;

namespace {

template <class F> double ms_of(F&& f, int repeat = 1) {
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        const auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return best;
}

long rss_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::strlen(field)));
    return -1;
}

graph::CaseData synthetic(std::int64_t events) {
    const std::int64_t entities = std::max<std::int64_t>(100, events / 10);
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<graph::EventPair> pairs;
    pairs.reserve(static_cast<std::size_t>(events));
    const std::int64_t t0 = 1'704'067'200'000; // 2024-01-01
    for (std::int64_t i = 0; i < events; ++i) {
        graph::EventPair p;
        p.event_id = i + 1;
        // u³ skews one end towards low ids: a few hubs with many contacts, most entities with few.
        const double x = u(rng);
        p.a = 1 + static_cast<std::int64_t>(static_cast<double>(entities) * x * x * x);
        p.b = 1 + static_cast<std::int64_t>(static_cast<double>(entities) * u(rng));
        if (p.a == p.b)
            p.b = p.b % entities + 1;
        p.directed = i % 10 == 0;
        p.kind = p.directed ? 1 : 0;
        p.currency = p.directed ? 1 : 0;
        p.amount_minor = p.directed ? 1000 + static_cast<std::int64_t>(u(rng) * 100000) : 0;
        if (!p.directed && p.a > p.b)
            std::swap(p.a, p.b);
        p.ms = t0 + static_cast<std::int64_t>(u(rng) * 365.0 * 86'400'000.0);
        p.has_time = true;
        p.evidence_id = 1 + i % 4;
        pairs.push_back(p);
    }
    std::unordered_map<std::int64_t, graph::EntityInfo> ents;
    for (std::int64_t e = 1; e <= entities; ++e)
        ents[e] = {"phone", "e" + std::to_string(e)};
    return graph::CaseData::from_parts(std::move(pairs), {"message", "transaction"}, {"", "GBP"},
                                       std::move(ents));
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_graph CASE | bench_graph --synthetic EVENTS\n");
        return 2;
    }
    graph::CaseData data;
    double load = 0;
    if (std::strcmp(argv[1], "--synthetic") == 0 && argc > 2) {
        load = ms_of([&] { data = synthetic(std::stoll(argv[2])); });
        std::printf("synthetic case (%s events) generated: %.1f ms\n", argv[2], load);
    } else {
        const auto cf = store::CaseFile::open_read_only(argv[1]);
        load = ms_of([&] { data = graph::CaseData::load(cf.db()); });
        std::printf("case load (SQLite -> memory): %.1f ms\n", load);
    }
    std::printf("event-pairs:                %zu   RSS after load %ld kB\n", data.pairs().size(),
                rss_kb("VmRSS:"));

    graph::CaseGraph g;
    const double all = ms_of([&] { g = graph::CaseGraph::build(data, {}); }, 3);
    std::printf("build, no filter:           %.1f ms (%zu vertices, %zu links, %zu pairs)\n", all,
                g.vertex_count(), g.links().size(), g.pairs().size());
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const auto& p : data.pairs())
        if (p.has_time) {
            lo = std::min(lo, p.ms);
            hi = std::max(hi, p.ms);
        }
    graph::Filter window;
    window.from_ms = lo + (hi - lo) / 4;
    window.to_ms = hi - (hi - lo) / 4;
    graph::Filter kinds;
    kinds.event_kinds = {"message"};
    {
        graph::CaseGraph gw;
        const double w = ms_of([&] { gw = graph::CaseGraph::build(data, window); }, 3);
        std::printf("build, middle-half window:  %.1f ms\n", w);
        const double k = ms_of([&] { gw = graph::CaseGraph::build(data, kinds); }, 3);
        std::printf("build, messages only:       %.1f ms\n", k);
    }

    const auto by_degree = graph::rank(g, graph::degree_centrality(g), 0);
    if (by_degree.empty())
        return 0;
    const auto hub = by_degree.front().vertex;
    const auto typical = by_degree[by_degree.size() / 2].vertex;
    const auto far = by_degree.back().vertex;
    std::size_t n2 = 0;
    double t = ms_of([&] { n2 = graph::neighbours(g, typical, 2).size(); }, 5);
    std::printf("2-hop neighbourhood, median vertex: %.2f ms (%zu entities)\n", t, n2);
    t = ms_of([&] { n2 = graph::neighbours(g, hub, 2).size(); }, 3);
    std::printf("2-hop neighbourhood, top hub:       %.2f ms (%zu entities)\n", t, n2);
    std::size_t len = 0;
    t = ms_of([&] { len = graph::shortest_path(g, typical, far).value_or(graph::Path{}).size(); }, 5);
    std::printf("shortest path median->leaf: %.2f ms (%zu vertices)\n", t, len);
    std::printf("degree + volume:            %.2f ms\n", ms_of([&] {
                    (void)graph::degree_centrality(g);
                    (void)graph::volume_centrality(g);
                }));
    if (g.vertex_count() <= 20'000)
        std::printf("betweenness exact:          %.1f ms\n",
                    ms_of([&] { (void)graph::betweenness_centrality(g); }));
    std::printf("betweenness 100 samples:    %.1f ms\n",
                ms_of([&] { (void)graph::betweenness_centrality(g, 100, 1); }));
    std::printf("components:                 %.2f ms\n", ms_of([&] { (void)graph::components(g); }));
    std::size_t groups = 0;
    t = ms_of([&] { groups = graph::louvain(g, 1).groups.size(); });
    std::printf("communities (Louvain):      %.1f ms (%zu groups)\n", t, groups);
    std::size_t hops = 0;
    t = ms_of([&] { hops = graph::follow_money(g, hub, {}).hops.size(); });
    std::printf("money out of hub, 3 hops:   %.1f ms (%zu hops)\n", t, hops);
    std::printf("peak RSS:                   %ld kB\n", rss_kb("VmHWM:"));
    return 0;
}
