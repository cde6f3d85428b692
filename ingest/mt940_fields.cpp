// MT940 splitter and field parsers (see mt940_fields.hpp).
#include "mt940_fields.hpp"

#include "bank_common.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace casegraph::ingest::mt940 {
namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}
bool upper(char c) {
    return c >= 'A' && c <= 'Z';
}

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string_view rtrim(std::string_view s) {
    const auto e = s.find_last_not_of(" \t\r\n");
    return e == std::string_view::npos ? std::string_view() : s.substr(0, e + 1);
}

int number(std::string_view s) {
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), digit);
}

// ":61:..." -> tag "61", rest; ":940:" (Rabobank's first line) is not a tag: tags are 2 digits and
// an optional letter.
bool split_tag(std::string_view line, std::string& tag, std::string_view& rest) {
    if (line.size() < 4 || line[0] != ':' || !digit(line[1]) || !digit(line[2]))
        return false;
    std::size_t end = 3;
    if (upper(line[3]))
        end = 4;
    if (end >= line.size() || line[end] != ':')
        return false;
    tag = std::string(line.substr(1, end - 1));
    rest = line.substr(end + 1);
    return true;
}

// Tags whose value is one line: a further line is not theirs (:61: takes exactly one more).
bool single_line(std::string_view tag) {
    return tag == "20" || tag == "21" || tag == "25" || tag == "28" || tag == "28C" || tag == "60F" ||
           tag == "60M" || tag == "62F" || tag == "62M" || tag == "64" || tag == "65";
}

bool bic_shaped(std::string_view s) {
    if (s.size() != 8 && s.size() != 11)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(upper(s[i]) || (i >= 6 && digit(s[i]))))
            return false;
    return true;
}

} // namespace

void Splitter::flush(std::vector<Item>& out) {
    if (pending_) {
        out.push_back(std::move(*pending_));
        pending_.reset();
    }
}

void Splitter::end_statement(std::vector<Item>& out) {
    flush(out);
    if (open_) {
        Item end;
        end.kind = Item::Kind::statement_end;
        end.statement = statement_;
        out.push_back(std::move(end));
        open_ = false;
    }
}

void Splitter::outside_line(std::string_view text) {
    ++preamble_lines_;
    // ABN AMRO writes its BIC on the lines before :20:; it tells which bank a bare account number is at.
    if (preamble_bic_.empty() && bic_shaped(text))
        preamble_bic_ = std::string(text);
}

void Splitter::feed(std::string_view raw, int line_no, std::vector<Item>& out) {
    std::string clean;
    clean.reserve(raw.size());
    for (char c : raw) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r')
            continue;
        if (c == '\t') {
            clean.push_back(' ');
        } else if (u < 0x20 || u == 0x7F) {
            ++control_bytes_; // SOH/ETX transmission framing and stray control characters
        } else {
            clean.push_back(c);
        }
    }
    std::string_view s = clean;
    // SWIFT blocks {1:...}{2:...}{3:{...}} before the text block {4:, which may share the line with a tag.
    while (!s.empty() && s[0] == '{') {
        if (s.substr(0, 3) == "{4:") {
            s.remove_prefix(3);
            break;
        }
        int depth = 0;
        std::size_t end = std::string_view::npos;
        for (std::size_t i = 0; i < s.size(); ++i) {
            depth += s[i] == '{' ? 1 : (s[i] == '}' ? -1 : 0);
            if (depth == 0) {
                end = i;
                break;
            }
        }
        if (end == std::string_view::npos) {
            ++preamble_lines_;
            return;
        }
        s.remove_prefix(end + 1);
    }
    const std::string_view t = rtrim(s);
    if (t.empty())
        return; // blank lines (ABN AMRO has them between records) carry nothing and end nothing
    if (t == "-" || t.substr(0, 2) == "-}") {
        end_statement(out);
        return;
    }
    std::string tag;
    std::string_view rest;
    if (split_tag(t, tag, rest)) {
        flush(out);
        if (tag == "20" || !open_) {
            if (open_)
                end_statement(out);
            ++statement_;
            open_ = true;
            if (tag != "20") {
                Item p;
                p.kind = Item::Kind::problem;
                p.statement = statement_;
                p.line = line_no;
                p.message = "statement starts with :" + tag + ": instead of :20: (no transaction reference)";
                out.push_back(std::move(p));
            }
        }
        Item f;
        f.statement = statement_;
        f.line = line_no;
        f.tag = std::move(tag);
        f.value = std::string(s.substr(t.size() - rest.size())); // the raw rest, trailing spaces and all
        pending_ = std::move(f);
        continuation_ = 0;
        return;
    }
    if (pending_) {
        ++continuation_;
        if (single_line(pending_->tag) || (pending_->tag == "61" && continuation_ > 1)) {
            Item p;
            p.kind = Item::Kind::problem;
            p.statement = statement_;
            p.line = line_no;
            p.error = true;
            p.message = "line " + std::to_string(line_no) +
                        " is not a tag and cannot continue :" + pending_->tag + ": (line " +
                        std::to_string(pending_->line) + "): '" + std::string(t.substr(0, 80)) +
                        "'; not imported";
            out.push_back(std::move(p));
            return;
        }
        pending_->value += "\n";
        pending_->value += s;
        return;
    }
    outside_line(t);
}

