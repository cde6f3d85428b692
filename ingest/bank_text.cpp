// Shared text and money helpers of the OFX and bank CSV importers (see bank_text.hpp).
#include "bank_text.hpp"

#include <array>
#include <limits>

namespace casegraph::ingest::bank {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Windows-1252 0x80-0x9F (Unicode's published mapping); 0 marks the unassigned bytes.
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

} // namespace

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= s.size())
            return false;
        for (int k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s)
        append_utf8(out, static_cast<unsigned char>(ch));
    return out;
}

std::string cp1252_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        std::uint32_t cp = c;
        if (c >= 0x80 && c <= 0x9F && kCp1252High[c - 0x80] != 0)
            cp = kCp1252High[c - 0x80];
        append_utf8(out, cp);
    }
    return out;
}

std::optional<std::int64_t> decimal_to_minor(std::string_view text, int digits, char decimal) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        ++i;
    }
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t value = 0;
    bool any_digit = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        if (value > (kMax - 9) / 10)
            return std::nullopt;
        value = value * 10 + (text[i] - '0');
        any_digit = true;
    }
    int frac = 0;
    if (i < text.size() && text[i] == decimal) {
        ++i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            if (frac < digits) {
                if (value > (kMax - 9) / 10)
                    return std::nullopt;
                value = value * 10 + (text[i] - '0');
                ++frac;
            } else if (text[i] != '0') {
                return std::nullopt; // more precision than the currency has: not a money amount we can keep
            }
            any_digit = true;
        }
    }
    if (!any_digit || i != text.size())
        return std::nullopt;
    for (; frac < digits; ++frac) {
        if (value > kMax / 10)
            return std::nullopt;
        value *= 10;
    }
    return negative ? -value : value;
}

std::string normalise_name(std::string_view name) {
    std::string out;
    bool pending_space = false;
    for (const char ch : name) {
        if (is_space(ch)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space)
            out.push_back(' ');
        pending_space = false;
        out.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
    }
    return out;
}

std::string_view name_kind(std::string_view name) {
    // Legal forms, trade words, and the words of bank descriptions that are not anybody's name.
    static constexpr std::array<std::string_view, 52> kOrgWords = {
        "GMBH",      "AG",         "KG",        "OHG",     "EG",           "UG",           "INC",
        "LLC",       "LTD",        "PLC",       "CORP",    "CO",           "SA",           "SAS",
        "SARL",      "BV",         "NV",        "SPA",     "SRL",          "SL",           "BANK",
        "BANCO",     "BANQUE",     "SPARKASSE", "KASSE",   "KRANKENKASSE", "VERSICHERUNG", "STORE",
        "MARKT",     "SHOP",       "AMAZON",    "PAYPAL",  "HOTEL",        "SCHOOL",       "MUSIKSCHULE",
        "FINANZAMT", "STADTWERKE", "ACH",       "PAYROLL", "COMPANY",      "WITHDRAWAL",   "DEPOSIT",
        "PAYMENT",   "TRANSFER",   "BILL",      "FEE",     "INTEREST",     "DIVIDEND",     "EARNED",
        "CHECK",     "ATM",        "POS"};
    const std::string n = normalise_name(name);
    for (const char ch : n)
        if (ch >= '0' && ch <= '9')
            return "organisation";
    std::size_t start = 0;
    while (start < n.size()) {
        std::size_t end = start;
        while (end < n.size() &&
               ((n[end] >= 'A' && n[end] <= 'Z') || static_cast<unsigned char>(n[end]) >= 0x80))
            ++end;
        const std::string_view word = std::string_view(n).substr(start, end - start);
        for (const auto org : kOrgWords)
            if (word == org)
                return "organisation";
        start = end + 1;
    }
    return "person";
}

std::int64_t name_entity(store::ImportWriter& w, std::string_view name, std::int64_t source) {
    const std::string key = "name:" + w.evidence_sha256() + ":" + normalise_name(name);
    return w.entity(name_kind(name), key, name, source, "counterparty");
}

std::string record_statement_check(ImportContext& ctx, const StatementCheck& c, std::string_view inner) {
    std::string result = "no-balances";
    std::int64_t expected = 0;
    if (c.opening && c.closing)
        result = !__builtin_add_overflow(*c.opening, c.sum, &expected) && expected == *c.closing ? "ok"
                                                                                                 : "mismatch";
    auto& w = ctx.writer();
    auto st =
        w.db().prepare("INSERT INTO statement_check(evidence_id, locator, account, currency, opening_minor, "
                       "closing_minor, sum_minor, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, w.evidence_id())
        .bind(2, c.locator)
        .bind(3, c.account)
        .bind(4, c.currency)
        .bind(5, c.opening)
        .bind(6, c.closing)
        .bind(7, c.sum)
        .bind(8, result);
    st.run();
    if (result == "mismatch") {
        const int d = minor_digits(c.currency);
        ctx.error(inner, "balance check failed for statement " + c.locator + " (account " + c.account + ", " +
                             c.currency + "): opening " + format_minor(*c.opening, d) + " + transactions " +
                             format_minor(c.sum, d) + " = " + format_minor(expected, d) +
                             ", but the closing balance is " + format_minor(*c.closing, d) +
                             " — a missing page, a truncated file or a wrong sign rule");
    }
    return result;
}

} // namespace casegraph::ingest::bank
