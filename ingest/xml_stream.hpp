// Streaming XML for large evidence files: libxml2's SAX2 push parser walks the document (no libxml2
// tree is ever built), and only the element being looked at (one camt `Ntry`, one UFDR model) is built
// into a small tree, so memory stays bounded by the largest record, never by the file. Optionally the bytes
// pass through XmlCharFilter first (filtered_xml.hpp), for producers known to write control characters XML
// forbids.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casegraph::ingest {

// One element, matched on its LOCAL name (namespaces are checked once, on the root).
struct XmlNode {
    std::string name;
    std::string text; // the element's own text (character data directly inside it), as found
    std::vector<std::pair<std::string, std::string>> attrs;
    std::vector<XmlNode> children;

    // The nth (0-based) child with this local name, or nullptr.
    [[nodiscard]] const XmlNode* child(std::string_view local, int nth = 0) const;
    // Follows a chain of child names: find({"Acct", "Id", "IBAN"}).
    [[nodiscard]] const XmlNode* find(std::initializer_list<std::string_view> path) const;
    // The trimmed text at the end of a chain, "" when any step is missing.
    [[nodiscard]] std::string text_at(std::initializer_list<std::string_view> path) const;
    [[nodiscard]] std::string trimmed_text() const;
    [[nodiscard]] std::optional<std::string> attr(std::string_view local) const;
    // The same without a copy: nullptr when absent.
    [[nodiscard]] const std::string* attr_ptr(std::string_view local) const;
    [[nodiscard]] std::vector<const XmlNode*> all(std::string_view local) const;
};

// A parse error or a limit hit, with the position in the file.
class XmlError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class XmlStream {
  public:
    enum class Chars {
        strict,  // the bytes as they are: an illegal character is a syntax error
        filtered // XmlCharFilter replaces illegal characters with U+FFFD before parsing (see replaced())
    };
    // Opens the file without network access or external entities; throws XmlError naming the file.
    XmlStream(const std::filesystem::path& path, std::string display_name, Chars chars = Chars::strict);
    ~XmlStream();
    XmlStream(const XmlStream&) = delete;
    XmlStream& operator=(const XmlStream&) = delete;

    enum class Token { start, end, eof };
    // Moves to the next start or end tag (an empty element gives a start only: see empty()). Throws
    // XmlError on malformed or truncated input.
    Token next();
    [[nodiscard]] std::string local_name() const;
    [[nodiscard]] std::string namespace_uri() const;
    [[nodiscard]] int depth() const;
    [[nodiscard]] bool empty() const; // the current start tag is <x/>
    // An attribute of the current start tag ("" when absent), and all of them (namespace declarations
    // left out), without moving past the tag.
    [[nodiscard]] std::string attr(std::string_view local) const;
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> attributes() const;
    // The current start element with everything inside it; afterwards the stream is past its end tag.
    XmlNode subtree();
    // "line 12, column 5" of the parser now.
    [[nodiscard]] std::string position() const;
    // Called by the libxml2 error handler; the first message is kept for the XmlError.
    void parser_error(std::string message);
    // Characters the filter replaced so far (always 0 with Chars::strict).
    [[nodiscard]] std::int64_t replaced() const;

    struct Impl; // the file, the filter, the parser and its queue of events: kept out of this header

  private:
    [[noreturn]] void fail(const std::string& what) const;
    std::unique_ptr<Impl> impl_;
    std::string name_;
    std::string first_error_;
};

} // namespace casegraph::ingest
