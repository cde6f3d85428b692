// OFX tokenizer and tree builder for both 1.x SGML (KEY:VALUE header, unclosed leaf tags) and 2.x XML
// (closed tags, <?xml?> and <?OFX?> headers). Tolerant: raw `&`, stray end tags and unclosed aggregates
// become problems, never a stop. Text is transcoded to UTF-8 per the header's CHARSET / encoding.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::ofx {

struct Node {
    std::string name; // upper case as found (OFX tag names are upper case)
    std::string text; // a leaf's value: entities decoded, CDATA unwrapped, trimmed
    bool leaf = false;
    std::size_t parent = 0;
    std::vector<std::size_t> children;
    std::size_t line = 1; // line of the start tag in the file
    bool dropped = false; // handled while parsing and its subtree let go (parse with an OnClose)
};

struct Problem {
    std::size_t line = 0;
    std::string message;
};

struct Document {
    bool sgml = false;                         // 1.x header (or tags never closed)
    std::string version;                       // 102, 211, ... from the header, empty if none
    std::map<std::string, std::string> header; // KEY:VALUE lines or <?OFX attr="..."?>
    std::string charset;     // what the text was read as: utf-8, windows-1252, iso-8859-1, ascii
    std::vector<Node> nodes; // nodes[0] is a synthetic root holding <OFX>
    std::vector<Problem> problems;

    [[nodiscard]] std::optional<std::size_t> child(std::size_t node, std::string_view name) const;
    [[nodiscard]] std::vector<std::size_t> children(std::size_t node, std::string_view name) const;
    // The text of leaf child `name`, nullopt when absent.
    [[nodiscard]] std::optional<std::string> text(std::size_t node, std::string_view name) const;
    // Every node called `name` anywhere under `node`, in document order.
    [[nodiscard]] std::vector<std::size_t> descendants(std::size_t node, std::string_view name) const;
    // "/OFX/BANKMSGSRSV1[1]/STMTTRNRS[1]/STMTRS[1]/BANKTRANLIST[1]/STMTTRN[3]": 1-based among same-named
    // siblings.
    [[nodiscard]] std::string path(std::size_t node) const;
};

// True when the bytes start like an OFX file (SGML header, <?OFX?>, or <OFX> near the start).
[[nodiscard]] bool looks_like_ofx(std::string_view head);

// Never throws on bad input; a document with no <OFX> element has only the root node.
[[nodiscard]] Document parse(std::string_view bytes);

// Called when an aggregate's end tag closes it, with its whole subtree in `doc`; `consumed` is how many
// bytes of the input the parser is done with (all of them once the text was transcoded). Returning true
// drops the subtree: the node stays (so later siblings keep their numbers in Document::path) with no
// children and `dropped` set. For importing a long transaction list without holding all of it.
using OnClose = std::function<bool(std::size_t node, std::size_t consumed)>;
void parse(Document& doc, std::string_view bytes, const OnClose& on_close);

} // namespace casegraph::ingest::ofx
