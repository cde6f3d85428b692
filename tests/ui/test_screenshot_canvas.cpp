// The canvas's small nodes and links as each renderer draws them (ui/canvas_gl.hpp: point sprites and
// GL lines, the default; `--canvas imgui`: ImGui polygons). On a synthetic graph under Xvfb, where the
// view model says a dot is, the frame holds about its shape's area in its kind's colour (a sprite that
// discards everything, or fills its whole square, fails), small tagged nodes have a ring of about its
// area in the tag's colour, and the middle of every link away from nodes
// is not background.
#include "screenshot_support.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <doctest/doctest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stb/stb_image.h>

using casegraph::test::TempDir;

namespace {

struct Frame {
    nlohmann::json state;
    int w = 0, h = 0;
    std::vector<unsigned char> rgb;
    [[nodiscard]] const unsigned char* at(int x, int y) const {
        return rgb.data() +
               (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 3;
    }
    // Pixels of the box [x0, x1] x [y0, y1] within 8 of COLOUR in every channel.
    [[nodiscard]] int count(int x0, int y0, int x1, int y1, const std::array<int, 3>& colour) const {
        int n = 0;
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const unsigned char* p = at(x, y);
                if (std::abs(p[0] - colour[0]) <= 8 && std::abs(p[1] - colour[1]) <= 8 &&
                    std::abs(p[2] - colour[2]) <= 8)
                    ++n;
            }
        return n;
    }
};

Frame shoot(const casegraph::test::ScreenshotEnv& env, const std::filesystem::path& dir, int nodes,
            const std::string& canvas) {
    casegraph::test::write_file(dir / "steps.txt", "frames 5\n");
    const auto png = dir / ("g" + std::to_string(nodes) + canvas + ".png");
    const std::string cmd = env.xvfb + " -a -s '-screen 0 1280x800x24' " + env.ui + " --bench-graph " +
                            std::to_string(nodes) + " --canvas " + canvas + " --size 1280x800 --script '" +
                            (dir / "steps.txt").string() + "' --screenshot '" + png.string() +
                            "' 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    Frame f;
    int n = 0;
    unsigned char* px = stbi_load(png.c_str(), &f.w, &f.h, &n, 3);
    REQUIRE(px != nullptr);
    f.rgb.assign(px, px + static_cast<std::size_t>(f.w) * static_cast<std::size_t>(f.h) * 3);
    stbi_image_free(px);
    f.state = nlohmann::json::parse(casegraph::test::read_file(png.string() + ".json"));
    return f;
}

// Kind colours as RGB (ui Palette::kind_colour, Okabe–Ito).
const std::map<std::string, std::array<int, 3>> kColour = {{"phone", {0x00, 0x72, 0xB2}},
                                                           {"person", {0xE6, 0x9F, 0x00}},
                                                           {"account", {0x00, 0x9E, 0x73}},
                                                           {"email", {0xCC, 0x79, 0xA7}}};

// The area in pixels of graph_view.cpp's flat shape of a plain node of KIND with radius R.
double shape_area(const std::string& kind, double r, double quad_px) {
    if (r < quad_px)
        return (1.8 * r) * (1.8 * r);
    if (kind == "phone")
        return 3.0 * r * r; // a disc (point sprite, pi r^2) or an octagon (2.83 r^2)
    if (kind == "person")
        return 1.805 * r * r; // triangle: base 2r, height 1.9r
    if (kind == "account")
        return (1.7 * r) * (1.7 * r);
    return 2.0 * r * r; // email: diamond
}

// Checks every dot far from other nodes; returns how many were checked, by kind.
std::map<std::string, int> check_dots(const Frame& f) {
    const auto& drawn = f.state["drawn"];
    const double quad_px = f.state["lod"]["quad_px"].get<double>();
    std::map<std::string, int> checked;
    for (const auto& d : drawn) {
        const std::string kind = d["kind"];
        if (d["as"] != "dot" || !kColour.count(kind))
            continue;
        const double x = d["x"].get<double>(), y = d["y"].get<double>(), r = d["r"].get<double>();
        bool alone = true;
        for (const auto& o : drawn) {
            const double dx = o["x"].get<double>() - x, dy = o["y"].get<double>() - y;
            const double gap = 1.3 * (r + o["r"].get<double>()) + 8;
            if (&o != &d && dx * dx + dy * dy < gap * gap)
                alone = false;
        }
        for (const auto& l : f.state["labels"]) {
            const auto& b = l["box"];
            if (x + 2 * r > b[0].get<double>() && x - 2 * r < b[2].get<double>() &&
                y + 2 * r > b[1].get<double>() && y - 2 * r < b[3].get<double>())
                alone = false;
        }
        const int x0 = static_cast<int>(std::floor(x - 1.3 * r - 2)),
                  x1 = static_cast<int>(std::ceil(x + 1.3 * r + 2));
        const int y0 = static_cast<int>(std::floor(y - 1.3 * r - 2)),
                  y1 = static_cast<int>(std::ceil(y + 1.3 * r + 2));
        if (!alone || x0 < 0 || y0 < 0 || x1 >= f.w || y1 >= f.h)
            continue;
        const auto& want = kColour.at(kind);
        const int inside = f.count(x0, y0, x1, y1, want);
        const double area = shape_area(kind, r, quad_px);
        INFO(kind << " dot at " << x << "," << y << " r " << r << ": " << inside
                  << " pixels in its colour, shape " << area);
        CHECK(inside >= 0.6 * area - 2);
        CHECK(inside <= 1.45 * area + 2);
        // Its centre pixel is its colour.
        const unsigned char* c = f.at(static_cast<int>(x), static_cast<int>(y));
        CHECK(std::abs(c[0] - want[0]) + std::abs(c[1] - want[1]) + std::abs(c[2] - want[2]) <= 24);
        ++checked[kind];
    }
    return checked;
}

// Small tagged nodes: a flat ring in the tag's colour around the dot (graph_view.cpp: from r + 1 to
// r + 3.5). Returns how many were looked at.
int check_rings(const Frame& f) {
    const std::map<int, std::array<int, 3>> ring_colour = {{1, {0xD5, 0x5E, 0x00}}, {2, {0x56, 0xB4, 0xE9}}};
    int checked = 0;
    for (const auto& d : f.state["drawn"]) {
        const int tags = d["tags"].get<int>();
        if (d["as"] != "ringed" || !ring_colour.count(tags))
            continue;
        const double x = d["x"].get<double>(), y = d["y"].get<double>(), r = d["r"].get<double>();
        const double outer = r + 3.5;
        bool alone = true;
        for (const auto& o : f.state["drawn"]) {
            const double dx = o["x"].get<double>() - x, dy = o["y"].get<double>() - y;
            const double gap = outer + 1.3 * o["r"].get<double>() + 1;
            if (&o != &d && dx * dx + dy * dy < gap * gap)
                alone = false;
        }
        const int x0 = static_cast<int>(x - outer - 2), x1 = static_cast<int>(x + outer + 2);
        const int y0 = static_cast<int>(y - outer - 2), y1 = static_cast<int>(y + outer + 2);
        if (!alone || x0 < 0 || y0 < 0 || x1 >= f.w || y1 >= f.h)
            continue;
        const auto& want = ring_colour.at(tags);
        const int inside = f.count(x0, y0, x1, y1, want);
        const double area = 3.14159 * (outer * outer - (r + 1) * (r + 1));
        INFO("ring at " << x << "," << y << " r " << r << ": " << inside << " pixels in its colour, ring "
                        << area);
        CHECK(inside >= 0.6 * area);
        CHECK(inside <= 1.45 * area);
        ++checked;
    }
    return checked;
}

// Every link's middle that is clear of nodes has a pixel that is not the canvas background near it.
int check_links(const Frame& f) {
    int checked = 0;
    for (const auto& l : f.state["links"]) {
        const double mx = (l[0].get<double>() + l[2].get<double>()) / 2;
        const double my = (l[1].get<double>() + l[3].get<double>()) / 2;
        const double len =
            std::hypot(l[2].get<double>() - l[0].get<double>(), l[3].get<double>() - l[1].get<double>());
        bool clear = len > 20;
        for (const auto& d : f.state["drawn"]) {
            const double dx = d["x"].get<double>() - mx, dy = d["y"].get<double>() - my;
            const double gap = 1.3 * d["r"].get<double>() + 4;
            if (dx * dx + dy * dy < gap * gap)
                clear = false;
        }
        if (!clear)
            continue;
        bool ink = false;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const unsigned char* p = f.at(static_cast<int>(mx) + dx, static_cast<int>(my) + dy);
                if (p[0] < 0xF0 || p[1] < 0xF0 || p[2] < 0xF0)
                    ink = true;
            }
        INFO("link middle " << mx << "," << my);
        CHECK(ink);
        ++checked;
    }
    return checked;
}

} // namespace

TEST_SUITE("ui_screenshot") {
    TEST_CASE("the canvas's dots and links are drawn where the model says, by either renderer") {
        const auto env = casegraph::test::screenshot_env();
        if (!env)
            return;
        TempDir dir;
        for (const std::string canvas : {"gl", "imgui"}) {
            CAPTURE(canvas);
            // 300 nodes fit small enough to be dots in their kind's shape, links one by one.
            const auto small = shoot(*env, dir.path(), 300, canvas);
            CHECK(small.state["canvas"] == canvas);
            CHECK(small.state["lod"]["edges_aggregated"] == false);
            const auto kinds = check_dots(small);
            int total = 0;
            for (const auto& [k, n] : kinds)
                total += n;
            CHECK(total >= 20);
            CHECK(kinds.size() == 4); // phone, person, account, email each looked at
            CHECK(check_links(small) >= 50);
            CHECK(check_rings(small) >= 2); // 7 small tagged nodes, about 3 clear of others
            // 2,000 nodes: links merged per screen cell (dense: few middles are clear of nodes).
            const auto big = shoot(*env, dir.path(), 2000, canvas);
            CHECK(big.state["lod"]["edges_aggregated"] == true);
            CHECK(check_links(big) >= 10);
        }
    }
}
