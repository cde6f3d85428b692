// Graph walks on hand-built cases with answers worked out by hand: neighbourhoods, common contacts,
// shortest / k shortest / all simple paths, degree, volume and betweenness, components, filters, merges.
#include "fixture.hpp"
#include "graph/centrality.hpp"
#include "graph/merges.hpp"
#include "graph/neighbours.hpp"
#include "graph/paths.hpp"

#include <algorithm>
#include <doctest/doctest.h>

using namespace casegraph;
using test::day_ms;
using test::GraphFixture;

namespace {

std::vector<std::string> labels(const GraphFixture::Loaded& l, const graph::Path& p) {
    std::vector<std::string> out;
    for (auto v : p)
        out.push_back(l.data.entity(l.g.entity(v))->label);
    return out;
}

double score(const GraphFixture& f, const GraphFixture::Loaded& l, const std::vector<double>& s,
             const std::string& name) {
    return s[l.v(f.id(name))];
}

// Two triangles a-b-c and d-e-f joined by the bridge c-d.
void two_triangles(GraphFixture& f) {
    for (auto [x, y] : std::vector<std::pair<const char*, const char*>>{
             {"a", "b"}, {"b", "c"}, {"a", "c"}, {"c", "d"}, {"d", "e"}, {"e", "f"}, {"d", "f"}})
        f.message(x, y, day_ms(1));
}

} // namespace

