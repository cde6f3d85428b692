// Bank CSV profiles, header roles and value parsing (see csv_profile.hpp). Header synonyms come from the
// exports of German, English, French, Dutch and Spanish banks; an unknown layout needs a profile.
#include "csv_profile.hpp"

#include "bank_common.hpp"
#include "store/hash.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace casegraph::ingest::csv {
namespace {

constexpr std::array<std::string_view, 20> kRoles = {"date",
                                                     "value_date",
                                                     "transaction_date",
                                                     "amount",
                                                     "debit",
                                                     "credit",
                                                     "indicator",
                                                     "currency",
                                                     "counterparty",
                                                     "counterparty_account",
                                                     "counterparty_bank",
                                                     "description",
                                                     "memo",
                                                     "tx_type",
                                                     "bank_ref",
                                                     "check_number",
                                                     "balance",
                                                     "account",
                                                     "status",
                                                     "original_amount"};

// Exact header names (normalised) per role. Checked in this order, so "ursprünglicher betrag" is an
// original amount before anything starting with "betrag" is an amount.
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& synonyms() {
    static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> table = {
        {"original_amount",
         {"ursprünglicher betrag", "ursprungsbetrag", "original amount", "betrag in fremdwährung",
          "montant d'origine"}},
        {"date",
         {"buchungstag", "buchungsdatum", "buchung", "datum", "date", "posting date", "booking date",
          "booked", "transaction date", "trans. date", "fecha", "fecha operación", "fecha operacion",
          "date opération", "date operation", "date de l'opération", "boekdatum", "transactiedatum"}},
        {"value_date",
         {"valuta", "valutadatum", "wertstellung", "wertstellungstag", "value date", "valuedate",
          "fecha valor", "date de valeur", "date valeur", "rentedatum"}},
        {"transaction_date", {"belegdatum", "umsatzdatum", "kaufdatum"}},
        {"amount",
         {"betrag", "amount", "montant", "importe", "bedrag", "umsatz", "transaction amount", "betrag (eur)",
          "summe"}},
        {"debit",
         {"withdrawal", "withdrawals", "withdrawal amount", "debit", "debits", "debit amount", "soll",
          "belastung", "ausgang", "débit", "debe", "cargo", "cargos", "af", "money out", "paid out"}},
        {"credit",
         {"deposit", "deposits", "deposit amount", "credit", "credits", "credit amount", "haben",
          "gutschrift", "eingang", "crédit", "haber", "abono", "abonos", "bij", "money in", "paid in"}},
        {"indicator",
         {"soll/haben", "s/h", "d/c", "dr/cr", "cr/dr", "debit/credit", "af bij", "af/bij", "credit/debit",
          "sh"}},
        {"currency",
         {"währung", "waehrung", "currency", "devise", "divisa", "moneda", "munt", "valuta code"}},
        {"counterparty",
         {"auftraggeber / empfänger", "auftraggeber/empfänger", "empfänger", "auftraggeber",
          "beguenstigter/zahlungspflichtiger", "begünstigter/zahlungspflichtiger", "zahlungsempfänger",
          "name", "payee", "payer", "counterparty", "counterparty name", "naam / omschrijving", "naam", "nom",
          "beneficiario", "ordenante", "name auftraggeber/empfänger"}},
        {"counterparty_account",
         {"iban", "kontonummer", "kontonummer/iban", "konto", "iban auftraggeber/empfänger",
          "counterparty iban", "counterparty account", "tegenrekening", "compte", "cuenta",
          "iban / kontonummer"}},
        {"account",
         {"auftragskonto", "account number", "account", "own account", "kontonummer auftraggeber"}},
        {"counterparty_bank", {"bic", "blz", "bic (swift-code)", "bankleitzahl", "bic/blz", "swift"}},
        {"description",
         {"verwendungszweck", "description", "purpose", "details", "narrative", "mededelingen",
          "omschrijving", "libellé", "libelle", "concepto", "umsatzbeschreibung", "buchungsdetails",
          "transaction details", "description / details"}},
        {"memo", {"memo", "notes", "note", "vermerk", "referencia"}},
        {"tx_type",
         {"buchungstext", "transaction type", "type", "umsatzart", "code", "mutatiesoort",
          "type de transaction", "tipo", "vorgang"}},
        {"bank_ref",
         {"id", "reference", "referenz", "kundenreferenz", "bank reference", "transaction id", "ref"}},
        {"check_number",
         {"checknumber", "check number", "check #", "check no", "chq no", "scheck", "schecknummer"}},
        {"balance",
         {"balance", "running balance", "runningbalance", "current balance", "saldo", "kontostand", "solde",
          "saldo tras", "saldo na mutatie", "ledger balance"}},
        {"status", {"status", "umsatz abgerechnet", "state", "estado"}},
    };
    return table;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim_cell(std::string_view s) {
    // Blanks, NBSP (C2 A0) and narrow NBSP (E2 80 AF) at both ends.
    while (true) {
        if (!s.empty() && is_blank(s.front()))
            s.remove_prefix(1);
        else if (s.substr(0, 2) == "\xC2\xA0")
            s.remove_prefix(2);
        else if (s.substr(0, 3) == "\xE2\x80\xAF")
            s.remove_prefix(3);
        else if (!s.empty() && is_blank(s.back()))
            s.remove_suffix(1);
        else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0")
            s.remove_suffix(2);
        else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xAF")
            s.remove_suffix(3);
        else
            return s;
    }
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

} // namespace

bool is_role(std::string_view role) {
    for (const auto r : kRoles)
        if (r == role)
            return true;
    return false;
}

std::string normalise_header(std::string_view h) {
    std::string out;
    bool space = false;
    for (const char c : trim_cell(h)) {
        if (is_blank(c)) {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    // UTF-8 capitals that occur in the headers we know (Ü, Ä, Ö, É).
    for (const auto& [from, to] : {std::pair<std::string_view, std::string_view>{"\xC3\x9C", "\xC3\xBC"},
                                   {"\xC3\x84", "\xC3\xA4"},
                                   {"\xC3\x96", "\xC3\xB6"},
                                   {"\xC3\x89", "\xC3\xA9"}})
        for (auto p = out.find(from); p != std::string::npos; p = out.find(from, p))
            out.replace(p, from.size(), to);
    while (!out.empty() && (out.back() == ':' || out.back() == ' '))
        out.pop_back();
    return out;
}

std::string role_for_header(std::string_view header) {
    const auto h = normalise_header(header);
    if (h.empty())
        return "";
    for (const auto& [role, names] : synonyms())
        for (const auto n : names)
            if (h == n)
                return std::string(role);
    // "Betrag in EUR", "Betrag (EUR)", "Amount (USD)": an amount with its currency in the name.
    for (const std::string_view stem : {"betrag", "amount", "montant", "importe", "bedrag"})
        if (h.rfind(stem, 0) == 0 && !currency_in_header(header).empty())
            return "amount";
    return "";
}

std::string currency_in_header(std::string_view header) {
    // Three capital letters standing alone (after "in", in parentheses or brackets).
    for (std::size_t i = 0; i + 3 <= header.size(); ++i) {
        const bool caps = header[i] >= 'A' && header[i] <= 'Z' && header[i + 1] >= 'A' &&
                          header[i + 1] <= 'Z' && header[i + 2] >= 'A' && header[i + 2] <= 'Z';
        const bool left = i == 0 || header[i - 1] == ' ' || header[i - 1] == '(' || header[i - 1] == '[';
        const bool right =
            i + 3 == header.size() || header[i + 3] == ' ' || header[i + 3] == ')' || header[i + 3] == ']';
        if (caps && left && right && i > 0)
            return std::string(header.substr(i, 3));
    }
    return "";
}

Profile parse_profile(std::string_view json_text) {
    Profile p;
    p.json = std::string(json_text);
    p.sha256 = store::sha256_hex(json_text);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(json_text);
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("profile is not valid JSON: ") + e.what());
    }
    if (!j.is_object())
        throw std::runtime_error("profile must be a JSON object");
    auto str = [&](const char* key) -> std::string {
        if (!j.contains(key))
            return "";
        if (!j[key].is_string())
            throw std::runtime_error(std::string("profile: \"") + key + "\" must be a string");
        return j[key].get<std::string>();
    };
    p.name = str("name");
    if (const auto d = str("delimiter"); !d.empty()) {
        if (d == "\\t" || d == "tab" || d == "TAB")
            p.delimiter = '\t';
        else if (d.size() == 1)
            p.delimiter = d[0];
        else
            throw std::runtime_error("profile: delimiter must be one character (or \"tab\")");
    }
    p.encoding = str("encoding");
    if (!p.encoding.empty() && p.encoding != "utf-8" && p.encoding != "windows-1252" &&
        p.encoding != "iso-8859-1")
        throw std::runtime_error("profile: encoding must be utf-8, windows-1252 or iso-8859-1");
    if (j.contains("skip_lines")) {
        if (!j["skip_lines"].is_number_unsigned())
            throw std::runtime_error("profile: skip_lines must be a non-negative integer");
        p.skip_lines = j["skip_lines"].get<std::size_t>();
    }
    if (j.contains("footer_lines")) {
        if (!j["footer_lines"].is_number_unsigned())
            throw std::runtime_error("profile: footer_lines must be a non-negative integer");
        p.footer_lines = j["footer_lines"].get<std::size_t>();
    }
    if (j.contains("header")) {
        if (!j["header"].is_boolean())
            throw std::runtime_error("profile: header must be true or false");
        p.header = j["header"].get<bool>();
    }
    if (j.contains("columns")) {
        if (!j["columns"].is_object())
            throw std::runtime_error("profile: columns must map a role to a column number or header name");
        for (const auto& [role, v] : j["columns"].items()) {
            if (!is_role(role))
                throw std::runtime_error("profile: unknown column role \"" + role + "\"");
            ColumnRef ref;
            if (v.is_number_unsigned())
                ref.index = v.get<std::size_t>();
            else if (v.is_string())
                ref.header = normalise_header(v.get<std::string>());
            else
                throw std::runtime_error("profile: column \"" + role +
                                         "\" must be a 0-based number or a header name");
            p.columns[role] = ref;
        }
    }
    if (const auto f = str("date_format"); !f.empty()) {
        const auto y = f.find("YY"), m = f.find("MM"), d = f.find("DD");
        if (y == std::string::npos || m == std::string::npos || d == std::string::npos)
            throw std::runtime_error(
                "profile: date_format must contain DD, MM and YY/YYYY (e.g. DD.MM.YYYY)");
        p.date_order = y < m ? "ymd" : d < m ? "dmy" : "mdy";
    }
    if (const auto d = str("decimal"); !d.empty()) {
        if (d != "," && d != ".")
            throw std::runtime_error("profile: decimal must be \",\" or \".\"");
        p.decimal = d[0];
    }
    p.sign = str("sign");
    if (!p.sign.empty() && p.sign != "signed" && p.sign != "negate" && p.sign != "debit_credit" &&
        p.sign != "indicator")
        throw std::runtime_error("profile: sign must be signed, negate, debit_credit or indicator");
    for (const auto& [key, into] :
         {std::pair<const char*, std::vector<std::string>*>{"debit_values", &p.debit_values},
          {"credit_values", &p.credit_values}}) {
        if (!j.contains(key))
            continue;
        if (!j[key].is_array())
            throw std::runtime_error(std::string("profile: ") + key + " must be an array of strings");
        for (const auto& v : j[key]) {
            if (!v.is_string())
                throw std::runtime_error(std::string("profile: ") + key + " must be an array of strings");
            into->push_back(normalise_header(v.get<std::string>()));
        }
    }
    p.account = str("account");
    p.currency = str("currency");
    return p;
}

char decimal_vote(std::string_view cell) {
    std::size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0;
    for (std::size_t i = 0; i < cell.size(); ++i) {
        if (cell[i] == '.') {
            ++dots;
            last_dot = i;
        } else if (cell[i] == ',') {
            ++commas;
            last_comma = i;
        }
    }
    auto digits_after = [&](std::size_t p) {
        std::size_t n = 0;
        while (p + 1 + n < cell.size() && is_digit(cell[p + 1 + n]))
            ++n;
        return n;
    };
    if (dots && commas)
        return last_dot > last_comma ? '.' : ',';
    if (commas == 1 && dots == 0)
        return digits_after(last_comma) == 3 ? 0 : ',';
    if (dots == 1 && commas == 0)
        return digits_after(last_dot) == 3 ? 0 : '.';
    if (commas > 1)
        return '.';
    if (dots > 1)
        return ',';
    return 0;
}

bool scientific_notation(std::string_view cell) {
    cell = trim_cell(cell);
    const auto e = cell.find_first_of("eE");
    if (e == std::string_view::npos || e == 0 || e + 1 >= cell.size())
        return false;
    for (std::size_t i = 0; i < e; ++i)
        if (!is_digit(cell[i]) && cell[i] != '.' && cell[i] != ',' && !(i == 0 && cell[i] == '-'))
            return false;
    std::size_t i = e + 1;
    if (cell[i] == '+' || cell[i] == '-')
        ++i;
    if (i >= cell.size())
        return false;
    for (; i < cell.size(); ++i)
        if (!is_digit(cell[i]))
            return false;
    return true;
}

Amount parse_amount(std::string_view cell, char decimal, int digits) {
    Amount a;
    auto s = trim_cell(cell);
    if (s.empty()) {
        a.blank = true;
        return a;
    }
    if (scientific_notation(s)) {
        a.error = "amount \"" + std::string(s) + "\" is in scientific notation (rewritten by a spreadsheet?)";
        return a;
    }
    bool negative = false;
    bool changed = true;
    // Peel signs, parentheses and currency marks off both ends, in any order ("-$7.00", "$-7.00", "7,00 €-").
    while (changed && !s.empty()) {
        changed = false;
        s = trim_cell(s);
        if (s.empty())
            break;
        if (s.front() == '-' || s.back() == '-') {
            negative = !negative;
            s = s.front() == '-' ? s.substr(1) : s.substr(0, s.size() - 1);
            changed = true;
        } else if (s.front() == '+' || s.back() == '+') {
            s = s.front() == '+' ? s.substr(1) : s.substr(0, s.size() - 1);
            changed = true;
        } else if (s.front() == '(' && s.back() == ')') {
            negative = !negative;
            s = s.substr(1, s.size() - 2);
            changed = true;
        } else if (s.substr(0, 3) == "\xE2\x88\x92") { // U+2212 minus sign
            negative = !negative;
            s.remove_prefix(3);
            changed = true;
        }
        for (const auto& [mark, code] : {std::pair<std::string_view, std::string_view>{"$", "$"},
                                         {"\xE2\x82\xAC", "EUR"},
                                         {"\xC2\xA3", "GBP"},
                                         {"\xC2\xA5", "\xC2\xA5"},
                                         {"EUR", "EUR"},
                                         {"USD", "USD"},
                                         {"GBP", "GBP"},
                                         {"CHF", "CHF"}}) {
            if (s.substr(0, mark.size()) == mark) {
                s.remove_prefix(mark.size());
                a.currency = code;
                changed = true;
            } else if (s.size() >= mark.size() && s.substr(s.size() - mark.size()) == mark) {
                s.remove_suffix(mark.size());
                a.currency = code;
                changed = true;
            }
        }
    }
    std::string t;
    bool seen_decimal = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (is_digit(c)) {
            t.push_back(c);
        } else if (c == decimal && !seen_decimal) {
            t.push_back(c);
            seen_decimal = true;
        } else if (!seen_decimal && (c == '.' || c == ',' || c == '\'' || c == ' ')) {
            continue; // a thousands separator
        } else if (!seen_decimal && s.substr(i, 2) == "\xC2\xA0") {
            ++i;
        } else if (!seen_decimal && s.substr(i, 3) == "\xE2\x80\xAF") {
            i += 2;
        } else {
            a.error = "amount \"" + std::string(trim_cell(cell)) +
                      "\" is not a number in this file's format (decimal '" + std::string(1, decimal) + "')";
            return a;
        }
    }
    const auto v = bank::decimal_to_minor(t, digits, decimal);
    if (!v) {
        a.error = "amount \"" + std::string(trim_cell(cell)) + "\" is not a decimal amount";
        return a;
    }
    a.minor = negative ? -*v : *v;
    return a;
}

namespace {
struct DateParts {
    std::string a, b, c;
    char sep = 0;
};
std::optional<DateParts> split_date(std::string_view cell) {
    cell = trim_cell(cell);
    const auto cut = cell.find_first_of(" T");
    if (cut != std::string_view::npos)
        cell = cell.substr(0, cut);
    if (cell.size() == 8 && std::all_of(cell.begin(), cell.end(), is_digit))
        return DateParts{std::string(cell.substr(0, 4)), std::string(cell.substr(4, 2)),
                         std::string(cell.substr(6)), 0};
    DateParts p;
    const auto s1 = cell.find_first_of("./-");
    if (s1 == std::string_view::npos)
        return std::nullopt;
    p.sep = cell[s1];
    const auto s2 = cell.find(p.sep, s1 + 1);
    if (s2 == std::string_view::npos)
        return std::nullopt;
    p.a = std::string(cell.substr(0, s1));
    p.b = std::string(cell.substr(s1 + 1, s2 - s1 - 1));
    p.c = std::string(cell.substr(s2 + 1));
    for (const auto* part : {&p.a, &p.b, &p.c})
        if (part->empty() || part->size() > 4 || !std::all_of(part->begin(), part->end(), is_digit))
            return std::nullopt;
    return p;
}
} // namespace

void vote_date(std::string_view cell, DateVotes& votes) {
    const auto p = split_date(cell);
    if (!p || p->a.size() == 4)
        return;
    if (votes.separator == 0)
        votes.separator = p->sep;
    if (std::stoi(p->a) > 12)
        ++votes.dmy;
    if (std::stoi(p->b) > 12)
        ++votes.mdy;
}

std::optional<store::Civil> parse_date(std::string_view cell, std::string_view order) {
    const auto p = split_date(cell);
    if (!p)
        return std::nullopt;
    store::Civil c;
    std::string y, m, d;
    if (p->a.size() == 4 || order == "ymd") {
        y = p->a;
        m = p->b;
        d = p->c;
    } else if (order == "mdy") {
        m = p->a;
        d = p->b;
        y = p->c;
    } else {
        d = p->a;
        m = p->b;
        y = p->c;
    }
    if (y.size() != 4 && y.size() != 2)
        return std::nullopt;
    c.year = std::stoi(y);
    if (y.size() == 2)
        c.year += c.year < 70 ? 2000 : 1900; // two-digit years: the pivot spreadsheets use
    c.month = std::stoi(m);
    c.day = std::stoi(d);
    if (!store::civil_is_valid(c))
        return std::nullopt;
    return c;
}

} // namespace casegraph::ingest::csv
