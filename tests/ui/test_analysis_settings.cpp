// The analysis panel runs indicators with the case's own settings (graph::apply_case_settings), as
// `casegraph query indicators` does: the demo's fictional ad site is on the demo case's watchlist.
#include "store/case_file.hpp"
#include "support/test_support.hpp"
#include "ui/analysis_model.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using casegraph::test::TempDir;

namespace {
inline namespace analysis_settings_fixture {

std::size_t count_of(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size()))
        ++n;
    return n;
}

} // namespace analysis_settings_fixture
} // namespace

TEST_SUITE("ui_analysis_settings") {
    TEST_CASE("the demo case: the panel's advert_payments finds every NightList payment of the statement") {
        TempDir d;
        REQUIRE(test::run_cli({"demo", d.path().string()}).exit_code == 0);
        // Expected from the evidence itself: the camt.053 entries paying the ad site.
        const auto camt = test::read_file(d.path() / "evidence" / "bank" / "controller_camt053.xml");
        const auto expected = count_of(camt, "<Nm>NIGHTLIST MEDIA LTD</Nm>");
        REQUIRE(expected >= 2);
        const auto cf = store::CaseFile::open_read_only(d / "demo.case");
        ui::AnalysisModel m;
        m.run_indicator(cf.db(), "GB", "advert_payments");
        CHECK(m.indicator_error.empty());
        CHECK(m.indicator_params.find("nightlist") != std::string::npos); // the case's list, not the default
        std::size_t found = 0;
        for (const auto& row : m.matches)
            if (row.summary.find("nightlist") != std::string::npos) {
                CHECK(row.summary.find("MAREK DUNMORE") == 0); // the controller pays for the adverts
                found += row.events;
            }
        CHECK(found == expected);
    }

    TEST_CASE("a case setting the engine cannot read is an error in the panel, naming the setting") {
        TempDir d;
        REQUIRE(test::run_cli({"demo", d.path().string()}).exit_code == 0);
        const auto cf = store::CaseFile::open(d / "demo.case");
        cf.set_setting("indicator.funnel_account.threshold", "ten grand");
        ui::AnalysisModel m;
        m.run_indicator(cf.db(), "GB", "funnel_account");
        CHECK(m.indicator_error.find("indicator.funnel_account.threshold") != std::string::npos);
        CHECK(m.matches.empty());
        cf.set_setting("indicator.funnel_account.threshold", "2500");
        m.run_indicator(cf.db(), "GB", "funnel_account");
        CHECK(m.indicator_error.empty());
        CHECK(m.indicator_params.find("\"threshold_minor\":250000") != std::string::npos);
    }
}
