// Bank CSV rows to transaction events, running-balance cross-check and statement_check rows (the layout
// was decided in bank_csv.cpp).
#include "bank_checks.hpp"
#include "bank_csv_layout.hpp"
#include "csv_profile.hpp"
#include "csv_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>

namespace casegraph::ingest::bank_csv {
namespace {

using csv::Row;

bool masked(std::string_view v) {
    return v.find('*') != std::string_view::npos || v.find("XXXX") != std::string_view::npos;
}

// The holder's or a counterparty's account: an IBAN when it checks, else a national number (kept with its
// bank code when there is one). Masked and spreadsheet-mangled values are scoped to this evidence file and
// never merge with anything.
std::int64_t account_entity(store::ImportWriter& w, ImportContext& ctx, const std::string& inner,
                            const std::string& raw, const std::string& bank, std::int64_t src) {
    if (csv::scientific_notation(raw)) {
        ctx.warning(inner, "account \"" + raw +
                               "\" is in scientific notation (a spreadsheet rewrote it); digits are "
                               "lost, kept as found and not matched with other accounts");
        return w.entity("account", "account-text:" + w.evidence_sha256() + ":" + raw, raw, src, "account");
    }
    if (masked(raw))
        return w.entity("account", "account-text:" + w.evidence_sha256() + ":" + raw, raw, src, "account");
    if (store::normalize_iban(raw).status != store::IdStatus::raw)
        return w.identifier("iban", raw, src).entity_id;
    return w.identifier("account_number", bank.empty() ? raw : bank + "/" + raw, src).entity_id;
}

// One imported transaction, as the balance check needs it (account and currency are its group's key).
struct Parsed {
    std::size_t line = 0;
    std::string account;
    std::string currency;
    std::int64_t amount = 0;
    std::optional<std::int64_t> balance;
    std::optional<store::Civil> date;
};

bool has_any(const std::string& upper, std::initializer_list<const char*> words) {
    for (const char* w : words)
        if (upper.find(w) != std::string::npos)
            return true;
    return false;
}

std::string row_text(const Row& r) {
    std::string out;
    for (const auto& f : r.fields)
        out += (out.empty() ? "" : " | ") + f;
    return out.size() > 120 ? out.substr(0, 120) + "..." : out;
}

// Chronological running-balance walk and the statement_check row for one account and currency.
void check_balances(const std::string& account, const std::string& currency, std::vector<Parsed> g,
                    std::optional<std::int64_t> preamble_closing, ImportContext& ctx) {
    std::int64_t sum = 0;
    for (const auto& p : g)
        if (__builtin_add_overflow(sum, p.amount, &sum))
            return;
    bank::BalanceCheck check;
    check.inner_locator = "line:" + std::to_string(g.front().line) + "-" + std::to_string(g.back().line);
    check.what = "statement " + ctx.locator(check.inner_locator);
    check.account = account;
    check.currency = currency;
    check.digits = bank::minor_digits(check.currency);
    check.sum = sum;
    check.entries = static_cast<std::int64_t>(g.size());
    check.warn_without_balances = false;
    check.mismatch_hint = "a missing page, a truncated file or a wrong sign rule";
    for (const auto& p : g) // the period the rows cover, whatever their order
        if (p.date) {
            const auto d = store::format_date(*p.date);
            check.from_date = check.from_date.empty() ? d : std::min(check.from_date, d);
            check.to_date = std::max(check.to_date, d);
        }
    const bool balances =
        std::all_of(g.begin(), g.end(), [](const Parsed& p) { return p.balance.has_value(); });
    if (!balances) {
        // Only a preamble balance (DKB "Saldo:"): no opening to check it against, so nothing is invented.
        check.closing = preamble_closing;
        (void)bank::check_balances(ctx, check);
        return;
    }
    // Banks list newest-first or oldest-first; the dates say which (ties: the file order).
    int down = 0, up = 0;
    for (std::size_t i = 1; i < g.size(); ++i) {
        if (!g[i].date || !g[i - 1].date)
            continue;
        const auto a = store::civil_to_utc_ms(*g[i - 1].date), b = store::civil_to_utc_ms(*g[i].date);
        down += b < a ? 1 : 0;
        up += b > a ? 1 : 0;
    }
    if (down > up)
        std::reverse(g.begin(), g.end());
    const int d = bank::minor_digits(check.currency);
    std::int64_t prev = 0;
    // The opening is derived from the oldest row (its balance minus its amount); the check is then that
    // every later balance follows from the one before, which a missing or altered row breaks.
    if (__builtin_sub_overflow(*g.front().balance, g.front().amount, &prev))
        return;
    check.opening = prev;
    for (const auto& p : g) {
        std::int64_t expected = 0;
        if (__builtin_add_overflow(prev, p.amount, &expected))
            return;
        if (expected != *p.balance)
            ctx.warning("line:" + std::to_string(p.line),
                        "running balance " + bank::format_minor(*p.balance, d) +
                            " does not follow from the row before (" + bank::format_minor(prev, d) + " + " +
                            bank::format_minor(p.amount, d) + " = " + bank::format_minor(expected, d) + ")");
        prev = *p.balance;
    }
    check.closing = prev;
    (void)bank::check_balances(ctx, check);
}

} // namespace

void import_rows(const OpenText& open_text, char delimiter, std::size_t from, std::size_t footer_lines,
                 const Layout& lay, ImportContext& ctx) {
    auto& w = ctx.writer();
    const std::string date_role = lay.col.count("date")         ? "date"
                                  : lay.col.count("value_date") ? "value_date"
                                                                : "transaction_date";
    // A first pass finds where the transactions end and what the account columns look like; only the
    // footer candidates are held (the last footer_lines rows, and the rows after the last dated one).
    struct Held {
        std::size_t index;
        Row row;
    };
    std::deque<Held> tail; // the last `footer_lines` non-blank rows (and the blank rows among them)
    std::size_t tail_nonblank = 0;
    std::size_t last_dated = from;
    // Trailing lines without a date (totals, disclaimers) are a footer; dated garbage in the middle is not.
    std::vector<std::pair<std::size_t, std::string>> undated; // non-blank rows after the last dated one
    // Account numbers of one column share a length; a shorter one may have lost its leading zeros in a
    // spreadsheet. Warned about, never padded. Rows after the last dated one count only once a dated row
    // follows them.
    using Lengths = std::map<std::string, std::map<std::size_t, int>>;
    Lengths lengths, pending;
    auto take = [&](std::size_t i, const Row& r) {
        for (const char* role : {"account", "counterparty_account"})
            if (auto v = lay.cell(r, role);
                v && std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }))
                ++pending[role][v->size()];
        if (auto c = lay.cell(r, date_role); c && csv::parse_date(*c, lay.date_order)) {
            last_dated = i + 1;
            undated.clear();
            for (const auto& [role, by_len] : pending)
                for (const auto& [len, n] : by_len)
                    lengths[role][len] += n;
            pending.clear();
        } else if (!r.blank()) {
            undated.emplace_back(r.line, row_text(r));
        }
    };
    {
        csv::RecordReader reader(open_text(), delimiter);
        std::size_t i = 0;
        for (Row r; reader.next(r); ++i) {
            if (i < from)
                continue;
            if (footer_lines == 0) {
                take(i, r);
                continue;
            }
            tail_nonblank += r.blank() ? 0 : 1;
            tail.push_back({i, std::move(r)});
            while (!tail.empty() && (tail_nonblank > footer_lines || tail.front().row.blank())) {
                tail_nonblank -= tail.front().row.blank() ? 0 : 1;
                take(tail.front().index, tail.front().row);
                tail.pop_front();
            }
        }
    }
    for (auto it = tail.rbegin(); it != tail.rend(); ++it)
        if (!it->row.blank())
            ctx.warning("line:" + std::to_string(it->row.line),
                        "footer line (profile footer_lines), not a transaction: " + row_text(it->row));
    for (const auto& [line, text] : undated)
        ctx.warning("line:" + std::to_string(line), "footer line, not a transaction: " + text);
    const std::size_t end = last_dated;
    auto usual_length = [&](const std::string& role) -> std::size_t {
        std::size_t best = 0;
        int count = 0;
        for (const auto& [len, n] : lengths[role])
            if (n > count) {
                best = len;
                count = n;
            }
        return count >= 2 ? best : 0;
    };

    // Said once, outside any record, so a rolled-back row cannot take the warning with it.
    if (!lay.col.count("account") && lay.account.empty())
        ctx.warning("",
                    "the file does not name the holder's account: one placeholder account is used for all "
                    "rows (give \"account\" in a profile to name it)");
    // The transactions of each account and currency, for the balance checks.
    std::map<std::pair<std::string, std::string>, std::vector<Parsed>> groups;
    std::size_t transactions = 0;
    int blank = 0, no_amount = 0;
    bool dollar_noted = false;
    csv::RecordReader reader(open_text(), delimiter);
    Row r;
    for (std::size_t i = 0; i < end && reader.next(r); ++i) {
        if (i < from)
            continue;
        if (r.blank()) {
            ++blank;
            continue;
        }
        const std::string inner = "line:" + std::to_string(r.line);
        if (r.unterminated)
            ctx.warning(inner,
                        "a quote opened here is never closed; the line was read with quotes as plain text");
        else if (r.stray_quote)
            ctx.warning(inner, "unescaped quote inside a field, kept as text");
        Parsed p;
        p.line = r.line;
        bool imported = false;
        ctx.record(inner, [&] {
            const auto src = w.source(ctx.locator(inner));
            store::EventRecord e;
            e.kind = "transaction";
            e.app = "bank";
            const auto date_text = lay.cell(r, date_role);
            if (!date_text)
                throw std::runtime_error("no " + date_role + " in this row: " + row_text(r));
            p.date = csv::parse_date(*date_text, lay.date_order);
            if (!p.date)
                throw std::runtime_error(date_role + " \"" + *date_text + "\" is not a date (" +
                                         lay.date_order + "): " + row_text(r));
            e.time =
                store::time_from_date(*p.date, *date_text, "bank-csv " + date_role + " " + lay.date_order);
            std::string currency = lay.cell(r, "currency").value_or(lay.currency);
            const int digits = bank::minor_digits(currency);
            auto money = [&](const char* role) {
                auto a = csv::parse_amount(lay.cell(r, role).value_or(""), lay.decimal, digits);
                if (!a.error.empty())
                    throw std::runtime_error(a.error);
                if (currency.empty() && !a.currency.empty()) {
                    // "$" alone does not say which dollar; the exports we know that write it are US banks.
                    currency = a.currency == "$" ? "USD" : a.currency;
                    if (a.currency == "$" && !dollar_noted) {
                        ctx.note("currency_assumed", "USD from the '$' sign in the amounts");
                        dollar_noted = true;
                    }
                }
                return a;
            };
            std::optional<std::int64_t> amount;
            if (lay.sign == "debit_credit") {
                const auto debit = money("debit"), credit = money("credit");
                if (debit.minor && credit.minor && *debit.minor != 0 && *credit.minor != 0)
                    ctx.warning(inner,
                                "both the debit and the credit column hold an amount; credit - debit used");
                if (debit.minor || credit.minor)
                    amount = std::llabs(credit.minor.value_or(0)) - std::llabs(debit.minor.value_or(0));
            } else {
                const auto a = money("amount");
                amount = a.minor;
                if (amount && lay.sign == "negate")
                    amount = -*amount;
                if (amount && lay.sign == "indicator") {
                    const auto ind = upper_ascii(lay.cell(r, "indicator").value_or(""));
                    if (lay.debit_values.count(ind))
                        amount = -std::llabs(*amount);
                    else if (lay.credit_values.count(ind))
                        amount = std::llabs(*amount);
                    else
                        throw std::runtime_error("debit/credit indicator \"" + ind +
                                                 "\" is not one this file uses");
                }
            }
            if (!amount) {
                ctx.warning(inner,
                            "no amount in this row (not a money movement?), not imported: " + row_text(r));
                ++no_amount;
                return;
            }
            p.amount = *amount;
            e.amount_minor = *amount;
            if (!currency.empty())
                e.currency = currency;
            p.currency = currency;
            e.direction = *amount < 0 ? "outgoing" : *amount > 0 ? "incoming" : "unknown";
            if (lay.col.count("balance")) {
                const auto b = money("balance");
                p.balance = b.minor;
            }
            for (const auto& [role, key] :
                 {std::pair{"value_date", "value_date"}, std::pair{"transaction_date", "user_date"}}) {
                if (role == date_role)
                    continue;
                if (auto v = lay.cell(r, role)) {
                    const auto c = csv::parse_date(*v, lay.date_order);
                    e.attrs[key] = c ? store::format_date(*c) : *v;
                    if (!c)
                        ctx.warning(inner, std::string(role) + " \"" + *v + "\" is not a date; kept as text");
                }
            }
            for (const auto& [role, key] :
                 {std::pair{"tx_type", "tx_type"}, std::pair{"bank_ref", "bank_ref"},
                  std::pair{"check_number", "check_number"}, std::pair{"status", "status"},
                  std::pair{"original_amount", "original_amount"},
                  std::pair{"counterparty_bank", "counterparty_bank"}})
                if (auto v = lay.cell(r, role))
                    e.attrs[key] = *v;
            if (auto t = lay.cell(r, "tx_type")) {
                const auto u = upper_ascii(*t);
                if (has_any(u, {"ATM", "CASH", "BARGELD", "GELDAUTOMAT", "BARAUSZAHLUNG", "BAREINZAHLUNG"}))
                    e.attrs["cash"] = true;
                if (has_any(u, {"POS", "KARTE", "CARD", "KARTENZAHLUNG", "EC-"}))
                    e.attrs["card"] = true;
                if (has_any(u, {"FEE",
                                "GEB\xC3\x9C"
                                "HR",
                                "ENTGELT", "SRVCHG", "SERVICE CHARGE"}))
                    e.attrs["fee"] = true;
            }
            std::string body;
            for (const char* role : {"counterparty", "description", "memo"})
                if (auto v = lay.cell(r, role))
                    body += (body.empty() ? "" : "\n") + *v;
            if (!body.empty())
                e.body = body;

            // The holder's account: a per-row column, the profile or preamble, else one placeholder per file.
            p.account = lay.cell(r, "account").value_or(lay.account);
            std::int64_t own = 0;
            if (!p.account.empty()) {
                if (auto v = lay.cell(r, "account");
                    v && usual_length("account") && v->size() < usual_length("account"))
                    ctx.warning(
                        inner,
                        "account \"" + *v + "\" is shorter than the others in its column (" +
                            std::to_string(usual_length("account")) +
                            " digits): leading zeros may have been lost in a spreadsheet; kept as found");
                own = account_entity(w, ctx, inner, p.account, "", src);
            } else {
                own = w.entity("account", "account-holder:" + w.evidence_sha256(),
                               "account holder of " + ctx.input().display_name, src, "account");
                p.account = "(unnamed account)";
            }
            const char* own_role = *amount < 0 ? "payer" : "payee";
            const char* other_role = *amount < 0 ? "payee" : "payer";
            e.parties.push_back({own, own_role});
            if (auto v = lay.cell(r, "counterparty_account")) {
                if (usual_length("counterparty_account") &&
                    v->size() < usual_length("counterparty_account") &&
                    std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }))
                    ctx.warning(
                        inner, "counterparty account \"" + *v +
                                   "\" is shorter than the others in its column: leading zeros may have been "
                                   "lost in a spreadsheet; kept as found");
                e.parties.push_back(
                    {account_entity(w, ctx, inner, *v, lay.cell(r, "counterparty_bank").value_or(""), src),
                     other_role});
            }
            if (auto v = lay.cell(r, "counterparty"))
                e.parties.push_back(
                    {bank::name_entity(w, *v, src, "counterparty", bank::NameSource::descriptor),
                     other_role});
            for (const char* role : {"bank_ref", "check_number"})
                if (auto v = lay.cell(r, role); v && csv::scientific_notation(*v))
                    ctx.warning(inner,
                                std::string(role) + " \"" + *v +
                                    "\" is in scientific notation (a spreadsheet rewrote it); kept as found");
            // Columns no role was given to are kept with the event, so nothing in the row is lost.
            for (std::size_t c = 0; c < r.fields.size(); ++c) {
                const auto v = trimmed(r.fields[c]);
                if (v.empty() || lay.mapped.count(c))
                    continue;
                e.attrs["other_columns"][lay.names.size() > c && !lay.names[c].empty()
                                             ? lay.names[c]
                                             : "column " + std::to_string(c + 1)] = v;
            }
            w.event(e, src);
            imported = true;
        });
        if (imported) {
            ++transactions;
            groups[{std::move(p.account), std::move(p.currency)}].push_back(p);
        }
    }
    ctx.note("blank_lines", blank);
    ctx.note("rows_without_amount", no_amount);
    ctx.note("transactions", transactions);
    for (auto& [key, g] : groups)
        check_balances(key.first, key.second, std::move(g),
                       groups.size() == 1 ? lay.preamble_closing : std::nullopt, ctx);
}

} // namespace casegraph::ingest::bank_csv
