// Reading a Telegram Desktop HTML page (see telegram_html_page.hpp). Telegram writes every block element as
// "\n" + indentation + tag, and every line break of a message as <br>, so raw newlines (and the indentation
// after them) in text nodes are layout, not content. The tree is walked iteratively: a hostile page cannot
// exhaust the stack with deep nesting.
#include "telegram_html_page.hpp"

#include <array>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <memory>

namespace casegraph::ingest::telegram_html {
namespace {

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string attr(const xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (v == nullptr)
        return {};
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
}

bool is_element(const xmlNode* n, std::string_view tag) {
    return n->type == XML_ELEMENT_NODE && n->name != nullptr &&
           std::string_view(reinterpret_cast<const char*>(n->name)) == tag;
}

// Does the class attribute hold `token` as one of its space-separated words?
bool has_class(const xmlNode* n, std::string_view token) {
    if (n->type != XML_ELEMENT_NODE)
        return false;
    const std::string cls = attr(n, "class");
    std::size_t i = 0;
    while (i < cls.size()) {
        while (i < cls.size() && (cls[i] == ' ' || cls[i] == '\t' || cls[i] == '\n'))
            ++i;
        std::size_t j = i;
        while (j < cls.size() && cls[j] != ' ' && cls[j] != '\t' && cls[j] != '\n')
            ++j;
        if (std::string_view(cls).substr(i, j - i) == token)
            return true;
        i = j;
    }
    return false;
}

// Visits the subtree below `root` in document order; `visit` returns whether to descend into a node.
template <class F> void walk(xmlNode* root, F&& visit) {
    xmlNode* n = root->children;
    while (n != nullptr) {
        if (visit(n) && n->children != nullptr) {
            n = n->children;
            continue;
        }
        while (n != root && n->next == nullptr)
            n = n->parent;
        if (n == root)
            break;
        n = n->next;
    }
}

// The first element below `root` with class `token`.
xmlNode* find_class(xmlNode* root, std::string_view token) {
    xmlNode* found = nullptr;
    walk(root, [&](xmlNode* n) {
        if (found != nullptr || n->type != XML_ELEMENT_NODE)
            return false;
        if (has_class(n, token)) {
            found = n;
            return false;
        }
        return true;
    });
    return found;
}

void append_text_node(std::string& out, const xmlNode* n) {
    if (n->content == nullptr)
        return;
    const std::string_view s(reinterpret_cast<const char*>(n->content));
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' || s[i] == '\r') {
            while (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n'))
                ++i; // the layout newline and the indentation after it
            continue;
        }
        out.push_back(s[i]);
    }
}

// The text of an element: <br> as a newline, layout whitespace dropped, elements `skip` rejects left out.
std::string text_of(xmlNode* root, std::string_view skip = {}) {
    std::string out;
    walk(root, [&](xmlNode* n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            append_text_node(out, n);
            return false;
        }
        if (is_element(n, "br")) {
            out.push_back('\n');
            return false;
        }
        return skip.empty() || !has_class(n, skip);
    });
    return out;
}

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

void read_media(xmlNode* wrap, Message& m) {
    // The element that carries the kind: an <a> or <div> with a *_wrap or media_* class.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kWraps{{
        {"photo_wrap", "photo"},
        {"video_file_wrap", "video_file"},
        {"animated_wrap", "animation"},
        {"sticker_wrap", "sticker"},
    }};
    static constexpr std::array<std::string_view, 12> kGeneric{
        "media_photo", "media_video",   "media_voice_message", "media_audio_file",
        "media_file",  "media_contact", "media_location",      "media_venue",
        "media_call",  "media_game",    "media_invoice",       "media_live_location"};
    Media md;
    walk(wrap, [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE || !md.kind.empty())
            return false;
        for (const auto& [cls, kind] : kWraps)
            if (has_class(n, cls))
                md.kind = kind;
        for (auto cls : kGeneric)
            if (md.kind.empty() && has_class(n, cls))
                md.kind = cls.substr(6);
        if (md.kind.empty() && has_class(n, "media_poll"))
            md.kind = "poll";
        if (md.kind.empty())
            return true;
        if (is_element(n, "a"))
            md.href = attr(n, "href");
        if (auto* t = find_class(n, "title"))
            md.title = trim(text_of(t));
        if (auto* d = find_class(n, "description"))
            md.description = trim(text_of(d));
        if (auto* s = find_class(n, "status"))
            md.status = trim(text_of(s));
        if (md.kind == "poll")
            if (auto* q = find_class(n, "question"))
                md.title = trim(text_of(q));
        return false;
    });
    if (md.kind.empty())
        md.kind = "media";
    m.media.push_back(std::move(md));
}

