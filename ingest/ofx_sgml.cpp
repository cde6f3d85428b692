// OFX 1.x SGML / 2.x XML tokenizer (see ofx_sgml.hpp). One pass over the bytes builds a flat node arena:
// no recursion anywhere, so hostile nesting cannot exhaust the stack.
#include "ofx_sgml.hpp"

#include "text_encoding.hpp"

#include <algorithm>

namespace casegraph::ingest::ofx {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == ':';
}
std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return out;
}
std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

void append_code_point(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Decodes one entity at s (which starts with '&'); returns the bytes consumed, 0 when it is a raw '&'
// (real 1.x files write `M&S` unescaped).
std::size_t decode_entity(std::string_view s, std::string& out) {
    const auto semi = s.substr(0, 12).find(';'); // entities are short; never scan far for a raw '&'
    if (semi == std::string_view::npos || semi > 10)
        return 0;
    const std::string_view name = s.substr(1, semi - 1);
    if (name == "amp")
        out.push_back('&');
    else if (name == "lt")
        out.push_back('<');
    else if (name == "gt")
        out.push_back('>');
    else if (name == "quot")
        out.push_back('"');
    else if (name == "apos")
        out.push_back('\'');
    else if (name == "nbsp")
        append_code_point(out, 0xA0);
    else if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        std::uint32_t cp = 0;
        const auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty())
            return 0;
        for (const char c : digits) {
            int v = -1;
            if (c >= '0' && c <= '9')
                v = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                v = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                v = c - 'A' + 10;
            if (v < 0)
                return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
            if (cp > 0x10FFFF)
                return 0;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        append_code_point(out, cp);
    } else {
        return 0;
    }
    return semi + 1;
}

// KEY="value" pairs of a processing instruction (<?OFX OFXHEADER="200" VERSION="211"?>).
void read_pi_attributes(std::string_view pi, std::map<std::string, std::string>& into) {
    std::size_t i = 0;
    while (i < pi.size()) {
        while (i < pi.size() && !is_name_char(pi[i]))
            ++i;
        const auto k0 = i;
        while (i < pi.size() && is_name_char(pi[i]))
            ++i;
        const std::string key = upper(pi.substr(k0, i - k0));
        while (i < pi.size() && is_space(pi[i]))
            ++i;
        if (i >= pi.size() || pi[i] != '=')
            continue;
        ++i;
        while (i < pi.size() && is_space(pi[i]))
            ++i;
        if (i >= pi.size() || (pi[i] != '"' && pi[i] != '\''))
            continue;
        const char q = pi[i++];
        const auto end = pi.find(q, i);
        if (end == std::string_view::npos)
            return;
        if (!key.empty())
            into[key] = std::string(pi.substr(i, end - i));
        i = end + 1;
    }
}

class Builder {
  public:
    // `consumed_at`: the input offset of body[0] when body views the input, npos when it is a transcoded
    // copy (then the whole input is consumed already); `input_size` the input's length.
    Builder(Document& doc, std::string_view body, std::size_t first_line, const OnClose& on_close,
            std::size_t consumed_at, std::size_t input_size)
        : doc_(doc), s_(body), line_(first_line), on_close_(on_close), consumed_at_(consumed_at),
          input_size_(input_size) {
        doc_.nodes.push_back(Node{});
        doc_.nodes[0].line = first_line;
        stack_.push_back(0);
    }

    void run() {
        while (pos_ < s_.size()) {
            const char c = s_[pos_];
            if (c == '<') {
                markup();
            } else if (c == '&') {
                const auto n = decode_entity(s_.substr(pos_), text_);
                if (n == 0) {
                    text_.push_back('&');
                    advance(1);
                } else {
                    advance(n);
                }
            } else {
                text_.push_back(c);
                advance(1);
            }
        }
        resolve_pending(false, {});
        for (std::size_t i = stack_.size(); i-- > 1;)
            problem(doc_.nodes[stack_[i]].line, "<" + doc_.nodes[stack_[i]].name + "> is never closed");
    }

