// The subtree of one div.message (or of the page header) as libxml2's HTML parser reports it through SAX
// callbacks, kept in two flat buffers that are reused for every message of the page: element nodes with
// the four attributes the reader looks at (class, id, title, href), text nodes merged exactly as libxml2's
// tree builder merges them, and barrier nodes (comments, processing instructions) that keep two text runs
// apart. The reader (telegram_html_fields.cpp) walks it as it walked the libxml2 tree, without building a
// document per page. Internal to cg_ingest.
#pragma once

#include "telegram_html_page.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::telegram_html::detail {

struct Span {
    std::uint32_t off = 0, len = 0;
};

enum class Kind : std::uint8_t { element, text, cdata, barrier };

struct Node {
    Kind kind = Kind::element;
    std::int32_t parent = -1, first = -1, last = -1, next = -1;
    Span name; // element name; the content of a text or CDATA node
    Span cls, id, title, href;
};

class Tree {
  public:
    void clear() {
        nodes_.clear();
        arena_.clear();
    }
    [[nodiscard]] bool empty() const { return nodes_.empty(); }
    [[nodiscard]] const Node& at(std::int32_t i) const { return nodes_[static_cast<std::size_t>(i)]; }
    [[nodiscard]] std::string_view view(Span s) const {
        return std::string_view(arena_).substr(s.off, s.len);
    }

    // A new element below `parent` (-1: the root), attributes as libxml2 passes them (name, value, ...,
    // nullptr; a value may be null). Returns its index.
    std::int32_t element(std::int32_t parent, const char* name, const char* const* atts);
    void text(std::int32_t parent, std::string_view s, Kind kind);
    void barrier(std::int32_t parent);

  private:
    std::int32_t add(std::int32_t parent, Node n);
    Span keep(std::string_view s);

    std::vector<Node> nodes_;
    std::string arena_;
};

// Does a class attribute hold `token` as one of its space-separated words?
[[nodiscard]] bool class_has(std::string_view cls, std::string_view token);

// What a page reader reports, in libxml2's SAX order: the reader behind it captures the subtrees.
class Events {
  public:
    virtual ~Events() = default;
    virtual void start_document() = 0;
    virtual void internal_subset() = 0;
    // `line`: of the element's start tag, as the tree builder would store it (capped at 65535).
    virtual void start(const char* name, const char* const* atts, long line) = 0;
    virtual void end() = 0;
    virtual void text(std::string_view s, Kind kind) = 0;
};

// Reports a page written in the regular layout of Telegram Desktop's export (telegram_html_fast.cpp)
// without libxml2, exactly as libxml2 would report it. Returns false as soon as the page leaves that
// layout; what was reported until then must be discarded and the page read with libxml2.
[[nodiscard]] bool scan_regular(std::string_view html, Events& out);

// Readers of a finished subtree (index 0 is its root).
[[nodiscard]] std::string header_name(const Tree& t);
void read_message(const Tree& t, Message& m);

} // namespace casegraph::ingest::telegram_html::detail
