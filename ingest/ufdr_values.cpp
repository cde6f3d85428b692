// Reading the values of one UFED model: fields, Base64String decoding, the report's three time
// formats, durations, coordinates and member paths (see ufdr.hpp).
#include "chat_time.hpp"
#include "ufdr.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace casegraph::ingest::ufdr {
namespace {

std::string_view trim(std::string_view s) {
    constexpr std::string_view kBlank = " \t\r\n";
    s.remove_prefix(std::min(s.find_first_not_of(kBlank), s.size()));
    s.remove_suffix(s.size() - (s.find_last_not_of(kBlank) + 1)); // npos + 1 == 0 when all blank
    return s;
}

// An attribute's value, "" when absent (without copying it: these run for every field of every model).
std::string_view attr_or_empty(const XmlNode& n, std::string_view local) {
    const std::string* v = n.attr_ptr(local);
    return v == nullptr ? std::string_view() : std::string_view(*v);
}

bool named(const XmlNode& n, std::string_view element, std::string_view name) {
    return n.name == element && attr_or_empty(n, "name") == name;
}

bool is_base64_declared(const XmlNode& field, const XmlNode& value) {
    return attr_or_empty(value, "format") == "Base64String" ||
           attr_or_empty(field, "format") == "Base64String";
}

FieldValue read_value(const XmlNode& field, const XmlNode& value) {
    FieldValue v;
    v.present = true;
    v.text = value.text;
    v.raw = value.text;
    if (is_base64_declared(field, value)) {
        if (auto d = decode_base64(v.text)) {
            v.text = std::move(*d);
            v.base64 = true;
        } else {
            v.problem = "declared Base64String but is not Base64; kept as found";
        }
    }
    return v;
}

// A cursor over a time string.
struct Scan {
    std::string_view s;
    std::size_t i = 0;
    bool digits(std::size_t n, int& out) {
        if (i + n > s.size())
            return false;
        out = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const char c = s[i + k];
            if (!std::isdigit(static_cast<unsigned char>(c)))
                return false;
            out = out * 10 + (c - '0');
        }
        i += n;
        return true;
    }
    bool lit(char c) {
        if (i < s.size() && s[i] == c) {
            ++i;
            return true;
        }
        return false;
    }
    [[nodiscard]] bool done() const { return i >= s.size(); }
};

// ":ss" and ".fff…" after hh:mm; true when a fraction was read.
bool seconds_and_fraction(Scan& sc, store::Civil& c, bool& millis) {
    if (sc.lit(':') && !sc.digits(2, c.second))
        return false;
    if (sc.lit('.') || sc.lit(',')) {
        int digits = 0, ms = 0;
        while (!sc.done() && std::isdigit(static_cast<unsigned char>(sc.s[sc.i]))) {
            if (digits < 3)
                ms = ms * 10 + (sc.s[sc.i] - '0');
            ++digits;
            ++sc.i;
        }
        if (digits == 0)
            return false;
        for (int k = digits; k < 3; ++k)
            ms *= 10;
        c.millis = ms;
        millis = true;
    }
    return true;
}

// "Z", "+01:00", "+0100", "+01" (optionally after one space); nullopt when absent, -1 day on garbage.
std::optional<int> offset_of(Scan& sc, bool& bad) {
    sc.lit(' ');
    if (sc.done())
        return std::nullopt;
    if (sc.lit('Z'))
        return sc.done() ? std::optional<int>(0) : (bad = true, std::nullopt);
    const char sign = sc.s[sc.i];
    if (sign != '+' && sign != '-') {
        bad = true;
        return std::nullopt;
    }
    ++sc.i;
    int hh = 0, mm = 0;
    if (!sc.digits(2, hh)) {
        bad = true;
        return std::nullopt;
    }
    sc.lit(':');
    if (!sc.done() && !sc.digits(2, mm)) {
        bad = true;
        return std::nullopt;
    }
    if (!sc.done() || hh > 14 || mm > 59) {
        bad = true;
        return std::nullopt;
    }
    return (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
}

int month_abbrev(std::string_view m) {
    static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
    if (m.size() != 3)
        return 0;
    std::string low;
    for (const char c : m)
        low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t k = 0; k < kMonths.size(); ++k)
        if (kMonths[k] == low)
            return static_cast<int>(k) + 1;
    return 0;
}

} // namespace

