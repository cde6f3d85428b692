// casegraph query and the analyst commands as a script drives them: CONTRACTS.md JSON shapes on the
// demo case, exit 1 for an ENTITY that matches nothing, exit 2 for bad arguments.
#include "support/test_support.hpp"

#include <cctype>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using nlohmann::json;
using test::run_cli;

namespace {

// One demo case shared by the tests of this file (building it runs the importers).
const std::string& demo_case() {
    static test::TempDir dir;
    static const std::string path = [] {
        const auto r = run_cli({"demo", dir.path().string()});
        REQUIRE(r.exit_code == 0);
        return (dir / "demo.case").string();
    }();
    return path;
}

void check_entity_shape(const json& e) {
    REQUIRE(e.is_object());
    CHECK(e["id"].is_number_integer());
    CHECK(e["kind"].is_string());
    CHECK(e["label"].is_string());
    REQUIRE(e["identifiers"].is_array());
    for (const auto& i : e["identifiers"]) {
        CHECK(i["type"].is_string());
        CHECK(i["value"].is_string());
        CHECK(i["raw"].is_string());
    }
    CHECK(e["tags"].is_array());
}

void check_evidence_shape(const json& ev) {
    REQUIRE(ev.is_array());
    REQUIRE_FALSE(ev.empty());
    for (const auto& x : ev) {
        CHECK(x["event_id"].is_number_integer());
        CHECK(x["evidence_sha256"].get<std::string>().size() == 64);
        CHECK(x["sightings"].is_array()); // beside the CONTRACTS.md fields: other files holding the event
        // Every locator is one of the CONTRACTS.md forms the demo's importers write.
        const auto loc = x["locator"].get<std::string>();
        CHECK((loc.rfind("sqlite:", 0) == 0 || loc.rfind("line:", 0) == 0 || loc.rfind("xml:", 0) == 0 ||
               loc.rfind("mt940:", 0) == 0));
    }
}

json query(const std::vector<std::string>& args) {
    std::vector<std::string> full{"query", demo_case()};
    full.insert(full.end(), args.begin(), args.end());
    full.emplace_back("--json");
    const auto r = run_cli(full);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return json::parse(r.out);
}

} // namespace

