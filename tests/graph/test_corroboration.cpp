// Corroboration counts distinct evidence files and devices behind a contact, within a time window;
// timelines bucket by day and hour and flag bursts.
#include "export/query_json.hpp"
#include "fixture.hpp"
#include "graph/corroboration.hpp"
#include "graph/timeline.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::day_ms;
using test::GraphFixture;

TEST_SUITE("graph") {
    TEST_CASE("a contact seen in two evidence files is corroborated by 2 sources; a window can leave 1") {
        GraphFixture f;
        f.message("a", "b", day_ms(1));
        f.message("b", "a", day_ms(2));
        f.message("a", "c", day_ms(2));
        f.next_evidence("phone-b.db");
        f.call("b", "a", day_ms(10));
        f.finish();
        auto l = f.load();
        auto c = graph::corroborate(f.db(), l->g, l->v(f.id("a")), l->v(f.id("b")));
        REQUIRE(c.sources.size() == 2);
        CHECK(c.sources[0].events.size() == 2); // most events first: phone-a.db
        CHECK(c.sources[0].name == "phone-a.db");
        CHECK(c.sources[1].name == "phone-b.db");
        CHECK(c.events.size() == 3);
        CHECK(c.devices == 0);     // the fixture names no owner or device for these files...
        CHECK(c.independent == 2); // ...so each file counts on its own
        graph::Filter w;
        w.to_ms = day_ms(5);
        l = f.load(w);
        c = graph::corroborate(f.db(), l->g, l->v(f.id("a")), l->v(f.id("b")));
        CHECK(c.sources.size() == 1);
        CHECK(graph::corroborate(f.db(), l->g, l->v(f.id("b")), l->v(f.id("c"))).sources.empty());
        // Filtering to the second evidence file keeps only its call: a and b, no c.
        graph::Filter only_b;
        only_b.evidence_ids = {
            f.db().scalar_int("SELECT id FROM evidence_file WHERE original_name = 'phone-b.db'")};
        l = f.load(only_b);
        CHECK(l->g.vertex_count() == 2);
        CHECK(l->g.links().size() == 1);
        CHECK(l->g.kind_name(l->g.links()[0].kind) == "call");
    }

    TEST_CASE("corroboration counts devices: three files from one handset are one independent source") {
        GraphFixture f;
        f.phone("a"); // +447700900001
        f.phone("b");
        f.set_owner("07700 900001"); // phone-a.db: a's SMS, ingested with --owner
        f.message("a", "b", day_ms(1));
        f.next_evidence("calls-a.db");
        f.set_owner("+44 7700 900001"); // a's call log: the same owner, typed another way
        f.call("a", "b", day_ms(2));
        f.next_evidence("contacts-a.db");
        f.set_owner("+447700900001");
        f.message("b", "a", day_ms(3));
        f.finish();
        auto l = f.load();
        auto c = graph::corroborate(f.db(), l->g, l->v(f.id("a")), l->v(f.id("b")));
        CHECK(c.sources.size() == 3);
        CHECK(c.devices == 1);
        CHECK(c.independent == 1);
        for (const auto& s : c.sources)
            CHECK(s.devices == std::vector<std::int64_t>{f.id("a")});
        // b's own handset (no --owner: its device placeholder) is a second, independent source.
        f.next_evidence("phone-b.db");
        const auto b_device = f.device_owner("b's handset");
        f.call("b", "a", day_ms(4));
        f.finish();
        l = f.load();
        c = graph::corroborate(f.db(), l->g, l->v(f.id("a")), l->v(f.id("b")));
        CHECK(c.sources.size() == 4);
        CHECK(c.devices == 2);
        CHECK(c.independent == 2);
        CHECK(c.sources.back().devices == std::vector<std::int64_t>{b_device});
        exporter::QueryJson js(f.db(), l->g);
        const auto j = js.corroboration(l->v(f.id("a")), l->v(f.id("b")), c);
        CHECK(j["independent_sources"] == 2);
        CHECK(j["evidence_files"] == 4);
        CHECK(j["summary"] ==
              "seen in 2 independent sources (4 evidence files from 2 known devices, 4 events)");
    }

    TEST_CASE("an undated contact card is shown as undated, never as 1970-01-01") {
        GraphFixture f;
        f.undated_card("Mike", "mike-phone");
        f.next_evidence("phone-b.db");
        f.contact_card("Mike", "mike-phone", day_ms(5));
        f.finish();
        const auto l = f.load();
        const auto c = graph::corroborate(f.db(), l->g, l->v(f.id("Mike")), l->v(f.id("mike-phone")));
        REQUIRE(c.sources.size() == 2);
        const auto& undated = c.sources[0].name == "phone-a.db" ? c.sources[0] : c.sources[1];
        const auto& dated = c.sources[0].name == "phone-a.db" ? c.sources[1] : c.sources[0];
        CHECK_FALSE(undated.first_ms.has_value());
        CHECK(undated.undated == 1);
        CHECK(dated.first_ms == day_ms(5));
        exporter::QueryJson js(f.db(), l->g);
        const auto j = js.corroboration(l->v(f.id("Mike")), l->v(f.id("mike-phone")), c);
        const auto dump = j.dump();
        CHECK(dump.find("1970") == std::string::npos);
        int undated_rows = 0;
        for (const auto& s : j["sources"])
            if (s["first"] == "undated") {
                ++undated_rows;
                CHECK(s["last"] == "undated");
                CHECK(s["undated_events"] == 1);
            }
        CHECK(undated_rows == 1);
    }

    TEST_CASE("timeline of a pair and of an entity: per day, per hour, first and last, and a burst day") {
        GraphFixture f;
        for (int d = 1; d <= 6; ++d)
            f.message("a", "b", day_ms(d, 9)); // one a day
        for (int i = 0; i < 8; ++i)
            f.message("b", "a", day_ms(7, 22) + i * 60'000); // eight in the evening of day 7
        f.call("a", "c", day_ms(8, 3));
        f.finish();
        const auto l = f.load();
        const auto pair = graph::timeline(l->g, l->v(f.id("a")), l->v(f.id("b")));
        CHECK(pair.events.size() == 14);
        CHECK(*pair.first_ms == day_ms(1, 9));
        CHECK(*pair.last_ms == day_ms(7, 22) + 7 * 60'000);
        CHECK(pair.per_day.size() == 7);
        CHECK(pair.per_day.at("2024-03-07") == 8);
        CHECK(pair.per_hour[9] == 6);
        CHECK(pair.per_hour[22] == 8);
        // Mean 2, sd ≈ 2.45 over the 7 active days: threshold ≈ 6.9, so only day 7 is a burst.
        REQUIRE(pair.bursts.size() == 1);
        CHECK(pair.bursts[0].first == "2024-03-07");
        const auto all = graph::timeline(l->g, l->v(f.id("a")), std::nullopt);
        CHECK(all.events.size() == 15);
        CHECK(all.per_kind.at("call") == 1);
        CHECK(*all.last_ms == day_ms(8, 3));
    }
}