void Splitter::finish(std::vector<Item>& out) {
    end_statement(out);
}

store::Civil parse_yymmdd(std::string_view s) {
    if (s.size() != 6 || !all_digits(s))
        throw FieldError("date '" + std::string(s) + "' is not YYMMDD");
    const int yy = number(s.substr(0, 2));
    store::Civil c;
    c.year = yy >= 70 ? 1900 + yy : 2000 + yy;
    c.month = number(s.substr(2, 2));
    c.day = number(s.substr(4, 2));
    if (!store::civil_is_valid(c))
        throw FieldError("date '" + std::string(s) + "' is not a calendar date");
    return c;
}

Balance parse_balance(std::string_view value) {
    const std::string_view v = trim(value);
    const std::string shown(v);
    if (v.size() < 12 || (v[0] != 'C' && v[0] != 'D'))
        throw FieldError("balance '" + shown + "' is not C|D YYMMDD CCY amount");
    Balance b;
    b.mark = v[0];
    b.date = parse_yymmdd(v.substr(1, 6));
    b.currency = std::string(v.substr(7, 3));
    if (!std::all_of(b.currency.begin(), b.currency.end(), upper))
        throw FieldError("balance '" + shown + "' has no currency code after the date");
    b.amount = std::string(v.substr(10));
    const auto a = bank::parse_amount(b.amount, bank::minor_digits(b.currency), ',');
    if (!a.minor)
        throw FieldError("balance '" + shown + "': " + a.error);
    b.minor = b.mark == 'D' ? -*a.minor : *a.minor;
    return b;
}

store::Civil resolve_entry_date(const store::Civil& value_date, int month, int day) {
    const std::int64_t v = store::civil_to_utc_ms(value_date);
    std::optional<store::Civil> best;
    std::int64_t best_gap = 0;
    for (int dy : {0, -1, 1}) {
        store::Civil c;
        c.year = value_date.year + dy;
        c.month = month;
        c.day = day;
        if (!store::civil_is_valid(c))
            continue;
        const std::int64_t gap = std::llabs(store::civil_to_utc_ms(c) - v);
        if (!best || gap < best_gap) {
            best = c;
            best_gap = gap;
        }
    }
    if (!best)
        throw FieldError("entry date " + std::to_string(month) + "-" + std::to_string(day) +
                         " is not a calendar date");
    return *best;
}

