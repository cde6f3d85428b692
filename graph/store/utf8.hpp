// UTF-8 checks for text on its way into the case. Evidence text is kept as found in the evidence file;
// what the case stores must be UTF-8 (SQLite does not check, JSON cannot hold anything else), so a byte
// that does not start a valid sequence is stored as U+FFFD and the import says so.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace casegraph::store {

// Strict UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
[[nodiscard]] bool is_valid_utf8(std::string_view s);
// Keeps valid UTF-8 sequences and replaces each byte that does not start one with U+FFFD; `replaced`
// (when given) receives how many bytes were replaced.
[[nodiscard]] std::string utf8_lossy(std::string_view s, std::size_t* replaced = nullptr);
// The byte offset of the first byte that does not start a valid UTF-8 sequence (s.size() when none).
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view s);

} // namespace casegraph::store
