// Shared bank-statement helpers (see bank_common.hpp).
#include "bank_common.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <limits>

namespace casegraph::ingest::bank {
namespace {

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

char upper(char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

std::string upper_compact(std::string_view s) {
    std::string out;
    for (char c : s)
        if (std::isspace(static_cast<unsigned char>(c)) == 0)
            out.push_back(upper(c));
    return out;
}

} // namespace

int minor_digits(std::string_view ccy) {
    // ISO 4217 exponents other than 2 (currencies in use and the funds codes banks report).
    static constexpr std::string_view kZero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                 "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                 "VND", "VUV", "XAF", "XOF", "XPF"};
    static constexpr std::string_view kThree[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    static constexpr std::string_view kFour[] = {"CLF", "UYW"};
    const std::string c = upper_compact(ccy);
    if (std::find(std::begin(kZero), std::end(kZero), c) != std::end(kZero))
        return 0;
    if (std::find(std::begin(kThree), std::end(kThree), c) != std::end(kThree))
        return 3;
    if (std::find(std::begin(kFour), std::end(kFour), c) != std::end(kFour))
        return 4;
    return 2;
}

Amount parse_amount(std::string_view text, int digits, char separator) {
    Amount r;
    const std::string shown(text);
    const auto sep = text.find(separator);
    const std::string_view whole = text.substr(0, sep);
    const std::string_view frac = sep == std::string_view::npos ? std::string_view() : text.substr(sep + 1);
    if (whole.empty()) {
        r.error = "amount '" + shown + "' has no digits before the decimal mark";
        return r;
    }
    auto all_digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); };
    if (!all_digits(whole) || !all_digits(frac)) {
        r.error = "amount '" + shown + "' is not a decimal number with '" + std::string(1, separator) +
                  "' as the decimal mark";
        return r;
    }
    // Digits past the currency's precision must be zeros: 8.850 EUR is 885 cents, 8.855 EUR is not money.
    for (std::size_t i = static_cast<std::size_t>(digits); i < frac.size(); ++i)
        if (frac[i] != '0') {
            r.error =
                "amount '" + shown + "' has more decimals than the currency's " + std::to_string(digits);
            return r;
        }
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 10;
    std::int64_t v = 0;
    auto push = [&](char c) {
        if (v > kMax)
            return false;
        v = v * 10 + (c - '0');
        return true;
    };
    bool ok = true;
    for (char c : whole)
        ok = ok && push(c);
    for (int i = 0; i < digits; ++i)
        ok = ok && push(static_cast<std::size_t>(i) < frac.size() ? frac[static_cast<std::size_t>(i)] : '0');
    if (!ok) {
        r.error = "amount '" + shown + "' is too large";
        return r;
    }
    r.minor = v;
    return r;
}

std::string format_minor(std::int64_t minor, int digits) {
    const bool neg = minor < 0;
    // Work on the unsigned magnitude so INT64_MIN does not overflow.
    std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    std::string s = std::to_string(mag);
    if (digits > 0) {
        const auto d = static_cast<std::size_t>(digits);
        if (s.size() <= d)
            s.insert(0, d + 1 - s.size(), '0');
        s.insert(s.size() - d, ".");
    }
    return neg ? "-" + s : s;
}

std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

std::string party_kind(std::string_view name) {
    // Legal forms and words that only organisations carry; matched as whole words, any case.
    static constexpr std::string_view kWords[] = {
        "GMBH",      "AG",        "KG",         "OHG",      "UG",           "EV",         "EG",
        "GBR",       "MBH",       "BV",         "NV",       "BVBA",         "VOF",        "CV",
        "SA",        "SAS",       "SARL",       "SRL",      "SPA",          "SL",         "LTD",
        "LIMITED",   "LLC",       "LLP",        "INC",      "CORP",         "PLC",        "CO",
        "AB",        "AS",        "ASA",        "OY",       "SP",           "BANK",       "BANKEN",
        "SPARKASSE", "STICHTING", "VERENIGING", "STIFTUNG", "VEREIN",       "FOUNDATION", "ASSOCIATION",
        "COMPANY",   "HOLDING",   "GROUP",      "SERVICES", "VERSICHERUNG", "GEMEENTE",   "BELASTINGDIENST",
        "FINANZAMT", "KFT",       "OO"};
    std::string word;
    auto check = [&]() {
        const bool hit =
            !word.empty() && std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
        word.clear();
        return hit;
    };
    for (char c : name) {
        if (is_alnum(c)) {
            word.push_back(upper(c));
        } else if (c == '.' || c == '\'') {
            // "B.V.", "e.V.", "S.A." read as BV, EV, SA.
        } else if (check()) {
            return "organisation";
        }
    }
    return check() ? "organisation" : "person";
}

bool iban_shaped(std::string_view text) {
    const std::string s = upper_compact(text);
    if (s.size() < 15 || s.size() > 34 || !is_upper(s[0]) || !is_upper(s[1]) || !is_digit(s[2]) ||
        !is_digit(s[3]))
        return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_upper(c) || is_digit(c); });
}

