// Communities (Louvain) on hand-built graphs, and merge suggestions with their reasons: raw numbers
// that normalise under the case region, and names shared by a contact card and a chat handle.
#include "fixture.hpp"
#include "graph/communities.hpp"
#include "graph/merges.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::day_ms;
using test::GraphFixture;

namespace {

std::vector<std::vector<std::string>> names(const GraphFixture::Loaded& l, const graph::Communities& c) {
    std::vector<std::vector<std::string>> out;
    for (const auto& grp : c.groups) {
        out.emplace_back();
        for (const auto v : grp)
            out.back().push_back(l.data.entity(l.g.entity(v))->label);
    }
    return out;
}

const graph::MergeSuggestion* find(const std::vector<graph::MergeSuggestion>& s, std::int64_t a,
                                   std::int64_t b) {
    for (const auto& x : s)
        if (x.a == std::min(a, b) && x.b == std::max(a, b))
            return &x;
    return nullptr;
}

} // namespace

TEST_SUITE("graph") {
    TEST_CASE("Louvain splits two triangles joined by a bridge into the two triangles (and a separate pair "
              "apart), for any seed") {
        GraphFixture f;
        for (auto [x, y] : std::vector<std::pair<const char*, const char*>>{
                 {"a", "b"}, {"b", "c"}, {"a", "c"}, {"c", "d"}, {"d", "e"}, {"e", "f"}, {"d", "f"}})
            f.message(x, y, day_ms(1));
        f.message("x", "y", day_ms(1)); // a separate pair: its own community
        f.finish();
        const auto l = f.load();
        for (std::uint64_t seed : {1, 2, 99}) {
            const auto c = graph::louvain(l->g, seed);
            CHECK(names(*l, c) ==
                  std::vector<std::vector<std::string>>{{"a", "b", "c"}, {"d", "e", "f"}, {"x", "y"}});
            // m = 8 edges. Triangles: 3 internal edges, degree sum 7 each; the pair: 1 edge, degree sum 2.
            // Q = 2·(3/8 − (7/16)²) + (1/8 − (2/16)²) = 0.75 − 0.3828125 + 0.125 − 0.015625 = 0.4765625.
            CHECK(c.modularity == doctest::Approx(0.4765625));
        }
    }

    TEST_CASE("a star is one community with modularity 0") {
        GraphFixture f;
        for (const char* leaf : {"l1", "l2", "l3", "l4", "l5"})
            f.call("hub", leaf, day_ms(1));
        f.finish();
        const auto l = f.load();
        const auto c = graph::louvain(l->g, 3);
        REQUIRE(c.groups.size() == 1);
        CHECK(c.groups[0].size() == 6);
        CHECK(c.modularity == doctest::Approx(0.0)); // all in one: Q = 1 − 1 = 0
    }

    TEST_CASE("suggest_merges: a raw number that is +44 7700 900001 under the case region, with the reason") {
        GraphFixture f;
        const auto global = f.phone("Mike"); // fixture numbers start at +447700900001
        const auto raw = f.raw_phone("mike-raw", "07700 900001");
        REQUIRE(global != raw);
        f.finish();
        const auto s = graph::suggest_merges(f.db(), "GB");
        const auto* x = find(s, global, raw);
        REQUIRE(x != nullptr);
        REQUIRE(x->reasons.size() == 1);
        CHECK(x->reasons[0].text.find("normalises to +447700900001 under region GB") != std::string::npos);
        CHECK(x->reasons[0].confidence == doctest::Approx(0.9));
        CHECK(x->confidence == doctest::Approx(0.9));
        // The evidence names where each number was seen: the raw one and the normalised one.
        std::set<std::string> where;
        for (const auto& e : x->reasons[0].evidence)
            where.insert(e.locator);
        CHECK(where.count("fixture:raw/mike-raw") == 1);
        CHECK(where.count("fixture:phone/Mike") == 1);
        // Without a region there is nothing to read the raw number by.
        CHECK(find(graph::suggest_merges(f.db(), ""), global, raw) == nullptr);
    }

    TEST_CASE(
        "suggest_merges: a contact card name matching a WhatsApp display name; merge and reject hide it") {
        GraphFixture f;
        f.contact_card("Mike Jones", "mike-phone", day_ms(1));
        f.handle("mike-wa", "mike  jones");
        f.contact_card("Sam", "sam-phone", day_ms(1));
        f.handle("other-wa", "Someone Else");
        f.finish();
        auto s = graph::suggest_merges(f.db(), "GB");
        const auto* x = find(s, f.id("Mike Jones"), f.id("mike-wa"));
        REQUIRE(x != nullptr);
        CHECK(x->reasons[0].text == "same name 'mike jones' on a person and a handle");
        CHECK(x->reasons[0].confidence == doctest::Approx(0.4)); // 0.8 over the two entities named so
        // The contact card (an event: its id is given) and the handle's sighting.
        bool card = false, handle = false;
        for (const auto& e : x->reasons[0].evidence) {
            card = card || e.event_id != 0;
            handle = handle || e.locator == "fixture:handle/mike-wa";
        }
        CHECK(card);
        CHECK(handle);
        CHECK(find(s, f.id("Sam"), f.id("other-wa")) == nullptr);
        graph::reject_merge(f.db(), f.id("mike-wa"), f.id("Mike Jones"), "different men", "tester");
        CHECK(find(graph::suggest_merges(f.db(), "GB"), f.id("Mike Jones"), f.id("mike-wa")) == nullptr);
        CHECK(f.db().scalar_int("SELECT count(*) FROM audit_log WHERE action = 'merge.reject'") == 1);
    }

    TEST_CASE("a merged cluster carries the tags of its members; the merge view is the lowest id") {
        GraphFixture f;
        f.message("a", "b", day_ms(1));
        f.message("c", "d", day_ms(1));
        f.finish();
        store::Transaction tx(f.db());
        f.db().exec("INSERT INTO tag(entity_id, tag, analyst, at) VALUES (" + std::to_string(f.id("c")) +
                    ", 'victim', 't', 'now')");
        tx.commit();
        graph::merge_entities(f.db(), f.id("c"), f.id("b"), "same person", "tester");
        const auto l = f.load();
        CHECK(l->data.representative(f.id("c")) == f.id("b"));
        CHECK(l->data.has_tag(f.id("b"), "victim"));
        CHECK(l->data.members(f.id("b")) == std::vector<std::int64_t>{f.id("b"), f.id("c")});
        CHECK(l->g.vertex_count() == 3);
    }
}
