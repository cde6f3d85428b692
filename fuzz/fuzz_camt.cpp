// libFuzzer target: arbitrary bytes written to a file and imported with --format camt into a fresh
// case. Whatever the bytes, the importer must record errors, never crash or let an exception escape.
#include "ingest/ingest.hpp"
#include "store/case_file.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <unistd.h>

namespace {

// One private folder for the whole fuzzing run.
const std::filesystem::path& work_dir() {
    static const std::filesystem::path dir = [] {
        std::string tmpl = (std::filesystem::temp_directory_path() / "casegraph-fuzz-camt-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        return std::filesystem::path(tmpl);
    }();
    return dir;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace casegraph;
    const auto dir = work_dir();
    const auto input = dir / "statement.xml";
    const auto case_path = dir / "f.case";
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    // A fresh case costs the schema's creation; one case serves 256 inputs (repeated bytes are then
    // "already imported", which is fine) so the fuzzer spends its time in the importer.
    static int runs = 0;
    static std::optional<store::CaseFile> cf;
    if (!cf || ++runs % 256 == 0) {
        cf.reset();
        std::error_code ec;
        for (const char* sfx : {"", "-wal", "-shm"})
            std::filesystem::remove(case_path.string() + sfx, ec);
        cf.emplace(store::CaseFile::create(case_path, {.region = "NL"}, "fuzz"));
    }
    ingest::IngestOptions o;
    o.format = "camt";
    o.region = "NL";
    o.region_from = "case";
    (void)ingest::ingest_paths(*cf, {input}, o, "fuzz");
    return 0;
}
