// libFuzzer target: arbitrary bytes written to a temporary file and imported with --format telegram-json into
// a temporary case, through the real ingest loop (savepoints, diagnostics, simdjson On-Demand). Must never
// crash; failures of the input are expected and fine.
#include "ingest/ingest.hpp"
#include "store/case_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

std::filesystem::path scratch() {
    static const std::filesystem::path dir = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "cg-fuzz-telegram-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr)
            std::abort();
        return std::filesystem::path(tmpl);
    }();
    return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace casegraph;
    const auto dir = scratch();
    const auto input = dir / "result.json";
    const auto case_path = dir / "fuzz.case";
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(case_path.string() + suffix, ec);
    try {
        auto cf = store::CaseFile::create(case_path, {}, "fuzz");
        ingest::IngestOptions o;
        o.format = "telegram-json";
        (void)ingest::ingest_paths(cf, {input}, o, "fuzz");
    } catch (const std::exception&) {
        // The ingest loop reports input problems as outcomes; anything thrown here is a case-file problem
        // (disk full, say), not a parser crash.
    }
    return 0;
}