StatementLine parse_61(std::string_view value) {
    const auto nl = value.find('\n');
    const std::string_view first = trim(value.substr(0, nl));
    const std::string shown(first);
    StatementLine l;
    if (nl != std::string_view::npos)
        l.details = std::string(trim(value.substr(nl + 1)));
    std::size_t i = 0;
    if (first.size() < 6)
        throw FieldError("statement line '" + shown + "' is too short for a value date");
    l.value_date = parse_yymmdd(first.substr(0, 6));
    i = 6;
    if (i + 4 <= first.size() && all_digits(first.substr(i, 4))) {
        l.entry_date =
            resolve_entry_date(l.value_date, number(first.substr(i, 2)), number(first.substr(i + 2, 2)));
        i += 4;
    }
    if (first.substr(i, 2) == "RC" || first.substr(i, 2) == "RD") {
        l.mark = std::string(first.substr(i, 2));
        i += 2;
    } else if (i < first.size() && (first[i] == 'C' || first[i] == 'D')) {
        l.mark = std::string(1, first[i]);
        i += 1;
    } else {
        throw FieldError("statement line '" + shown +
                         "' has no debit/credit mark (C, D, RC, RD) after the date");
    }
    if (i < first.size() && upper(first[i])) {
        l.funds_code = std::string(1, first[i]);
        ++i;
    }
    const std::size_t a = i;
    while (i < first.size() && (digit(first[i]) || first[i] == ','))
        ++i;
    l.amount = std::string(first.substr(a, i - a));
    if (l.amount.empty() || std::count(l.amount.begin(), l.amount.end(), ',') != 1 || l.amount[0] == ',')
        throw FieldError("statement line '" + shown + "' has no amount with a decimal comma after the mark");
    if (i + 4 > first.size() || (first[i] != 'N' && first[i] != 'S' && first[i] != 'F'))
        throw FieldError("statement line '" + shown +
                         "' has no transaction type (N/S/F + 3) after the amount");
    l.type = std::string(first.substr(i, 4));
    i += 4;
    const std::string_view refs = first.substr(i);
    const auto slash = refs.find("//");
    l.customer_ref = std::string(trim(refs.substr(0, slash)));
    if (slash != std::string_view::npos)
        l.bank_ref = std::string(trim(refs.substr(slash + 2)));
    return l;
}

