// Runs the real workstation under Xvfb on a demo case: the PNG exists, is not blank, and the pixel at
// the selected node's centre (as the view model reports it) has the node's kind colour.
#include "support/test_support.hpp"

#include <cmath>
#include <cstdlib>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
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
