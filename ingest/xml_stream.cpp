// XmlStream over libxml2's SAX2 push parser (see xml_stream.hpp). The parser is fed a chunk at a time and
// its callbacks queue start, end and text events; next() and subtree() consume the queue. Nothing of
// the document is kept by libxml2 (no reader tree to build and free per node), and on a parse error
// every event before the break is still delivered, then the error.
#include "xml_stream.hpp"

#include "filtered_xml.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

namespace casegraph::ingest {
namespace {

// Bounds on one subtree, so a hostile file cannot make one "record" take all memory.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 100'000;
constexpr std::size_t kMaxText = 8u << 20;

std::string str(const xmlChar* s) {
    return s == nullptr ? std::string() : reinterpret_cast<const char*>(s);
}

const char* cstr(const xmlChar* s) {
    return reinterpret_cast<const char*>(s);
}

// Bytes handed to the parser per call: the queue of events holds at most what one chunk produces.
constexpr int kFeed = 16 * 1024;

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// One thing the parser reported, kept until the walk reads it.
struct Event {
    enum class Kind : unsigned char { start, end, text };
    Kind kind = Kind::text;
    bool empty = false; // <x/>: no end event follows
    int depth = 0;
    std::string name; // local name (start, end)
    std::string uri;  // namespace (start)
    std::string text; // character data (text)
    // Attributes in document order, namespace declarations left out; the first `own` were written in
    // the start tag, the rest are defaults from an internal DTD (found by attr(), not listed).
    std::vector<std::pair<std::string, std::string>> attrs;
    std::vector<char> no_namespace; // per attribute: written without a prefix (what attr() matches)
    std::size_t own = 0, all = 0;
};

} // namespace

struct XmlStream::Impl {
    XmlStream* self = nullptr;
    // The file and, with Chars::filtered, the filter.
    std::FILE* file = nullptr;
    bool filter_on = false;
    XmlCharFilter filter;
    std::string pending; // filtered bytes not yet handed to the parser
    std::size_t pos = 0;
    bool eof = false;
    bool first = true;
    // The parser and its events.
    xmlParserCtxtPtr ctxt = nullptr;
    std::vector<Event> queue;
    std::size_t head = 0, size = 0; // queue[head, size) not yet read
    const Event* current = nullptr;
    int depth = 0;
    bool empty_pending = false; // the start just queued was <x/>: its end event is not queued
    bool finished = false;      // the parser has seen the end of the input (or stopped on an error)
    bool broken = false;        // it stopped on an error

    ~Impl() {
        if (ctxt != nullptr) {
            if (ctxt->myDoc != nullptr) // created for an internal DTD's declarations only
                xmlFreeDoc(ctxt->myDoc);
            xmlFreeParserCtxt(ctxt);
        }
        if (file != nullptr)
            std::fclose(file);
    }

    int read(char* buffer, int len) {
        const auto want = static_cast<std::size_t>(len);
        if (!filter_on) {
            const std::size_t got = std::fread(buffer, 1, want, file);
            if (got == 0 && std::ferror(file) != 0)
                return -1;
            return static_cast<int>(got);
        }
        while (pos >= pending.size() && !eof) {
            pending.clear();
            pos = 0;
            char chunk[64 * 1024];
            const std::size_t n = std::fread(chunk, 1, sizeof chunk, file);
            if (n == 0 && std::ferror(file) != 0)
                return -1;
            eof = n < sizeof chunk;
            if (first) {
                first = false;
                filter.check_utf8(xml_declares_utf8(std::string_view(chunk, n)));
            }
            filter.feed(std::string_view(chunk, n), eof, pending);
        }
        const std::size_t n = std::min(want, pending.size() - pos);
        pending.copy(buffer, n, pos);
        pos += n;
        return static_cast<int>(n);
    }

    // Inside the expansion of an entity's replacement text (libxml2 parses it once, with the same
    // callbacks): the tree reader never delivered those nodes, so neither does this.
    [[nodiscard]] bool in_entity() const { return ctxt != nullptr && ctxt->depth > 0; }

