// Runs the real workstation under Xvfb on a demo case: the PNG exists, is not blank, the pixel at
// the selected node's centre (as the view model reports it) has the node's kind colour, and a path
// highlighted from the analysis panel is the one the command line finds, drawn where the model says.
#include "support/test_support.hpp"

#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <stb/stb_image.h>

using casegraph::test::TempDir;

TEST_SUITE("ui_screenshot") {
    TEST_CASE("casegraph-ui --screenshot draws the demo case with the selected node where the model says") {
        const char* ui = std::getenv("CASEGRAPH_UI_BIN");
        const char* xvfb = std::getenv("XVFB_RUN");
        if (!ui || !xvfb) {
            MESSAGE("run through ctest -R ui_screenshot (needs xvfb-run and CASEGRAPH_UI_BIN)");
            return;
        }
        TempDir dir;
        const auto demo = dir / "demo";
        REQUIRE(
            std::system((casegraph::test::casegraph_bin() + " demo '" + demo.string() + "' >/dev/null 2>&1")
                            .c_str()) == 0);
        casegraph::test::write_file(dir / "steps.txt",
                                    "search rent\nclose\nscreen graph\nselect +447700900311\n");
        const auto png = dir / "x.png";
        const std::string cmd = std::string(xvfb) + " -a -s '-screen 0 1280x800x24' " + ui + " '" +
                                (demo / "demo.case").string() + "' --size 1280x800 --script '" +
                                (dir / "steps.txt").string() + "' --screenshot '" + png.string() +
                                "' 2>/dev/null";
        REQUIRE(std::system(cmd.c_str()) == 0);
        REQUIRE(std::filesystem::exists(png));
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 3);
        REQUIRE(px != nullptr);
        CHECK(w == 1280);
        CHECK(h == 800);
        double sum = 0, sum2 = 0;
        const auto count = static_cast<double>(w) * h * 3;
        for (long i = 0; i < static_cast<long>(w) * h * 3; ++i) {
            sum += px[i];
            sum2 += static_cast<double>(px[i]) * px[i];
        }
        const double var = sum2 / count - (sum / count) * (sum / count);
        CHECK(var > 100.0); // not a blank or single-colour frame

        const auto state = nlohmann::json::parse(casegraph::test::read_file(png.string() + ".json"));
        CHECK(state["screen"] == "graph");
        CHECK(state["search_rows"].get<int>() > 0); // the search ran, then its window was closed
        REQUIRE(state["selected"].size() == 1);
        const auto& sel = state["selected"][0];
        CHECK(sel["kind"] == "phone");
        const int x = static_cast<int>(std::lround(sel["x"].get<double>()));
        const int y = static_cast<int>(std::lround(sel["y"].get<double>()));
        REQUIRE(x >= 0);
        REQUIRE(y >= 0);
        REQUIRE(x < w);
        REQUIRE(y < h);
        const unsigned char* p = px + (static_cast<long>(y) * w + x) * 3;
        // Phones are drawn in Okabe–Ito blue (#0072B2).
        CHECK(std::abs(p[0] - 0x00) < 40);
        CHECK(std::abs(p[1] - 0x72) < 40);
        CHECK(std::abs(p[2] - 0xB2) < 40);
        stbi_image_free(px);
    }
}

TEST_SUITE("ui_screenshot") {
    TEST_CASE("a path from the analysis panel is drawn with a magenta halo where the model says") {
        const char* ui = std::getenv("CASEGRAPH_UI_BIN");
        const char* xvfb = std::getenv("XVFB_RUN");
        if (!ui || !xvfb) {
            MESSAGE("run through ctest -R ui_screenshot (needs xvfb-run and CASEGRAPH_UI_BIN)");
            return;
        }
        TempDir dir;
        const auto demo = dir / "demo";
        const auto bin = casegraph::test::casegraph_bin();
        REQUIRE(std::system((bin + " demo '" + demo.string() + "' >/dev/null 2>&1").c_str()) == 0);
        const auto case_path = (demo / "demo.case").string();
        // The path the command line finds is the one the canvas must highlight.
        REQUIRE(std::system((bin + " query '" + case_path + "' path '#3' '#9' --json > '" +
                             (dir / "path.json").string() + "'")
                                .c_str()) == 0);
        const auto q = nlohmann::json::parse(casegraph::test::read_file(dir / "path.json"));
        REQUIRE(q["results"].size() == 1);
        std::set<std::int64_t> expected;
        for (const auto& h : q["results"][0]["hops"]) {
            expected.insert(h["from"]["id"].get<std::int64_t>());
            expected.insert(h["to"]["id"].get<std::int64_t>());
        }
        REQUIRE(expected.size() >= 2);
        casegraph::test::write_file(dir / "steps.txt", "screen graph\npath #3 #9\n");
        const auto png = dir / "p.png";
        const std::string cmd = std::string(xvfb) + " -a -s '-screen 0 1280x800x24' " + ui + " '" +
                                case_path + "' --size 1280x800 --script '" + (dir / "steps.txt").string() +
                                "' --screenshot '" + png.string() + "' 2>/dev/null";
        REQUIRE(std::system(cmd.c_str()) == 0);
        const auto state = nlohmann::json::parse(casegraph::test::read_file(png.string() + ".json"));
        std::set<std::int64_t> shown;
        for (const auto& h : state["highlighted"])
            shown.insert(h["entity"].get<std::int64_t>());
        CHECK(shown == expected);
        CHECK(state["highlight"].get<std::string>().rfind("path #3 - #9", 0) == 0);
        int w = 0, h = 0, n = 0;
        unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 3);
        REQUIRE(px != nullptr);
        // The halo spans radius r .. r + 7 under the icon and its tag ring (r + 1.5 .. r + 4.5): at r + 6
        // on at least one side of every highlighted node the pixel is the highlight's magenta (#E000B0).
        for (const auto& hl : state["highlighted"]) {
            const double x = hl["x"].get<double>(), y = hl["y"].get<double>(), r = hl["r"].get<double>();
            bool magenta = false;
            for (const auto& [dx, dy] :
                 {std::pair{1, 0}, std::pair{-1, 0}, std::pair{0, -1}, std::pair{0, 1}}) {
                const int sx = static_cast<int>(std::lround(x + dx * (r + 6))),
                          sy = static_cast<int>(std::lround(y + dy * (r + 6)));
                if (sx < 0 || sy < 0 || sx >= w || sy >= h)
                    continue;
                const unsigned char* p = px + (static_cast<long>(sy) * w + sx) * 3;
                magenta = magenta || (std::abs(p[0] - 0xE0) < 40 && p[1] < 60 && std::abs(p[2] - 0xB0) < 40);
            }
            CHECK_MESSAGE(magenta, "no highlight halo around entity " << hl["entity"]);
        }
        stbi_image_free(px);
    }
}