namespace {

// SEPA purpose keywords German banks put inside ?20-?29 (ZKA "Verwendungszweck" structure).
constexpr std::string_view kSepaKeys[] = {"EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA",
                                          "ABWE", "IBAN", "BIC",  "COAM", "OAMT", "PURP"};

// The key of a SEPA keyword at the start of a subfield ("EREF+..."), or "".
std::string_view sepa_key(std::string_view piece) {
    for (auto k : kSepaKeys)
        if (piece.size() > k.size() && piece.compare(0, k.size(), k) == 0 && piece[k.size()] == '+')
            return k;
    return {};
}

// ?20-?29, ?60-?63 and the name's ?32-?33 hold at most 27 characters each (DFÜ-Abkommen Anlage 3, 8.2.4:
// "..27"; a value too long for one subfield continues in the next). A piece filled to the full width was cut
// there, often mid-word ("SVWZ+Miete Wohnung Hauptstr" / "asse 5"): it joins the next without a space. A
// shorter piece is one the bank ended itself, at a word or item boundary ("CASH PAID IN" / "CROYDON"):
// it joins with a space. (A full-width piece that happens to end at a word is joined without one: the
// file cannot tell the two apart, and mid-word cuts are the common case.)
constexpr std::size_t kSubfieldWidth = 27;

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

// Appends the next piece of a text split over subfields; `cut` says the previous piece was full width.
void append_piece(std::string& into, std::string_view piece, bool cut) {
    if (!into.empty() && !cut)
        into += ' ';
    into += piece;
}

// The DK rules start every keyword in a new subfield and continue a long value in the next subfields
// without the keyword, so keywords are only recognised at subfield starts (never inside the text).
void split_sepa_keywords(Info& info, const std::vector<std::string>& pieces) {
    std::string before;
    std::string current;
    std::string all;
    bool any = false;
    bool cut = false; // the previous piece filled its subfield
    for (const auto& p : pieces) {
        append_piece(all, p, cut);
        if (auto k = sepa_key(p); !k.empty()) {
            any = true;
            current = std::string(k);
            info.refs[current] += p.substr(k.size() + 1); // a new keyword: its value starts here
        } else if (!current.empty()) {
            append_piece(info.refs[current], p, cut);
        } else {
            append_piece(before, p, cut);
        }
        cut = utf8_length(p) >= kSubfieldWidth;
    }
    info.purpose = bank::collapse_spaces(all);
    if (!any)
        return;
    for (auto& [k, v] : info.refs)
        v = bank::collapse_spaces(v);
    info.other["purpose_raw"] = info.purpose;
    before = bank::collapse_spaces(before);
    if (auto it = info.refs.find("SVWZ"); it != info.refs.end())
        info.purpose = before.empty() ? it->second : before + " " + it->second;
    else if (!before.empty())
        info.purpose = before;
    // else: no SVWZ and no free text: the whole purpose stays the body, so its words stay searchable
}

std::string joined_lines(std::string_view v) {
    std::string out;
    for (char c : v)
        if (c != '\n')
            out.push_back(c);
    return out;
}

// German: 3-digit code, a separator (usually '?', some banks '>' or another sign) and 2-digit subfields.
bool parse_german(std::string_view text, Info& info) {
    std::size_t i = 0;
    if (text.size() >= 6 && all_digits(text.substr(0, 3)))
        i = 3;
    if (i + 3 > text.size())
        return false;
    const char sep = text[i];
    if (!(sep == '?' || sep == '>' || sep == '<' || sep == '^' || sep == '~' || sep == '|') ||
        !digit(text[i + 1]) || !digit(text[i + 2]))
        return false;
    info.scheme = "german";
    info.gvc = std::string(text.substr(0, i));
    if (sep != '?')
        info.other["separator"] = std::string(1, sep);
    std::vector<std::string> purpose; // ?20-?29, ?60-?63 in order (joined by split_sepa_keywords)
    std::string name;
    bool name_cut = false; // the name's previous piece filled its subfield
    while (i < text.size()) {
        const std::string key(text.substr(i + 1, 2));
        std::size_t j = i + 3;
        while (j < text.size() &&
               !(text[j] == sep && j + 2 < text.size() && digit(text[j + 1]) && digit(text[j + 2])))
            ++j;
        const std::string_view val = text.substr(i + 3, j - i - 3);
        const int k = number(key);
        if (k == 0)
            info.posting_text = bank::collapse_spaces(val);
        else if ((k >= 20 && k <= 29) || (k >= 60 && k <= 63))
            purpose.emplace_back(val);
        else if (k == 30)
            info.counter_bank = std::string(trim(val));
        else if (k == 31)
            info.counter_account = bank::collapse_spaces(val);
        else if (k == 32 || k == 33) { // the name, 2 x 27 characters: pieces join as the purpose's do
            append_piece(name, val, name_cut);
            name_cut = utf8_length(val) >= kSubfieldWidth;
        } else
            info.other["?" + key] += std::string(val);
        i = j;
    }
    info.counter_name = bank::collapse_spaces(name);
    split_sepa_keywords(info, purpose);
    return true;
}

// Dutch (NVB/SEPA) "/TAG/value/TAG/value" as ABN AMRO, ING, Rabobank and others write it.
constexpr std::string_view kDutchTags[] = {
    "TRTP", "IBAN", "BIC",  "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP", "BENM",    "ADDR",     "ISDT",
    "CNTP", "RTRN", "PREF", "NRTX", "PURP", "ULTC", "ULTD", "ULTB", "SVCL", "CDTRREF", "CDTRREFTP"};

std::string_view dutch_tag_at(std::string_view text, std::size_t i) {
    if (text[i] != '/')
        return {};
    for (auto t : kDutchTags)
        if (text.compare(i + 1, t.size(), t) == 0 && i + 1 + t.size() < text.size() &&
            text[i + 1 + t.size()] == '/')
            return t;
    return {};
}

bool parse_dutch(std::string_view text, Info& info) {
    const std::string_view t = trim(text);
    if (t.empty() || t[0] != '/' || dutch_tag_at(t, 0).empty())
        return false;
    info.scheme = "dutch";
    std::vector<std::pair<std::string_view, std::size_t>> tags; // tag, position of its leading '/'
    for (std::size_t i = 0; i < t.size(); ++i)
        if (auto tag = dutch_tag_at(t, i); !tag.empty()) {
            tags.emplace_back(tag, i);
            i += tag.size();
        }
    for (std::size_t n = 0; n < tags.size(); ++n) {
        const auto [tag, at] = tags[n];
        const std::size_t b = at + tag.size() + 2;
        const std::size_t e = n + 1 < tags.size() ? tags[n + 1].second : t.size();
        std::string_view val = b <= e ? t.substr(b, e - b) : std::string_view();
        if (!val.empty() && val.back() == '/')
            val.remove_suffix(1);
        const std::string v = bank::collapse_spaces(val);
        if (tag == "NAME") {
            info.counter_name = v;
        } else if (tag == "IBAN") {
            info.counter_account = v;
        } else if (tag == "BIC") {
            info.counter_bank = v;
        } else if (tag == "REMI") {
            // ING: /REMI/USTD//free text/ or /REMI/STRD/CUR/reference/
            if (v.rfind("USTD//", 0) == 0)
                info.purpose = v.substr(6);
            else if (v.rfind("STRD/CUR/", 0) == 0)
                info.refs["REMI_STRD"] = info.purpose = v.substr(9);
            else
                info.purpose = v;
        } else if (tag == "CNTP") {
            // ING: /CNTP/IBAN/BIC/name/city/
            std::vector<std::string> parts;
            std::size_t p = 0;
            while (p <= v.size()) {
                const auto q = v.find('/', p);
                parts.push_back(v.substr(p, q == std::string::npos ? std::string::npos : q - p));
                if (q == std::string::npos)
                    break;
                p = q + 1;
            }
            if (!parts.empty())
                info.counter_account = parts[0];
            if (parts.size() > 1)
                info.counter_bank = parts[1];
            if (parts.size() > 2)
                info.counter_name = parts[2];
            if (parts.size() > 3 && !parts[3].empty())
                info.refs["CNTP_CITY"] = parts[3];
        } else if (!v.empty()) {
            info.refs[std::string(tag)] = v;
        } else {
            info.refs[std::string(tag)]; // BENM / ORDP with their parts following: present, empty
        }
    }
    return true;
}

} // namespace

