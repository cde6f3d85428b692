// Cancelling an export within a stage: the cancel check is polled per fact row, per table row, per
// hashed or zipped chunk and per chart element, so the export stops in the stage it is in (not at the
// next stage boundary), throws ExportCancelled, and leaves no file behind.
#include "export/bundle.hpp"
#include "export/exhibit.hpp"
#include "store/audit.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <map>
#include <set>

using namespace casegraph;
using test::run_cli;

namespace {
inline namespace export_cancel_fixture {

struct CancelDemo {
    test::TempDir dir;
    std::filesystem::path path = dir / "demo" / "demo.case";
    CancelDemo() { REQUIRE(run_cli({"demo", (dir / "demo").string()}).exit_code == 0); }
};

// Counts polls; says "cancel" from poll number `at` within `stage` on (any stage when empty; never
// when `at` is 0). Records the stage the export was in at every poll.
struct Canceller {
    std::string stage;
    std::size_t at = 0;
    std::string current;
    std::size_t polls = 0, polls_in_stage = 0;
    bool fired = false;
    std::string fired_in;
    std::map<std::string, std::size_t> per_stage; // polls seen in each stage

    void attach(exporter::BundleOptions& o) {
        o.progress = [this](const std::string& s, int, int) { current = s; };
        o.cancelled = [this] {
            ++polls;
            ++per_stage[current];
            if (at == 0 || (!stage.empty() && current != stage)) // at 0: never cancels
                return false;
            if (++polls_in_stage < at)
                return false;
            if (!fired)
                fired_in = current;
            fired = true;
            return true;
        };
    }
};

exporter::BundleOptions options() {
    exporter::BundleOptions o;
    o.at = 1'717'243'200;
    o.tool_version = "test";
    o.actor = "tester";
    return o;
}

std::set<std::string> files_in(const std::filesystem::path& dir) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        out.insert(e.path().filename().string());
    return out;
}

} // namespace export_cancel_fixture
} // namespace

TEST_SUITE("export") {
    TEST_CASE("cancel within a stage: facts, fact tables, hashing and zip writing stop where they are") {
        CancelDemo demo;
        auto cf = store::CaseFile::open(demo.path);
        const auto events = static_cast<std::size_t>(cf.db().scalar_int("SELECT count(*) FROM event"));
        REQUIRE(events > 100);

        // Uncancelled, every stage polls: the baseline count of polls.
        Canceller none;
        auto base = options();
        none.attach(base);
        const auto full = exporter::build_bundle(cf, base);
        CHECK_FALSE(none.fired);
        CHECK(none.polls > 2 * events); // at least once per event read and per events.csv row
        CHECK(full.facts.events.size() == events);
        CHECK(none.per_stage["collecting facts"] > events);
        CHECK(none.per_stage["writing the report and fact tables"] > events);
        CHECK(none.per_stage["hashing"] >= full.members.size() - 2); // each non-empty member, once per MiB

        // After events/2 fact rows read, after events/2 table rows written, and at the
        // third hashed chunk: each stops inside its stage, at the poll that said cancel.
        const std::pair<std::string, std::size_t> stops[] = {
            {"collecting facts", events / 2},
            {"writing the report and fact tables", events / 2},
            {"hashing", 3}};
        for (const auto& [stage, at] : stops) {
            CAPTURE(stage);
            Canceller c;
            c.stage = stage;
            c.at = at;
            auto o = options();
            c.attach(o);
            CHECK_THROWS_AS((void)exporter::build_bundle(cf, o), exporter::ExportCancelled);
            CHECK(c.fired_in == stage);
            CHECK(c.current == stage);       // the next stage was never announced
            CHECK(c.polls_in_stage == c.at); // no poll after the first "cancel"
            CHECK(c.polls < none.polls);
        }
        // While the zip is written (after the last stage, "hashing", was announced and done): the
        // temporary zip is removed, the bundle never appears, nothing is audited.
        {
            const auto out_dir = demo.dir / "out";
            std::filesystem::create_directories(out_dir);
            Canceller c;
            c.stage = "hashing";
            c.at = none.per_stage["hashing"] + 4; // past hashing, into write_zip's per-member polls
            auto o = options();
            c.attach(o);
            const auto audits = store::audit_read(cf.db()).size();
            CHECK_THROWS_AS((void)exporter::export_bundle(cf, out_dir / "b.zip", o),
                            exporter::ExportCancelled);
            CHECK(c.fired);
            CHECK(files_in(out_dir).empty());
            CHECK(store::audit_read(cf.db()).size() == audits);
            // The same options without the cancel write the bundle (the polls changed nothing).
            auto plain = options();
            const auto written = exporter::export_bundle(cf, out_dir / "b.zip", plain);
            CHECK(written.manifest_sha256 == full.manifest_sha256);
            CHECK(files_in(out_dir) == std::set<std::string>{"b.zip"});
        }
    }

    TEST_CASE("cancel while an exhibit is drawn: the chart stops within its facts or its drawing") {
        CancelDemo demo;
        auto cf = store::CaseFile::open(demo.path);
        const auto events = static_cast<std::size_t>(cf.db().scalar_int("SELECT count(*) FROM event"));
        exporter::ExhibitOptions o;
        o.base = options();
        std::size_t polls = 0;
        o.base.cancelled = [&polls] {
            ++polls;
            return false;
        };
        exporter::ExhibitResult drawn;
        const auto bytes = exporter::draw_exhibit(cf, "svg", o, drawn);
        REQUIRE(bytes.find("<svg") != std::string::npos);
        const std::size_t total = polls;
        CHECK(total > events); // every event row read is a poll, and each link and node drawn
        // Stopping at the last poll (the last node drawn) and half-way through the events both throw.
        for (const std::size_t stop : {total, events / 2}) {
            std::size_t n = 0;
            o.base.cancelled = [&n, stop] { return ++n >= stop; };
            exporter::ExhibitResult r;
            CHECK_THROWS_AS((void)exporter::draw_exhibit(cf, "svg", o, r), exporter::ExportCancelled);
            CHECK(n == stop);
        }
    }
}
