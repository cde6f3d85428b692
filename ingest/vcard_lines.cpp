// vCard line layer: unfolding, property parsing and value decoding (see vcard_lines.hpp).
#include "vcard_lines.hpp"

#include <cctype>

namespace casegraph::ingest::vcard {
namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// True when the parameter part of a raw property line (before the first ':') declares quoted-printable.
bool declares_qp(std::string_view line) {
    // Only the name and parameters matter, and they are short: looking at no more than 4 KiB keeps a
    // long line that ends in '=' again and again from making unfolding quadratic.
    const auto colon = line.substr(0, 4096).find(':');
    const auto head = upper(line.substr(0, colon == std::string_view::npos ? 4096 : colon));
    return head.find("QUOTED-PRINTABLE") != std::string::npos;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

bool Unfolder::physical(std::string_view& line, int& number) {
    if (pos_ >= text_.size())
        return false;
    std::size_t i = pos_;
    while (i < text_.size() && text_[i] != '\n' && text_[i] != '\r')
        ++i;
    line = text_.substr(pos_, i - pos_);
    number = number_++;
    if (i < text_.size() && text_[i] == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n')
        ++i;
    pos_ = i + 1; // may pass the end by one when the text ends without a line break
    return true;
}

void Unfolder::take(std::string_view line, int number) {
    pending_ = {std::string(line), number};
    have_pending_ = true;
    qp_open_ = !line.empty() && line.back() == '=' && declares_qp(line);
}

bool Unfolder::next(LogicalLine& out) {
    std::string_view t;
    int n = 0;
    while (physical(t, n)) {
        if (have_pending_ && (qp_open_ || (!t.empty() && (t[0] == ' ' || t[0] == '\t')))) {
            auto& cur = pending_.text;
            if (qp_open_) {
                cur.pop_back(); // the soft-break '='
                cur.append(t);
            } else {
                cur.append(t.substr(1));
            }
            qp_open_ = !cur.empty() && cur.back() == '=' && (qp_open_ || declares_qp(cur));
            continue;
        }
        const bool had = have_pending_;
        if (had)
            out = std::move(pending_);
        take(t, n);
        if (had)
            return true;
    }
    if (!have_pending_)
        return false;
    out = std::move(pending_);
    have_pending_ = false;
    return true;
}

std::vector<LogicalLine> unfold(std::string_view text) {
    std::vector<LogicalLine> out;
    Unfolder u(text);
    for (LogicalLine l; u.next(l);)
        out.push_back(std::move(l));
    return out;
}

std::optional<std::string> Property::param(std::string_view pname) const {
    for (const auto& [k, v] : params)
        if (k == pname)
            return v;
    return std::nullopt;
}

bool Property::has_type(std::string_view type) const {
    for (const auto& [k, v] : params)
        if (k == "TYPE" && iequals(v, type))
            return true;
    return false;
}

std::optional<Property> parse_property(const LogicalLine& line) {
    const std::string_view t = line.text;
    // The name and parameters end at the first ':' outside a quoted parameter value.
    std::size_t colon = std::string_view::npos;
    bool quoted = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (t[i] == ':' && !quoted) {
            colon = i;
            break;
        }
    }
    if (colon == std::string_view::npos)
        return std::nullopt;
    Property p;
    p.line = line.line;
    p.value = std::string(t.substr(colon + 1));
    const std::string_view head = t.substr(0, colon);
    // Split the head on ';' outside quotes.
    std::vector<std::string_view> parts;
    std::size_t s = 0;
    quoted = false;
    for (std::size_t i = 0; i <= head.size(); ++i) {
        if (i < head.size() && head[i] == '"')
            quoted = !quoted;
        if (i == head.size() || (head[i] == ';' && !quoted)) {
            parts.push_back(head.substr(s, i - s));
            s = i + 1;
        }
    }
    std::string_view name = parts.empty() ? std::string_view{} : parts[0];
    if (const auto dot = name.find('.'); dot != std::string_view::npos) {
        p.group = std::string(name.substr(0, dot));
        name = name.substr(dot + 1);
    }
    p.name = upper(name);
    while (!p.name.empty() && (p.name.back() == ' ' || p.name.back() == '\t'))
        p.name.pop_back();
    if (p.name.empty())
        return std::nullopt;
    for (std::size_t i = 1; i < parts.size(); ++i) {
        const auto part = parts[i];
        if (part.empty())
            continue;
        const auto eq = part.find('=');
        if (eq == std::string_view::npos) {
            // vCard 2.1: "TEL;CELL;PREF" and "PHOTO;JPEG"; "QUOTED-PRINTABLE" / "BASE64" alone are encodings.
            const auto u = upper(part);
            if (u == "QUOTED-PRINTABLE" || u == "BASE64" || u == "B" || u == "8BIT")
                p.params.emplace_back("ENCODING", std::string(part));
            else
                p.params.emplace_back("TYPE", std::string(part));
            continue;
        }
        const auto key = upper(part.substr(0, eq));
        std::string_view vals = part.substr(eq + 1);
        // "TYPE=HOME,FAX" and "TYPE=\"home,fax\"": one entry per value.
        std::size_t vs = 0;
        for (std::size_t j = 0; j <= vals.size(); ++j) {
            if (j == vals.size() || vals[j] == ',') {
                auto v = vals.substr(vs, j - vs);
                while (!v.empty() && v.front() == '"')
                    v.remove_prefix(1);
                while (!v.empty() && v.back() == '"')
                    v.remove_suffix(1);
                p.params.emplace_back(key, std::string(v));
                vs = j + 1;
            }
        }
    }
    return p;
}

std::string decode_quoted_printable(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '=' && i + 2 < in.size() && hex_digit(in[i + 1]) >= 0 && hex_digit(in[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(in[i + 1]) * 16 + hex_digit(in[i + 2]));
            i += 2;
        } else if (in[i] == '=' && i + 1 == in.size()) {
            // A trailing soft break left over (the next line was missing): drop the '='.
        } else {
            out += in[i];
        }
    }
    return out;
}

Decoded decode_value(const Property& p) {
    Decoded d;
    const auto enc = upper(p.param("ENCODING").value_or(""));
    if (enc == "BASE64" || enc == "B") {
        d.text = p.value;
        return d;
    }
    std::string bytes = enc == "QUOTED-PRINTABLE" ? decode_quoted_printable(p.value) : p.value;
    const auto charset = upper(p.param("CHARSET").value_or(""));
    if (charset == "WINDOWS-1252" || charset == "CP1252") {
        d.text = cp1252_to_utf8(bytes);
    } else if (charset == "ISO-8859-1" || charset == "LATIN1") {
        d.text = latin1_to_utf8(bytes);
        if (charset != "ISO-8859-1" && charset != "LATIN1")
            d.assumption = "charset " + charset + " read as ISO-8859-1";
    } else if (valid_utf8(bytes)) {
        d.text = std::move(bytes);
        if (!charset.empty() && charset != "UTF-8" && charset != "US-ASCII" && charset != "UTF8")
            d.assumption = "charset " + charset + " not supported; the bytes were valid UTF-8 and kept";
    } else if (charset == "UTF-8" || charset == "UTF8") {
        // Declared UTF-8 but broken (a cut sequence): keep what is valid, mark what is not.
        d.text = utf8_lossy(bytes);
        d.assumption = "value declared UTF-8 holds invalid bytes; each was replaced by U+FFFD";
    } else {
        d.text = latin1_to_utf8(bytes);
        d.assumption = "value is not UTF-8" +
                       (charset.empty() ? std::string() : " (CHARSET=" + charset + ")") +
                       "; read as ISO-8859-1";
    }
    return d;
}

std::string unescape(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
            const char n = v[i + 1];
            if (n == 'n' || n == 'N')
                out += '\n';
            else
                out += n; // "\," "\;" "\\" "\:" (Apple escapes ':' in URLs)
            ++i;
        } else {
            out += v[i];
        }
    }
    return out;
}

std::vector<std::string> split_components(std::string_view value, char separator) {
    std::vector<std::string> out;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < value.size()) {
        if (value[i] == '\\') {
            i += 2; // the escaped character never separates
            continue;
        }
        if (value[i] == separator) {
            out.push_back(unescape(value.substr(start, i - start)));
            start = i + 1;
        }
        ++i;
    }
    out.push_back(unescape(value.substr(start < value.size() ? start : value.size())));
    return out;
}

} // namespace casegraph::ingest::vcard
