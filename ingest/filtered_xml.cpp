// Filtered streaming XML reading for backup files (see filtered_xml.hpp).
#include "filtered_xml.hpp"

#include <cctype>
#include <cstdio>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

namespace casegraph::ingest {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

bool legal_xml_char(std::uint32_t c) {
    // XML 1.0 Char production.
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// Parses "&#123;" or "&#x7B;" at the start of s. Returns the length consumed (0 when s is not a complete
// numeric reference) and the code point; `incomplete` is set when more bytes could complete it.
std::size_t numeric_ref(std::string_view s, std::uint32_t& cp, bool& incomplete) {
    incomplete = false;
    if (s.size() < 2 || s[0] != '&' || s[1] != '#') {
        incomplete = s.size() < 2 && !s.empty() && s[0] == '&';
        return 0;
    }
    std::size_t i = 2;
    const bool hex = i < s.size() && (s[i] == 'x');
    if (hex)
        ++i;
    std::uint64_t v = 0;
    const std::size_t digits_start = i;
    for (; i < s.size() && i < 16; ++i) {
        const char c = s[i];
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            break;
        v = v * (hex ? 16 : 10) + static_cast<std::uint64_t>(d);
        if (v > 0x10FFFFFF)
            v = 0x10FFFFFF; // stays out of range without overflowing
    }
    // The input ended inside the digits (even exactly at the 16-byte cap, where a ';' may follow in the
    // next chunk): wait for more bytes, so a chunked feed decides exactly as one whole feed would.
    if (i == s.size()) {
        incomplete = true;
        return 0;
    }
    if (i == digits_start || i >= s.size() || s[i] != ';')
        return 0; // not a numeric reference: libxml2 will judge it
    cp = static_cast<std::uint32_t>(v);
    return i + 1;
}

// Length of the valid UTF-8 sequence starting s (lead byte >= 0x80): 0 when invalid, -1 when s ends
// before the sequence could be judged.
int utf8_sequence(std::string_view s) {
    const auto c = static_cast<unsigned char>(s[0]);
    int len = 0;
    std::uint32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    std::uint32_t cp = c & (0xFF >> (len + 1));
    for (int i = 1; i < len; ++i) {
        if (static_cast<std::size_t>(i) >= s.size())
            return -1;
        const auto cc = static_cast<unsigned char>(s[static_cast<std::size_t>(i)]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

} // namespace

void XmlCharFilter::feed(std::string_view in, bool last, std::string& out) {
    std::string joined;
    if (!carry_.empty()) {
        joined = carry_ + std::string(in);
        carry_.clear();
        in = joined;
    }
    std::size_t i = 0;
    while (i < in.size()) {
        // A run of plain ASCII (nothing in it to judge) is copied at once.
        std::size_t run = i;
        while (run < in.size()) {
            const auto c = static_cast<unsigned char>(in[run]);
            if (c >= 0x80 || c == '&' || (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD))
                break;
            ++run;
        }
        if (run > i) {
            out.append(in.data() + i, run - i);
            i = run;
            continue;
        }
        const auto b = static_cast<unsigned char>(in[i]);
        if (b < 0x20 && b != 0x9 && b != 0xA && b != 0xD) {
            out += kReplacement;
            ++replaced_;
            ++i;
            continue;
        }
        if (b >= 0x80 && utf8_) {
            const int n = utf8_sequence(in.substr(i));
            if (n < 0 && !last) {
                carry_ = std::string(in.substr(i));
                return;
            }
            if (n <= 0) {
                out += kReplacement;
                ++replaced_;
                ++i;
                continue;
            }
            out.append(in.substr(i, static_cast<std::size_t>(n)));
            i += static_cast<std::size_t>(n);
            continue;
        }
        if (b == '&') {
            std::uint32_t cp = 0;
            bool incomplete = false;
            const auto n = numeric_ref(in.substr(i), cp, incomplete);
            if (n == 0 && incomplete && !last) {
                carry_ = std::string(in.substr(i));
                return;
            }
            if (n > 0 && !legal_xml_char(cp)) {
                out += kReplacement;
                ++replaced_;
                i += n;
                continue;
            }
            if (n > 0) {
                out.append(in.substr(i, n));
                i += n;
                continue;
            }
        }
        out += static_cast<char>(b);
        ++i;
    }
}

const std::string* XmlElement::attr(std::string_view key) const {
    for (const auto& [k, v] : attrs)
        if (k == key)
            return &v;
    return nullptr;
}

// True when the XML declaration names no encoding or UTF-8 (the default), so non-UTF-8 bytes are errors.
bool xml_declares_utf8(std::string_view head) {
    if (!head.starts_with("<?xml"))
        return !head.starts_with("\xFF\xFE") && !head.starts_with("\xFE\xFF"); // UTF-16 BOMs
    const auto end = head.find("?>");
    const auto decl = head.substr(0, end);
    const auto at = decl.find("encoding");
    if (at == std::string_view::npos)
        return true;
    std::string enc;
    for (auto i = decl.find_first_of("'\"", at); i != std::string_view::npos && i + 1 < decl.size(); ++i) {
        const char ch = decl[i + 1];
        if (ch == '\'' || ch == '"')
            break;
        enc += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    return enc == "UTF-8" || enc == "UTF8" || enc == "US-ASCII" || enc == "ASCII";
}

struct FilteredXmlReader::State {
    std::FILE* file = nullptr;
    XmlCharFilter filter;
    std::string pending;
    std::size_t pending_pos = 0;
    bool eof = false;
    bool first_chunk = true;
    xmlTextReaderPtr reader = nullptr;
    std::string first_error;

    int read(char* buffer, int len) {
        while (pending_pos >= pending.size() && !eof) {
            pending.clear();
            pending_pos = 0;
            char chunk[64 * 1024];
            const std::size_t n = std::fread(chunk, 1, sizeof chunk, file);
            eof = n < sizeof chunk;
            if (first_chunk) {
                first_chunk = false;
                filter.check_utf8(xml_declares_utf8(std::string_view(chunk, n)));
            }
            filter.feed(std::string_view(chunk, n), eof, pending);
        }
        const std::size_t avail = pending.size() - pending_pos;
        const std::size_t n = avail < static_cast<std::size_t>(len) ? avail : static_cast<std::size_t>(len);
        pending.copy(buffer, n, pending_pos);
        pending_pos += n;
        return static_cast<int>(n);
    }
};

namespace {

int read_cb(void* ctx, char* buffer, int len) {
    return static_cast<FilteredXmlReader::State*>(ctx)->read(buffer, len);
}
int close_cb(void*) {
    return 0;
}

void error_cb(void* arg, const char* msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc) {
    auto* s = static_cast<FilteredXmlReader::State*>(arg);
    if (severity == XML_PARSER_SEVERITY_WARNING || severity == XML_PARSER_SEVERITY_VALIDITY_WARNING)
        return;
    if (s->first_error.empty()) {
        std::string m = msg != nullptr ? msg : "unknown XML error";
        while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
            m.pop_back();
        // The parser's own line is where it stopped; the locator's can be the reader's current node.
        int line = s->reader != nullptr ? xmlTextReaderGetParserLineNumber(s->reader) : 0;
        if (line <= 0)
            line = xmlTextReaderLocatorLineNumber(loc);
        s->first_error = "line " + std::to_string(line) + ": " + m;
    }
}

std::string to_string(const xmlChar* s) {
    return s != nullptr ? reinterpret_cast<const char*>(s) : "";
}

XmlElement convert(xmlNodePtr node, int depth) {
    XmlElement e;
    e.name = to_string(node->name);
    e.line = static_cast<int>(xmlGetLineNo(node));
    for (xmlAttrPtr a = node->properties; a != nullptr; a = a->next) {
        xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
        e.attrs.emplace_back(to_string(a->name), to_string(v));
        xmlFree(v);
    }
    if (depth < 32)
        for (xmlNodePtr c = node->children; c != nullptr; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                e.children.push_back(convert(c, depth + 1));
    return e;
}

} // namespace

FilteredXmlReader::FilteredXmlReader(const std::filesystem::path& path, std::string display_name)
    : s_(std::make_unique<State>()), display_name_(std::move(display_name)) {
    s_->file = std::fopen(path.c_str(), "rb");
    if (s_->file == nullptr)
        throw std::runtime_error(display_name_ + ": cannot open for reading");
    // No network, no external entities, no entity expansion: evidence is data, never instructions.
    s_->reader =
        xmlReaderForIO(read_cb, close_cb, s_.get(), nullptr, nullptr, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (s_->reader == nullptr) {
        std::fclose(s_->file);
        throw std::runtime_error(display_name_ + ": cannot start the XML reader");
    }
    xmlTextReaderSetErrorHandler(s_->reader, error_cb, s_.get());
}

FilteredXmlReader::~FilteredXmlReader() {
    xmlFreeTextReader(s_->reader);
    std::fclose(s_->file);
}

bool FilteredXmlReader::next_element() {
    for (;;) {
        int rc = 1;
        if (positioned_)
            positioned_ = false;
        else
            rc = xmlTextReaderRead(s_->reader);
        if (rc == 0)
            return false;
        if (rc < 0)
            throw XmlSyntaxError(
                display_name_ + ": XML is not well-formed at " +
                (s_->first_error.empty() ? std::string("an unknown place") : s_->first_error));
        if (xmlTextReaderNodeType(s_->reader) == XML_READER_TYPE_ELEMENT)
            return true;
    }
}

int FilteredXmlReader::depth() const {
    return xmlTextReaderDepth(s_->reader);
}

std::string FilteredXmlReader::name() const {
    return to_string(xmlTextReaderConstLocalName(s_->reader));
}

XmlElement FilteredXmlReader::take() {
    if (xmlTextReaderIsEmptyElement(s_->reader) == 1) {
        // <sms .../>: everything is in the start tag. Expanding would make the reader parse past it, and
        // a break in the XML just after would then lose this complete record too.
        XmlElement e;
        e.name = name();
        e.line = xmlTextReaderGetParserLineNumber(s_->reader);
        while (xmlTextReaderMoveToNextAttribute(s_->reader) == 1)
            e.attrs.emplace_back(to_string(xmlTextReaderConstLocalName(s_->reader)),
                                 to_string(xmlTextReaderConstValue(s_->reader)));
        xmlTextReaderMoveToElement(s_->reader);
        return e;
    }
    xmlNodePtr node = xmlTextReaderExpand(s_->reader);
    if (node == nullptr)
        throw XmlSyntaxError(display_name_ + ": XML is not well-formed at " +
                             (s_->first_error.empty() ? std::string("an unknown place") : s_->first_error));
    XmlElement e = convert(node, 0);
    const int rc = xmlTextReaderNext(s_->reader);
    if (rc < 0)
        throw XmlSyntaxError(display_name_ + ": XML is not well-formed at " +
                             (s_->first_error.empty() ? std::string("an unknown place") : s_->first_error));
    // Next() leaves the reader ON the following node (or at the end): next_element() must not skip it.
    positioned_ = rc == 1;
    if (rc == 0)
        positioned_ = false;
    return e;
}

std::int64_t FilteredXmlReader::replaced() const {
    return s_->filter.replaced();
}

} // namespace casegraph::ingest