TEST_SUITE("graph") {
    TEST_CASE("query central --json: {query:{kind,…}, results:[{entity, score}]} with the hub first") {
        const auto j = query({"central", "--top", "3"});
        CHECK(j["query"]["kind"] == "central");
        CHECK(j["query"]["measure"] == "degree");
        REQUIRE(j["results"].size() == 3);
        check_entity_shape(j["results"][0]["entity"]);
        CHECK(j["results"][0]["score"].get<double>() >= j["results"][1]["score"].get<double>());
        // The controller's phone (the owner of the seized handset) is in contact with everyone.
        CHECK(j["results"][0]["entity"]["kind"] == "phone");
        CHECK(j["results"][0]["entity"]["tags"] == json::array({"suspect"}));
    }

    TEST_CASE("query path --json: hops with from, to and evidence (event id, sha256, locator)") {
        const auto j = query({"path", "+44 7700 900311", "07700900312"});
        CHECK(j["query"]["kind"] == "path");
        REQUIRE(j["results"].size() == 1);
        const auto& hops = j["results"][0]["hops"];
        REQUIRE(hops.size() == 2);
        check_entity_shape(hops[0]["from"]);
        check_entity_shape(hops[0]["to"]);
        CHECK(hops[0]["from"]["identifiers"][0]["value"] == "+447700900311");
        CHECK(hops[1]["to"]["identifiers"][0]["value"] == "+447700900312");
        CHECK(hops[0]["to"]["id"] == hops[1]["from"]["id"]);
        check_evidence_shape(hops[0]["evidence"]);
    }

    TEST_CASE("query neighbours and a time window that holds nothing") {
        auto j = query({"neighbours", "+447700900311", "--hops", "2"});
        REQUIRE(j["results"].size() > 2);
        CHECK(j["results"][0]["hops"] == 1);
        check_evidence_shape(j["results"][0]["evidence"]);
        // --limit / --offset give a page of the same ranking; query.total counts them all.
        const auto page =
            query({"neighbours", "+447700900311", "--hops", "2", "--limit", "2", "--offset", "1"});
        CHECK(page["query"]["total"] == j["results"].size());
        REQUIRE(page["results"].size() == 2);
        CHECK(page["results"][0] == j["results"][1]);
        CHECK(page["results"][1] == j["results"][2]);
        CHECK(query({"neighbours", "+447700900311", "--hops", "2", "--offset", "100000"})["results"].empty());
        j = query({"neighbours", "+447700900311", "--from", "1990-01-01", "--to", "1990-01-02"});
        CHECK(j["results"].empty());
        CHECK(j["query"]["from"] == "1990-01-01");
    }

    TEST_CASE("corroboration, timeline, money and communities answer in their JSON shapes") {
        auto j = query({"corroboration", "+447700900311", "#1"});
        REQUIRE(j["results"].size() == 1);
        // The controller's SMS, call log and address book each show the contact, but all three come
        // from his one handset (ingested with --owner): one independent source, not three.
        CHECK(j["results"][0]["evidence_files"] == 3);
        CHECK(j["results"][0]["devices"] == 1);
        CHECK(j["results"][0]["independent_sources"] == 1);
        CHECK(j["results"][0]["summary"].get<std::string>().rfind(
                  "seen in 1 independent source (3 evidence files from 1 known device", 0) == 0);
        for (const auto& src : j["results"][0]["sources"]) {
            REQUIRE(src["devices"].size() == 1);
            CHECK(src["devices"][0]["identifiers"][0]["value"] == "+447700900100"); // the controller
            // The address book has no time: undated, not 1970.
            if (src["evidence_name"] == "contacts2.db")
                CHECK(src["first"] == "undated");
        }
        check_evidence_shape(j["results"][0]["evidence"]);
        std::set<std::string> names;
        for (const auto& src : j["results"][0]["sources"])
            names.insert(src["evidence_name"].get<std::string>());
        CHECK(names == std::set<std::string>{"mmssms.db", "calllog.db", "contacts2.db"});
        j = query({"timeline", "+447700900311"});
        REQUIRE(j["results"].size() == 1);
        CHECK(j["results"][0]["hours_utc"].size() == 24);
        CHECK(j["results"][0]["events"].get<int>() == static_cast<int>(j["results"][0]["evidence"].size()));
        // The demo has no bank importer yet: a phone has no payments, so money is an empty flow.
        j = query({"money", "+447700900311", "--direction", "in", "--window", "3"});
        CHECK(j["results"].empty());
        CHECK(j["query"]["window_days"] == 3);
        CHECK(j["fans"].size() == 1);
        j = query({"communities"});
        REQUIRE_FALSE(j["results"].empty());
        check_entity_shape(j["results"][0]["entities"][0]);
        CHECK(run_cli({"query", demo_case(), "money", "#1", "--direction", "sideways"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "indicators", "no_such_pattern"}).exit_code == 2);
    }

    TEST_CASE("an ENTITY that matches nothing exits 1 naming it; bad arguments exit 2") {
        auto r = run_cli({"query", demo_case(), "path", "+44 7700 900999", "+447700900311"});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("no entity matches '+44 7700 900999' (try casegraph search / an #id)") !=
              std::string::npos);
        CHECK(run_cli({"query", demo_case(), "path", "+447700900311"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "central", "--measure", "charm"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "neighbours", "#1", "--hops", "0"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "neighbours", "#1", "--offset", "-1"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "neighbours", "#1", "--limit", "0"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "frobnicate"}).exit_code == 2);
        CHECK(run_cli({"query", demo_case(), "central", "--from", "yesterday"}).exit_code == 2);
        CHECK(run_cli({"tag", demo_case(), "+44 7700 900999", "victim"}).exit_code == 1);
        CHECK(run_cli({"merge", demo_case(), "#2", "#3"}).exit_code == 2); // no --reason
    }

    TEST_CASE("plain text names numbers and tags, not just ids") {
        const auto r = run_cli({"query", demo_case(), "neighbours", "+447700900311"});
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find("hop") != std::string::npos);
        CHECK(r.out.find(" #") != std::string::npos);
        const auto p = run_cli({"query", demo_case(), "path", "+447700900311", "+447700900312"});
        CHECK(p.out.find("+447700900311") != std::string::npos);
        CHECK(p.out.find("[victim]") != std::string::npos);
    }

    TEST_CASE("plain-text neighbours --limit says how many of how many it printed") {
        auto hop_lines = [](const std::string& out) {
            std::size_t n = 0;
            std::size_t at = 0;
            for (std::size_t nl; (nl = out.find('\n', at)) != std::string::npos; at = nl + 1)
                n += out.compare(at + 1, 4, " hop") == 0 && std::isdigit(static_cast<unsigned char>(out[at]));
            return n;
        };
        const auto all = run_cli({"query", demo_case(), "neighbours", "+447700900311", "--hops", "2"});
        REQUIRE(all.exit_code == 0);
        const auto total = hop_lines(all.out);
        REQUIRE(total > 3);
        CHECK(all.out.find("showing") == std::string::npos); // everything printed: nothing to say
        const auto page =
            run_cli({"query", demo_case(), "neighbours", "+447700900311", "--hops", "2", "--limit", "2"});
        CHECK(hop_lines(page.out) == 2);
        CHECK(page.out.find("showing 2 of " + std::to_string(total) + "\n") != std::string::npos);
        const auto next = run_cli({"query", demo_case(), "neighbours", "+447700900311", "--hops", "2",
                                   "--limit", "2", "--offset", "2"});
        CHECK(next.out.find("showing 2 of " + std::to_string(total) + " (results 3-4)") != std::string::npos);
        const auto past = run_cli(
            {"query", demo_case(), "neighbours", "+447700900311", "--hops", "2", "--offset", "100000"});
        CHECK(past.exit_code == 0);
        CHECK(past.out.find("showing 0 of " + std::to_string(total)) != std::string::npos);
    }

    TEST_CASE("tag, untag, merge and unmerge from the command line change what queries see") {
        test::TempDir d;
        REQUIRE(run_cli({"demo", d.path().string()}).exit_code == 0);
        const auto c = (d / "demo.case").string();
        CHECK(run_cli({"tag", c, "+447700900605", "witness"}).exit_code == 0);
        auto j = json::parse(run_cli({"query", c, "neighbours", "+447700900605", "--json"}).out);
        CHECK(j["query"]["entity"]["tags"] == json::array({"witness"}));
        CHECK(run_cli({"untag", c, "+447700900605", "witness"}).exit_code == 0);
        j = json::parse(run_cli({"query", c, "neighbours", "+447700900605", "--json"}).out);
        CHECK(j["query"]["entity"]["tags"].empty());

        // Merging two victims' numbers makes them one vertex: the path between them disappears.
        auto r = run_cli({"merge", c, "+447700900311", "+447700900312", "--reason", "same handset"});
        REQUIRE(r.exit_code == 0);
        j = json::parse(run_cli({"query", c, "path", "+447700900311", "+447700900312", "--json"}).out);
        CHECK(j["results"].empty());
        CHECK(run_cli({"unmerge", c, "1"}).exit_code == 0);
        CHECK(run_cli({"unmerge", c, "1"}).exit_code == 1);
        j = json::parse(run_cli({"query", c, "path", "+447700900311", "+447700900312", "--json"}).out);
        CHECK(j["results"].size() == 1);
        CHECK(run_cli({"note", c, "+447700900311", "says", "she", "was", "driven"}).exit_code == 0);
        CHECK(run_cli({"note", c, "event:999999", "x"}).exit_code == 1);
        const auto sug = run_cli({"suggest-merges", c, "--json"});
        REQUIRE(sug.exit_code == 0);
        CHECK(json::parse(sug.out).is_array());
        const auto log = run_cli({"log", c});
        CHECK(log.out.find("merge.add") != std::string::npos);
        CHECK(log.out.find("merge.undo") != std::string::npos);
        CHECK(log.out.find("note.add") != std::string::npos);
    }
}
