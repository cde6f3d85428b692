// The graph keeps every link's events in one flat array and every pair's links in another (filter.hpp).
// On the demo case, each link, pair and CSR arc must say exactly what the case file's link and
// link_event tables say, read here with SQL of its own.
#include "graph/case_data.hpp"
#include "graph/filter.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace casegraph;

namespace {

// (a, b, kind, currency, directed) in entity ids and names: how the case file names a link.
using LinkKey = std::tuple<std::int64_t, std::int64_t, std::string, std::string, bool>;

struct Expected {
    std::vector<std::int64_t> events; // by time (a date-only event at its midnight UTC), then id
    std::int64_t total_minor = 0;
};

// Straight from SQLite: no merges are live in the demo case, so each `link` row is one graph link.
std::map<LinkKey, Expected> links_from_sql(const store::Db& db, std::optional<std::int64_t> from_ms,
                                           std::optional<std::int64_t> to_ms) {
    std::map<LinkKey, Expected> out;
    auto st = db.prepare(
        "SELECT l.a, l.b, l.kind, l.currency, l.directed, le.event_id, abs(coalesce(e.amount_minor, 0)), "
        "coalesce(e.utc_ms, CAST(round((julianday(e.date) - 2440587.5) * 86400000) AS INTEGER)) AS t "
        "FROM link l JOIN link_event le ON le.link_id = l.id JOIN event e ON e.id = le.event_id "
        "WHERE l.a <> l.b AND (?1 IS NULL OR (t IS NOT NULL AND t + CASE WHEN e.utc_ms IS NULL THEN 86399999 "
        "ELSE 0 END >= ?1)) AND (?2 IS NULL OR (t IS NOT NULL AND t <= ?2)) "
        "ORDER BY l.id, t, le.event_id");
    if (from_ms)
        st.bind(1, *from_ms);
    if (to_ms)
        st.bind(2, *to_ms);
    while (st.step()) {
        auto& x = out[{st.column_int64(0), st.column_int64(1), st.column_text(2), st.column_text(3),
                       st.column_int64(4) != 0}];
        x.events.push_back(st.column_int64(5));
        x.total_minor += st.column_int64(6);
    }
    return out;
}

std::map<LinkKey, Expected> links_from_graph(const graph::CaseGraph& g) {
    std::map<LinkKey, Expected> out;
    for (const auto& l : g.links()) {
        auto& x =
            out[{g.entity(l.u), g.entity(l.v), g.kind_name(l.kind), g.currency_name(l.currency), l.directed}];
        for (const auto& e : l.events)
            x.events.push_back(e.event_id);
        x.total_minor = l.total_minor;
    }
    return out;
}

bool same(const std::map<LinkKey, Expected>& a, const std::map<LinkKey, Expected>& b) {
    if (a.size() != b.size())
        return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
        if (i->first != j->first || i->second.events != j->second.events ||
            i->second.total_minor != j->second.total_minor)
            return false;
    return true;
}

} // namespace

