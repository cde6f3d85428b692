// SHA-256 helpers (see hash.hpp).
#include "hash.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace casegraph::store {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
    if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
}

Sha256::~Sha256() = default;

void Sha256::update(std::span<const unsigned char> bytes) {
    if (!bytes.empty())
        EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size());
}

void Sha256::update(std::string_view text) {
    if (!text.empty())
        EVP_DigestUpdate(impl_->ctx, text.data(), text.size());
}

std::string Sha256::hex_digest() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(impl_->ctx, md, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(kHex[md[i] >> 4]);
        out.push_back(kHex[md[i] & 0xF]);
    }
    return out;
}

std::string sha256_hex(std::string_view text) {
    Sha256 h;
    h.update(text);
    return h.hex_digest();
}

namespace {
struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0)
            ::close(fd);
    }
};
} // namespace

FileHash hash_file(const std::filesystem::path& path, const ByteProgress& progress) {
    Fd f;
    // O_NOATIME keeps even the access time of the evidence unchanged; it is refused for files we do
    // not own, so fall back to a plain read-only open. O_NONBLOCK: opening a named pipe (extracted
    // file systems contain them) would otherwise block until some writer appears; it is refused
    // below as not a regular file, and has no effect on reading regular files.
    f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOATIME | O_NONBLOCK);
    if (f.fd < 0 && errno == EPERM)
        f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (f.fd < 0)
        throw std::runtime_error(path.string() + ": cannot open for reading: " + std::strerror(errno));
    struct stat before {};
    if (::fstat(f.fd, &before) != 0 || !S_ISREG(before.st_mode))
        throw std::runtime_error(path.string() + ": not a regular file");
    ::posix_fadvise(f.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    Sha256 h;
    std::vector<unsigned char> buf(1 << 20);
    std::uint64_t done = 0;
    const auto total = static_cast<std::uint64_t>(before.st_size);
    for (;;) {
        const ssize_t n = ::read(f.fd, buf.data(), buf.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw std::runtime_error(path.string() + ": read error after " + std::to_string(done) +
                                     " bytes: " + std::strerror(errno));
        }
        if (n == 0)
            break;
        h.update(std::span<const unsigned char>(buf.data(), static_cast<std::size_t>(n)));
        done += static_cast<std::uint64_t>(n);
        if (progress)
            progress(done, total);
    }
    struct stat after {};
    ::fstat(f.fd, &after);
    if (done != total || after.st_size != before.st_size || after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
        after.st_mtim.tv_nsec != before.st_mtim.tv_nsec)
        throw std::runtime_error(path.string() + ": the file changed while it was being hashed (" +
                                 std::to_string(total) + " bytes expected, " + std::to_string(done) +
                                 " read)");
    return {h.hex_digest(), done};
}

} // namespace casegraph::store
