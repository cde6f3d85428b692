// An event read from two files (a bank transaction in two statement files, issue #6) belongs to both:
// the graph's evidence filter and the per-device check of others_accounts count the file where it was
// sighted, not only the file it was first written from. Expected counts come from the files' lines.
#include "graph/filter.hpp"
#include "graph/indicators.hpp"
#include "store/annotations.hpp"
#include "store/case_file.hpp"
#include "store/time.hpp"
#include "support/bank_sightings.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace casegraph;

namespace {
inline namespace sighting_filters_fixture {

std::size_t lines_starting(const std::string& text, const std::string& prefix) {
    std::size_t n = text.rfind(prefix, 0) == 0 ? 1 : 0;
    for (auto at = text.find("\n" + prefix); at != std::string::npos; at = text.find("\n" + prefix, at + 1))
        ++n;
    return n;
}

std::int64_t evidence_id(const store::Db& db, const std::string& sha) {
    auto st = db.prepare("SELECT id FROM evidence_file WHERE sha256 = ?1");
    st.bind(1, sha);
    REQUIRE(st.step());
    return st.column_int64(0);
}

std::set<std::int64_t> graph_events(const graph::CaseGraph& g) {
    std::set<std::int64_t> out;
    for (const auto& l : g.links())
        for (const auto& e : l.events)
            out.insert(e.event_id);
    return out;
}

} // namespace sighting_filters_fixture
} // namespace

TEST_SUITE("graph") {
    TEST_CASE("the evidence filter keeps an event whose only source in the filtered file is a sighting") {
        test::TempDir d;
        const test::SightingFiles files(d.path());
        const auto c = d / "s.case";
        // a.sta first: its FEB payments are written from a.sta and only sighted in b.sta.
        REQUIRE(test::run_cli({"ingest", c.string(), files.a.string()}).exit_code == 0);
        REQUIRE(test::run_cli({"ingest", c.string(), files.b.string()}).exit_code == 0);
        const auto in_a = lines_starting(test::read_file(files.a), ":61:");
        const auto in_b = lines_starting(test::read_file(files.b), ":61:");
        REQUIRE(in_a == 2);
        REQUIRE(in_b == 3);
        const auto cf = store::CaseFile::open_read_only(c);
        const auto data = graph::CaseData::load(cf.db());
        graph::Filter only_b;
        only_b.evidence_ids = {evidence_id(cf.db(), files.b_sha256)};
        const auto b_events = graph_events(graph::CaseGraph::build(data, only_b));
        CHECK(b_events.size() == in_b); // JAN, and FEB's two payments sighted in b.sta
        graph::Filter only_a;
        only_a.evidence_ids = {evidence_id(cf.db(), files.a_sha256)};
        const auto a_events = graph_events(graph::CaseGraph::build(data, only_a));
        CHECK(a_events.size() == in_a);
        for (const auto e : a_events)
            CHECK(b_events.count(e) == 1); // the same events, not copies
        // Within a time window too: February alone is FEB's payments, found through either file.
        only_b.from_ms = store::parse_iso_instant("2024-02-01T00:00:00Z");
        CHECK(graph_events(graph::CaseGraph::build(data, only_b)) == a_events);
    }

    TEST_CASE("others_accounts: a victim's account in payments sighted in the suspect's statement file") {
        test::TempDir d;
        const test::SightingFiles files(d.path());
        const auto c = d / "s.case";
        const std::string owner = "+447700900123";
        // The suspect's phone (its chat export names him as owner), then the bank's own statement, then
        // the copy of the statements found with the suspect (--owner): FEB is sighted there.
        const auto chat = d / "WhatsApp Chat with Ana.txt";
        test::write_file(chat, "10/02/2024, 10:00 - Ana: hello\n10/02/2024, 10:01 - Ana: the rent is paid\n");
        REQUIRE(test::run_cli({"ingest", c.string(), chat.string(), "--owner", owner, "--region", "GB"})
                    .exit_code == 0);
        REQUIRE(test::run_cli({"ingest", c.string(), files.a.string()}).exit_code == 0);
        REQUIRE(test::run_cli({"ingest", c.string(), files.b.string(), "--owner", owner, "--region", "GB"})
                    .exit_code == 0);
        const auto in_b = lines_starting(test::read_file(files.b), ":61:");
        REQUIRE(in_b == 3);
        {
            const auto cf = store::CaseFile::open(c);
            const auto suspect = store::find_entity(cf.db(), owner, "GB");
            const auto victim = store::find_entity(cf.db(), test::SightingFiles::kPayee, "GB");
            REQUIRE(suspect);
            REQUIRE(victim);
            REQUIRE(store::add_tag(cf.db(), *suspect, "suspect", "test"));
            REQUIRE(store::add_tag(cf.db(), *victim, "victim", "test"));
        }
        const auto cf = store::CaseFile::open_read_only(c);
        const auto data = graph::CaseData::load(cf.db());
        const auto g = graph::CaseGraph::build(data, {});
        graph::IndicatorOptions opt;
        opt.region = "GB";
        const auto r = graph::run_indicator(cf.db(), g, "others_accounts", opt);
        REQUIRE(r.not_computable.empty());
        REQUIRE(r.matches.size() == 1);
        // Every payment to the victim's IBAN that b.sta carries: JAN written from it, FEB sighted in it.
        CHECK(std::set<std::int64_t>(r.matches[0].events.begin(), r.matches[0].events.end()).size() == in_b);
    }
}
