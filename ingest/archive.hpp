// Reading zip and tar (plain, gzip, bzip2, xz) evidence with libarchive into a private folder. Members
// are written under generated names, so hostile member paths ("../x", "/etc/x") cannot escape it.
#pragma once

#include "private_copy.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::ingest {

struct ArchiveMember {
    std::string path;                // as stored in the archive
    std::filesystem::path extracted; // private copy
    std::uint64_t size = 0;
    std::string sha256;
};

struct ExtractedArchive {
    PrivateDir dir;
    std::string kind; // zip | tar — the locator scheme
    std::vector<ArchiveMember> members;
    std::vector<std::pair<std::string, std::string>> problems; // member path, what went wrong
};

// Throws std::runtime_error naming the archive when it cannot be read at all; a damaged member is
// reported in `problems` and the rest is still extracted.
[[nodiscard]] ExtractedArchive extract_archive(const std::filesystem::path& archive);

} // namespace casegraph::ingest
