// libarchive extraction into a private folder (see archive.hpp).
#include "archive.hpp"

#include "store/hash.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace casegraph::ingest {
namespace {

struct ArchiveCloser {
    void operator()(archive* a) const { archive_read_free(a); }
};

} // namespace

ExtractedArchive extract_archive(const std::filesystem::path& path) {
    std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
    archive_read_support_filter_all(a.get());
    archive_read_support_format_zip(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
        throw std::runtime_error(path.string() +
                                 ": cannot read as an archive: " + archive_error_string(a.get()));
    ExtractedArchive out{PrivateDir(), "zip", {}, {}};
    archive_entry* entry = nullptr;
    std::size_t index = 0;
    bool kind_set = false;
    for (;;) {
        const int rc = archive_read_next_header(a.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc == ARCHIVE_FATAL) {
            out.problems.emplace_back("(after member " + std::to_string(index) + ")",
                                      std::string("archive damaged, reading stopped: ") +
                                          archive_error_string(a.get()));
            break;
        }
        if (!kind_set) {
            const int fmt = archive_format(a.get()) & ARCHIVE_FORMAT_BASE_MASK;
            out.kind = fmt == ARCHIVE_FORMAT_ZIP ? "zip" : "tar";
            kind_set = true;
        }
        const char* name = archive_entry_pathname_utf8(entry);
        if (name == nullptr)
            name = archive_entry_pathname(entry);
        const std::string member = name != nullptr ? name : "(unnamed member " + std::to_string(index) + ")";
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        ++index;
        char fname[32];
        std::snprintf(fname, sizeof fname, "m%06zu", index);
        ArchiveMember m{member, out.dir.path() / fname, 0, {}};
        std::ofstream f(m.extracted, std::ios::binary);
        store::Sha256 h;
        const void* buf = nullptr;
        std::size_t len = 0;
        la_int64_t offset = 0;
        std::string problem;
        for (;;) {
            const int r = archive_read_data_block(a.get(), &buf, &len, &offset);
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN) {
                problem = std::string("member damaged: ") + archive_error_string(a.get());
                break;
            }
            const std::span<const unsigned char> bytes(static_cast<const unsigned char*>(buf), len);
            h.update(bytes);
            f.write(static_cast<const char*>(buf), static_cast<std::streamsize>(len));
            m.size += len;
        }
        f.close();
        m.sha256 = h.hex_digest();
        if (!problem.empty()) {
            out.problems.emplace_back(member, problem);
            continue;
        }
        out.members.push_back(std::move(m));
    }
    return out;
}

} // namespace casegraph::ingest
