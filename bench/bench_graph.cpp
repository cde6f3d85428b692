// bench_graph CASE: times loading a case into memory, re-deriving the filtered graph for several
// filters (the <200 ms target at 100k events) and the main walks, and prints peak memory.
#include "graph/centrality.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"
#include "store/case_file.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
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

long peak_rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_graph CASE\n");
        return 2;
    }
    const auto cf = store::CaseFile::open_read_only(argv[1]);
    graph::CaseData data;
    const double load = ms_of([&] { data = graph::CaseData::load(cf.db()); });
    std::printf("case load (SQLite -> memory): %.1f ms, %zu event-pairs\n", load, data.pairs().size());

    graph::CaseGraph g;
    const double all = ms_of([&] { g = graph::CaseGraph::build(data, {}); }, 5);
    std::printf("build, no filter:           %.1f ms (%zu vertices, %zu links, %zu pairs)\n", all,
                g.vertex_count(), g.links().size(), g.pairs().size());
    // A window over the middle half of the case's time span.
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (const auto& p : data.pairs())
        if (p.has_time) {
            lo = std::min(lo, p.ms);
            hi = std::max(hi, p.ms);
        }
    graph::Filter window;
    window.from_ms = lo + (hi - lo) / 4;
    window.to_ms = hi - (hi - lo) / 4;
    graph::CaseGraph gw;
    std::printf("build, middle-half window:  %.1f ms\n",
                ms_of([&] { gw = graph::CaseGraph::build(data, window); }, 5));
    graph::Filter kinds;
    kinds.event_kinds = {"message"};
    std::printf("build, messages only:       %.1f ms\n",
                ms_of([&] { gw = graph::CaseGraph::build(data, kinds); }, 5));

    const auto ranked = graph::rank(g, graph::degree_centrality(g), 1);
    if (ranked.empty())
        return 0;
    const auto hub = ranked[0].vertex;
    std::size_t n2 = 0;
    std::printf("2-hop neighbourhood of hub: %.2f ms (%zu entities)\n",
                ms_of([&] { n2 = graph::neighbours(g, hub, 2).size(); }, 5), n2);
    const auto far = graph::rank(g, graph::degree_centrality(g), 0).back().vertex;
    std::printf("shortest path:              %.3f ms\n",
                ms_of([&] { (void)graph::shortest_path(g, hub, far); }, 5));
    std::printf("degree + volume:            %.2f ms\n", ms_of([&] {
                    (void)graph::degree_centrality(g);
                    (void)graph::volume_centrality(g);
                }));
    std::printf("betweenness exact:          %.1f ms\n",
                ms_of([&] { (void)graph::betweenness_centrality(g); }));
    std::printf("betweenness 100 samples:    %.1f ms\n",
                ms_of([&] { (void)graph::betweenness_centrality(g, 100, 1); }));
    std::printf("components:                 %.2f ms\n", ms_of([&] { (void)graph::components(g); }));
    std::printf("peak RSS:                   %ld kB\n", peak_rss_kb());
    return 0;
}
