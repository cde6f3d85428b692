// The fields of one div.message (and the chat's name in the page header) read from its captured subtree
// (telegram_html_tree.hpp). Telegram writes every block element as "\n" + indentation + tag, and every line
// break of a message as <br>, so raw newlines (and the indentation after them) in text nodes are layout,
// not content. The subtree is walked iteratively: a hostile page cannot exhaust the stack with deep nesting.
#include "telegram_html_tree.hpp"

#include <array>
#include <utility>

namespace casegraph::ingest::telegram_html::detail {

std::int32_t Tree::add(std::int32_t parent, Node n) {
    const auto i = static_cast<std::int32_t>(nodes_.size());
    n.parent = parent;
    if (parent >= 0) {
        Node& p = nodes_[static_cast<std::size_t>(parent)];
        if (p.last >= 0)
            nodes_[static_cast<std::size_t>(p.last)].next = i;
        else
            p.first = i;
        p.last = i;
    }
    nodes_.push_back(n);
    return i;
}

Span Tree::keep(std::string_view s) {
    const Span out{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(s.size())};
    arena_.append(s);
    return out;
}

std::int32_t Tree::element(std::int32_t parent, const char* name, const char* const* atts) {
    Node n;
    n.name = keep(name == nullptr ? "" : name);
    bool has_cls = false, has_id = false, has_title = false, has_href = false;
    for (std::size_t i = 0; atts != nullptr && atts[i] != nullptr; i += 2) {
        const std::string_view a(atts[i]);
        const std::string_view v =
            atts[i + 1] == nullptr ? std::string_view() : std::string_view(atts[i + 1]);
        // The first of a repeated attribute, as xmlGetProp finds it.
        if (a == "class" && !std::exchange(has_cls, true))
            n.cls = keep(v);
        else if (a == "id" && !std::exchange(has_id, true))
            n.id = keep(v);
        else if (a == "title" && !std::exchange(has_title, true))
            n.title = keep(v);
        else if (a == "href" && !std::exchange(has_href, true))
            n.href = keep(v);
    }
    return add(parent, n);
}

void Tree::text(std::int32_t parent, std::string_view s, Kind kind) {
    if (parent < 0 || s.empty())
        return;
    // libxml2 appends to the parent's last child when it is a text node of the same kind.
    const std::int32_t last = nodes_[static_cast<std::size_t>(parent)].last;
    if (last >= 0 && nodes_[static_cast<std::size_t>(last)].kind == kind) {
        Span& c = nodes_[static_cast<std::size_t>(last)].name;
        if (c.off + c.len != arena_.size()) { // not at the end of the arena: move it there first
            const std::string copy(view(c));
            c = keep(copy);
        }
        arena_.append(s);
        c.len += static_cast<std::uint32_t>(s.size());
        return;
    }
    Node n;
    n.kind = kind;
    n.name = keep(s);
    add(parent, n);
}

void Tree::barrier(std::int32_t parent) {
    if (parent < 0)
        return;
    Node n;
    n.kind = Kind::barrier;
    add(parent, n);
}

bool class_has(std::string_view cls, std::string_view token) {
    std::size_t i = 0;
    while (i < cls.size()) {
        while (i < cls.size() && (cls[i] == ' ' || cls[i] == '\t' || cls[i] == '\n'))
            ++i;
        std::size_t j = i;
        while (j < cls.size() && cls[j] != ' ' && cls[j] != '\t' && cls[j] != '\n')
            ++j;
        if (cls.substr(i, j - i) == token)
            return true;
        i = j;
    }
    return false;
}

namespace {

bool is_element(const Tree& t, std::int32_t n, std::string_view tag) {
    return t.at(n).kind == Kind::element && t.view(t.at(n).name) == tag;
}

bool has_class(const Tree& t, std::int32_t n, std::string_view token) {
    return t.at(n).kind == Kind::element && class_has(t.view(t.at(n).cls), token);
}

std::string attr(const Tree& t, std::int32_t n, Span Node::*which) {
    return std::string(t.view(t.at(n).*which));
}

// Visits the subtree below `root` in document order; `visit` returns whether to descend into a node.
template <class F> void walk(const Tree& t, std::int32_t root, F&& visit) {
    std::int32_t n = t.at(root).first;
    while (n >= 0) {
        if (visit(n) && t.at(n).first >= 0) {
            n = t.at(n).first;
            continue;
        }
        while (n != root && t.at(n).next < 0)
            n = t.at(n).parent;
        if (n == root)
            break;
        n = t.at(n).next;
    }
}

// The first element below `root` with class `token`, or -1.
std::int32_t find_class(const Tree& t, std::int32_t root, std::string_view token) {
    std::int32_t found = -1;
    walk(t, root, [&](std::int32_t n) {
        if (found >= 0 || t.at(n).kind != Kind::element)
            return false;
        if (has_class(t, n, token)) {
            found = n;
            return false;
        }
        return true;
    });
    return found;
}

void append_text_node(std::string& out, std::string_view s) {
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
std::string text_of(const Tree& t, std::int32_t root, std::string_view skip = {}) {
    std::string out;
    walk(t, root, [&](std::int32_t n) {
        const Node& x = t.at(n);
        if (x.kind == Kind::text || x.kind == Kind::cdata) {
            append_text_node(out, t.view(x.name));
            return false;
        }
        if (is_element(t, n, "br")) {
            out.push_back('\n');
            return false;
        }
        return skip.empty() || !has_class(t, n, skip);
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

void read_media(const Tree& t, std::int32_t wrap, Message& m) {
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
    walk(t, wrap, [&](std::int32_t n) {
        if (t.at(n).kind != Kind::element || !md.kind.empty())
            return false;
        for (const auto& [cls, kind] : kWraps)
            if (has_class(t, n, cls))
                md.kind = kind;
        for (auto cls : kGeneric)
            if (md.kind.empty() && has_class(t, n, cls))
                md.kind = cls.substr(6);
        if (md.kind.empty() && has_class(t, n, "media_poll"))
            md.kind = "poll";
        if (md.kind.empty())
            return true;
        if (is_element(t, n, "a"))
            md.href = attr(t, n, &Node::href);
        if (const auto ti = find_class(t, n, "title"); ti >= 0)
            md.title = trim(text_of(t, ti));
        if (const auto d = find_class(t, n, "description"); d >= 0)
            md.description = trim(text_of(t, d));
        if (const auto s = find_class(t, n, "status"); s >= 0)
            md.status = trim(text_of(t, s));
        if (md.kind == "poll")
            if (const auto q = find_class(t, n, "question"); q >= 0)
                md.title = trim(text_of(t, q));
        return false;
    });
    if (md.kind.empty())
        md.kind = "media";
    m.media.push_back(std::move(md));
}

void read_default(const Tree& t, Message& m) {
    m.joined = has_class(t, 0, "joined");
    std::int32_t body = -1;
    for (auto c = t.at(0).first; c >= 0; c = t.at(c).next)
        if (has_class(t, c, "body"))
            body = c;
    if (body < 0)
        return;
    for (auto c = t.at(body).first; c >= 0; c = t.at(c).next) {
        if (t.at(c).kind != Kind::element)
            continue;
        if (has_class(t, c, "date") && !m.date_title) {
            m.date_title = attr(t, c, &Node::title);
        } else if (has_class(t, c, "from_name") && !m.from_name) {
            std::string name = trim(text_of(t, c));
            if (const auto via = name.find(" via @"); via != std::string::npos) {
                m.via_bot = name.substr(via + 6);
                name = trim(name.substr(0, via));
            }
            m.from_name = name;
        }
    }
    std::int32_t content = body;
    std::int32_t fwd = -1;
    for (auto c = t.at(body).first; c >= 0; c = t.at(c).next)
        if (has_class(t, c, "forwarded") && has_class(t, c, "body"))
            fwd = c;
    if (fwd >= 0) {
        content = fwd;
        if (const auto fn = find_class(t, fwd, "from_name"); fn >= 0) {
            m.forwarded_from = trim(text_of(t, fn, "details"));
            if (const auto d = find_class(t, fn, "details"); d >= 0)
                m.forwarded_date = trim(text_of(t, d));
        } else {
            m.forwarded_from = ""; // a forward joined to the previous one from the same origin
        }
    }
    if (const auto r = find_class(t, body, "reply_to"); r >= 0) {
        const std::string label = text_of(t, r);
        m.reply_to = label.find("another chat") != std::string::npos ? "another chat" : "";
        walk(t, r, [&](std::int32_t n) {
            if (!is_element(t, n, "a"))
                return true;
            const std::string href = attr(t, n, &Node::href);
            if (const auto p = href.find("go_to_message"); p != std::string::npos)
                m.reply_to = message_number("message" + href.substr(p + 13));
            return false;
        });
    }
    for (auto c = t.at(content).first; c >= 0; c = t.at(c).next) {
        if (has_class(t, c, "media_wrap"))
            read_media(t, c, m);
        else if (has_class(t, c, "text") && !m.text) {
            m.text = text_of(t, c);
            walk(t, c, [&](std::int32_t n) {
                if (is_element(t, n, "a"))
                    m.links.push_back({attr(t, n, &Node::href), trim(text_of(t, n))});
                return true;
            });
        } else if (has_class(t, c, "signature"))
            m.signature = trim(text_of(t, c));
    }
}

} // namespace

std::string header_name(const Tree& t) {
    const auto n = find_class(t, 0, "text");
    return n >= 0 ? trim(text_of(t, n)) : std::string();
}

void read_message(const Tree& t, Message& m) {
    m.id = attr(t, 0, &Node::id);
    m.service = has_class(t, 0, "service");
    if (m.service) {
        if (const auto b = find_class(t, 0, "body"); b >= 0)
            m.service_text = trim(text_of(t, b));
    } else {
        read_default(t, m);
    }
}

} // namespace casegraph::ingest::telegram_html::detail
