// Fuzz target: arbitrary bytes through format detection and whichever importer claims them, into a case.
// CASEGRAPH_FUZZ_FORMAT forces one importer (as --format does), so each parser can be fuzzed alone.
#include "ingest/ingest.hpp"
#include "store/case_file.hpp"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace {

struct Workspace {
    std::filesystem::path dir;
    std::unique_ptr<casegraph::store::CaseFile> cf;
    casegraph::ingest::IngestOptions opts;
    Workspace() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "casegraph-fuzz-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr)
            std::abort();
        dir = tmpl;
        cf = std::make_unique<casegraph::store::CaseFile>(casegraph::store::CaseFile::create(
            dir / "fuzz.case", {.region = "GB", .tz = "Europe/London"}, "fuzz"));
        opts.region = "GB";
        opts.region_from = "case";
        opts.tz = "Europe/London";
        opts.tz_from = "case";
        if (const char* f = std::getenv("CASEGRAPH_FUZZ_FORMAT"))
            opts.format = f;
    }
    ~Workspace() {
        cf.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Workspace ws;
    const auto input = ws.dir / "input";
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    (void)casegraph::ingest::ingest_paths(*ws.cf, {input}, ws.opts, "fuzz");
    return 0;
}
