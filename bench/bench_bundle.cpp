// bench_bundle CASE [--tsv FILE] [--events N]: times an evidence bundle of the whole case (selection
// "all", redacted), as `casegraph export CASE --bundle OUT.zip` makes it. The case is copied to a
// temporary directory first: exporting writes an audit row, and a bench must not change its input.
#include "bench_steps.hpp"
#include "export/bundle.hpp"
#include "store/case_file.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace casegraph;
namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_bundle CASE [--tsv FILE] [--events N]\n");
        return 2;
    }
    std::string tsv;
    std::size_t nominal = 0;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--tsv") == 0)
            tsv = argv[i + 1];
        else if (std::strcmp(argv[i], "--events") == 0)
            nominal = std::stoull(argv[i + 1]);
    }
    const auto dir = fs::temp_directory_path() / ("bench_bundle." + std::to_string(::getpid()));
    fs::create_directories(dir);
    // Only the case file is copied; the evidence is read where the case registered it, never written.
    fs::copy_file(argv[1], dir / "case.case");
    bench::Steps s(tsv);
    s.set_events(nominal);
    exporter::BundleOptions o;
    o.tool_version = "bench";
    o.actor = "bench";
    o.at = 1'700'000'000;
    std::size_t facts = 0;
    {
        const auto cf = store::CaseFile::open(dir / "case.case");
        exporter::BundleResult r;
        s.run("bundle build (in memory)", [&] { r = exporter::build_bundle(cf, o); });
        facts = r.facts.events.size() + r.facts.entities.size() + r.facts.identifiers.size() +
                r.facts.links.size();
        s.note(std::to_string(r.facts.events.size()) + " events, " + std::to_string(r.facts.entities.size()) +
               " entities, " + std::to_string(r.facts.identifiers.size()) + " identifiers, " +
               std::to_string(r.facts.links.size()) + " link-event rows");
        s.run("bundle export (build + write zip)",
              [&] { r = exporter::export_bundle(cf, dir / "out.zip", o); });
        s.note(std::to_string(fs::file_size(dir / "out.zip") / 1024) + " KiB zip, " + std::to_string(facts) +
               " facts");
    }
    s.finish();
    fs::remove_all(dir);
    return 0;
}
