// XmlStream over libxml2's xmlTextReader (see xml_stream.hpp).
#include "xml_stream.hpp"

#include "filtered_xml.hpp"

#include <algorithm>
#include <cstdio>
#include <libxml/xmlreader.h>

namespace casegraph::ingest {
namespace {

// Bounds on one subtree, so a hostile file cannot make one "record" take all memory.
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 100'000;
constexpr std::size_t kMaxText = 8u << 20;

xmlTextReaderPtr R(void* p) {
    return static_cast<xmlTextReaderPtr>(p);
}

std::string str(const xmlChar* s) {
    return s == nullptr ? std::string() : reinterpret_cast<const char*>(s);
}

void on_error(void* self, xmlErrorPtr e) {
    if (e == nullptr)
        return;
    std::string msg = e->message != nullptr ? e->message : "XML error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
        msg.pop_back();
    static_cast<XmlStream*>(self)->parser_error("line " + std::to_string(e->line) + ", column " +
                                                std::to_string(e->int2) + ": " + msg);
}

// The reader parses ahead of what it hands out, and a parse error discards the nodes it had parsed
// but not yet delivered. Feeding it less than its 512-byte parse chunk per read keeps it at most that
// far ahead, so on a truncated or broken file every entry before the break is still delivered.
constexpr int kFeed = 400;

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

} // namespace

struct XmlStream::Source {
    std::FILE* file = nullptr;
    bool filter_on = false;
    XmlCharFilter filter;
    std::string pending; // filtered bytes not yet handed to the reader
    std::size_t pos = 0;
    bool eof = false;
    bool first = true;

    ~Source() {
        if (file != nullptr)
            std::fclose(file);
    }

    int read(char* buffer, int len) {
        const auto want = static_cast<std::size_t>(len < kFeed ? len : kFeed);
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
};

namespace {

int read_some(void* source, char* buffer, int len) {
    return static_cast<XmlStream::Source*>(source)->read(buffer, len);
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

std::vector<const XmlNode*> XmlNode::all(std::string_view local) const {
    std::vector<const XmlNode*> out;
    for (const auto& c : children)
        if (c.name == local)
            out.push_back(&c);
    return out;
}

XmlStream::XmlStream(const std::filesystem::path& path, std::string display_name, Chars chars)
    : source_(std::make_unique<Source>()), name_(std::move(display_name)) {
    source_->file = std::fopen(path.string().c_str(), "rb");
    if (source_->file == nullptr)
        throw XmlError(name_ + ": cannot open for reading");
    source_->filter_on = chars == Chars::filtered;
    // No network, no DTD loading, no entity substitution: evidence must not reach outside itself.
    reader_ = xmlReaderForIO(read_some, nullptr, source_.get(), nullptr, nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (reader_ == nullptr)
        throw XmlError(name_ + ": cannot open as XML");
    xmlTextReaderSetStructuredErrorHandler(R(reader_), on_error, this);
}

XmlStream::~XmlStream() {
    if (reader_ != nullptr)
        xmlFreeTextReader(R(reader_));
}

std::int64_t XmlStream::replaced() const {
    return source_->filter.replaced();
}

void XmlStream::parser_error(std::string message) {
    if (first_error_.empty())
        first_error_ = std::move(message);
}

std::string XmlStream::position() const {
    return "line " + std::to_string(xmlTextReaderGetParserLineNumber(R(reader_))) + ", column " +
           std::to_string(xmlTextReaderGetParserColumnNumber(R(reader_)));
}

void XmlStream::fail(const std::string& what) const {
    throw XmlError(name_ + ": " + what + " at " + (first_error_.empty() ? position() : first_error_));
}

XmlStream::Token XmlStream::next() {
    for (;;) {
        const int rc = xmlTextReaderRead(R(reader_));
        if (rc == 0)
            return Token::eof;
        if (rc < 0)
            fail("malformed or truncated XML");
        const int type = xmlTextReaderNodeType(R(reader_));
        if (type == XML_READER_TYPE_ELEMENT)
            return Token::start;
        if (type == XML_READER_TYPE_END_ELEMENT)
            return Token::end;
    }
}

std::string XmlStream::local_name() const {
    return str(xmlTextReaderConstLocalName(R(reader_)));
}
std::string XmlStream::namespace_uri() const {
    return str(xmlTextReaderConstNamespaceUri(R(reader_)));
}
int XmlStream::depth() const {
    return xmlTextReaderDepth(R(reader_));
}
bool XmlStream::empty() const {
    return xmlTextReaderIsEmptyElement(R(reader_)) == 1;
}

std::string XmlStream::attr(std::string_view local) const {
    xmlChar* v =
        xmlTextReaderGetAttribute(R(reader_), reinterpret_cast<const xmlChar*>(std::string(local).c_str()));
    std::string out = str(v);
    xmlFree(v);
    return out;
}

std::vector<std::pair<std::string, std::string>> XmlStream::attributes() const {
    std::vector<std::pair<std::string, std::string>> out;
    auto* r = R(reader_);
    while (xmlTextReaderMoveToNextAttribute(r) == 1)
        if (xmlTextReaderIsNamespaceDecl(r) != 1)
            out.emplace_back(local_name(), str(xmlTextReaderConstValue(r)));
    xmlTextReaderMoveToElement(r);
    return out;
}

XmlNode XmlStream::subtree() {
    auto* r = R(reader_);
    XmlNode root;
    std::vector<XmlNode*> stack;
    std::size_t nodes = 0;
    std::size_t text = 0;
    // Fills `n` from the start tag the reader is on; returns true when it has content to read.
    auto open = [&](XmlNode& n) {
        n.name = local_name();
        n.line = xmlTextReaderGetParserLineNumber(r);
        const bool is_empty = empty();
        n.attrs = attributes();
        if (++nodes > kMaxNodes)
            fail("element <" + root.name + "> holds more than " + std::to_string(kMaxNodes) + " elements");
        return !is_empty;
    };
    if (!open(root))
        return root;
    stack.push_back(&root);
    while (!stack.empty()) {
        const int rc = xmlTextReaderRead(r);
        if (rc == 0)
            fail("the document ends inside <" + stack.back()->name + ">");
        if (rc < 0)
            fail("malformed or truncated XML inside <" + stack.back()->name + ">");
        switch (xmlTextReaderNodeType(r)) {
        case XML_READER_TYPE_ELEMENT: {
            if (static_cast<int>(stack.size()) >= kMaxDepth)
                fail("elements nested deeper than " + std::to_string(kMaxDepth));
            XmlNode& c = stack.back()->children.emplace_back();
            if (open(c))
                stack.push_back(&c);
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            stack.pop_back();
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const std::string v = str(xmlTextReaderConstValue(r));
            text += v.size();
            if (text > kMaxText)
                fail("element <" + root.name + "> holds more than 8 MiB of text");
            stack.back()->text += v;
            break;
        }
        default:
            break;
        }
    }
    return root;
}

} // namespace casegraph::ingest
