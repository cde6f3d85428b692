// Running the real workstation under Xvfb from a test: the binaries ctest passes in, and a demo case.
#pragma once

#include "support/test_support.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <optional>
#include <string>

namespace casegraph::test {
inline namespace ui_screenshot_support {

struct ScreenshotEnv {
    std::string ui;   // casegraph-ui
    std::string xvfb; // xvfb-run
};

// The environment ctest sets for the ui_screenshot suite, or nothing (the caller skips the test).
inline std::optional<ScreenshotEnv> screenshot_env() {
    const char* ui = std::getenv("CASEGRAPH_UI_BIN");
    const char* xvfb = std::getenv("XVFB_RUN");
    if (!ui || !xvfb) {
        MESSAGE("run through ctest -R ui_screenshot (needs xvfb-run and CASEGRAPH_UI_BIN)");
        return std::nullopt;
    }
    return ScreenshotEnv{ui, xvfb};
}

// `casegraph demo DIR`: the deterministic demo case at DIR/demo.case.
inline void make_demo_case(const std::filesystem::path& dir) {
    REQUIRE(std::system((casegraph_bin() + " demo '" + dir.string() + "' >/dev/null 2>&1").c_str()) == 0);
}

} // namespace ui_screenshot_support
} // namespace casegraph::test
