// Statement checks of the bank importers (see bank_checks.hpp).
#include "bank_checks.hpp"

namespace casegraph::ingest::bank {

std::string check_balances(ImportContext& ctx, const BalanceCheck& c) {
    std::string result;
    std::string message;
    auto money = [&](std::int64_t v, const std::string& ccy = {}) {
        return format_minor(v, c.digits) + " " + (ccy.empty() ? c.currency : ccy);
    };
    const std::string who = c.what + " of account " + (c.account.empty() ? "(unknown)" : c.account);
    std::string detail;
    if (!c.opening && !c.closing) {
        result = "no-balances";
        message = who +
                  " carries no opening or closing balance, so opening + entries = closing cannot be "
                  "checked (" +
                  std::to_string(c.entries) + " booked entries summing to " + money(c.sum) + ")";
        if (!c.no_balance_note.empty())
            message += "; " + c.no_balance_note;
        if (c.warn_without_balances)
            ctx.warning(c.inner_locator, message);
    } else if (!c.opening || !c.closing) {
        // OFX and bank CSV carry a closing balance at most: nothing to check, nothing missing.
        result = c.warn_without_balances ? "mismatch" : "no-balances";
        if (c.warn_without_balances) {
            message =
                who + " has " +
                (c.opening
                     ? "an opening balance of " + money(*c.opening, c.opening_currency) + " but no closing"
                     : "a closing balance of " + money(*c.closing, c.closing_currency) + " but no opening") +
                " balance: the statement cannot be checked; a missing page or a truncated file?";
            ctx.error(c.inner_locator, message);
            detail = message;
        }
    } else {
        std::int64_t expected = 0, difference = 0;
        const bool overflow = __builtin_add_overflow(*c.opening, c.sum, &expected);
        result = !overflow && expected == *c.closing && c.problems.empty() ? "ok" : "mismatch";
        if (result == "mismatch") {
            message = "balance check failed for " + who + ": opening balance " +
                      money(*c.opening, c.opening_currency) + " + " + std::to_string(c.entries) +
                      " booked entries " + money(c.sum) + " = " +
                      (overflow ? "(too large)" : money(expected)) + ", but the closing balance is " +
                      money(*c.closing, c.closing_currency) +
                      (overflow || __builtin_sub_overflow(*c.closing, expected, &difference)
                           ? ""
                           : " (difference " + money(difference) + ")") +
                      ": " + c.mismatch_hint;
            for (const auto& p : c.problems)
                message += "; " + p;
            ctx.error(c.inner_locator, message);
            detail = message;
        }
    }
    std::optional<std::string> summary;
    if (c.summary_mismatches) {
        summary = c.summary_mismatches->empty() ? "ok" : "mismatch";
        if (!c.summary_mismatches->empty()) {
            std::string m = who + ": the statement's own transaction summary (TxsSummry) disagrees with the "
                                  "entries in the file: ";
            for (std::size_t i = 0; i < c.summary_mismatches->size(); ++i)
                m += (i ? "; " : "") + (*c.summary_mismatches)[i];
            m += " — entries are missing from the file or were added to it";
            ctx.error(c.inner_locator, m);
            detail += (detail.empty() ? "" : "\n") + m;
        }
    }
    auto opt_text = [](const std::string& v) { return v.empty() ? std::optional<std::string>() : v; };
    auto& w = ctx.writer();
    w.db()
        .prepare("INSERT INTO statement_check(evidence_id, locator, account, currency, opening_minor, "
                 "closing_minor, sum_minor, result, statement_ref, seq, seq_number, seq_page, from_date, "
                 "to_date, entries, summary_result, detail) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)")
        .bind(1, w.evidence_id())
        .bind(2, ctx.locator(c.inner_locator))
        .bind(3, c.account)
        .bind(4, c.currency)
        .bind(5, c.opening)
        .bind(6, c.closing)
        .bind(7, c.sum)
        .bind(8, result)
        .bind(9, opt_text(c.statement_ref))
        .bind(10, opt_text(c.seq))
        .bind(11, c.seq_number)
        .bind(12, c.seq_page)
        .bind(13, opt_text(c.from_date))
        .bind(14, opt_text(c.to_date))
        .bind(15, c.entries)
        .bind(16, summary)
        .bind(17, opt_text(detail))
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

SeqNumber parse_seq(std::string_view text) {
    SeqNumber r;
    auto number = [](std::string_view s) -> std::optional<std::int64_t> {
        while (!s.empty() && s.front() == ' ')
            s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ')
            s.remove_suffix(1);
        if (s.empty() || s.size() > 15)
            return std::nullopt;
        std::int64_t v = 0;
        for (char ch : s) {
            if (ch < '0' || ch > '9')
                return std::nullopt;
            v = v * 10 + (ch - '0');
        }
        return v;
    };
    const auto slash = text.find('/');
    r.number = number(text.substr(0, slash));
    if (r.number && slash != std::string_view::npos) {
        r.page = number(text.substr(slash + 1));
        if (!r.page)
            r.number.reset();
    }
    if (r.number == 0) // Rabobank writes :28C:0 on every statement: not numbered at all
        r = {};
    return r;
}

} // namespace casegraph::ingest::bank
