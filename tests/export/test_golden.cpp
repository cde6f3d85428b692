// Golden bundle of the demo case: the fact tables and the manifest, byte for byte. The demo is built
// with SOURCE_DATE_EPOCH so registration times are fixed; the case id (printed on the exhibits), evidence
// paths and the audit hashes that depend on them are the only fields normalised. Regenerate with
// CASEGRAPH_UPDATE_GOLDEN=1 and review the diff.
#include "export_fixture.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace casegraph;

namespace {

struct Env {
    std::string name;
    Env(std::string n, const char* value) : name(std::move(n)) { ::setenv(name.c_str(), value, 1); }
    ~Env() { ::unsetenv(name.c_str()); }
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;
};

std::string normalised_manifest(const std::string& text) {
    auto m = nlohmann::ordered_json::parse(text);
    m["case_id"] = "<case id>";
    m["audit"]["head_hash"] = "<depends on case id and paths>";
    for (auto& f : m["files"])
        if (f["path"] == "custody.csv" || f["path"] == "report.html" ||
            f["path"] == "exhibits/link-chart.pdf" || f["path"] == "exhibits/link-chart.png" ||
            f["path"] == "exhibits/timeline.pdf" || f["path"] == "exhibits/money-flows.pdf") {
            f["sha256"] = "<depends on case id and paths>";
            f["size"] = 0;
        }
    return m.dump(2) + "\n";
}

} // namespace

TEST_SUITE("export") {
    TEST_CASE("golden: the demo case's default (redacted) bundle holds exactly the expected facts") {
        test::TempDir d;
        const Env epoch("SOURCE_DATE_EPOCH", "1717200000");
        const Env analyst("CASEGRAPH_ANALYST", "DC Golden");
        REQUIRE(test::run_cli({"demo", (d / "demo").string()}).exit_code == 0);
        REQUIRE(
            test::run_cli({"export", (d / "demo" / "demo.case").string(), "--bundle", (d / "b.zip").string()})
                .exit_code == 0);
        auto members = test::unzip(d / "b.zip");
        members["manifest.json"] = normalised_manifest(members.at("manifest.json"));
        const auto golden = test::test_data_dir() / "golden" / "export" / "demo";
        const bool update = std::getenv("CASEGRAPH_UPDATE_GOLDEN") != nullptr;
        for (const char* name : {"manifest.json", "facts/entities.csv", "facts/identifiers.csv",
                                 "facts/events.csv", "facts/links.csv", "facts/sightings.csv"}) {
            const auto path = golden / name;
            if (update) {
                std::filesystem::create_directories(path.parent_path());
                test::write_file(path, members.at(name));
                continue;
            }
            REQUIRE_MESSAGE(std::filesystem::exists(path), path.string(),
                            " (CASEGRAPH_UPDATE_GOLDEN=1 creates it)");
            CHECK_MESSAGE(members.at(name) == test::read_file(path), name, " differs from ", path.string());
        }
    }
}
