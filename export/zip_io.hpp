// Deterministic zip writing and reading through libarchive: fixed member order and times, no owner
// names or ids, so the same members give the same bytes.
#pragma once

#include "cancel.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::exporter {

struct ZipMember {
    std::string path;  // "facts/events.csv"; a trailing '/' makes a directory entry
    std::string bytes; // empty for directories
};

// Writes members in the order given, every one with mtime `mtime_s` (Unix seconds), mode 0644 (0755
// for directories) and uid/gid 0 without names. Written to OUT.tmp and renamed, so a failed export
// leaves no half bundle behind. Throws std::runtime_error naming the file. `cancelled` is polled per
// member and per MiB written; when it returns true, OUT.tmp is removed and ExportCancelled thrown.
void write_zip(const std::filesystem::path& out, const std::vector<ZipMember>& members, std::int64_t mtime_s,
               const CancelCheck& cancelled = {});

struct ZipRead {
    std::vector<ZipMember> members;
    std::vector<std::string> problems; // "report.html: ZIP bad CRC", one per member that could not be read
};

// Reads every member; a damaged member is named in problems instead of stopping the read.
[[nodiscard]] ZipRead read_zip(const std::filesystem::path& in);

} // namespace casegraph::exporter
