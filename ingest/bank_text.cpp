// Shared text and money helpers of the OFX and bank CSV importers (see bank_text.hpp).
#include "bank_text.hpp"

#include <array>
#include <limits>

namespace casegraph::ingest::bank {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

} // namespace

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