Info parse_86(std::string_view value) {
    Info info;
    // Lines are 65-character pieces of one text: structured forms split names and words across lines.
    const std::string joined = joined_lines(value);
    info.ibans = bank::find_ibans(joined);
    if (parse_german(std::string(trim(joined)), info) || parse_dutch(joined, info))
        return info;
    info.scheme = "free";
    // Free text: line breaks are word breaks here (ASN pads lines with spaces, ABN AMRO wraps columns).
    std::string spaced(value);
    std::replace(spaced.begin(), spaced.end(), '\n', ' ');
    info.purpose = bank::collapse_spaces(spaced);
    info.ibans = bank::find_ibans(spaced);
    // "NL47INGB0001234567 J JANSEN" as the first line: an account and its holder's name (ASN, SNS).
    const std::string_view first = trim(value.substr(0, value.find('\n')));
    const std::string_view token = first.substr(0, first.find(' '));
    if (bank::iban_shaped(token)) {
        info.counter_account = std::string(token);
        if (token.size() < first.size())
            info.counter_name = bank::collapse_spaces(first.substr(token.size()));
        info.name_rule = "free text: IBAN then name on the first line";
    } else if (!info.ibans.empty()) {
        info.counter_account = info.ibans.front();
    }
    return info;
}

} // namespace casegraph::ingest::mt940
