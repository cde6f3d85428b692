// Reading a Telegram Desktop HTML page (see telegram_html_page.hpp) with libxml2's HTML parser in SAX mode:
// no document is built. The callbacks follow the element stack libxml2's tree builder would have followed
// and capture only the subtree of the page header and of each div.message, one at a time, into a reused
// flat tree (telegram_html_tree.hpp) that is read as soon as the element closes. Everything the former
// tree walk depended on is reproduced: the same parser, options and encoding, the tree builder's depth
// limit, its text-node merging and line numbers, and where it hangs elements that follow the root.
#include "telegram_html_page.hpp"

#include "telegram_html_tree.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <memory>

namespace casegraph::ingest::telegram_html {
namespace {

using detail::Kind;

// The element's class attribute holds `token` (libxml2 passes a repeated attribute only once).
bool has_class(const char* const* atts, std::string_view token) {
    for (std::size_t i = 0; atts != nullptr && atts[i] != nullptr; i += 2)
        if (std::string_view(atts[i]) == "class")
            return atts[i + 1] != nullptr && detail::class_has(atts[i + 1], token);
    return false;
}

class Reader final : public detail::Events {
  public:
    explicit Reader(xmlParserCtxtPtr ctxt) : ctxt_(ctxt) {}

    Page page;

    void start_document() override { page.parsed = true; }
    // An HTML document's DTD node goes before everything else (xmlCreateIntSubset).
    void internal_subset() override { doc_first_ = First::other; }

    void start(const char* name, const char* const* atts, long line) override {
        if (halted_)
            return;
        if (depth_ > xmlParserMaxDepth) { // nodePush refuses the element and halts the parser
            halted_ = true;
            if (ctxt_ != nullptr)
                xmlStopParser(ctxt_);
            return;
        }
        const bool top = depth_ == 0;
        const bool root = top && doc_first_ == First::none; // the document's first node
        ++depth_;
        if (root) {
            doc_first_ = First::root;
        } else if (top && root_capture_) {
            if (doc_first_ == First::root)
                open_.assign(1, 0); // libxml2 hangs a later top-level element below the root: the header's
            else
                finish_capture(); // a DTD went first since: the root header is complete
        }
        const bool div_message =
            name != nullptr && std::strcmp(name, "div") == 0 && has_class(atts, "message");
        if (!open_.empty() && capture_ == Capture::message && div_message) {
            // A message inside a message: the outer one's closing tag is missing. It ends here and the inner
            // one is read on its own (the outer's remaining end tags find nothing open).
            message_.unclosed = true;
            finish_capture();
        }
        if (!open_.empty()) {
            open_.push_back(tree_.element(open_.back(), name, atts));
            return;
        }
        if (page.chat_name.empty() && has_class(atts, "page_header")) {
            begin(Capture::header, name, atts);
            root_capture_ = root;
        } else if (div_message) {
            begin(Capture::message, name, atts);
            message_.number = ++number_;
            message_.line = line;
        }
    }

    void end() override {
        if (halted_ || depth_ == 0)
            return;
        --depth_;
        if (open_.empty())
            return;
        open_.pop_back();
        if (open_.empty() && !root_capture_)
            finish_capture();
        else if (open_.size() == 1 && root_capture_ && depth_ == 0)
            open_.clear(); // the root closed: nothing is open in the document
    }

    void text(std::string_view s, Kind kind) override {
        if (halted_ || open_.empty())
            return;
        tree_.text(open_.back(), s, kind);
    }

    // A comment or processing instruction: a node of its own between two text runs.
    void barrier() {
        if (halted_)
            return;
        if (!open_.empty())
            tree_.barrier(open_.back());
        else if (depth_ == 0 && doc_first_ == First::none)
            doc_first_ = First::other;
    }

    // The end of the document: a subtree still open is read as libxml2 left it.
    Page finish() {
        finish_capture();
        return std::move(page);
    }

  private:
    enum class Capture { none, header, message };
    enum class First { none, root, other }; // the document's first child node

    void begin(Capture kind, const char* name, const char* const* atts) {
        capture_ = kind;
        tree_.clear();
        open_.assign(1, tree_.element(-1, name, atts));
        message_ = Message();
    }

    void finish_capture() {
        if (capture_ == Capture::header) {
            page.chat_name = detail::header_name(tree_);
        } else if (capture_ == Capture::message) {
            detail::read_message(tree_, message_);
            page.messages.push_back(std::move(message_));
        }
        capture_ = Capture::none;
        root_capture_ = false;
        open_.clear();
    }