std::vector<std::string> find_ibans(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 4 <= text.size(); ++i) {
        if (i > 0 && is_alnum(text[i - 1]))
            continue;
        if (!is_upper(text[i]) || !is_upper(text[i + 1]) || !is_digit(text[i + 2]) || !is_digit(text[i + 3]))
            continue;
        // Gather letters and digits, stepping over single spaces only between printed groups of four.
        std::string cand;
        std::size_t j = i;
        while (j < text.size() && cand.size() < 34) {
            const char c = text[j];
            if (is_upper(c) || is_digit(c)) {
                cand.push_back(c);
                ++j;
            } else if (c == ' ' && cand.size() % 4 == 0 && j + 1 < text.size() &&
                       (is_upper(text[j + 1]) || is_digit(text[j + 1]))) {
                ++j;
            } else {
                break;
            }
        }
        for (std::size_t len = cand.size(); len >= 15; --len) {
            const auto id = store::normalize_iban(std::string_view(cand).substr(0, len));
            if (id.status == store::IdStatus::valid) {
                if (std::find(out.begin(), out.end(), id.value) == out.end())
                    out.push_back(id.value);
                i = j > i ? j - 1 : i;
                break;
            }
        }
    }
    return out;
}

AccountEntity account_entity(store::ImportWriter& w, std::string_view account, std::string_view bank,
                             std::int64_t source_id) {
    AccountEntity a;
    const std::string trimmed = collapse_spaces(account);
    if (iban_shaped(trimmed)) {
        const auto r = w.identifier("iban", trimmed, source_id);
        a.entity_id = r.entity_id;
        a.type = "iban";
        a.value = r.value;
        return a;
    }
    const std::string number = upper_compact(trimmed);
    const std::string bank_code = upper_compact(bank);
    if (!bank_code.empty()) {
        // A national number only identifies an account together with its bank (DOMAIN.md §4.5).
        const auto r = w.identifier("account_number", bank_code + "/" + number, source_id);
        a.entity_id = r.entity_id;
        a.type = "account_number";
        a.value = r.value;
        return a;
    }
    a.type = "account";
    a.value = number;
    a.entity_id =
        w.entity("account", "account:" + w.evidence_sha256() + ":" + number, trimmed, source_id, "account");
    return a;
}

std::int64_t name_entity(store::ImportWriter& w, std::string_view name, std::int64_t source_id,
                         std::string_view role) {
    const std::string shown = collapse_spaces(name);
    std::string key = "bank-name:" + w.evidence_sha256() + ":";
    for (char c : shown)
        key.push_back(upper(c));
    return w.entity(party_kind(shown), key, shown, source_id, role);
}

