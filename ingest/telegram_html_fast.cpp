// The regular layout of a Telegram Desktop HTML page, reported without libxml2 (telegram_html_tree.hpp).
// libxml2's HTML parser reads a page at roughly 100 instructions a byte (most of it in its per-character
// text loop); this scanner accepts only what that parser reads without any recovery, so that the events
// it reports are the ones libxml2 would report:
// - <!DOCTYPE html>, then <html>, a <head> holding only meta, title, link, and script or style with blank
//   content, then <body>; nothing but blanks after </html>;
// - in the body only the tags of kBody, each closed by its own end tag (void ones never); which tag may
//   open directly inside which is asked of libxml2 itself once (it closes some elements implicitly when
//   another opens, and reports the implied ones): a pair it does not report plainly is refused;
// - attributes as name="value", lower-case names, each once; text and values in well-formed UTF-8 without
//   control characters or CR, with &amp; &lt; &gt; &quot; &apos; &#39; as the only references; no
//   comments, CDATA or processing instructions; no text other than blanks outside the body's elements and
//   the title.
// Anything else returns false and the caller reads the page with libxml2.
#include "telegram_html_tree.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <string>
#include <vector>

namespace casegraph::ingest::telegram_html::detail {
namespace {

// The tags accepted in the body, and which of them are void (no content, no end tag).
constexpr std::array<const char*, 13> kBody{"div", "a",      "span", "img",  "br", "b",         "i",
                                            "u",   "strong", "em",   "code", "s",  "blockquote"};
constexpr std::array<const char*, 5> kHead{"meta", "title", "link", "script", "style"};
constexpr int kMaxDepth = 200;

bool is_void(std::string_view t) {
    return t == "img" || t == "br" || t == "meta" || t == "link";
}

// libxml2's answer for `tag` opening directly inside each of `chain`'s innermost element: the events it
// reports must be exactly the starts of chain and tag (and the end of a void tag).
bool plain_in_libxml2(const std::vector<const char*>& chain, const char* tag) {
    std::string html;
    std::vector<std::string> expected;
    for (const char* c : chain) {
        html += std::string("<") + c + ">";
        expected.push_back(std::string("+") + c);
    }
    html += std::string("<") + tag + ">";
    expected.push_back(std::string("+") + tag);
    if (is_void(tag))
        expected.push_back(std::string("-") + tag);
    std::vector<std::string> seen;
    xmlSAXHandler h;
    std::memset(&h, 0, sizeof h);
    xmlSAX2InitHtmlDefaultSAXHandler(&h);
    h.startDocument = [](void*) {};
    h.endDocument = [](void*) {};
    h.internalSubset = nullptr;
    h.characters = [](void*, const xmlChar*, int) {};
    h.cdataBlock = [](void*, const xmlChar*, int) {};
    h.comment = [](void*, const xmlChar*) {};
    h.startElement = [](void* ctx, const xmlChar* name, const xmlChar**) {
        auto* s = static_cast<std::vector<std::string>*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
        s->push_back("+" + std::string(reinterpret_cast<const char*>(name)));
    };
    h.endElement = [](void* ctx, const xmlChar* name) {
        auto* s = static_cast<std::vector<std::string>*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
        s->push_back("-" + std::string(reinterpret_cast<const char*>(name)));
    };
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(html.data(), static_cast<int>(html.size()));
    if (ctxt == nullptr || ctxt->sax == nullptr) {
        xmlFreeParserCtxt(ctxt);
        return false;
    }
    std::memcpy(ctxt->sax, &h, sizeof(xmlSAXHandlerV1));
    ctxt->_private = &seen;
    htmlCtxtUseOptions(ctxt,
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    ctxt->html = 1;
    htmlParseDocument(ctxt);
    xmlFreeParserCtxt(ctxt);
    return seen.size() >= expected.size() && std::equal(expected.begin(), expected.end(), seen.begin());
}

// allowed[p][t]: kBody[t] may open directly inside kBody[p]; row kBody.size() is the body itself.
struct Nesting {
    std::array<std::array<bool, kBody.size()>, kBody.size() + 1> allowed{};
    Nesting() {
        xmlInitParser();
        for (std::size_t t = 0; t < kBody.size(); ++t) {
            allowed[kBody.size()][t] = plain_in_libxml2({"html", "body"}, kBody[t]);
            for (std::size_t p = 0; p < kBody.size(); ++p)
                allowed[p][t] = !is_void(kBody[p]) && plain_in_libxml2({"html", "body", kBody[p]}, kBody[t]);
        }
    }
};

const Nesting& nesting() {
    static const Nesting n;
    return n;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n';
}

class Scanner {
  public:
    Scanner(std::string_view html, Events& out) : s_(html), out_(out) {}

    bool run() {
        out_.start_document();
        blanks();
        if (!literal("<!DOCTYPE html>"))
            return false;
        out_.internal_subset();
        if (!text_outside() || !open_named("html", Where::root) || !text_outside() ||
            !open_named("head", Where::html))
            return false;
        for (;;) {
            if (!text_outside())
                return false;
            if (literal("</head>")) {
                out_.end();
                stack_.pop_back();
                break;
            }
            if (!head_element())
                return false;
        }
        if (!text_outside() || !open_named("body", Where::html))
            return false;
        if (!body())
            return false;
        if (!text_outside() || !literal("</html>"))
            return false;
        out_.end();
        stack_.pop_back();
        blanks();
        return i_ == s_.size();
    }

  private:
    enum class Where { root, html, head, body };
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    bool literal(std::string_view l) {
        if (s_.substr(i_, l.size()) != l)
            return false;
        i_ += l.size();
        return true;
    }

    void blanks() {
        while (i_ < s_.size() && is_blank(s_[i_]))
            if (s_[i_++] == '\n')
                ++line_;
    }

    // Blank text where libxml2 passes it on but nothing keeps it.
    bool text_outside() {
        const std::size_t from = i_;
        blanks();
        if (i_ > from)
            out_.text(s_.substr(from, i_ - from), Kind::text);
        return i_ < s_.size() && s_[i_] == '<';
    }

    // A start tag at i_ ('<' + name); fills name_ and the attributes. Leaves i_ after '>'.
    bool start_tag(bool* self_closing) {
        if (!literal("<"))
            return false;
        const std::size_t n0 = i_;
        while (i_ < s_.size() &&
               ((s_[i_] >= 'a' && s_[i_] <= 'z') || (i_ > n0 && s_[i_] >= '0' && s_[i_] <= '9')))
            ++i_;
        name_ = s_.substr(n0, i_ - n0);
        if (name_.empty())
            return false;
        count_ = 0;
        for (;;) {
            const std::size_t before = i_;
            blanks();
            if (literal(">")) {
                *self_closing = false;
                break;
            }
            if (literal("/>")) {
                *self_closing = true;
                break;
            }
            if (i_ == before)
                return false; // an attribute must follow blanks
            const std::size_t a0 = i_;
            while (i_ < s_.size() &&
                   ((s_[i_] >= 'a' && s_[i_] <= 'z') ||
                    (i_ > a0 && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '-' || s_[i_] == '_'))))
                ++i_;
            if (i_ == a0 || !literal("=\""))
                return false;
            const std::string_view name = s_.substr(a0, i_ - 2 - a0);
            for (std::size_t k = 0; k < count_; k += 2)
                if (values_[k] == name)
                    return false;
            if (values_.size() < count_ + 2)
                values_.resize(count_ + 2);
            values_[count_].assign(name);
            values_[count_ + 1].clear();
            if (!characters('"', &values_[count_ + 1]) || !literal("\""))
                return false;
            count_ += 2;
        }
        // libxml2 reports the element with its input at the '>': the line of that.
        atts_.clear();
        for (std::size_t k = 0; k < count_; ++k)
            atts_.push_back(values_[k].c_str());
        atts_.push_back(nullptr);
        return true;
    }

    void report_start(Where where, std::size_t body_index) {
        tag_ = std::string(name_);
        out_.start(tag_.c_str(), count_ == 0 ? nullptr : atts_.data(), std::min(line_, 65535L));
        stack_.push_back({where, body_index});
    }

    bool open_named(std::string_view want, Where where) {
        bool self_closing = false;
        if (!start_tag(&self_closing) || name_ != want || self_closing || has_class())
            return false;
        report_start(where, kNone);
        return true;
    }

    // Classes on the page's frame elements would make them captured subtrees: not the regular layout.
    bool has_class() const {
        for (std::size_t k = 0; k < count_; k += 2)
            if (values_[k] == "class")
                return true;
        return false;
    }

    bool head_element() {
        bool self_closing = false;
        if (!start_tag(&self_closing) || has_class())
            return false;
        const auto* it = std::find_if(kHead.begin(), kHead.end(), [&](const char* h) { return name_ == h; });
        if (it == kHead.end())
            return false;
        const std::string tag(name_);
        report_start(Where::head, kNone);
        if (is_void(tag) || self_closing) {
            out_.end();
            stack_.pop_back();
            return true;
        }
        const std::size_t from = i_;
        if (tag == "title") {
            std::string t;
            if (!characters('<', &t))
                return false;
            if (!t.empty())
                out_.text(t, Kind::text);
        } else {
            blanks(); // script and style content goes to libxml2's cdataBlock: blanks only here
            if (i_ > from)
                out_.text(s_.substr(from, i_ - from), Kind::cdata);
        }
        if (!literal("</") || !literal(tag) || !literal(">"))
            return false;
        out_.end();
        stack_.pop_back();
        return true;
    }

    // The body's content up to and including </body>.
    bool body() {
        std::string t;
        for (;;) {
            if (i_ >= s_.size())
                return false;
            if (s_[i_] != '<') {
                const bool in_element = stack_.back().body_index != kNone;
                t.clear();
                if (!characters('<', &t))
                    return false;
                if (!in_element && std::any_of(t.begin(), t.end(), [](char c) { return !is_blank(c); }))
                    return false;
                out_.text(t, Kind::text);
                continue;
            }
            if (s_.substr(i_, 2) == "</") {
                i_ += 2;
                const Open top = stack_.back();
                const std::string_view want = top.body_index == kNone
                                                  ? std::string_view("body")
                                                  : std::string_view(kBody[top.body_index]);
                if (!literal(want) || !literal(">"))
                    return false;
                out_.end();
                stack_.pop_back();
                if (top.body_index == kNone && want == "body")
                    return true;
                continue;
            }
            bool self_closing = false;
            if (!start_tag(&self_closing))
                return false;
            const auto* it =
                std::find_if(kBody.begin(), kBody.end(), [&](const char* b) { return name_ == b; });
            if (it == kBody.end() || stack_.size() >= kMaxDepth)
                return false;
            const auto t_index = static_cast<std::size_t>(it - kBody.begin());
            const std::size_t p_index =
                stack_.back().body_index == kNone ? kBody.size() : stack_.back().body_index;
            if (!nesting().allowed[p_index][t_index])
                return false;
            report_start(Where::body, t_index);
            if (is_void(name_) || self_closing) {
                out_.end();
                stack_.pop_back();
            }
        }
    }

    // Characters up to `stop` (not consumed; it must come), references decoded, into `out`; newlines
    // counted. Plain runs are appended whole.
    bool characters(char stop, std::string* out) {
        std::size_t run = i_;
        while (i_ < s_.size() && s_[i_] != stop) {
            const auto c = static_cast<unsigned char>(s_[i_]);
            if (c >= 0x20 && c < 0x80 && c != '&' && c != '<') {
                ++i_;
                continue;
            }
            if (c == '\n' || c == '\t') {
                line_ += c == '\n' ? 1 : 0;
                ++i_;
                continue;
            }
            if (c >= 0x80) {
                const std::size_t n = utf8_length(i_);
                if (n == 0)
                    return false;
                i_ += n;
                continue;
            }
            if (c != '&')
                return false; // '<', CR or another control character
            out->append(s_.substr(run, i_ - run));
            if (literal("&amp;"))
                out->push_back('&');
            else if (literal("&lt;"))
                out->push_back('<');
            else if (literal("&gt;"))
                out->push_back('>');
            else if (literal("&quot;"))
                out->push_back('"');
            else if (literal("&apos;") || literal("&#39;"))
                out->push_back('\'');
            else
                return false;
            run = i_;
        }
        out->append(s_.substr(run, i_ - run));
        return i_ < s_.size();
    }

    // The length of the well-formed UTF-8 character at i (libxml2's IS_CHAR), 0 when it is not one.
    std::size_t utf8_length(std::size_t i) const {
        const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s_[i + k]); };
        const auto cont = [&](std::size_t k) { return i + k < s_.size() && (b(k) & 0xC0) == 0x80; };
        const unsigned char c = b(0);
        std::uint32_t cp = 0;
        std::size_t n = 0;
        if (c >= 0xC2 && c <= 0xDF)
            n = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            n = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 4, cp = c & 0x07;
        else
            return 0;
        for (std::size_t k = 1; k < n; ++k) {
            if (!cont(k))
                return 0;
            cp = (cp << 6) | (b(k) & 0x3F);
        }
        const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
        if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
            return 0;
        return n;
    }

    struct Open {
        Where where;
        std::size_t body_index; // in kBody, kNone for the frame elements
    };

    std::string_view s_;
    Events& out_;
    std::size_t i_ = 0;
    long line_ = 1;
    std::string_view name_;
    std::string tag_;
    std::vector<std::string> values_; // name, value, name, value ... (reused: count_ of them are this tag's)
    std::size_t count_ = 0;
    std::vector<const char*> atts_;
    std::vector<Open> stack_;
};

} // namespace

bool scan_regular(std::string_view html, Events& out) {
    (void)nesting(); // asks libxml2 before the first page
    return Scanner(html, out).run();
}

} // namespace casegraph::ingest::telegram_html::detail
