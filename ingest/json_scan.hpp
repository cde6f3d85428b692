// A forward scanner over JSON text that finds where values begin and end without building anything, so a
// large export can be walked element by element and each element parsed on its own by simdjson (whose
// index is sized to the document it is given). Checks what it walks over: strings closed, brackets
// nested, commas and colons where they belong; scalars are left to the parser of the element. Internal
// to cg_ingest (telegram-json).
#pragma once

#include <cstddef>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::json_od {

class Scanner {
  public:
    explicit Scanner(std::string_view text) : text_(text) {}

    // Bytes from the start of the text: where the scanner is.
    [[nodiscard]] std::size_t pos() const { return pos_; }

    // The next non-space byte ('\0' at the end), without consuming it.
    [[nodiscard]] char peek();

    // An object: begin_object(); then while (next_key(key)) { ...value... }. The key is the raw text
    // between the quotes (escapes not decoded: the keys looked for are plain ASCII).
    void begin_object();
    [[nodiscard]] bool next_key(std::string& key);
    // An array: begin_array(); then while (next_element()) { ...value... }.
    void begin_array();
    [[nodiscard]] bool next_element();

    // Skips one value and returns its text.
    std::string_view value();

    // The error at the scanner's position (INCOMPLETE_ARRAY_OR_OBJECT at the end of the text, else
    // TAPE_ERROR).
    [[noreturn]] void fail(const char* what) const;

  private:
    void expect(char c, const char* what);
    void skip_string();
    void ws();

    std::string_view text_;
    std::size_t pos_ = 0;
    // Per open container: whether an element/member was already read (a comma is due before the next).
    std::vector<bool> seen_;
};

// One element's text parsed on its own: wrapped as `[text]` so scalars and objects alike come back as an
// ondemand value (a scalar document cannot be one). The value is valid until the next parse.
// An element that is not UTF-8 (simdjson refuses it) is parsed with each bad byte replaced by U+FFFD;
// replaced() tells how many were in the last one, for the caller's warning.
class ElementParser {
  public:
    simdjson::ondemand::value parse(std::string_view element, const char* what);
    [[nodiscard]] std::size_t replaced() const { return replaced_; }

  private:
    simdjson::ondemand::parser parser_;
    simdjson::ondemand::document doc_;
    std::string buf_;
    std::size_t replaced_ = 0;
};

} // namespace casegraph::ingest::json_od
