// The vCard (2.1, 3.0, 4.0) line layer: physical lines to logical lines (folding, quoted-printable soft
// breaks, mixed line endings) and one property line to group/name/parameters/value, with the value
// decoders (quoted-printable, charset, backslash escapes). No I/O: unit-tested and fuzzed alone.
#pragma once

#include "text_encoding.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casegraph::ingest::vcard {

struct LogicalLine {
    std::string text; // unfolded, without the line break
    int line = 0;     // 1-based number of its first physical line
};

// Splits on CRLF, LF or a lone CR; joins a line starting with a space or tab to the one before (the
// fold's whitespace removed, RFC 6350 §3.2), and, on a QUOTED-PRINTABLE property, a line ending in '='
// to the next (vCard 2.1 soft line break; the '=' is removed).
[[nodiscard]] std::vector<LogicalLine> unfold(std::string_view text);

// unfold() one logical line at a time, for files too big to hold as lines (1M cards: ~1 GB as lines).
// The text must outlive the Unfolder; what next() returns is a copy.
class Unfolder {
  public:
    explicit Unfolder(std::string_view text) : text_(text) {}
    bool next(LogicalLine& out); // false at the end of the text
    // Bytes of the text read so far: nothing before this offset is looked at again.
    [[nodiscard]] std::size_t consumed() const { return pos_; }

  private:
    bool physical(std::string_view& line, int& number);
    void take(std::string_view line, int number); // start the pending logical line
    std::string_view text_;
    std::size_t pos_ = 0;
    int number_ = 1;
    LogicalLine pending_;
    bool have_pending_ = false;
    bool qp_open_ = false; // the pending line is quoted-printable and ended with a soft break
};

struct Property {
    std::string group; // "item1" for "item1.TEL", else ""
    std::string name;  // upper-cased: "TEL", "X-ABLABEL"
    // Upper-cased names; vCard 2.1 bare parameters ("TEL;CELL;PREF") come as {"TYPE", "CELL"}; a
    // parameter with several values ("TYPE=HOME,FAX") gives one entry per value. Values keep their case.
    std::vector<std::pair<std::string, std::string>> params;
    std::string value; // as found after unfolding: still encoded and escaped
    int line = 0;

    [[nodiscard]] std::optional<std::string> param(std::string_view name) const; // first value
    [[nodiscard]] bool has_type(std::string_view type) const; // case-insensitive TYPE match
};

// nullopt when the line has no ':' or no property name (a malformed line).
[[nodiscard]] std::optional<Property> parse_property(const LogicalLine& line);

struct Decoded {
    std::string text;       // UTF-8
    std::string assumption; // non-empty when the charset was guessed (for a warning)
};
// Applies ENCODING=QUOTED-PRINTABLE and CHARSET (UTF-8, ISO-8859-1/latin1, windows-1252 as latin-1; bytes
// that are not UTF-8 without a charset are read as ISO-8859-1 and say so). Base64 values are returned
// undecoded (the importer only notes their size).
[[nodiscard]] Decoded decode_value(const Property& p);

// Quoted-printable: "=C3=91" → bytes; a malformed escape is kept as found.
[[nodiscard]] std::string decode_quoted_printable(std::string_view in);
// Splits a structured value on an unescaped separator (';' for N/ADR, ',' for lists) and unescapes each
// part: "\," "\;" "\\" and "\n"/"\N" (newline).
[[nodiscard]] std::vector<std::string> split_components(std::string_view value, char separator);
[[nodiscard]] std::string unescape(std::string_view value);
[[nodiscard]] inline bool valid_utf8(std::string_view s) {
    return is_valid_utf8(s);
}

} // namespace casegraph::ingest::vcard