TxCodeFlags iso_tx_code_flags(std::string_view family, std::string_view sub) {
    // ISO 20022 external bank transaction codes: CNTR counter transactions, CCRD/MCRD card
    // transactions; sub-families CDPT/CWDL cash deposit/withdrawal, BCDP/BCWD branch deposit/withdrawal,
    // CHRG/FEES/COMM/COMI/COMT charges and commissions. Some banks put CDPT/CWDL in the family field.
    TxCodeFlags f;
    auto any = [](std::string_view v, std::initializer_list<std::string_view> set) {
        return std::find(set.begin(), set.end(), v) != set.end();
    };
    if (any(sub, {"CDPT", "BCDP"}) || any(family, {"CDPT"})) {
        f.cash = true;
        f.cash_kind = "deposit";
    } else if (any(sub, {"CWDL", "BCWD"}) || any(family, {"CWDL"})) {
        f.cash = true;
        f.cash_kind = "withdrawal";
    } else if (family == "CNTR") {
        f.cash = true;
    }
    f.card = any(family, {"CCRD", "MCRD"});
    f.fee = any(sub, {"CHRG", "FEES", "COMM", "COMI", "COMT", "SUBS"}) || any(family, {"CHRG", "FEES"});
    return f;
}

std::string check_balances(ImportContext& ctx, const BalanceCheck& c) {
    std::string result;
    std::string message;
    auto money = [&](std::int64_t v, const std::string& ccy = {}) {
        return format_minor(v, c.digits) + " " + (ccy.empty() ? c.currency : ccy);
    };
    const std::string who = c.what + " of account " + (c.account.empty() ? "(unknown)" : c.account);
    if (!c.opening && !c.closing) {
        result = "no-balances";
        message = who +
                  " carries no opening or closing balance, so opening + entries = closing cannot be "
                  "checked (" +
                  std::to_string(c.entries) + " booked entries summing to " + money(c.sum) + ")";
        if (!c.no_balance_note.empty())
            message += "; " + c.no_balance_note;
        ctx.warning(c.inner_locator, message);
    } else if (!c.opening || !c.closing) {
        result = "mismatch";
        message =
            who + " has " +
            (c.opening
                 ? "an opening balance of " + money(*c.opening, c.opening_currency) + " but no closing"
                 : "a closing balance of " + money(*c.closing, c.closing_currency) + " but no opening") +
            " balance: the statement cannot be checked; a missing page or a truncated file?";
        ctx.error(c.inner_locator, message);
    } else {
        const std::int64_t expected = *c.opening + c.sum;
        result = expected == *c.closing && c.problems.empty() ? "ok" : "mismatch";
        if (result == "mismatch") {
            message = who + ": opening balance " + money(*c.opening, c.opening_currency) + " + " +
                      std::to_string(c.entries) + " booked entries " + money(c.sum) + " = " +
                      money(expected) + ", but the closing balance is " +
                      money(*c.closing, c.closing_currency) + " (difference " + money(*c.closing - expected) +
                      "): a missing page or a truncated file";
            for (const auto& p : c.problems)
                message += "; " + p;
            ctx.error(c.inner_locator, message);
        }
    }
    auto& w = ctx.writer();
    w.db()
        .prepare("INSERT INTO statement_check(evidence_id, locator, account, currency, opening_minor, "
                 "closing_minor, sum_minor, result) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, w.evidence_id())
        .bind(2, ctx.locator(c.inner_locator))
        .bind(3, c.account)
        .bind(4, c.currency)
        .bind(5, c.opening)
        .bind(6, c.closing)
        .bind(7, c.sum)
        .bind(8, result)
        .run();
    return result;
}

void Continuity::check(ImportContext& ctx, const BalanceCheck& c) {
    if (c.account.empty() || c.account == "unknown")
        return;
    if (auto it = last_.find(c.account); it != last_.end() && c.opening &&
                                         it->second.currency == c.currency &&
                                         *c.opening != it->second.closing)
        ctx.warning(c.inner_locator, c.what + " opens with " + format_minor(*c.opening, c.digits) + " " +
                                         c.currency + " but " + it->second.what +
                                         " of the same account closed with " +
                                         format_minor(it->second.closing, c.digits) + " " + c.currency +
                                         ": statements or pages between them may be missing");
    if (c.closing)
        last_[c.account] = {*c.closing, c.currency, c.what};
}

} // namespace casegraph::ingest::bank