TEST_SUITE("graph") {
    TEST_CASE(
        "on the path a-b-c-d: neighbours by hops, the one shortest path, and betweenness 2 for b and c") {
        GraphFixture f;
        f.message("a", "b", day_ms(1));
        f.message("b", "c", day_ms(2));
        f.message("c", "b", day_ms(3)); // a reply: same pair, second event
        f.message("c", "d", day_ms(4));
        f.finish();
        const auto l = f.load();
        const auto n = graph::neighbours(l->g, l->v(f.id("a")), 2);
        REQUIRE(n.size() == 2);
        CHECK(l->g.entity(n[0].vertex) == f.id("b"));
        CHECK(n[0].hops == 1);
        CHECK(l->g.entity(n[1].vertex) == f.id("c"));
        CHECK(n[1].hops == 2);
        CHECK(l->g.entity(n[1].via) == f.id("b"));
        CHECK(graph::neighbour_events(l->g, n[1]).size() == 2); // b–c has two messages behind it
        CHECK(graph::neighbours(l->g, l->v(f.id("a")), 3).size() == 3);

        const auto p = graph::shortest_path(l->g, l->v(f.id("a")), l->v(f.id("d")));
        REQUIRE(p);
        CHECK(labels(*l, *p) == std::vector<std::string>{"a", "b", "c", "d"});
        // Betweenness counts unordered pairs: b lies on a–c and a–d, c on a–d and b–d.
        const auto bc = graph::betweenness_centrality(l->g);
        CHECK(score(f, *l, bc, "a") == 0.0);
        CHECK(score(f, *l, bc, "b") == 2.0);
        CHECK(score(f, *l, bc, "c") == 2.0);
        CHECK(score(f, *l, bc, "d") == 0.0);
        const auto vol = graph::volume_centrality(l->g);
        CHECK(score(f, *l, vol, "b") == 3.0); // a–b 1 + b–c 2
        const auto ranked = graph::rank(l->g, graph::degree_centrality(l->g), 2);
        REQUIRE(ranked.size() == 2);
        CHECK(l->g.entity(ranked[0].vertex) == f.id("b")); // b and c both have degree 2; b has the lower id
        CHECK(l->g.entity(ranked[1].vertex) == f.id("c"));
    }

    TEST_CASE(
        "a star's centre lies on all C(4,2) = 6 leaf pairs; leaves share it as their only common contact") {
        GraphFixture f;
        for (const char* leaf : {"l1", "l2", "l3", "l4"})
            f.call("hub", leaf, day_ms(2));
        f.finish();
        const auto l = f.load();
        const auto bc = graph::betweenness_centrality(l->g);
        CHECK(score(f, *l, bc, "hub") == 6.0);
        CHECK(score(f, *l, bc, "l1") == 0.0);
        CHECK(score(f, *l, graph::degree_centrality(l->g), "hub") == 4.0);
        const auto c = graph::common_contacts(l->g, {l->v(f.id("l1")), l->v(f.id("l3"))});
        REQUIRE(c.size() == 1);
        CHECK(l->g.entity(c[0].vertex) == f.id("hub"));
        CHECK(c[0].events.size() == 2);
        CHECK(graph::common_contacts(l->g, {l->v(f.id("hub")), l->v(f.id("l1"))}).empty());
    }

    TEST_CASE(
        "neighbours rank each hop by volume then entity id; via is the lowest-id vertex one hop closer") {
        GraphFixture f;
        f.message("a", "b", day_ms(1)); // a, b, c, d, e, f get ascending entity ids in this order
        f.message("a", "c", day_ms(1));
        f.message("c", "a", day_ms(2));
        f.message("a", "c", day_ms(3)); // a–c: 3 events, a–b: 1
        f.call("b", "d", day_ms(2));
        f.message("c", "d", day_ms(3)); // d is reached from b and from c: via b, the lower id
        const auto e1 = f.message("c", "e", day_ms(4));
        const auto e2 = f.message("e", "c", day_ms(5)); // c–e: 2 events
        f.message("d", "f", day_ms(6));
        f.finish();
        const auto l = f.load();
        const auto a = l->v(f.id("a"));
        const auto n = graph::neighbours(l->g, a, 2);
        auto name = [&](graph::Vertex v) { return l->data.entity(l->g.entity(v))->label; };
        REQUIRE(n.size() == 4);
        CHECK(name(n[0].vertex) == "c");
        CHECK(n[0].volume == 3);
        CHECK(name(n[1].vertex) == "b");
        CHECK(name(n[2].vertex) == "e"); // hop 2, volume 2 ranks before d's 1
        CHECK(n[2].hops == 2);
        CHECK(name(n[2].via) == "c");
        CHECK(graph::neighbour_events(l->g, n[2]) ==
              std::vector<std::int64_t>{std::min(e1, e2), std::max(e1, e2)});
        CHECK(name(n[3].vertex) == "d");
        CHECK(name(n[3].via) == "b");
        CHECK(n[3].volume == 1);
        // The visited marks are reused between queries: other starts in between change nothing.
        CHECK(graph::neighbours(l->g, l->v(f.id("f")), 5).size() == 5);
        const auto again = graph::neighbours(l->g, a, 3);
        REQUIRE(again.size() == 5);
        CHECK(name(again[4].vertex) == "f");
        CHECK(again[4].hops == 3);
        CHECK(name(again[4].via) == "d");
        CHECK(graph::neighbours(l->g, a, 2)[3].vertex == n[3].vertex);
    }

    TEST_CASE("two triangles joined by a bridge: c and d each lie on 6 of the 15 pairs; one component") {
        GraphFixture f;
        two_triangles(f);
        f.finish();
        const auto l = f.load();
        const auto bc = graph::betweenness_centrality(l->g);
        // c is between {a,b} and {d,e,f}: 2 × 3 = 6 pairs; d symmetrically; the rest lie on no shortest path.
        CHECK(score(f, *l, bc, "c") == 6.0);
        CHECK(score(f, *l, bc, "d") == 6.0);
        CHECK(score(f, *l, bc, "a") == 0.0);
        CHECK(score(f, *l, bc, "e") == 0.0);
        // Sampling every vertex is the exact computation.
        CHECK(graph::betweenness_centrality(l->g, 6, 42) == bc);
        // A sample of 3 sources is scaled by 6/3; its total over all vertices stays near the exact 12.
        CHECK(graph::default_betweenness_samples(l->g) == 0); // six entities: exact
        const auto s = graph::betweenness_centrality(l->g, 3, 7);
        CHECK(s[l->v(f.id("a"))] == 0.0);
        CHECK(graph::components(l->g).size() == 1);
        CHECK(labels(*l, *graph::shortest_path(l->g, l->v(f.id("a")), l->v(f.id("f")))) ==
              std::vector<std::string>{"a", "c", "d", "f"});
    }

    TEST_CASE("Yen gives the k shortest simple paths in order; all simple paths respect the length limit") {
        GraphFixture f;
        // a–b–z and a–c–z (2 hops each), a–d–e–z (3 hops), plus the chord b–c (a–b–c–z, a–c–b–z: 3 hops).
        for (auto [x, y] : std::vector<std::pair<const char*, const char*>>{{"a", "b"},
                                                                            {"a", "c"},
                                                                            {"b", "z"},
                                                                            {"c", "z"},
                                                                            {"a", "d"},
                                                                            {"d", "e"},
                                                                            {"e", "z"},
                                                                            {"b", "c"}})
            f.message(x, y, day_ms(3));
        f.finish();
        const auto l = f.load();
        const auto a = l->v(f.id("a")), z = l->v(f.id("z"));
        const auto k = graph::k_shortest_paths(l->g, a, z, 10, 6);
        REQUIRE(k.size() == 5);
        CHECK(labels(*l, k[0]) == std::vector<std::string>{"a", "b", "z"});
        CHECK(labels(*l, k[1]) == std::vector<std::string>{"a", "c", "z"});
        // The three 3-hop paths, ordered by the entity ids along them (b < c < d by creation order).
        CHECK(labels(*l, k[2]) == std::vector<std::string>{"a", "b", "c", "z"});
        CHECK(labels(*l, k[3]) == std::vector<std::string>{"a", "c", "b", "z"});
        CHECK(labels(*l, k[4]) == std::vector<std::string>{"a", "d", "e", "z"});
        CHECK(graph::k_shortest_paths(l->g, a, z, 2, 6).size() == 2);
        CHECK(graph::k_shortest_paths(l->g, a, z, 10, 2).size() == 2);
        const auto all = graph::all_simple_paths(l->g, a, z, 3);
        CHECK(all == k);
        CHECK(graph::all_simple_paths(l->g, a, z, 2).size() == 2);
        CHECK(graph::all_simple_paths(l->g, a, z, 1).empty());
    }

    TEST_CASE("a time window drops the links whose events fall outside it, and their evidence") {
        GraphFixture f;
        f.message("a", "b", day_ms(1));
        f.message("b", "c", day_ms(10));
        f.message("a", "c", day_ms(20));
        f.finish();
        graph::Filter w;
        w.from_ms = day_ms(5, 0);
        w.to_ms = day_ms(15, 0);
        const auto l = f.load(w);
        CHECK(l->g.vertex_count() == 2); // only b and c have an event inside
        CHECK_FALSE(l->g.vertex(f.id("a")));
        graph::Filter kinds;
        kinds.event_kinds = {"call"};
        CHECK(f.load(kinds)->g.vertex_count() == 0);
        const auto all = f.load();
        CHECK(all->g.pair_events(all->v(f.id("a")), all->v(f.id("c"))).size() == 1);
        CHECK(graph::components(all->g).size() == 1);
    }

    TEST_CASE("components: two separate pairs are two components, largest first") {
        GraphFixture f;
        f.message("a", "b", day_ms(1));
        f.message("b", "c", day_ms(1));
        f.message("x", "y", day_ms(1));
        f.finish();
        const auto l = f.load();
        const auto c = graph::components(l->g);
        REQUIRE(c.size() == 2);
        CHECK(c[0].size() == 3);
        CHECK(c[1].size() == 2);
    }

    TEST_CASE("a merge folds two entities into one vertex; unmerge restores them; both are audited") {
        GraphFixture f;
        f.message("a", "b1", day_ms(1));
        f.message("b2", "c", day_ms(2));
        f.finish();
        CHECK_FALSE(graph::shortest_path(f.load()->g, f.load()->v(f.id("a")), f.load()->v(f.id("c"))));
        const auto m = graph::merge_entities(f.db(), f.id("b1"), f.id("b2"), "same SIM", "tester");
        {
            const auto l = f.load();
            CHECK(l->g.vertex_count() == 3);
            CHECK(l->data.representative(f.id("b2")) == f.id("b1"));
            const auto p = graph::shortest_path(l->g, l->v(f.id("a")), l->v(f.id("c")));
            REQUIRE(p);
            CHECK(p->size() == 3);
        }
        CHECK(graph::unmerge(f.db(), m, "tester"));
        CHECK_FALSE(graph::unmerge(f.db(), m, "tester"));
        CHECK(f.load()->g.vertex_count() == 4);
        CHECK(f.db().scalar_int("SELECT count(*) FROM merge WHERE undone_at IS NOT NULL") == 1);
        CHECK(f.db().scalar_int(
                  "SELECT count(*) FROM audit_log WHERE action IN ('merge.add','merge.undo')") == 2);
    }
}
