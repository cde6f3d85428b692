// Messages an investigator acts on: opening a case that cannot be opened says why and names the file
// (missing, not a case, a folder, locked by another program); verifying evidence names what is wrong.
#include "fixture.hpp"
#include "store/sqlite.hpp"
#include "support/test_support.hpp"
#include "ui/app.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::ui;
using casegraph::test::TempDir;

namespace {
inline namespace open_errors_fixture {

std::string open_error(App& app, const std::filesystem::path& p) {
    try {
        app.apply({Intent::Op::open, p.string()});
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

} // namespace open_errors_fixture
} // namespace

TEST_SUITE("ui") {
    TEST_CASE("a case that cannot be opened is named with the reason an investigator can act on") {
        TempDir dir;
        App app;
        const auto missing = open_error(app, dir / "nope.case");
        CHECK(missing.find((dir / "nope.case").string()) != std::string::npos);
        CHECK(missing.find("no such case file") != std::string::npos);
        test::write_file(dir / "notes.case", "typed notes, not a case");
        const auto text = open_error(app, dir / "notes.case");
        CHECK(text.find((dir / "notes.case").string()) != std::string::npos);
        CHECK(text.find("not a casegraph case") != std::string::npos);
        std::filesystem::create_directories(dir / "folder.case");
        CHECK(open_error(app, dir / "folder.case") ==
              (dir / "folder.case").string() +
                  " is a folder, not a case file: open the .case file inside it.");
        CHECK_FALSE(app.has_case());
    }

    TEST_CASE("a case locked by another program says so instead of a bare SQLite error") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); }
        App app;
        {
            // Another connection holds the case locked (as sqlite3 or a second import would) until it closes.
            store::Db other((dir / "t.case").string(), store::OpenMode::ReadWrite);
            other.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
                       "INSERT INTO case_info(key, value) VALUES ('lock', '1')");
            const auto msg = open_error(app, dir / "t.case"); // waits out the busy timeout
            INFO(msg);
            CHECK(msg.rfind((dir / "t.case").string() + ": the case is locked by another program", 0) == 0);
            CHECK_FALSE(app.has_case());
        }
        CHECK(open_error(app, dir / "t.case").empty()); // once released it opens
        CHECK(app.has_case());
        app.graph.layout().stop();
        // The mapping for other SQLite failures keeps the store's own words.
        const auto ro =
            open_case_message(dir / "x.case", store::SqliteError(8, "attempt to write a readonly database"));
        CHECK(ro.find("cannot be opened for writing") != std::string::npos);
        CHECK(ro.find("attempt to write a readonly database") != std::string::npos);
    }

    TEST_CASE("verifying evidence names the files that are missing instead of reporting success") {
        TempDir dir;
        { auto cf = test::make_ui_fixture(dir / "t.case"); } // its evidence paths (/x/…) do not exist
        App app;
        app.actor = "tester";
        app.apply({Intent::Op::open, (dir / "t.case").string()});
        app.apply(*parse_script_line("verify"));
        CHECK(app.status ==
              "Evidence check of 2 files: 2 missing (mmssms.db, stmt.xml). Details on the Case screen (F1).");
        REQUIRE(app.case_model.evidence.size() == 2);
        CHECK(app.case_model.evidence[0].verify == "missing");
        app.graph.layout().stop();
    }
}