    Event& push(Event::Kind kind) {
        if (size == queue.size())
            queue.emplace_back();
        Event& e = queue[size++];
        e.kind = kind;
        return e;
    }

    // Feeds the parser until it queues something or ends; false when nothing more will come.
    bool pull() {
        head = size = 0;
        current = nullptr;
        char buffer[kFeed];
        while (size == 0) {
            if (finished)
                return false;
            const int n = read(buffer, kFeed);
            if (n < 0) {
                finished = broken = true;
                self->parser_error("the file could not be read");
                break;
            }
            const int rc = xmlParseChunk(ctxt, buffer, n, n == 0 ? 1 : 0);
            if (n == 0)
                finished = true;
            if (rc != 0) // what was queued before the error is still delivered
                finished = broken = true;
        }
        return size > 0;
    }

    // The next event of any kind, nullptr at the end (or after an error).
    const Event* take() {
        if (head == size && !pull())
            return nullptr;
        current = &queue[head++];
        return current;
    }
};

namespace {

// libxml2's own handlers need the parser context as their `ctx`, so ours find the stream through it;
// nullptr for a context without one.
XmlStream::Impl* impl_of(void* ctx) {
    return ctx == nullptr ? nullptr
                          : static_cast<XmlStream::Impl*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void on_error(void* ctx, xmlErrorPtr e) {
    auto* im = impl_of(ctx);
    if (e == nullptr || im == nullptr)
        return;
    std::string msg = e->message != nullptr ? e->message : "XML error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
        msg.pop_back();
    im->self->parser_error("line " + std::to_string(e->line) + ", column " + std::to_string(e->int2) + ": " +
                           msg);
}

// An attribute's value as the tree reader gave it: references (&#38;, &amp;, entities of an internal
// DTD) resolved the way libxml2 resolves them in a tree. Without a '&' the value is the text itself.
void attribute_value(xmlParserCtxtPtr ctxt, const xmlChar* value, const xmlChar* end, std::string& out) {
    const auto len = static_cast<std::size_t>(end - value);
    if (std::memchr(value, '&', len) == nullptr) {
        out.assign(cstr(value), len);
        return;
    }
    xmlNodePtr list = xmlStringLenGetNodeList(ctxt->myDoc, value, static_cast<int>(len));
    xmlChar* s = xmlNodeListGetString(ctxt->myDoc, list, 1);
    out = str(s);
    xmlFree(s);
    xmlFreeNodeList(list);
}

void on_start(void* ctx, const xmlChar* localname, const xmlChar* /*prefix*/, const xmlChar* uri,
              int /*nb_namespaces*/, const xmlChar** /*namespaces*/, int nb_attributes, int nb_defaulted,
              const xmlChar** attributes) {
    auto* self = impl_of(ctx);
    if (self == nullptr || self->in_entity())
        return;
    auto& im = *self;
    Event& e = im.push(Event::Kind::start);
    e.name.assign(cstr(localname));
    e.uri.assign(uri == nullptr ? "" : cstr(uri));
    e.depth = im.depth++;
    // The start tag was just read: the parser stands on "/>" of an empty-element tag.
    const xmlChar* cur = im.ctxt->input != nullptr ? im.ctxt->input->cur : nullptr;
    e.empty = cur != nullptr && cur[0] == '/' && cur[1] == '>';
    im.empty_pending = e.empty;
    const auto n = static_cast<std::size_t>(nb_attributes);
    if (e.attrs.size() < n) {
        e.attrs.resize(n);
        e.no_namespace.resize(n);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const xmlChar** a = attributes + 5 * i; // localname, prefix, URI, value, end
        e.attrs[i].first.assign(cstr(a[0]));
        e.no_namespace[i] = a[2] == nullptr ? 1 : 0;
        attribute_value(im.ctxt, a[3], a[4], e.attrs[i].second);
    }
    e.all = n;
    e.own = n - static_cast<std::size_t>(nb_defaulted);
}

void on_end(void* ctx, const xmlChar* localname, const xmlChar* /*prefix*/, const xmlChar* /*uri*/) {
    auto* self = impl_of(ctx);
    if (self == nullptr || self->in_entity())
        return;
    auto& im = *self;
    --im.depth;
    if (im.empty_pending) { // <x/>: the start said so
        im.empty_pending = false;
        return;
    }
    Event& e = im.push(Event::Kind::end);
    e.name.assign(cstr(localname));
    e.depth = im.depth;
}

void on_text(void* ctx, const xmlChar* ch, int len) {
    auto* self = impl_of(ctx);
    if (self == nullptr || self->in_entity())
        return;
    auto& im = *self;
    im.empty_pending = false;
    if (im.size > im.head && im.queue[im.size - 1].kind == Event::Kind::text) {
        im.queue[im.size - 1].text.append(cstr(ch), static_cast<std::size_t>(len));
        return;
    }
    im.push(Event::Kind::text).text.assign(cstr(ch), static_cast<std::size_t>(len));
}

void on_reference(void* /*ctx*/, const xmlChar* /*name*/) {
    // An entity reference left unexpanded (no XML_PARSE_NOENT): not part of any element's text.
}

} // namespace

const XmlNode* XmlNode::child(std::string_view local, int nth) const {
    for (const auto& c : children)
        if (c.name == local && nth-- == 0)
            return &c;
    return nullptr;
}

const XmlNode* XmlNode::find(std::initializer_list<std::string_view> path) const {
    const XmlNode* n = this;
    for (auto step : path) {
        n = n->child(step);
        if (n == nullptr)
            return nullptr;
    }
    return n;
}

std::string XmlNode::text_at(std::initializer_list<std::string_view> path) const {
    const XmlNode* n = find(path);
    return n == nullptr ? std::string() : n->trimmed_text();
}

std::string XmlNode::trimmed_text() const {
    return std::string(trim(text));
}

std::optional<std::string> XmlNode::attr(std::string_view local) const {
    for (const auto& [k, v] : attrs)
        if (k == local)
            return v;
    return std::nullopt;
}

const std::string* XmlNode::attr_ptr(std::string_view local) const {
    for (const auto& [k, v] : attrs)
        if (k == local)
            return &v;
    return nullptr;
}

std::vector<const XmlNode*> XmlNode::all(std::string_view local) const {
    std::vector<const XmlNode*> out;
    for (const auto& c : children)
        if (c.name == local)
            out.push_back(&c);
    return out;
}

XmlStream::XmlStream(const std::filesystem::path& path, std::string display_name, Chars chars)
    : impl_(std::make_unique<Impl>()), name_(std::move(display_name)) {
    auto& im = *impl_;
    im.self = this;
    im.file = std::fopen(path.string().c_str(), "rb");
    if (im.file == nullptr)
        throw XmlError(name_ + ": cannot open for reading");
    im.filter_on = chars == Chars::filtered;
    // libxml2's own SAX2 handlers for the prolog and any internal DTD (so entities and attribute
    // defaults are declared as in a tree), ours for elements and text.
    xmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    xmlSAXVersion(&sax, 2);
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    sax.reference = on_reference;
    sax.comment = nullptr;
    sax.processingInstruction = nullptr;
    sax.serror = on_error;
    // The first bytes tell the parser the encoding.
    char head[4];
    int got = 0;
    while (got < 4) {
        const int n = im.read(head + got, 4 - got);
        if (n < 0)
            throw XmlError(name_ + ": cannot read");
        if (n == 0)
            break;
        got += n;
    }
    im.ctxt = xmlCreatePushParserCtxt(&sax, nullptr, head, got, nullptr);
    if (im.ctxt == nullptr)
        throw XmlError(name_ + ": cannot open as XML");
    im.ctxt->_private = impl_.get();
    // No network, no DTD loading, no entity substitution: evidence must not reach outside itself.
    xmlCtxtUseOptions(im.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    im.ctxt->linenumbers = 1;
}

XmlStream::~XmlStream() = default;

std::int64_t XmlStream::replaced() const {
    return impl_->filter.replaced();
}

void XmlStream::parser_error(std::string message) {
    if (first_error_.empty())
        first_error_ = std::move(message);
}

std::string XmlStream::position() const {
    return "line " + std::to_string(xmlSAX2GetLineNumber(impl_->ctxt)) + ", column " +
           std::to_string(xmlSAX2GetColumnNumber(impl_->ctxt));
}

void XmlStream::fail(const std::string& what) const {
    throw XmlError(name_ + ": " + what + " at " + (first_error_.empty() ? position() : first_error_));
}

XmlStream::Token XmlStream::next() {
    for (;;) {
        const Event* e = impl_->take();
        if (e == nullptr) {
            if (impl_->broken)
                fail("malformed or truncated XML");
            return Token::eof;
        }
        if (e->kind == Event::Kind::start)
            return Token::start;
        if (e->kind == Event::Kind::end)
            return Token::end;
    }
}

std::string XmlStream::local_name() const {
    return impl_->current == nullptr ? std::string() : impl_->current->name;
}
std::string XmlStream::namespace_uri() const {
    return impl_->current == nullptr ? std::string() : impl_->current->uri;
}
int XmlStream::depth() const {
    return impl_->current == nullptr ? 0 : impl_->current->depth;
}
bool XmlStream::empty() const {
    return impl_->current != nullptr && impl_->current->kind == Event::Kind::start && impl_->current->empty;
}

std::string XmlStream::attr(std::string_view local) const {
    const Event* e = impl_->current;
    if (e == nullptr || e->kind != Event::Kind::start)
        return {};
    // As xmlTextReaderGetAttribute did: an unprefixed name matches only attributes without a namespace.
    for (std::size_t i = 0; i < e->all; ++i)
        if (e->no_namespace[i] != 0 && e->attrs[i].first == local)
            return e->attrs[i].second;
    return {};
}

std::vector<std::pair<std::string, std::string>> XmlStream::attributes() const {
    const Event* e = impl_->current;
    if (e == nullptr || e->kind != Event::Kind::start)
        return {};
    return {e->attrs.begin(), e->attrs.begin() + static_cast<std::ptrdiff_t>(e->own)};
}

XmlNode XmlStream::subtree() {
    auto& im = *impl_;
    XmlNode root;
    std::vector<XmlNode*> stack;
    std::size_t nodes = 0;
    std::size_t text = 0;
    // Fills `n` from the start event just read; returns true when it has content to read.
    auto open = [&](XmlNode& n, const Event& e) {
        n.name = e.name;
        n.attrs.assign(e.attrs.begin(), e.attrs.begin() + static_cast<std::ptrdiff_t>(e.own));
        if (++nodes > kMaxNodes)
            fail("element <" + root.name + "> holds more than " + std::to_string(kMaxNodes) + " elements");
        return !e.empty;
    };
    if (im.current == nullptr || im.current->kind != Event::Kind::start || !open(root, *im.current))
        return root;
    stack.push_back(&root);
    while (!stack.empty()) {
        const Event* e = im.take();
        if (e == nullptr) {
            if (im.broken)
                fail("malformed or truncated XML inside <" + stack.back()->name + ">");
            fail("the document ends inside <" + stack.back()->name + ">");
        }
        switch (e->kind) {
        case Event::Kind::start: {
            if (static_cast<int>(stack.size()) >= kMaxDepth)
                fail("elements nested deeper than " + std::to_string(kMaxDepth));
            auto& siblings = stack.back()->children;
            if (siblings.empty())
                siblings.reserve(8); // one allocation for most parents instead of four growing ones
            XmlNode& c = siblings.emplace_back();
            if (open(c, *e))
                stack.push_back(&c);
            break;
        }
        case Event::Kind::end:
            stack.pop_back();
            break;
        case Event::Kind::text:
            text += e->text.size();
            if (text > kMaxText)
                fail("element <" + root.name + "> holds more than 8 MiB of text");
            stack.back()->text += e->text;
            break;
        }
    }
    return root;
}

} // namespace casegraph::ingest
