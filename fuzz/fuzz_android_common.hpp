// Shared body of the Android importer fuzz targets: the input bytes become a database file that one
// importer (forced with --format) reads into a fresh temporary case. Any outcome but a crash is fine.
#pragma once

#include "ingest/ingest.hpp"
#include "store/case_file.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace casegraph::fuzz {

inline int run_android_importer(const char* format, const std::uint8_t* data, std::size_t size,
                                const char* file_name) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cg-fuzz-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        return 0;
    const std::filesystem::path dir(tmpl);
    try {
        const auto input = dir / file_name;
        {
            std::ofstream out(input, std::ios::binary);
            out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        }
        const auto cf = store::CaseFile::create(dir / "fuzz.case", {.region = "GB", .tz = "UTC"}, "fuzz");
        ingest::IngestOptions o;
        o.region = "GB";
        o.region_from = "case";
        o.tz = "UTC";
        o.tz_from = "case";
        o.format = format;
        (void)ingest::ingest_paths(cf, {input}, o, "fuzz");
    } catch (const std::exception&) {
        // Refusals are expected on random bytes; only crashes and sanitizer reports are findings.
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return 0;
}

} // namespace casegraph::fuzz
