// The detail pane of a bank transaction read from two statement files (issue #6): the event lists both
// files with hash and locator and counts the second as corroboration; the account's link to the payee
// and the payee itself count both files. Expected hashes and locators come from the files.
#include "store/case_file.hpp"
#include "support/bank_sightings.hpp"
#include "support/test_support.hpp"
#include "ui/detail_model.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::ui;

namespace {
inline namespace detail_sightings_fixture {

// The event written from `locator` in the file with hash `sha`.
std::int64_t event_at(const store::Db& db, const std::string& sha, const std::string& locator) {
    auto st = db.prepare("SELECT e.id FROM event e JOIN source s ON s.id = e.source_id JOIN evidence_file f "
                         "ON f.id = s.evidence_id WHERE f.sha256 = ?1 AND s.locator = ?2");
    st.bind(1, sha).bind(2, locator);
    REQUIRE(st.step());
    return st.column_int64(0);
}

std::int64_t entity_of(const store::Db& db, const std::string& value) {
    auto st = db.prepare("SELECT entity_id FROM identifier WHERE value = ?1");
    st.bind(1, value);
    REQUIRE(st.step());
    return st.column_int64(0);
}

} // namespace detail_sightings_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("detail pane: a transaction in two statement files lists both sources and counts the second") {
        test::TempDir d;
        const test::SightingFiles files(d.path());
        const auto c = d / "s.case";
        REQUIRE(test::run_cli({"ingest", c.string(), files.a.string(), files.b.string()}).exit_code == 0);
        const auto cf = store::CaseFile::open_read_only(c);
        const auto& db = cf.db();
        REQUIRE(files.a_feb_locators.size() == 2);
        for (std::size_t i = 0; i < 2; ++i) {
            const auto ev = load_event(db, event_at(db, files.a_sha256, files.a_feb_locators[i]));
            REQUIRE(ev);
            REQUIRE(ev->sources.size() == 2);
            CHECK(ev->sources[0].evidence_name == "a.sta");
            CHECK(ev->sources[0].sha256 == files.a_sha256);
            CHECK(ev->sources[0].locator == files.a_feb_locators[i]);
            CHECK(ev->sources[1].evidence_name == "b.sta");
            CHECK(ev->sources[1].sha256 == files.b_sha256);
            CHECK(ev->sources[1].locator == files.b_feb_locators[i]);
            CHECK(ev->source.locator == files.a_feb_locators[i]);
            CHECK(ev->corroborating_sources == 1);
        }
        // Statement JAN is in b.sta only.
        const auto jan = test::mt940_locators(test::read_file(files.b), {"50,00"});
        REQUIRE(jan.size() == 1);
        const auto only = load_event(db, event_at(db, files.b_sha256, jan[0]));
        REQUIRE(only);
        CHECK(only->sources.size() == 1);
        CHECK(only->corroborating_sources == 0);

        const auto own = load_entity(db, entity_of(db, test::SightingFiles::kOwn));
        REQUIRE(own);
        bool payee_link = false;
        for (const auto& l : own->links)
            if (l.other_label == test::SightingFiles::kPayee) {
                payee_link = true;
                CHECK(l.count == 3);
                CHECK(l.evidence_files == 2);
            }
        CHECK(payee_link);
        const auto payee = load_entity(db, entity_of(db, test::SightingFiles::kPayee));
        REQUIRE(payee);
        CHECK(payee->evidence_files == 2);
    }
}
