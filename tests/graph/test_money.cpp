// Follow the money on a hand-built chain with dates: a payment dated before the money arrived is never
// followed, amounts passed on are capped by what arrived, the window and hop limits cut the chain.
#include "fixture.hpp"
#include "graph/money.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::day_ms;
using test::GraphFixture;
using test::iban;

namespace {

// A pays B 100.00 on day 5; B pays C 50.00 on day 3 (before the money from A arrived) and D 80.00 on
// day 7; D pays E 200.00 on day 8 (D had other money: only 80.00 of it can have come from A).
struct Chain {
    GraphFixture f;
    Chain() {
        f.account("A", iban("GB", "WEST12345600000001"));
        f.account("B", iban("GB", "WEST12345600000002"));
        f.account("C", iban("GB", "WEST12345600000003"));
        f.account("D", iban("GB", "WEST12345600000004"));
        f.account("E", iban("GB", "WEST12345600000005"));
        f.pay("A", "B", 10000, day_ms(5));
        f.pay("B", "C", 5000, day_ms(3));
        f.pay("B", "D", 8000, day_ms(7));
        f.pay("D", "E", 20000, day_ms(8));
        f.finish();
    }
    std::string name(const GraphFixture::Loaded& l, graph::Vertex v) const {
        return l.data.entity(l.g.entity(v))->label;
    }
};

std::vector<std::string> hop_names(const Chain& c, const GraphFixture::Loaded& l, const graph::MoneyFlow& m) {
    std::vector<std::string> out;
    for (const auto& h : m.hops)
        out.push_back(c.name(l, h.from) + ">" + c.name(l, h.to) + "@" + std::to_string(h.depth));
    return out;
}

} // namespace

TEST_SUITE("graph") {
    TEST_CASE("money out of A follows A>B>D>E but never B>C, which is dated before A's payment arrived") {
        Chain c;
        const auto l = c.f.load();
        const auto m = graph::follow_money(l->g, l->v(c.f.id("A")), {});
        CHECK(hop_names(c, *l, m) == std::vector<std::string>{"A>B@1", "B>D@2", "D>E@3"});
        REQUIRE(m.hops.size() == 3);
        CHECK(m.hops[0].passed_minor == 10000);
        CHECK(m.hops[1].passed_minor == 8000);
        CHECK(m.hops[2].total_minor == 20000);
        CHECK(m.hops[2].passed_minor == 8000); // D can only pass on the 80.00 that came from B
        CHECK(m.hops[2].events.size() == 1);
        // Fan-out of B counts every payee in the graph, C included: it is a summary of the account.
        REQUIRE(m.fans.size() == 4);
        CHECK(c.name(*l, m.fans[0].vertex) == "A");
        CHECK(c.name(*l, m.fans[1].vertex) == "B");
        CHECK(m.fans[1].payees == 2);
        CHECK(m.fans[1].payers == 1);
        CHECK(m.fans[1].out_minor.at("GBP") == 13000);
    }

    TEST_CASE(
        "hop and window limits: 2 hops stop at D; a 1-day window stops at B (B paid D two days later)") {
        Chain c;
        const auto l = c.f.load();
        graph::MoneyOptions two;
        two.hops = 2;
        CHECK(hop_names(c, *l, graph::follow_money(l->g, l->v(c.f.id("A")), two)) ==
              std::vector<std::string>{"A>B@1", "B>D@2"});
        graph::MoneyOptions day;
        day.window_ms = 86'400'000;
        CHECK(hop_names(c, *l, graph::follow_money(l->g, l->v(c.f.id("A")), day)) ==
              std::vector<std::string>{"A>B@1"});
    }

    TEST_CASE(
        "money into E goes back in time: D>E, B>D, A>B; of A's 100.00 at most 80.00 can have reached E") {
        Chain c;
        const auto l = c.f.load();
        graph::MoneyOptions in;
        in.out = false;
        const auto m = graph::follow_money(l->g, l->v(c.f.id("E")), in);
        CHECK(hop_names(c, *l, m) == std::vector<std::string>{"D>E@1", "B>D@2", "A>B@3"});
        REQUIRE(m.hops.size() == 3);
        CHECK(m.hops[0].passed_minor == 20000);
        CHECK(m.hops[1].passed_minor == 8000);
        CHECK(m.hops[2].passed_minor == 8000);
        // Out of C: C never paid anyone, so there is no flow, only its own fan summary.
        const auto none = graph::follow_money(l->g, l->v(c.f.id("C")), {});
        CHECK(none.hops.empty());
        CHECK(none.fans.size() == 1);
    }

    TEST_CASE("a time window on the graph removes the payments outside it before the flow is followed") {
        Chain c;
        graph::Filter w;
        w.to_ms = day_ms(7, 23);
        const auto l = c.f.load(w);
        const auto m = graph::follow_money(l->g, l->v(c.f.id("A")), {});
        CHECK(hop_names(c, *l, m) == std::vector<std::string>{"A>B@1", "B>D@2"});
    }
}
