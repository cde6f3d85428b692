// Shared helpers of the bank importers (see bank_common.hpp).
#include "bank_common.hpp"

#include "store/event_sources.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>

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

// Unsigned whole and fraction digits to minor units; `error` (without the amount) when they are not.
// Never goes through floating point; digits past the currency's precision must be zeros: 8.850 EUR is
// 885 cents, 8.855 EUR is not money.
Amount minor_from_parts(std::string_view whole, std::string_view frac, int digits) {
    Amount r;
    auto all_digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); };
    if (!all_digits(whole) || !all_digits(frac)) {
        r.error = "is not a decimal number";
        return r;
    }
    for (std::size_t i = static_cast<std::size_t>(digits); i < frac.size(); ++i)
        if (frac[i] != '0') {
            r.error = "has more decimals than the currency's " + std::to_string(digits);
            return r;
        }
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::int64_t v = 0;
    auto push = [&](char c) {
        if (v > (kMax - (c - '0')) / 10)
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
        r.error = "is too large";
        return r;
    }
    r.minor = v;
    return r;
}

} // namespace

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
    r = minor_from_parts(whole, frac, digits);
    if (!r.minor)
        r.error = "amount '" + shown + "' " + r.error;
    if (r.error.find("not a decimal") != std::string::npos)
        r.error += " with '" + std::string(1, separator) + "' as the decimal mark";
    return r;
}