TEST_SUITE("graph") {
    TEST_CASE("flat storage: links, pairs and CSR arcs of the demo case match its link tables") {
        test::TempDir d;
        REQUIRE(test::run_cli({"demo", d.path().string()}).exit_code == 0);
        const auto cf = store::CaseFile::open_read_only(d / "demo.case");
        const auto& db = cf.db();
        const auto data = graph::CaseData::load(db);
        const auto g = graph::CaseGraph::build(data, {});

        const auto expected = links_from_sql(db, std::nullopt, std::nullopt);
        REQUIRE(expected.size() > 20); // the demo case: calls, SMS, chat and payments between ~40 parties
        const auto got = links_from_graph(g);
        CHECK(got.size() == expected.size());
        CHECK(same(got, expected));

        // One array holds every link's events, link after link.
        REQUIRE(!g.links().empty());
        std::size_t events = 0;
        for (std::size_t i = 0; i + 1 < g.links().size(); ++i)
            CHECK(g.links()[i].events.data() + g.links()[i].events.size() == g.links()[i + 1].events.data());
        for (const auto& l : g.links())
            events += l.events.size();
        auto rows = db.prepare("SELECT count(*) FROM link_event le JOIN link l ON l.id = le.link_id "
                               "WHERE l.a <> l.b");
        REQUIRE(rows.step());
        CHECK(static_cast<std::int64_t>(events) == rows.column_int64(0));

        // Pairs: unordered ends, their links ascending, every link in exactly one pair.
        auto np =
            db.prepare("SELECT count(*) FROM (SELECT DISTINCT min(a, b), max(a, b) FROM link WHERE a <> b)");
        REQUIRE(np.step());
        CHECK(static_cast<std::int64_t>(g.pairs().size()) == np.column_int64(0));
        std::vector<int> seen(g.links().size(), 0);
        for (const auto& p : g.pairs()) {
            CHECK(p.u < p.v);
            std::int64_t n = 0;
            for (std::size_t i = 0; i < p.links.size(); ++i) {
                const auto& l = g.links()[p.links[i]];
                CHECK(std::min(l.u, l.v) == p.u);
                CHECK(std::max(l.u, l.v) == p.v);
                if (i > 0)
                    CHECK(p.links[i - 1] < p.links[i]);
                ++seen[p.links[i]];
                n += static_cast<std::int64_t>(l.events.size());
            }
            CHECK(p.events == n);
            // Both CSR arcs find the pair, and pair_events is the set of event ids behind it in SQL.
            CHECK(g.pair(p.u, p.v) == &p);
            CHECK(g.pair(p.v, p.u) == &p);
            auto pe =
                db.prepare("SELECT DISTINCT le.event_id FROM link l JOIN link_event le ON le.link_id = l.id "
                           "WHERE min(l.a, l.b) = ?1 AND max(l.a, l.b) = ?2 ORDER BY 1");
            pe.bind(1, g.entity(p.u)).bind(2, g.entity(p.v));
            std::vector<std::int64_t> ids;
            while (pe.step())
                ids.push_back(pe.column_int64(0));
            CHECK(g.pair_events(p.u, p.v) == ids);
        }
        CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(seen.size()));
        CHECK(boost::num_edges(g.csr()) == 2 * g.pairs().size());
        for (graph::Vertex v = 0; v < g.vertex_count(); ++v) {
            const auto nb = g.neighbours(v);
            for (std::size_t i = 1; i < nb.size(); ++i)
                CHECK(g.entity(nb[i - 1].first) < g.entity(nb[i].first)); // rows in entity-id order
        }
    }

    TEST_CASE(
        "flat storage: a time window keeps exactly the link events inside it; copies own their arrays") {
        test::TempDir d;
        REQUIRE(test::run_cli({"demo", d.path().string()}).exit_code == 0);
        const auto cf = store::CaseFile::open_read_only(d / "demo.case");
        const auto data = graph::CaseData::load(cf.db());
        auto r = cf.db().prepare("SELECT min(utc_ms), max(utc_ms) FROM event");
        REQUIRE(r.step());
        const auto lo = r.column_int64(0), hi = r.column_int64(1);
        REQUIRE(hi > lo);
        graph::Filter f;
        f.from_ms = lo + (hi - lo) / 3;
        f.to_ms = hi - (hi - lo) / 3;
        auto g = graph::CaseGraph::build(data, f);
        const auto expected = links_from_sql(cf.db(), f.from_ms, f.to_ms);
        REQUIRE(!expected.empty());
        CHECK(same(links_from_graph(g), expected));

        // A copy re-points its slices at its own arrays, and still reads right once the original is gone.
        auto copy = std::make_unique<graph::CaseGraph>(g);
        REQUIRE(!copy->links().empty());
        REQUIRE(copy->links().size() == g.links().size());
        // No slice of the copy may point into the original's arrays.
        const auto* ev_lo = g.links().front().events.data();
        const auto* ev_hi = g.links().back().events.data() + g.links().back().events.size();
        const auto* pl_lo = g.pairs().front().links.data();
        const auto* pl_hi = g.pairs().back().links.data() + g.pairs().back().links.size();
        auto inside = [](const auto* p, const auto* first, const auto* end) {
            return std::less_equal<>{}(first, p) && std::less<>{}(p, end);
        };
        std::size_t into_original = 0;
        for (const auto& l : copy->links())
            into_original += inside(l.events.data(), ev_lo, ev_hi) ? 1 : 0;
        for (const auto& p : copy->pairs())
            into_original += inside(p.links.data(), pl_lo, pl_hi) ? 1 : 0;
        CHECK(into_original == 0);
        g = graph::CaseGraph{};
        CHECK(same(links_from_graph(*copy), expected));
        graph::CaseGraph assigned;
        assigned = *copy;
        copy.reset();
        CHECK(same(links_from_graph(assigned), expected));
    }
}