  private:
    void advance(std::size_t n) {
        const auto end = std::min(s_.size(), pos_ + n);
        line_ += static_cast<std::size_t>(std::count(s_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                     s_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
        pos_ = end;
    }
    void problem(std::size_t line, std::string message) {
        doc_.problems.push_back({line, std::move(message)});
    }

    // Skips to just past `terminator` (or to the end when it is missing); returns the content between.
    std::string_view skip_past(std::size_t from, std::string_view terminator) {
        const auto end = s_.find(terminator, from);
        const auto stop = end == std::string_view::npos ? s_.size() : end;
        const auto content = s_.substr(from, stop - from);
        if (end == std::string_view::npos)
            problem(line_, "unterminated markup (expected \"" + std::string(terminator) + "\")");
        advance((end == std::string_view::npos ? s_.size() : end + terminator.size()) - pos_);
        return content;
    }

    void markup() {
        const auto rest = s_.substr(pos_);
        if (rest.substr(0, 4) == "<!--") {
            skip_past(pos_ + 4, "-->");
            return;
        }
        if (rest.substr(0, 9) == "<![CDATA[") {
            text_ += skip_past(pos_ + 9, "]]>");
            saw_cdata_ = true;
            return;
        }
        if (rest.substr(0, 2) == "<?") {
            const auto pi = skip_past(pos_ + 2, "?>");
            const auto target = upper(pi.substr(0, 3));
            if (target == "OFX" || target == "XML")
                read_pi_attributes(pi.substr(3), doc_.header);
            return;
        }
        if (rest.substr(0, 2) == "<!") {
            skip_past(pos_ + 2, ">");
            return;
        }
        const bool closing = rest.size() > 1 && rest[1] == '/';
        std::size_t i = closing ? 2 : 1;
        while (i < rest.size() && is_name_char(rest[i]))
            ++i;
        const auto name_len = i - (closing ? 2 : 1);
        // A tag ends within a short window; searching the whole rest for every stray '<' would be quadratic.
        const auto window = rest.substr(0, std::min(rest.size(), i + 1024));
        const auto gt = window.find('>', i);
        const auto lt = window.find('<', i);
        if (name_len == 0 || gt == std::string_view::npos || (lt != std::string_view::npos && lt < gt)) {
            // Not a tag (a stray '<' in text): keep it as text.
            text_.push_back('<');
            advance(1);
            return;
        }
        const std::string name = upper(rest.substr(closing ? 2 : 1, name_len));
        const bool self_closing = !closing && gt > 0 && rest[gt - 1] == '/';
        const std::size_t tag_line = line_;
        advance(gt + 1);
        if (closing) {
            end_tag(name, tag_line);
        } else {
            resolve_pending(false, {});
            start_tag(name, tag_line);
            if (self_closing)
                resolve_pending(true, name);
        }
    }

    void start_tag(const std::string& name, std::size_t line) {
        Node n;
        n.name = name;
        n.parent = stack_.back();
        n.line = line;
        doc_.nodes.push_back(std::move(n));
        const auto id = doc_.nodes.size() - 1;
        doc_.nodes[stack_.back()].children.push_back(id);
        pending_ = id;
        text_.clear();
        saw_cdata_ = false;
    }

    // Decides what the element just opened was, now that the next markup is here. Text after it makes it a
    // leaf (SGML leaves are never closed); nothing before another start tag makes it an aggregate.
    // `closing_same` is true when the next markup is its own end tag (2.x leaves, empty elements).
    void resolve_pending(bool closing_same, std::string_view /*name*/) {
        if (!pending_) {
            if (!trim(text_).empty())
                problem(line_,
                        "text outside any element: \"" + std::string(trim(text_)).substr(0, 40) + "\"");
            text_.clear();
            return;
        }
        auto& n = doc_.nodes[*pending_];
        const auto value = trim(text_);
        if (!value.empty() || saw_cdata_ || closing_same) {
            n.leaf = true;
            n.text = std::string(value);
        } else if (stack_.size() < kMaxDepth) {
            stack_.push_back(*pending_);
        } else {
            // OFX nests about 10 deep; a cap keeps end-tag matching linear on hostile input.
            n.leaf = true;
            if (!depth_reported_)
                problem(n.line, "elements nested deeper than " + std::to_string(kMaxDepth) +
                                    ": deeper ones kept flat");
            depth_reported_ = true;
        }
        pending_.reset();
        text_.clear();
        saw_cdata_ = false;
    }

    void end_tag(const std::string& name, std::size_t line) {
        if (pending_ && doc_.nodes[*pending_].name == name) {
            resolve_pending(true, name);
            return;
        }
        // A pending element with no text followed by another element's end tag is an empty leaf.
        if (pending_ && trim(text_).empty()) {
            doc_.nodes[*pending_].leaf = true;
            pending_.reset();
            text_.clear();
            saw_cdata_ = false;
        } else {
            resolve_pending(false, {});
        }
        for (std::size_t i = stack_.size(); i-- > 1;) {
            if (doc_.nodes[stack_[i]].name != name)
                continue;
            for (std::size_t j = stack_.size(); j-- > i + 1;)
                problem(doc_.nodes[stack_[j]].line,
                        "<" + doc_.nodes[stack_[j]].name + "> closed implicitly by </" + name + ">");
            const auto node = stack_[i];
            stack_.resize(i);
            // Everything after `node` in the vector was opened inside it: its subtree, and nothing else.
            const auto consumed = consumed_at_ == std::string_view::npos ? input_size_ : consumed_at_ + pos_;
            if (on_close_ && on_close_(node, consumed)) {
                doc_.nodes.resize(node + 1);
                auto& n = doc_.nodes[node];
                std::vector<std::size_t>().swap(n.children);
                n.dropped = true;
            }
            return;
        }
        problem(line, "</" + name + "> without a matching start tag (ignored)");
    }

    Document& doc_;
    std::string_view s_;
    std::size_t pos_ = 0;
    std::size_t line_;
    std::vector<std::size_t> stack_;
    std::optional<std::size_t> pending_;
    std::string text_;
    bool saw_cdata_ = false;
    bool depth_reported_ = false;
    const OnClose& on_close_;
    std::size_t consumed_at_;
    std::size_t input_size_;
    static constexpr std::size_t kMaxDepth = 256;
};

std::size_t count_lines(std::string_view s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

} // namespace

std::optional<std::size_t> Document::child(std::size_t node, std::string_view name) const {
    for (const auto c : nodes[node].children)
        if (nodes[c].name == name)
            return c;
    return std::nullopt;
}

std::vector<std::size_t> Document::children(std::size_t node, std::string_view name) const {
    std::vector<std::size_t> out;
    for (const auto c : nodes[node].children)
        if (nodes[c].name == name)
            out.push_back(c);
    return out;
}

std::optional<std::string> Document::text(std::size_t node, std::string_view name) const {
    const auto c = child(node, name);
    if (!c || !nodes[*c].leaf)
        return std::nullopt;
    return nodes[*c].text;
}

std::vector<std::size_t> Document::descendants(std::size_t node, std::string_view name) const {
    std::vector<std::size_t> out;
    std::vector<std::size_t> todo(nodes[node].children.rbegin(), nodes[node].children.rend());
    while (!todo.empty()) {
        const auto n = todo.back();
        todo.pop_back();
        if (nodes[n].name == name)
            out.push_back(n);
        todo.insert(todo.end(), nodes[n].children.rbegin(), nodes[n].children.rend());
    }
    return out;
}

std::string Document::path(std::size_t node) const {
    std::vector<std::string> steps;
    for (auto n = node; n != 0; n = nodes[n].parent) {
        std::size_t index = 0;
        for (const auto s : nodes[nodes[n].parent].children) {
            if (nodes[s].name == nodes[n].name)
                ++index;
            if (s == n)
                break;
        }
        steps.push_back(nodes[n].name + "[" + std::to_string(index) + "]");
    }
    std::string out;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        out += "/" + *it;
    return out;
}

bool looks_like_ofx(std::string_view head) {
    if (head.substr(0, 3) == "\xEF\xBB\xBF")
        head.remove_prefix(3);
    const auto t = trim(head);
    if (t.substr(0, 10) == "OFXHEADER:")
        return true;
    const auto window = head.substr(0, 4096);
    return window.find("<?OFX") != std::string_view::npos || window.find("<OFX>") != std::string_view::npos;
}

Document parse(std::string_view bytes) {
    Document doc;
    parse(doc, bytes, {});
    return doc;
}

void parse(Document& doc, std::string_view bytes, const OnClose& on_close) {
    const std::string_view input = bytes;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
        bytes.remove_prefix(3);
    std::size_t body_start = 0;
    std::size_t header_lines = 0;
    {
        std::size_t i = 0;
        while (i < bytes.size() && is_space(bytes[i]))
            ++i;
        if (bytes.substr(i, 10) == "OFXHEADER:") {
            // 1.x: KEY:VALUE lines up to the first '<'.
            doc.sgml = true;
            const auto lt = bytes.find('<', i);
            body_start = lt == std::string_view::npos ? bytes.size() : lt;
            const auto block = bytes.substr(0, body_start);
            header_lines = count_lines(block);
            std::size_t p = 0;
            while (p < block.size()) {
                auto eol = block.find('\n', p);
                if (eol == std::string_view::npos)
                    eol = block.size();
                const auto line = trim(block.substr(p, eol - p));
                const auto colon = line.find(':');
                if (colon != std::string_view::npos)
                    doc.header[upper(trim(line.substr(0, colon)))] =
                        std::string(trim(line.substr(colon + 1)));
                p = eol + 1;
            }
        }
    }
    const auto body = bytes.substr(body_start);

    // Charset: the 1.x header's CHARSET/ENCODING, or the <?xml encoding?>; invalid UTF-8 falls back to
    // Windows-1252 (a superset of Latin-1 for printable text) with a problem recorded.
    std::string declared;
    if (doc.sgml) {
        const auto cs = upper(doc.header.count("CHARSET") ? doc.header["CHARSET"] : "");
        const auto enc = upper(doc.header.count("ENCODING") ? doc.header["ENCODING"] : "");
        if (enc == "UTF-8" || enc == "UTF8")
            declared = "utf-8";
        else if (cs == "1252" || cs == "WINDOWS-1252" || cs == "CP1252")
            declared = "windows-1252";
        else if (cs == "ISO-8859-1" || cs == "8859-1" || cs == "LATIN1" || cs == "ISO-8859-15")
            declared = "iso-8859-1";
    } else {
        const auto pi = body.find("<?xml");
        if (pi != std::string_view::npos && pi < 512) {
            std::map<std::string, std::string> attrs;
            const auto end = body.find("?>", pi);
            read_pi_attributes(body.substr(pi + 5, end == std::string_view::npos ? 0 : end - pi - 5), attrs);
            const auto enc = upper(attrs.count("ENCODING") ? attrs["ENCODING"] : "");
            if (enc == "WINDOWS-1252" || enc == "CP1252")
                declared = "windows-1252";
            else if (enc == "ISO-8859-1" || enc == "LATIN1" || enc == "ISO-8859-15")
                declared = "iso-8859-1";
        }
    }
    // Transcoded text when it has to be; UTF-8 input is read in place (a copy held the file twice).
    std::string transcoded;
    std::string_view text = body;
    if (declared == "windows-1252") {
        transcoded = cp1252_to_utf8(body);
        text = transcoded;
        doc.charset = declared;
    } else if (declared == "iso-8859-1") {
        transcoded = latin1_to_utf8(body);
        text = transcoded;
        doc.charset = declared;
    } else if (is_valid_utf8(body)) {
        doc.charset =
            std::all_of(body.begin(), body.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })
                ? "ascii"
                : "utf-8";
    } else {
        transcoded = cp1252_to_utf8(body);
        text = transcoded;
        doc.charset = "windows-1252";
        doc.problems.push_back({header_lines + 1,
                                "text is not valid UTF-8 although no single-byte CHARSET was "
                                "declared; read as Windows-1252"});
    }

    Builder(doc, text, header_lines + 1, on_close,
            transcoded.empty() ? static_cast<std::size_t>(body.data() - input.data())
                               : std::string_view::npos,
            input.size())
        .run();
    if (auto v = doc.header.find("VERSION"); v != doc.header.end())
        doc.version = v->second;
    if (!doc.sgml) {
        // A 2.x file closes its leaves; one that does not is SGML without the 1.x header.
        for (std::size_t i = 1; i < doc.nodes.size(); ++i)
            if (doc.nodes[i].leaf && !doc.nodes[i].text.empty()) {
                doc.sgml = text.find("</" + doc.nodes[i].name + ">") == std::string_view::npos;
                break;
            }
    }
}

} // namespace casegraph::ingest::ofx