FieldValue field_value(const XmlNode& model, std::string_view name) {
    for (const auto& f : model.children)
        if (named(f, "field", name)) {
            if (const auto* v = f.child("value"))
                return read_value(f, *v);
            return {};
        }
    return {};
}

std::string field(const XmlNode& model, std::string_view name) {
    return std::string(trim(field_value(model, name).text));
}

std::vector<std::string> multi_field(const XmlNode& model, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& f : model.children)
        if (named(f, "multiField", name))
            for (const auto& v : f.children)
                if (v.name == "value")
                    if (auto t = std::string(trim(read_value(f, v).text)); !t.empty())
                        out.push_back(std::move(t));
    return out;
}

const XmlNode* model_field(const XmlNode& model, std::string_view name) {
    for (const auto& f : model.children)
        if (named(f, "modelField", name))
            return f.child("model");
    return nullptr;
}

std::vector<const XmlNode*> multi_model(const XmlNode& model, std::string_view name) {
    std::vector<const XmlNode*> out;
    for (const auto& f : model.children)
        if (named(f, "multiModelField", name))
            for (const auto& m : f.children)
                if (m.name == "model")
                    out.push_back(&m);
    return out;
}

std::vector<std::string> jump_targets(const XmlNode& model) {
    std::vector<std::string> out;
    for (const auto& j : model.children)
        if (j.name == "jumptargets")
            for (const auto& t : j.children)
                if (t.name == "targetid")
                    if (auto id = std::string(trim(t.text)); !id.empty())
                        out.push_back(std::move(id));
    return out;
}

void copy_fields(const XmlNode& model, nlohmann::json& attrs,
                 std::initializer_list<std::pair<const char*, const char*>> names) {
    for (const auto& [f, key] : names)
        if (auto v = field(model, f); !v.empty())
            attrs[key] = v;
}

std::optional<std::string> decode_base64(std::string_view text) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    bool padding = false;
    for (const char ch : text) {
        if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t')
            continue;
        if (ch == '=') {
            padding = true;
            continue;
        }
        int v = -1;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9')
            v = ch - '0' + 52;
        else if (ch == '+' || ch == '-')
            v = 62;
        else if (ch == '/' || ch == '_')
            v = 63;
        if (v < 0 || padding) // a character after '=' is not Base64 either
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (bits >= 6) // one lone character carries no whole byte
        return std::nullopt;
    return out;
}

