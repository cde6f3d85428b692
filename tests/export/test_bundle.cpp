// Evidence bundles: byte-identical output, a manifest whose hashes match the members, sourced fact
// tables with RFC 4180 escaping, an escaped HTML report and a custody section without exports.
#include "export/bundle.hpp"
#include "export/csv.hpp"
#include "export/verify_bundle.hpp"
#include "export_fixture.hpp"
#include "store/audit.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::ExportFixture;

namespace {

exporter::BundleOptions options() {
    exporter::BundleOptions o;
    o.at = 1'717'200'000; // 2024-06-01
    o.actor = "DC Test";
    o.tool_version = "test";
    return o;
}

} // namespace

TEST_SUITE("export") {
    TEST_CASE("two exports of the same case state, selection and --at are byte-identical") {
        ExportFixture f;
        exporter::export_bundle(f.cf, f.dir / "a.zip", options());
        exporter::export_bundle(f.cf, f.dir / "b.zip", options());
        const auto a = test::read_file(f.dir / "a.zip");
        CHECK(a.size() > 1000);
        CHECK(a == test::read_file(f.dir / "b.zip"));
        // A different --at changes the bundle (its times), so the time really comes from --at.
        auto o = options();
        o.at = *o.at + 86400;
        exporter::export_bundle(f.cf, f.dir / "c.zip", o);
        CHECK(a != test::read_file(f.dir / "c.zip"));
        // The exports were audited, each with the manifest hash, yet did not change the next bundle.
        CHECK(f.cf.db().scalar_int("SELECT count(*) FROM audit_log WHERE action = 'export.bundle'") == 3);
    }

    TEST_CASE("the manifest lists every other member with its SHA-256, and the evidence behind the facts") {
        ExportFixture f;
        const auto r = exporter::export_bundle(f.cf, f.dir / "a.zip", options());
        const auto members = test::unzip(f.dir / "a.zip");
        for (const char* p : {"manifest.json", "report.html", "facts/entities.csv", "facts/identifiers.csv",
                              "facts/events.csv", "facts/links.csv", "facts/sightings.csv", "custody.csv",
                              "exhibits/README.txt"})
            CHECK_MESSAGE(members.count(p) == 1, p);
        CHECK(store::sha256_hex(members.at("manifest.json")) == r.manifest_sha256);
        const auto m = nlohmann::json::parse(members.at("manifest.json"));
        std::size_t files = 0;
        for (const auto& file : m["files"]) {
            const auto path = file["path"].get<std::string>();
            REQUIRE_MESSAGE(members.count(path) == 1, path);
            store::Sha256 h;
            h.update(members.at(path));
            CHECK_MESSAGE(h.hex_digest() == file["sha256"].get<std::string>(), path);
            CHECK(file["size"].get<std::size_t>() == members.at(path).size());
            ++files;
        }
        // report, 5 fact tables (sightings too), custody, README, link chart PDF+PNG, timeline, money flows
        CHECK(files == 12);
        REQUIRE(m["evidence"].size() == 1);
        const auto sha = m["evidence"][0]["sha256"].get<std::string>();
        CHECK(sha.size() == 64);
        CHECK(m["evidence"][0]["size"].get<std::int64_t>() > 0);
        CHECK(!m["evidence"][0]["registered_at"].get<std::string>().empty());
        CHECK(m["case_id"] == f.cf.settings().case_id);
        CHECK(m["analyst"] == "DC Test");
        CHECK(m["tool"]["version"] == "test");
        CHECK(m["selection"]["select"] == "all");
        CHECK(m["created_at"] == "2024-06-01T00:00:00.000Z");
        CHECK(m["redaction"]["enabled"] == true);
        CHECK(m["audit"]["head_hash"].get<std::string>().size() == 64);
        // Every fact row names that evidence file and a locator.
        for (const char* t :
             {"facts/entities.csv", "facts/identifiers.csv", "facts/events.csv", "facts/links.csv"}) {
            const auto rows = exporter::csv_parse(members.at(t));
            REQUIRE(rows.size() > 1);
            const auto& head = rows[0];
            const auto col = std::find(head.begin(), head.end(), "evidence_sha256") - head.begin();
            const auto loc = std::find(head.begin(), head.end(), "locator") - head.begin();
            for (std::size_t i = 1; i < rows.size(); ++i) {
                CHECK_MESSAGE(rows[i][static_cast<std::size_t>(col)] == sha, t);
                CHECK_MESSAGE(!rows[i][static_cast<std::size_t>(loc)].empty(), t);
            }
        }
    }

    TEST_CASE("custody.csv lists registrations and analyst decisions but never exports") {
        ExportFixture f;
        exporter::export_bundle(f.cf, f.dir / "a.zip", options());
        exporter::export_bundle(f.cf, f.dir / "b.zip", options());
        const auto custody = test::unzip(f.dir / "b.zip").at("custody.csv");
        CHECK(custody.find("evidence.register") != std::string::npos);
        CHECK(custody.find("tag.add") != std::string::npos);
        CHECK(custody.find("case.create") != std::string::npos);
        CHECK(custody.find("export") == std::string::npos);
        CHECK(custody.find("pseudonym.assign") == std::string::npos);
        // Arranging the canvas (grouping nodes) is not a decision about the evidence: the next bundle is the
        // same.
        store::audit_append(f.cf.db(), "DC Test", "view.group", R"({"members":[1,2]})");
        exporter::export_bundle(f.cf, f.dir / "c.zip", options());
        CHECK(test::read_file(f.dir / "c.zip") == test::read_file(f.dir / "b.zip"));
        CHECK(test::unzip(f.dir / "c.zip").at("custody.csv").find("view.") == std::string::npos);
    }

    TEST_CASE("CSV fields with commas, quotes and line breaks round-trip (RFC 4180)") {
        CHECK(exporter::csv_row({"a", "b,c", "say \"hi\"", "two\nlines", ""}) ==
              "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
        const auto rows = exporter::csv_parse("x,y\r\n\"1,2\",\"a \"\"q\"\"\nb\"\r\n");
        REQUIRE(rows.size() == 2);
        CHECK(rows[1][0] == "1,2");
        CHECK(rows[1][1] == "a \"q\"\nb");
        ExportFixture f;
        exporter::export_bundle(f.cf, f.dir / "a.zip", options());
        const auto events = exporter::csv_parse(test::unzip(f.dir / "a.zip").at("facts/events.csv"));
        bool found = false;
        for (const auto& r : events)
            found = found || (r.size() > 9 && r[9] == "a \"quoted\" word, a comma\nand a second line");
        CHECK(found);
        for (const auto& r : events)
            CHECK(r.size() == events[0].size());
    }

    TEST_CASE("the HTML report escapes markup from message bodies and loads nothing from outside") {
        ExportFixture f;
        exporter::export_bundle(f.cf, f.dir / "a.zip", options());
        const auto html = test::unzip(f.dir / "a.zip").at("report.html");
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;") !=
              std::string::npos);
        CHECK(html.find("http://") == std::string::npos);
        CHECK(html.find("https://") == std::string::npos);
        CHECK(html.find("<link") == std::string::npos);
        CHECK(html.find("Chain of custody") != std::string::npos);
    }

    TEST_CASE("selections: entity, tag, hops, time window; unknown terms and indicator are refused") {
        ExportFixture f;
        auto o = options();
        o.select = "entity:+44 7700 900555";
        auto r = exporter::build_bundle(f.cf, o);
        CHECK(r.facts.events.size() == 1); // the witness's one message
        CHECK(r.facts.entities.size() == 2);
        o.select = "tag:victim";
        r = exporter::build_bundle(f.cf, o);
        CHECK(r.facts.events.size() == 15);
        o.select = "entity:#" + std::to_string(f.witness) + ";hops:1";
        r = exporter::build_bundle(f.cf, o);
        CHECK(r.facts.events.size() == 16); // the witness, the suspect, and everything the suspect sent
        o.select = "all";
        o.from = "2024-01-01T02:00";
        o.to = "2024-01-01T03:00";
        r = exporter::build_bundle(f.cf, o);
        CHECK(r.facts.events.size() == 2);
        o.from = o.to = "";
        for (const char* bad : {"indicator:debt_bondage", "hops:2", "entity:+44 7700 900000", "colour:red"}) {
            o.select = bad;
            CHECK_THROWS_AS((void)exporter::build_bundle(f.cf, o), exporter::SelectionError);
        }
    }

    TEST_CASE("a masked text matches what it was before masking, and nothing else") {
        CHECK(exporter::matches_masked("Call [V1] now", "Call +44 7700 900123 now"));
        CHECK(exporter::matches_masked("[V1]", "Anna"));
        CHECK(exporter::matches_masked("[V1] and [W2].", "Anna and Jan."));
        CHECK_FALSE(exporter::matches_masked("Call [V1] now", "Call  now"));
        CHECK_FALSE(exporter::matches_masked("Call [V1] now", "Call x later"));
        CHECK_FALSE(exporter::matches_masked("plain", "plain text"));
        CHECK(exporter::matches_masked("plain [x]", "plain [x]"));
    }
}
