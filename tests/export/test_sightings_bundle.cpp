// A bank transaction read from two statement files (issue #6) is one event that cites both files: the
// bundle's facts and manifest, report.html, the exhibits' source notes, FtM and ANX name the second file
// with its SHA-256 and locator; verify-bundle re-derives those sightings and fails when their hash entry
// or place is tampered with; redaction reaches a sighting file's name. Hashes and locators are computed
// from the files themselves (support/bank_sightings.hpp).
#include "export/chart_draw.hpp"
#include "export/csv.hpp"
#include "export/exhibit.hpp"
#include "export/zip_io.hpp"
#include "export_fixture.hpp"
#include "store/case_file.hpp"
#include "store/hash.hpp"
#include "support/bank_sightings.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::run_cli;

namespace {
inline namespace sightings_bundle_fixture {

std::filesystem::path made(const std::filesystem::path& p) {
    std::filesystem::create_directories(p);
    return p;
}

// The two statement files in their own folder (the --evidence DIR of verify-bundle) and a case holding
// them, ingested a.sta first unless b_first.
struct SightingCase {
    test::TempDir dir;
    std::filesystem::path evidence = made(dir / "evidence");
    std::string path = (dir / "s.case").string();
    test::SightingFiles files;

    explicit SightingCase(bool b_first = false, const std::string& b_name = "b.sta")
        : files(evidence, b_name) {
        const auto first = b_first ? files.b : files.a, second = b_first ? files.a : files.b;
        REQUIRE(run_cli({"ingest", path, first.string()}).exit_code == 0);
        REQUIRE(run_cli({"ingest", path, second.string()}).exit_code == 0);
    }

    std::filesystem::path bundle(const std::string& name, const std::vector<std::string>& extra = {}) const {
        const auto out = dir / name;
        std::vector<std::string> args{"export",     path,   "--bundle",
                                      out.string(), "--at", "2024-06-01T12:00:00Z"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_cli(args);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        return out;
    }

    // "E<n>" of the file: the bundle numbers its evidence files in SHA-256 order, and holds a and b only.
    [[nodiscard]] std::string number_of(const std::string& sha) const {
        return sha == std::min(files.a_sha256, files.b_sha256) ? "E1" : "E2";
    }
};

std::vector<std::map<std::string, std::string>> rows(const std::string& csv) {
    const auto t = exporter::csv_parse(csv);
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t i = 1; i < t.size(); ++i) {
        std::map<std::string, std::string> r;
        for (std::size_t c = 0; c < t[0].size() && c < t[i].size(); ++c)
            r[t[0][c]] = t[i][c];
        out.push_back(std::move(r));
    }
    return out;
}

// Rewrites a bundle with some members changed (members keep their order; the manifest is not updated
// unless the change is to the manifest itself).
void rewrite(const std::filesystem::path& in, const std::filesystem::path& out,
             const std::map<std::string, std::string>& changed) {
    auto z = exporter::read_zip(in);
    REQUIRE(z.problems.empty());
    for (auto& m : z.members)
        if (const auto it = changed.find(m.path); it != changed.end())
            m.bytes = it->second;
    exporter::write_zip(out, z.members, 1'717'243'200);
}

// Every text an exhibit prints, one line each (the text log of chart_draw).
std::string exhibit_text(const SightingCase& c, const std::string& chart, bool redact = true) {
    exporter::ExhibitOptions o;
    o.chart = chart;
    o.base.at = 1'717'243'200;
    o.base.actor = "DC Test";
    o.base.tool_version = "test";
    o.base.redact = redact;
    o.base.reason = redact ? "" : "test";
    std::vector<std::string> drawn;
    {
        const auto cf = store::CaseFile::open(c.path);
        exporter::draw::set_text_log(&drawn);
        (void)exporter::render_exhibit(cf, c.dir / (chart + ".svg"), o);
        exporter::draw::set_text_log(nullptr);
    }
    std::string all;
    for (const auto& s : drawn)
        all += s + "\n";
    return all;
}

} // namespace sightings_bundle_fixture
} // namespace

TEST_SUITE("export") {
    TEST_CASE("bank sightings: bundle facts, manifest and report cite the second file's hash and locators") {
        const SightingCase c;
        const auto& f = c.files;
        REQUIRE(f.b_feb_locators.size() == 2);
        const auto zip = c.bundle("s.zip");
        const auto members = test::unzip(zip);

        // The manifest describes the sighting file like any other evidence behind the facts.
        const auto m = nlohmann::json::parse(members.at("manifest.json"));
        bool described = false;
        for (const auto& e : m["evidence"])
            if (e["sha256"] == f.b_sha256) {
                described = true;
                CHECK(e["name"] == "b.sta");
                CHECK(e["size"].get<std::size_t>() == test::read_file(f.b).size());
            }
        CHECK(described);
        CHECK(m["counts"]["event_sightings"] == 2);
        bool listed = false;
        for (const auto& file : m["files"])
            listed = listed || (file["path"] == "facts/sightings.csv" &&
                                file["sha256"] == store::sha256_hex(members.at("facts/sightings.csv")));
        CHECK(listed);

        // facts/sightings.csv: each of statement FEB's payments, written from a.sta, seen again in b.sta.
        std::set<std::string> feb_events;
        for (const auto& r : rows(members.at("facts/events.csv")))
            if (r.at("evidence_sha256") == f.a_sha256) {
                feb_events.insert(r.at("event_id"));
                CHECK(std::find(f.a_feb_locators.begin(), f.a_feb_locators.end(), r.at("locator")) !=
                      f.a_feb_locators.end());
            }
        CHECK(feb_events.size() == 2);
        const auto seen = rows(members.at("facts/sightings.csv"));
        REQUIRE(seen.size() == 2);
        std::set<std::string> seen_events, seen_at;
        for (const auto& r : seen) {
            CHECK(r.at("evidence_sha256") == f.b_sha256);
            seen_events.insert(r.at("event_id"));
            seen_at.insert(r.at("locator"));
        }
        CHECK(seen_events == feb_events);
        CHECK(seen_at == std::set<std::string>(f.b_feb_locators.begin(), f.b_feb_locators.end()));

        // report.html: the evidence table names b.sta with its hash; each FEB payment cites both files.
        const auto& html = members.at("report.html");
        CHECK(html.find("<td>b.sta</td>") != std::string::npos);
        CHECK(html.find("<td class=hash>" + f.b_sha256 + "</td>") != std::string::npos);
        for (const auto& loc : f.b_feb_locators)
            CHECK_MESSAGE(html.find("also read from</span> <span class=src>" + c.number_of(f.b_sha256) +
                                    " &middot; " + loc + "</span>") != std::string::npos,
                          loc);

        // Re-exporting gives the same bytes.
        CHECK(test::read_file(zip) == test::read_file(c.bundle("again.zip")));
    }

    TEST_CASE("bank sightings: exhibit source notes, FtM and ANX name the second file and its locators") {
        SightingCase c;
        const auto& f = c.files;
        const auto b_no = c.number_of(f.b_sha256);
        for (const char* chart : {"timeline", "money"}) {
            const auto text = exhibit_text(c, chart);
            for (const auto& loc : f.b_feb_locators)
                CHECK_MESSAGE(text.find("\n        also " + b_no + "  " + loc + "\n") != std::string::npos,
                              chart, " ", loc);
            CHECK_MESSAGE(text.find(b_no + " = b.sta") != std::string::npos, chart);
            CHECK_MESSAGE(text.find(f.b_sha256) != std::string::npos, chart);
        }
        // The link chart's note for own account → payee names both files behind its payments.
        CHECK(exhibit_text(c, "link").find("; E1, E2") != std::string::npos);

        const auto ftm = c.dir / "x.ftm";
        REQUIRE(run_cli({"export", c.path, "--format", "ftm", ftm.string()}).exit_code == 0);
        const auto ftm_text = test::read_file(ftm);
        for (const auto& loc : f.b_feb_locators)
            CHECK(ftm_text.find("also read from evidence SHA-256 " + f.b_sha256 + ", locator " + loc) !=
                  std::string::npos);
        CHECK(ftm_text.find("\"cg-evidence-" + f.b_sha256 + "\"") != std::string::npos);
        const auto anx = c.dir / "x.anx";
        REQUIRE(run_cli({"export", c.path, "--format", "anx", anx.string()}).exit_code == 0);
        const auto anx_text = test::read_file(anx);
        for (const auto& loc : f.b_feb_locators)
            CHECK(anx_text.find("SourceReference=\"" + f.b_sha256 + " " + loc + "\"") != std::string::npos);
    }

    TEST_CASE("bank sightings: verify-bundle re-derives them whichever file is read first, and fails when "
              "tampered") {
        for (const bool b_first : {false, true}) {
            CAPTURE(b_first);
            // verify-bundle re-imports in the manifest's (hash) order: one of the two cases swaps which
            // file the re-derived events are written from.
            const SightingCase c(b_first);
            const auto zip = c.bundle("s.zip");
            auto r = run_cli({"verify-bundle", zip.string(), "--evidence", c.evidence.string()});
            CHECK_MESSAGE(r.exit_code == 0, r.err);
            CHECK(r.out.find("Bundle verified") != std::string::npos);
        }
        const SightingCase c;
        const auto& f = c.files;
        const auto zip = c.bundle("s.zip");
        const auto members = test::unzip(zip);

        // The manifest's hash entry for the sighting file is changed: the sightings cite undescribed
        // evidence.
        auto m = nlohmann::ordered_json::parse(members.at("manifest.json"));
        const std::string forged(64, '0');
        for (auto& e : m["evidence"])
            if (e["sha256"] == f.b_sha256)
                e["sha256"] = forged;
        rewrite(zip, c.dir / "t1.zip", {{"manifest.json", m.dump(2) + "\n"}});
        auto r = run_cli({"verify-bundle", (c.dir / "t1.zip").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("facts/sightings.csv: cites evidence " + f.b_sha256 +
                         " that the manifest does not describe") != std::string::npos);
        r = run_cli({"verify-bundle", (c.dir / "t1.zip").string(), "--evidence", c.evidence.string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("(" + forged + "): no file with this SHA-256") != std::string::npos);

        // A sighting's hash changed in facts/sightings.csv: that member no longer matches the manifest.
        auto csv = members.at("facts/sightings.csv");
        const auto at = csv.find(f.b_sha256);
        REQUIRE(at != std::string::npos);
        csv.replace(at, 64, f.a_sha256);
        rewrite(zip, c.dir / "t2.zip", {{"facts/sightings.csv", csv}});
        r = run_cli({"verify-bundle", (c.dir / "t2.zip").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("facts/sightings.csv: SHA-256 differs from the manifest") != std::string::npos);

        // The same change with the manifest updated to match passes the hash check, but re-deriving from the
        // evidence finds no such sighting.
        m = nlohmann::ordered_json::parse(members.at("manifest.json"));
        for (auto& file : m["files"])
            if (file["path"] == "facts/sightings.csv")
                file["sha256"] = store::sha256_hex(csv);
        rewrite(zip, c.dir / "t3.zip", {{"facts/sightings.csv", csv}, {"manifest.json", m.dump(2) + "\n"}});
        r = run_cli({"verify-bundle", (c.dir / "t3.zip").string(), "--evidence", c.evidence.string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("not a source of that event when the evidence is imported again") !=
              std::string::npos);
    }

    TEST_CASE("bank sightings: a redacted bundle masks a victim's name in the sighting file's name") {
        // The second file is named after the payee, whose account is tagged victim.
        const std::string name = "Jan Jansen NL91 ABNA 0417 1643 00.sta";
        SightingCase c(false, name);
        REQUIRE(run_cli({"tag", c.path, test::SightingFiles::kPayee, "victim"}).exit_code == 0);
        const auto members = test::unzip(c.bundle("r.zip"));
        for (const auto& [path, bytes] : members) {
            if (path.find(".pdf") != std::string::npos || path.find(".png") != std::string::npos)
                continue; // drawn text: checked through the text log below
            const auto low = test::lower(bytes);
            CHECK_MESSAGE(low.find("jansen") == std::string::npos, path);
            CHECK_MESSAGE(low.find("nl91abna0417164300") == std::string::npos, path);
            CHECK_MESSAGE(low.find("nl91 abna 0417 1643 00") == std::string::npos, path);
        }
        // Still cited: by hash, with the masked name.
        const auto m = nlohmann::json::parse(members.at("manifest.json"));
        bool found = false;
        for (const auto& e : m["evidence"])
            if (e["sha256"] == c.files.b_sha256) {
                found = true;
                CHECK(e["name"].get<std::string>().find("[V1]") != std::string::npos);
            }
        CHECK(found);
        CHECK(rows(members.at("facts/sightings.csv")).size() == 2);
        for (const char* chart : {"timeline", "money"}) {
            const auto low = test::lower(exhibit_text(c, chart));
            CHECK_MESSAGE(low.find("jansen") == std::string::npos, chart);
            CHECK_MESSAGE(low.find("        also e") != std::string::npos, chart);
        }
    }
}
