// Tolerant delimited-text reader for bank exports: encoding (UTF-8 ± BOM, Windows-1252 / ISO-8859-1) and
// delimiter detection, RFC 4180 quoting with embedded newlines, stray quotes kept as text, and the file
// line number of every record (so errors can say `line:N`).
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
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

// Splits text into records, one at a time, from text that arrives in chunks: `more` returns the next chunk,
// an empty string at the end. Only the record being read is held (a quoted field with line breaks keeps
// its lines until it closes). Never throws (except what `more` throws).
class RecordReader {
  public:
    RecordReader(std::function<std::string()> more, char delimiter);
    // The next record; false at the end of the text.
    bool next(Row& row);

  private:
    bool end(std::size_t p);
    bool line_break();
    bool at_field_end(std::size_t p);
    Row record(bool quotes);
    std::function<std::string()> more_;
    std::string buf_;
    char d_;
    bool eof_ = false;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

// Splits text into records. Never throws.
[[nodiscard]] std::vector<Row> read(std::string_view text, char delimiter);

// The encoding decode() would choose for the whole file, found by reading it in chunks (the file is not
// held). Throws std::runtime_error when it cannot be read.
[[nodiscard]] std::string file_encoding(const std::filesystem::path& path, std::string_view forced = {});

// A file's text as UTF-8 in chunks of about `chunk` bytes, BOM removed, in the encoding file_encoding()
// named; an empty string at the end. A RecordReader's source.
class FileText {
  public:
    FileText(const std::filesystem::path& path, std::string encoding, std::size_t chunk = 1 << 20);
    [[nodiscard]] std::string operator()();

  private:
    std::shared_ptr<std::ifstream> in_;
    std::string encoding_;
    std::size_t chunk_;
    bool first_ = true;
};

// The delimiter among , ; TAB | that splits most of the first lines into the same number (≥ 2) of fields.
// 0 when none does.
[[nodiscard]] char detect_delimiter(std::string_view text);

} // namespace casegraph::ingest::csv