void read_default(xmlNode* div, Message& m) {
    m.joined = has_class(div, "joined");
    xmlNode* body = nullptr;
    for (xmlNode* c = div->children; c != nullptr; c = c->next)
        if (has_class(c, "body"))
            body = c;
    if (body == nullptr)
        return;
    for (xmlNode* c = body->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (has_class(c, "date") && !m.date_title) {
            m.date_title = attr(c, "title");
        } else if (has_class(c, "from_name") && !m.from_name) {
            std::string name = trim(text_of(c));
            if (const auto via = name.find(" via @"); via != std::string::npos) {
                m.via_bot = name.substr(via + 6);
                name = trim(name.substr(0, via));
            }
            m.from_name = name;
        }
    }
    xmlNode* content = body;
    xmlNode* fwd = nullptr;
    for (xmlNode* c = body->children; c != nullptr; c = c->next)
        if (has_class(c, "forwarded") && has_class(c, "body"))
            fwd = c;
    if (fwd != nullptr) {
        content = fwd;
        if (xmlNode* fn = find_class(fwd, "from_name")) {
            m.forwarded_from = trim(text_of(fn, "details"));
            if (xmlNode* d = find_class(fn, "details"))
                m.forwarded_date = trim(text_of(d));
        } else {
            m.forwarded_from = ""; // a forward joined to the previous one from the same origin
        }
    }
    if (xmlNode* r = find_class(body, "reply_to")) {
        const std::string label = text_of(r);
        m.reply_to = label.find("another chat") != std::string::npos ? "another chat" : "";
        walk(r, [&](xmlNode* n) {
            if (!is_element(n, "a"))
                return true;
            const std::string href = attr(n, "href");
            if (const auto p = href.find("go_to_message"); p != std::string::npos)
                m.reply_to = message_number("message" + href.substr(p + 13));
            return false;
        });
    }
    for (xmlNode* c = content->children; c != nullptr; c = c->next) {
        if (has_class(c, "media_wrap"))
            read_media(c, m);
        else if (has_class(c, "text") && !m.text) {
            m.text = text_of(c);
            walk(c, [&](xmlNode* n) {
                if (is_element(n, "a"))
                    m.links.push_back({attr(n, "href"), trim(text_of(n))});
                return true;
            });
        } else if (has_class(c, "signature"))
            m.signature = trim(text_of(c));
    }
}

} // namespace

Page read_page(std::string_view html) {
    Page page;
    if (html.size() > static_cast<std::size_t>(INT32_MAX))
        return page;
    std::unique_ptr<xmlDoc, DocFree> doc(
        htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
    if (!doc)
        return page;
    page.parsed = true;
    std::int64_t number = 0;
    // xmlDoc starts with the same links as xmlNode (children, parent, next): walk from the document.
    walk(reinterpret_cast<xmlNode*>(doc.get()), [&](xmlNode* n) {
        if (n->type != XML_ELEMENT_NODE)
            return false;
        if (page.chat_name.empty() && has_class(n, "page_header")) {
            if (xmlNode* t = find_class(n, "text"))
                page.chat_name = trim(text_of(t));
            return false;
        }
        if (!is_element(n, "div") || !has_class(n, "message"))
            return true;
        Message m;
        m.number = ++number;
        m.id = attr(n, "id");
        m.line = static_cast<long>(xmlGetLineNo(n));
        m.service = has_class(n, "service");
        if (m.service) {
            if (xmlNode* b = find_class(n, "body"))
                m.service_text = trim(text_of(b));
        } else {
            read_default(n, m);
        }
        page.messages.push_back(std::move(m));
        return false; // messages do not nest
    });
    return page;
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
