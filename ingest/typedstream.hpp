// A small, bounds-checked reader for Apple's NSArchiver "typedstream" format, enough to take the text out
// of an archived NS(Mutable)AttributedString: iOS 16+ Messages leaves message.text NULL and keeps the body
// only in message.attributedBody. Never reads past the buffer; malformed input gives an error, not a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace casegraph::ingest::typedstream {

struct TextResult {
    std::optional<std::string> text; // the first NSString's bytes (UTF-8 as archived)
    std::string error;               // why there is no text (empty when text is set)
    std::string root_class;          // class of the archived root object, e.g. "NSMutableAttributedString"
};

[[nodiscard]] TextResult extract_text(std::span<const unsigned char> blob);

} // namespace casegraph::ingest::typedstream
