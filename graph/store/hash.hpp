// SHA-256 through OpenSSL libcrypto: streaming, for strings, and for whole files read read-only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace casegraph::store {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::span<const unsigned char> bytes);
    void update(std::string_view text);
    // Lower-case hex digest; the object must not be used afterwards.
    [[nodiscard]] std::string hex_digest();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

[[nodiscard]] std::string sha256_hex(std::string_view text);

// Called with bytes done so far; return false to cancel.
using ByteProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct FileHash {
    std::string sha256;
    std::uint64_t size = 0;
};

// Streams the file through SHA-256, opened read-only (O_RDONLY | O_NOATIME where permitted). Throws
// std::runtime_error naming the file when it cannot be read or changes size while being read.
[[nodiscard]] FileHash hash_file(const std::filesystem::path& path, const ByteProgress& progress = {});

} // namespace casegraph::store
