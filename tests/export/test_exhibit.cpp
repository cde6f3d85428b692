// Court exhibits: a link chart in PDF, SVG and PNG, the same bytes for the same --at, audited, and
// refused clearly for charts not drawn yet.
#include "export_fixture.hpp"
#include "store/case_file.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::run_cli;

TEST_SUITE("export") {
    TEST_CASE(
        "exhibit --chart link writes PDF, SVG and PNG, byte-identical for the same --at, and is audited") {
        test::ExportFixture f;
        const auto c = f.case_path.string();
        const std::pair<const char*, std::string> formats[] = {
            {"a.pdf", "%PDF-"}, {"a.svg", "<?xml"}, {"a.png", "\x89PNG"}};
        for (const auto& [name, magic] : formats) {
            const auto out = f.dir / name;
            auto r = run_cli(
                {"exhibit", c, "--chart", "link", out.string(), "--ref", "DT/1", "--at", "2024-06-01"});
            REQUIRE_MESSAGE(r.exit_code == 0, r.err);
            // Two message links, and two `mentions` links: the messages write the victim's number and IBAN.
            CHECK(r.out.find("5 entities and 4 links") != std::string::npos);
            const auto bytes = test::read_file(out);
            CHECK_MESSAGE(bytes.compare(0, magic.size(), magic) == 0, name);
            const auto again = f.dir / (std::string("b") + name);
            REQUIRE(
                run_cli({"exhibit", c, again.string(), "--ref", "DT/1", "--at", "2024-06-01"}).exit_code ==
                0);
            CHECK_MESSAGE(bytes == test::read_file(again), name);
        }
        const auto cf = store::CaseFile::open_read_only(c);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM audit_log WHERE action = 'export.exhibit'") == 6);
    }

    TEST_CASE("exhibit usage errors: unknown charts, unknown extensions, --no-redact without --reason") {
        test::ExportFixture f;
        const auto c = f.case_path.string();
        const auto r = run_cli({"exhibit", c, "--chart", "pie", (f.dir / "x.pdf").string()});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("link, timeline or money") != std::string::npos);
        CHECK(run_cli({"exhibit", c, (f.dir / "x.jpg").string()}).exit_code == 2);
        CHECK(run_cli({"exhibit", c, (f.dir / "x.pdf").string(), "--no-redact"}).exit_code == 2);
        CHECK(run_cli({"exhibit", c}).exit_code == 2);
        CHECK(!std::filesystem::exists(f.dir / "x.pdf"));
    }
}
