// Tolerant delimited-text reader for bank exports: encoding (UTF-8 ± BOM, Windows-1252 / ISO-8859-1) and
// delimiter detection, RFC 4180 quoting with embedded newlines, stray quotes kept as text, and the file
// line number of every record (so errors can say `line:N`).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::csv {

struct Decoded {
    std::string text;     // UTF-8, BOM removed
    std::string encoding; // utf-8 | utf-8-bom | windows-1252 | iso-8859-1
};
// `forced`: the encoding a profile names (same spellings), empty to detect. Invalid UTF-8 is single-byte:
// Windows-1252 when any byte is 0x80-0x9F (printable there, control codes in Latin-1), else ISO-8859-1.
[[nodiscard]] Decoded decode(std::string_view bytes, std::string_view forced = {});

struct Row {
    std::vector<std::string> fields;
    std::size_t line = 0;      // file line where the record starts (1-based)
    std::size_t end_line = 0;  // file line where it ends (> line when a quoted field holds newlines)
    bool stray_quote = false;  // a quote that neither opened nor closed a field was kept as text
    bool unterminated = false; // an opening quote never closed: the record was re-read with quotes as text
    [[nodiscard]] bool blank() const;
};

// Splits text into records. Never throws.
[[nodiscard]] std::vector<Row> read(std::string_view text, char delimiter);

// The delimiter among , ; TAB | that splits most of the first lines into the same number (≥ 2) of fields.
// 0 when none does.
[[nodiscard]] char detect_delimiter(std::string_view text);

} // namespace casegraph::ingest::csv
