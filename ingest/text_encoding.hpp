// Character-set helpers shared by every text importer: UTF-8 validation and Latin-1 / Windows-1252
// transcoding. Evidence text is kept as found; these only turn declared or detected 8-bit charsets
// into UTF-8 for the store.
#pragma once

#include "store/utf8.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace casegraph::ingest {

// Strict UTF-8 checks and U+FFFD replacement live with the store (its writer checks every text it is
// given): graph/store/utf8.hpp.
using store::first_invalid_utf8;
using store::is_valid_utf8;
using store::utf8_lossy;

// ISO-8859-1: every byte is the code point of the same value.
[[nodiscard]] std::string latin1_to_utf8(std::string_view s);
// Windows-1252: as Latin-1 but 0x80-0x9F carry the euro sign, curly quotes, dashes ...
[[nodiscard]] std::string cp1252_to_utf8(std::string_view s);
// Meta's "Download your information" JSON writes each UTF-8 byte of a text as its own \u00XX escape, so
// the decoded string holds the bytes as Latin-1 code points ("Ã©" for "é"). When every code point of
// `s` is below U+0100, at least one is above U+007F, and those code points taken as bytes are valid
// UTF-8, returns the repaired text; otherwise nullopt (the text is left as found).
[[nodiscard]] std::optional<std::string> repair_utf8_mojibake(std::string_view s);

} // namespace casegraph::ingest
