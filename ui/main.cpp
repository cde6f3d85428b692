// casegraph-ui [CASE] [--screenshot OUT.png] [--script FILE] (CONTRACTS.md): the desktop workstation.
#include "ui/window.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    casegraph::ui::RunOptions opts;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "casegraph-ui: %s needs a value\n", name);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--screenshot")
            opts.screenshot = value("--screenshot");
        else if (a == "--script")
            opts.script = value("--script");
        else if (a == "--bench-graph")
            opts.bench_nodes = static_cast<std::size_t>(std::stoul(value("--bench-graph")));
        else if (a == "--canvas") {
            // gl (default): dots and links from our own vertex buffers; imgui: everything through ImGui,
            // for comparison and for a driver that mis-draws point sprites or wide lines.
            const auto v = value("--canvas");
            if (v != "gl" && v != "imgui") {
                std::fprintf(stderr, "casegraph-ui: --canvas wants gl or imgui\n");
                return 2;
            }
            opts.imgui_canvas = v == "imgui";
        } else if (a == "--size") {
            const auto v = value("--size");
            if (std::sscanf(v.c_str(), "%dx%d", &opts.width, &opts.height) != 2) {
                std::fprintf(stderr, "casegraph-ui: --size wants WxH, e.g. 1600x1000\n");
                return 2;
            }
        } else if (a == "-h" || a == "--help") {
            std::puts("usage: casegraph-ui [CASE] [--screenshot OUT.png] [--script FILE] [--size WxH] "
                      "[--bench-graph NODES] [--canvas gl|imgui]");
            return 0;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "casegraph-ui: unknown option %s\n", a.c_str());
            return 2;
        } else {
            opts.case_path = a;
        }
    }
    return casegraph::ui::run_workstation(opts);
}
