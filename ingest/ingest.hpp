// The ingest loop: register each evidence file and import it in ONE transaction (a kill leaves the
// case as it was before that file), walking folders and archives, detecting formats by content.
#pragma once

#include "importer.hpp"
#include "store/case_file.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::ingest {

struct FileOutcome {
    std::string path;   // as given, or "archive.zip!member/path"
    std::string sha256; // of the evidence file (the archive, for members)
    std::string format; // importer used, or empty
    // imported | partial (some records failed) | already-imported | unsupported | failed | sidecar
    std::string status;
    std::int64_t records = 0;
    std::int64_t events = 0;
    std::int64_t errors = 0;
    std::int64_t warnings = 0;
    std::string message;
};

struct IngestReport {
    std::vector<FileOutcome> files;
    [[nodiscard]] bool any_failed() const;
};

// Progress callbacks; the CLI draws them on a terminal and stays quiet otherwise.
class IngestProgress {
  public:
    virtual ~IngestProgress() = default;
    virtual void hashing(const std::string& /*name*/, std::uint64_t /*done*/, std::uint64_t /*total*/) {}
    virtual void file_started(const std::string& /*name*/, const std::string& /*format*/) {}
    virtual void records(std::int64_t /*more*/) {}
    virtual void file_done(const FileOutcome& /*outcome*/) {}
    // A member failed after writing rows: the file's transaction was rolled back and the file is read
    // once more (at most once). Members already reported are not reported again.
    virtual void rereading(const std::string& /*name*/) {}
};

IngestReport ingest_paths(const store::CaseFile& cf, const std::vector<std::filesystem::path>& paths,
                          const IngestOptions& options, const std::string& actor,
                          IngestProgress* progress = nullptr);

// Files under a folder in a stable order, with SQLite sidecars (-wal, -shm, -journal) paired to their
// database instead of standing alone.
struct WalkedFile {
    std::filesystem::path path;
    std::optional<std::filesystem::path> wal;
    bool sidecar = false; // a -wal/-shm/-journal whose database is in the same folder
};
[[nodiscard]] std::vector<WalkedFile> walk(const std::filesystem::path& root);

// True when the first bytes are a zip, tar, gzip, bzip2 or xz archive.
[[nodiscard]] bool looks_like_archive(std::span<const unsigned char> head);

} // namespace casegraph::ingest
