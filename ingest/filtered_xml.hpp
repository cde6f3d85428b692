// A streaming XML reader (libxml2 xmlTextReader) over a byte filter that replaces characters XML 1.0
// forbids (raw C0 controls and &#N; references to them) with U+FFFD, so a backup with one stray control
// character is read in full instead of stopping at it. Used by the SMS/call backup XML importer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casegraph::ingest {

// Replaces XML-illegal characters in a stream of chunks, and (for UTF-8 documents) byte sequences that
// are not UTF-8, either of which would make libxml2 stop. Holds back an unfinished "&#..." reference or
// UTF-8 sequence at the end of a chunk until the next one arrives. Exposed for unit tests and fuzzing.
class XmlCharFilter {
  public:
    // Off for documents that declare another encoding (their bytes are not ours to judge).
    void check_utf8(bool on) { utf8_ = on; }
    // Appends the filtered form of `in` to `out`; `last` flushes whatever was held back.
    void feed(std::string_view in, bool last, std::string& out);
    [[nodiscard]] std::int64_t replaced() const { return replaced_; }

  private:
    std::string carry_;
    std::int64_t replaced_ = 0;
    bool utf8_ = true;
};

// True when a document starting with `head` is UTF-8 (no declaration, or one naming UTF-8 or ASCII), so
// the filter may also replace bytes that are not UTF-8.
[[nodiscard]] bool xml_declares_utf8(std::string_view head);

// The XML is not well-formed (after filtering): message with line number.
class XmlSyntaxError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attrs;
    std::vector<XmlElement> children;
    int line = 0;
    [[nodiscard]] const std::string* attr(std::string_view key) const;
};

class FilteredXmlReader {
  public:
    // Throws std::runtime_error naming the file when it cannot be opened.
    FilteredXmlReader(const std::filesystem::path& path, std::string display_name);
    ~FilteredXmlReader();
    FilteredXmlReader(const FilteredXmlReader&) = delete;
    FilteredXmlReader& operator=(const FilteredXmlReader&) = delete;

    // Moves to the next element start tag; false at the end of the document. Throws XmlSyntaxError.
    bool next_element();
    [[nodiscard]] int depth() const;
    [[nodiscard]] std::string name() const;
    // The current element with its attributes and child elements; the reader moves past its end.
    XmlElement take();
    [[nodiscard]] std::int64_t replaced() const;

    struct State; // libxml2 handles and the byte source, kept out of this header

  private:
    std::unique_ptr<State> s_;
    std::string display_name_;
    bool positioned_ = false; // take() left the reader on an unread node
};

} // namespace casegraph::ingest