std::optional<std::int64_t> decimal_to_minor(std::string_view text, int digits, char decimal) {
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    const auto sep = text.find(decimal);
    const std::string_view whole = text.substr(0, sep);
    const std::string_view frac = sep == std::string_view::npos ? std::string_view() : text.substr(sep + 1);
    if (whole.empty() && frac.empty())
        return std::nullopt;
    const Amount a = minor_from_parts(whole, frac, digits);
    if (!a.minor)
        return std::nullopt;
    return negative ? -*a.minor : *a.minor;
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

std::string normalise_name(std::string_view name) {
    std::string out = collapse_spaces(name);
    for (auto& c : out)
        c = upper(c);
    return out;
}

std::string party_kind(std::string_view name, NameSource from) {
    // Legal forms and words that only organisations carry; matched as whole words, any case.
    static constexpr std::string_view kLegal[] = {
        "GMBH",      "AG",        "KG",         "OHG",      "UG",           "EV",         "EG",
        "GBR",       "MBH",       "BV",         "NV",       "BVBA",         "VOF",        "CV",
        "SA",        "SAS",       "SARL",       "SRL",      "SPA",          "SL",         "LTD",
        "LIMITED",   "LLC",       "LLP",        "INC",      "CORP",         "PLC",        "CO",
        "AB",        "AS",        "ASA",        "OY",       "SP",           "BANK",       "BANKEN",
        "SPARKASSE", "STICHTING", "VERENIGING", "STIFTUNG", "VEREIN",       "FOUNDATION", "ASSOCIATION",
        "COMPANY",   "HOLDING",   "GROUP",      "SERVICES", "VERSICHERUNG", "GEMEENTE",   "BELASTINGDIENST",
        "FINANZAMT", "KFT",       "OO"};
    // Merchant descriptors also name shops, payment services and the bank's own booking words, none of
    // which is anybody's name.
    static constexpr std::string_view kDescriptor[] = {
        "BANCO",    "BANQUE",     "KASSE",   "KRANKENKASSE", "STORE",       "MARKT",      "SHOP",
        "AMAZON",   "PAYPAL",     "HOTEL",   "SCHOOL",       "MUSIKSCHULE", "STADTWERKE", "ACH",
        "PAYROLL",  "WITHDRAWAL", "DEPOSIT", "PAYMENT",      "TRANSFER",    "BILL",       "FEE",
        "INTEREST", "DIVIDEND",   "EARNED",  "CHECK",        "ATM",         "POS"};
    const bool descriptor = from == NameSource::descriptor;
    std::string word;
    auto check = [&]() {
        bool hit = !word.empty() && std::find(std::begin(kLegal), std::end(kLegal), word) != std::end(kLegal);
        hit =
            hit || (descriptor && !word.empty() &&
                    std::find(std::begin(kDescriptor), std::end(kDescriptor), word) != std::end(kDescriptor));
        word.clear();
        return hit;
    };
    for (char c : name) {
        if (descriptor && is_digit(c))
            return "organisation"; // merchant and terminal numbers
        if (is_alnum(c) || static_cast<unsigned char>(c) >= 0x80) {
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
                         std::string_view role, NameSource from) {
    const std::string shown = collapse_spaces(name);
    return w.entity(party_kind(shown, from), "bank-name:" + w.evidence_sha256() + ":" + normalise_name(shown),
                    shown, source_id, role);
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
    // RCDT/ICDT received/issued credit transfers, RDDT/IDDT received/issued direct debits.
    f.transfer = any(family, {"RCDT", "ICDT"});
    f.direct_debit = any(family, {"RDDT", "IDDT"});
    f.standing_order = f.transfer && sub == "STDO";
    return f;
}

// The Geschaeftsvorfallcodes (GVC) of the Deutsche Kreditwirtschaft (DK): DFUe-Abkommen Anlage 3
// "Spezifikation der Datenformate", https://www.ebics.de/de/datenformate. The list was read (never copied)
// where banks and tools restate it: UniCredit/HypoVereinsbank "Elektronische Kontoinformation -
// Geschaeftsvorfall- und Rueckgabecodes" (2017-2021, built on Anlage 3 v3.1, v3.2 and v3.5), a German bank's
// "Liste der Geschaeftsvorfallcodes (GVC) im MT-940" (2011, yumpu.com/de/document/view/2146686) for the
// pre-SEPA codes, and the GVC enumeration of the CommonToolkit PHP library (states Anlage 3 v3.4). 0xx are
// the older domestic codes, 1xx SEPA, 2xx foreign payments, 8xx the bank's charges and bookings. Codes read
// and left without a kind: 006 credit-card statement settlement (a bill, not a card payment), 084 online
// collection order, 3xx securities, 4xx FX, 6xx loans, 814 interest.
namespace {
enum Kind : unsigned {
    kCash = 1,
    kCard = 2,
    kFee = 4,
    kTransfer = 8,
    kDirectDebit = 16,
    kStandingOrder = 32
};
struct Gvc {
    std::string_view code;
    unsigned kinds;
    const char* cash_kind; // deposit | withdrawal | nullptr
};
constexpr Gvc kGvc[] = {
    // Legacy domestic codes (still written by many banks).
    {"004", kDirectDebit, nullptr},               // Lastschrift (Abbuchungsauftrag)
    {"005", kDirectDebit, nullptr},               // Lastschrift (Einzugsermaechtigung)
    {"008", kTransfer | kStandingOrder, nullptr}, // Dauerauftrag
    {"020", kTransfer, nullptr},                  // Ueberweisung
    {"051", kTransfer, nullptr},                  // Ueberweisungsgutschrift
    {"052", kTransfer | kStandingOrder, nullptr}, // Dauerauftragsgutschrift
    {"053", kTransfer, nullptr},                  // Lohn, Gehalt, Rente
    {"054", kTransfer, nullptr},                  // vermoegenswirksame Leistungen
    {"056", kTransfer, nullptr},                  // Bezuege oeffentlicher Kassen
    {"082", kCash, "deposit"},                    // Einzahlung
    {"083", kCash, "withdrawal"},                 // Auszahlung
    {"087", kTransfer, nullptr},                  // Eilueberweisung
    {"088", kTransfer, nullptr},                  // Ueberweisungsgutschrift mit Festvaluta
    // SEPA direct debits: single and batch bookings, returns, refunds and reversals.
    {"104", kDirectDebit, nullptr},
    {"105", kDirectDebit, nullptr},
    {"107", kDirectDebit | kCard, nullptr}, // direct debit generated at a card terminal (ELV)
    {"108", kDirectDebit, nullptr},
    {"109", kDirectDebit, nullptr},
    {"171", kDirectDebit, nullptr},
    {"174", kDirectDebit, nullptr},
    {"181", kDirectDebit, nullptr},
    {"184", kDirectDebit, nullptr},
    {"192", kDirectDebit, nullptr},
    {"193", kDirectDebit, nullptr},
    {"195", kDirectDebit, nullptr},
    {"196", kDirectDebit, nullptr},
    {"197", kDirectDebit, nullptr},
    // SEPA Cards Clearing (girocard and other debit cards): single, return, refund, batches, reversal.
    {"106", kCard, nullptr},
    {"110", kCard, nullptr},
    {"182", kCard, nullptr},
    {"190", kCard, nullptr},
    {"198", kCard, nullptr},
    {"199", kCard, nullptr},
    // SEPA credit transfers, debit and credit side, instant ones included; 117/152 are standing orders.
    {"116", kTransfer, nullptr},
    {"117", kTransfer | kStandingOrder, nullptr},
    {"118", kTransfer, nullptr},
    {"119", kTransfer, nullptr},
    {"152", kTransfer | kStandingOrder, nullptr},
    {"153", kTransfer, nullptr},
    {"154", kTransfer, nullptr},
    {"155", kTransfer, nullptr},
    {"156", kTransfer, nullptr},
    {"157", kTransfer, nullptr},
    {"159", kTransfer, nullptr},
    {"160", kTransfer, nullptr},
    {"161", kTransfer, nullptr},
    {"162", kTransfer, nullptr},
    {"163", kTransfer, nullptr},
    {"164", kTransfer, nullptr},
    {"165", kTransfer, nullptr},
    {"166", kTransfer, nullptr},
    {"167", kTransfer, nullptr},
    {"168", kTransfer, nullptr},
    {"169", kTransfer, nullptr},
    {"177", kTransfer, nullptr},
    {"189", kTransfer, nullptr},
    {"191", kTransfer, nullptr},
    {"194", kTransfer, nullptr},
    // Foreign payments: payment order, incoming payment, transfer, standing order.
    {"201", kTransfer, nullptr},
    {"202", kTransfer, nullptr},
    {"206", kTransfer, nullptr},
    {"212", kTransfer | kStandingOrder, nullptr},
    // Charges: securities and custody fees, card and cheque-book prices, standing-order fees, postage,
    // charges, fees, commission, reminder fees, credit charges; 820 a transfer between own accounts.
    {"320", kFee, nullptr},
    {"321", kFee, nullptr},
    {"801", kFee, nullptr},
    {"802", kFee, nullptr},
    {"804", kFee, nullptr},
    {"806", kFee, nullptr},
    {"807", kFee, nullptr},
    {"808", kFee, nullptr},
    {"809", kFee, nullptr},
    {"810", kFee, nullptr},
    {"811", kFee, nullptr},
    {"820", kTransfer, nullptr},
};
} // namespace

TxCodeFlags german_gvc_flags(std::string_view gvc, bool credit) {
    TxCodeFlags f;
    // 805 Rechnungsabschluss: the account's closing charges and interest in one booking; a debit is
    // charged to the holder (fees), a credit is interest paid to them.
    if (gvc == "805") {
        f.fee = !credit;
        return f;
    }
    for (const auto& g : kGvc) {
        if (g.code != gvc)
            continue;
        f.cash = (g.kinds & kCash) != 0;
        f.card = (g.kinds & kCard) != 0;
        f.fee = (g.kinds & kFee) != 0;
        f.transfer = (g.kinds & kTransfer) != 0;
        f.direct_debit = (g.kinds & kDirectDebit) != 0;
        f.standing_order = (g.kinds & kStandingOrder) != 0;
        if (g.cash_kind != nullptr)
            f.cash_kind = g.cash_kind;
        break;
    }
    return f;
}

std::string gvc_of_proprietary(std::string_view code) {
    // DK camt: "NTRF+166+00931[+...]" - the SWIFT type, the GVC, the text key extension.
    const auto plus = code.find('+');
    if (plus == std::string_view::npos || code.size() < plus + 4)
        return {};
    const auto gvc = code.substr(plus + 1, 3);
    if (!std::all_of(gvc.begin(), gvc.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        (code.size() > plus + 4 && code[plus + 4] != '+'))
        return {};
    return std::string(gvc);
}

void put_flags(const TxCodeFlags& f, nlohmann::json& a) {
    if (f.cash)
        a["cash"] = true;
    if (!f.cash_kind.empty())
        a["cash_kind"] = f.cash_kind;
    if (f.card)
        a["card"] = true;
    if (f.fee)
        a["fee"] = true;
    if (f.transfer)
        a["transfer"] = true;
    if (f.direct_debit)
        a["direct_debit"] = true;
    if (f.standing_order)
        a["standing_order"] = true;
}

std::string transaction_identity(std::string_view format, std::string_view statement_ref,
                                 std::initializer_list<std::string_view> parts) {
    if (statement_ref.empty())
        return {};
    // Unit separators keep "1|23" and "12|3" apart.
    std::string key(format);
    key.append("\x1f").append(statement_ref);
    for (const auto p : parts)
        key.append("\x1f").append(p);
    return key;
}

std::int64_t write_transaction(ImportContext& ctx, std::string_view inner, const store::EventRecord& e,
                               std::int64_t source_id) {
    auto& w = ctx.writer();
    const auto before = w.counts().sightings;
    const std::int64_t id = w.event(e, source_id);
    if (w.counts().sightings == before)
        return id;
    const auto sources = store::event_sources(w.db(), id); // the primary first
    const std::string first =
        sources.empty() ? "?" : "evidence " + sources.front().evidence_sha256 + " " + sources.front().locator;
    ctx.warning(inner, "the same transaction (same account, statement, place, dates, amount and references) "
                       "as event " +
                           std::to_string(id) + " read from " + first +
                           ": recorded as another sighting of that event, counted once");
    return id;
}

} // namespace casegraph::ingest::bank