std::optional<store::EventTime> parse_time(std::string_view raw_in, std::string_view zone,
                                           std::string& problem, nlohmann::json& attrs) {
    const std::string_view raw = trim(raw_in);
    store::Civil c;
    Scan sc{raw};
    std::string rule;
    bool millis = false;
    bool ok = false;
    if (raw.size() >= 10 && raw[4] == '-') {
        // 2021-03-04T10:11:12.000+01:00
        rule = "ufdr iso8601";
        ok = sc.digits(4, c.year) && sc.lit('-') && sc.digits(2, c.month) && sc.lit('-') &&
             sc.digits(2, c.day) && (sc.lit('T') || sc.lit(' ')) && sc.digits(2, c.hour) && sc.lit(':') &&
             sc.digits(2, c.minute) && seconds_and_fraction(sc, c, millis);
    } else if (raw.size() >= 10 && raw[2] == '/') {
        // 04/03/2021 10:11:12 +01:00 (day first)
        rule = "ufdr dd/MM/yyyy";
        ok = sc.digits(2, c.day) && sc.lit('/') && sc.digits(2, c.month) && sc.lit('/') &&
             sc.digits(4, c.year) && sc.lit(' ') && sc.digits(2, c.hour) && sc.lit(':') &&
             sc.digits(2, c.minute) && seconds_and_fraction(sc, c, millis);
    } else if (raw.size() >= 9 && raw[2] == '-') {
        // 04-Mar-21 10:11:12 +01:00
        rule = "ufdr dd-MMM-yy";
        int yy = 0;
        ok = sc.digits(2, c.day) && sc.lit('-') && (c.month = month_abbrev(raw.substr(3, 3))) != 0;
        sc.i = 6;
        ok = ok && sc.lit('-') && sc.digits(2, yy) && sc.lit(' ') && sc.digits(2, c.hour) && sc.lit(':') &&
             sc.digits(2, c.minute) && seconds_and_fraction(sc, c, millis);
        c.year = yy < 70 ? 2000 + yy : 1900 + yy;
    }
    bool bad_offset = false;
    const auto offset = ok ? offset_of(sc, bad_offset) : std::nullopt;
    if (!ok || bad_offset || !store::civil_is_valid(c)) {
        problem =
            "time '" + std::string(raw) +
            "' is in none of the UFED formats (ISO 8601, dd-MMM-yy HH:mm:ss ±hh:mm, dd/MM/yyyy HH:mm:ss "
            "±hh:mm)";
        return std::nullopt;
    }
    const std::string precision = millis ? "ms" : "s";
    if (offset) {
        auto t = store::time_from_unix_ms(store::civil_to_utc_ms(c, *offset), std::string(raw),
                                          rule + "+offset", precision);
        t.offset = store::format_offset(*offset);
        return t;
    }
    return local_event_time(c, std::string(raw), zone, rule + " without offset", precision, attrs);
}

std::optional<std::int64_t> parse_duration(std::string_view raw_in) {
    std::string_view raw = trim(raw_in);
    if (const auto dot = raw.find('.'); dot != std::string_view::npos)
        raw = raw.substr(0, dot); // fractions of a second are dropped: the store keeps whole seconds
    std::vector<std::int64_t> parts{0};
    bool digit = false;
    for (const char ch : raw) {
        if (std::isdigit(static_cast<unsigned char>(ch))) {
            parts.back() = parts.back() * 10 + (ch - '0');
            digit = true;
            if (parts.back() > 1'000'000'000)
                return std::nullopt;
        } else if (ch == ':' && digit && parts.size() < 3) {
            parts.push_back(0);
            digit = false;
        } else {
            return std::nullopt;
        }
    }
    if (!digit)
        return std::nullopt;
    std::int64_t total = 0;
    for (const auto p : parts) // hh:mm:ss, mm:ss or seconds
        total = total * 60 + p;
    return total;
}

std::optional<double> parse_degrees(std::string_view raw_in, double limit) {
    std::string s(trim(raw_in));
    for (auto& ch : s)
        if (ch == ',')
            ch = '.';
    double v = 0;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (!s.empty() && *b == '+')
        ++b;
    const auto r = std::from_chars(b, e, v);
    if (s.empty() || r.ec != std::errc() || r.ptr != e || !(v >= -limit && v <= limit))
        return std::nullopt;
    return v;
}

std::optional<std::string> safe_member_path(std::string_view raw_in) {
    std::string raw(trim(raw_in));
    for (auto& ch : raw)
        if (ch == '\\')
            ch = '/';
    if (raw.empty() || raw.front() == '/' ||
        (raw.size() >= 2 && raw[1] == ':' && std::isalpha(static_cast<unsigned char>(raw[0]))))
        return std::nullopt;
    std::string out;
    std::size_t start = 0;
    while (start <= raw.size()) {
        const auto slash = raw.find('/', start);
        const std::string_view seg = std::string_view(raw).substr(
            start, slash == std::string::npos ? std::string::npos : slash - start);
        if (seg == "..")
            return std::nullopt;
        if (!seg.empty() && seg != ".")
            out += (out.empty() ? "" : "/") + std::string(seg);
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    if (out.empty())
        return std::nullopt;
    return out;
}

} // namespace casegraph::ingest::ufdr
