// libarchive zip writer/reader for bundles (see zip_io.hpp).
#include "zip_io.hpp"

#include <algorithm>
#include <archive.h>
#include <archive_entry.h>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <stdexcept>

namespace casegraph::exporter {
namespace {

struct WriteDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct ReadDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// libarchive writes the zip's DOS date/time fields with localtime(), so the same bundle would get
// different bytes on machines in different zones. Bundles are written in UTC; the zone is restored after.
class UtcZone {
  public:
    UtcZone() {
        if (const char* tz = std::getenv("TZ")) {
            saved_ = tz;
            had_ = true;
        }
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    ~UtcZone() {
        if (had_)
            ::setenv("TZ", saved_.c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
    UtcZone(const UtcZone&) = delete;
    UtcZone& operator=(const UtcZone&) = delete;

  private:
    std::string saved_;
    bool had_ = false;
};

} // namespace

void write_zip(const std::filesystem::path& out, const std::vector<ZipMember>& members, std::int64_t mtime_s,
               const CancelCheck& cancelled) {
    const UtcZone utc;
    const auto tmp = std::filesystem::path(out.string() + ".tmp");
    std::unique_ptr<archive, WriteDeleter> a(archive_write_new());
    auto check = [&](int rc, const std::string& what) {
        if (rc != ARCHIVE_OK)
            throw std::runtime_error(
                out.string() + ": " + what + ": " +
                (archive_error_string(a.get()) ? archive_error_string(a.get()) : "error"));
    };
    check(archive_write_set_format_zip(a.get()), "zip format");
    check(archive_write_zip_set_compression_deflate(a.get()), "deflate");
    check(archive_write_open_filename(a.get(), tmp.c_str()), "open");
    auto stop_if_cancelled = [&] {
        if (!cancelled || !cancelled())
            return;
        a.reset(); // closes the file
        std::error_code ec;
        std::filesystem::remove(tmp, ec);
        throw ExportCancelled();
    };
    constexpr std::size_t kChunk = 1 << 20; // deflate's output does not depend on how the input is cut
    for (const auto& m : members) {
        stop_if_cancelled();
        std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
        const bool dir = !m.path.empty() && m.path.back() == '/';
        archive_entry_set_pathname_utf8(e.get(), m.path.c_str());
        archive_entry_set_filetype(e.get(), dir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(e.get(), dir ? 0755 : 0644);
        archive_entry_set_size(e.get(), static_cast<la_int64_t>(m.bytes.size()));
        archive_entry_set_mtime(e.get(), static_cast<time_t>(mtime_s), 0);
        archive_entry_set_uid(e.get(), 0);
        archive_entry_set_gid(e.get(), 0);
        check(archive_write_header(a.get(), e.get()), m.path);
        for (std::size_t at = 0; !dir && at < m.bytes.size(); at += kChunk) {
            if (at > 0)
                stop_if_cancelled();
            const std::size_t n = std::min(kChunk, m.bytes.size() - at);
            if (archive_write_data(a.get(), m.bytes.data() + at, n) != static_cast<la_ssize_t>(n))
                check(ARCHIVE_FATAL, m.path);
        }
    }
    check(archive_write_close(a.get()), "close");
    a.reset();
    std::filesystem::rename(tmp, out);
}

ZipRead read_zip(const std::filesystem::path& in) {
    ZipRead r;
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    archive_read_support_format_zip(a.get());
    if (archive_read_open_filename(a.get(), in.c_str(), 1 << 16) != ARCHIVE_OK)
        throw std::runtime_error(in.string() + ": not a readable zip: " +
                                 (archive_error_string(a.get()) ? archive_error_string(a.get()) : "error"));
    archive_entry* e = nullptr;
    for (;;) {
        const int rc = archive_read_next_header(a.get(), &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN) {
            r.problems.push_back(std::string("(archive): ") + (archive_error_string(a.get())
                                                                   ? archive_error_string(a.get())
                                                                   : "bad header"));
            break;
        }
        ZipMember m;
        m.path = archive_entry_pathname_utf8(e) ? archive_entry_pathname_utf8(e) : archive_entry_pathname(e);
        if (archive_entry_filetype(e) == AE_IFDIR) {
            if (m.path.empty() || m.path.back() != '/')
                m.path += '/';
            r.members.push_back(std::move(m));
            continue;
        }
        char buf[1 << 16];
        for (;;) {
            const auto n = archive_read_data(a.get(), buf, sizeof buf);
            if (n == 0)
                break;
            if (n < 0) {
                r.problems.push_back(
                    m.path + ": " +
                    (archive_error_string(a.get()) ? archive_error_string(a.get()) : "read error"));
                break;
            }
            m.bytes.append(buf, static_cast<std::size_t>(n));
        }
        r.members.push_back(std::move(m));
    }
    return r;
}

} // namespace casegraph::exporter