    xmlParserCtxtPtr ctxt_;
    detail::Tree tree_;
    std::vector<std::int32_t> open_; // the open elements of the captured subtree
    Capture capture_ = Capture::none;
    Message message_;
    std::int64_t number_ = 0;
    unsigned depth_ = 0; // libxml2's node stack
    First doc_first_ = First::none;
    bool root_capture_ = false; // the root element is the captured header
    bool halted_ = false;
};

Reader& reader(void* ctx) {
    return *static_cast<Reader*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

const char* chars(const xmlChar* s) {
    return reinterpret_cast<const char*>(s);
}

std::string_view span(const xmlChar* s, int len) {
    return len <= 0 ? std::string_view() : std::string_view(chars(s), static_cast<std::size_t>(len));
}

xmlSAXHandler make_handler() {
    xmlSAXHandler h;
    std::memset(&h, 0, sizeof h);
    xmlSAX2InitHtmlDefaultSAXHandler(&h);
    h.startDocument = [](void* ctx) { reader(ctx).start_document(); };
    h.endDocument = [](void*) {};
    h.internalSubset = [](void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
        reader(ctx).internal_subset();
    };
    h.startElement = [](void* ctx, const xmlChar* name, const xmlChar** atts) {
        const auto* c = static_cast<xmlParserCtxtPtr>(ctx);
        const long line = c->input != nullptr ? static_cast<long>(c->input->line) : 0;
        reader(ctx).start(chars(name), reinterpret_cast<const char* const*>(atts),
                          c->linenumbers == 0 ? 0 : std::min(line, 65535L)); // the tree's short field
    };
    h.endElement = [](void* ctx, const xmlChar*) { reader(ctx).end(); };
    h.characters = [](void* ctx, const xmlChar* s, int len) { reader(ctx).text(span(s, len), Kind::text); };
    h.cdataBlock = [](void* ctx, const xmlChar* s, int len) { reader(ctx).text(span(s, len), Kind::cdata); };
    h.comment = [](void* ctx, const xmlChar*) { reader(ctx).barrier(); };
    h.processingInstruction = [](void* ctx, const xmlChar*, const xmlChar*) { reader(ctx).barrier(); };
    h.reference = [](void* ctx, const xmlChar*) { reader(ctx).barrier(); };
    return h;
}

struct CtxtFree {
    void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

} // namespace

Page read_page(std::string_view html) {
    if (!html.empty()) {
        Reader fast(nullptr);
        if (detail::scan_regular(html, fast))
            return fast.finish();
    }
    return read_page_libxml2(html);
}

Page read_page_libxml2(std::string_view html) {
    if (html.size() > static_cast<std::size_t>(INT32_MAX))
        return {};
    // What htmlReadMemory(html, nullptr, "UTF-8", options) does, with our callbacks instead of the tree
    // builder's.
    xmlInitParser();
    std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(
        xmlCreateMemoryParserCtxt(html.data(), static_cast<int>(html.size())));
    if (!ctxt || ctxt->sax == nullptr)
        return {};
    static const xmlSAXHandler handler = make_handler();
    std::memcpy(ctxt->sax, &handler, sizeof(xmlSAXHandlerV1));
    Reader r(ctxt.get());
    ctxt->_private = &r;
    htmlCtxtUseOptions(ctxt.get(),
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    ctxt->html = 1;
    if (xmlCharEncodingHandlerPtr utf8 = xmlFindCharEncodingHandler("UTF-8"); utf8 != nullptr) {
        xmlSwitchToEncoding(ctxt.get(), utf8);
        if (ctxt->input->encoding != nullptr)
            xmlFree(const_cast<xmlChar*>(ctxt->input->encoding));
        ctxt->input->encoding = xmlStrdup(reinterpret_cast<const xmlChar*>("UTF-8"));
    }
    htmlParseDocument(ctxt.get());
    return r.finish();
}

std::optional<Stamp> parse_stamp(std::string_view s) {
    auto num = [](std::string_view src, std::size_t pos, std::size_t len, int* out) {
        if (pos + len > src.size())
            return false;
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (src[i] < '0' || src[i] > '9')
                return false;
            v = v * 10 + (src[i] - '0');
        }
        *out = v;
        return true;
    };
    Stamp t;
    // dd.mm.yyyy hh:mm:ss
    if (!(s.size() >= 19 && num(s, 0, 2, &t.day) && s[2] == '.' && num(s, 3, 2, &t.month) && s[5] == '.' &&
          num(s, 6, 4, &t.year) && s[10] == ' ' && num(s, 11, 2, &t.hour) && s[13] == ':' &&
          num(s, 14, 2, &t.minute) && s[16] == ':' && num(s, 17, 2, &t.second)))
        return std::nullopt;
    std::string_view rest = s.substr(19);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    if (rest.empty())
        return t;
    if (rest.substr(0, 3) != "UTC" && rest.substr(0, 3) != "GMT")
        return std::nullopt;
    rest.remove_prefix(3);
    int h = 0, m = 0;
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' || !num(rest, 1, 2, &h) ||
        !num(rest, 4, 2, &m) || h > 14 || m > 59)
        return std::nullopt;
    t.offset_seconds = (rest[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
    return t;
}

std::optional<Stamp> parse_day(std::string_view s) {
    static constexpr std::array<std::string_view, 12> kMonths{
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const auto sp1 = s.find(' ');
    const auto sp2 = s.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1)
        return std::nullopt;
    Stamp t;
    auto digits = [](std::string_view d, int* out) {
        if (d.empty() || d.size() > 4)
            return false;
        int v = 0;
        for (char c : d) {
            if (c < '0' || c > '9')
                return false;
            v = v * 10 + (c - '0');
        }
        *out = v;
        return true;
    };
    if (!digits(s.substr(0, sp1), &t.day) || !digits(s.substr(sp2 + 1), &t.year))
        return std::nullopt;
    const auto month = s.substr(sp1 + 1, sp2 - sp1 - 1);
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (month == kMonths[i])
            t.month = static_cast<int>(i) + 1;
    if (t.month == 0)
        return std::nullopt;
    return t;
}

std::string message_number(std::string_view id) {
    if (id.substr(0, 7) != "message")
        return {};
    id.remove_prefix(7);
    const bool negative = !id.empty() && id.front() == '-';
    const std::string_view digits = negative ? id.substr(1) : id;
    if (digits.empty() || digits.size() > 18)
        return {};
    for (char c : digits)
        if (c < '0' || c > '9')
            return {};
    return std::string(id);
}

} // namespace casegraph::ingest::telegram_html
