// Statement series per account and the checks across statements (see statements.hpp).
#include "statements.hpp"

#include "money.hpp"
#include "time.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace casegraph::store {
namespace {

std::optional<std::int64_t> opt_int(const Statement& st, int col) {
    return st.column_is_null(col) ? std::nullopt : std::optional<std::int64_t>(st.column_int64(col));
}

std::string opt_text(const Statement& st, int col) {
    return st.column_is_null(col) ? std::string() : st.column_text(col);
}

std::vector<StatementRow> load(const Db& db, const std::string& account) {
    auto st = db.prepare(
        "SELECT c.id, f.sha256, f.original_name, c.locator, c.account, c.currency, c.statement_ref, c.seq, "
        "c.seq_number, c.seq_page, c.from_date, c.to_date, c.opening_minor, c.closing_minor, c.sum_minor, "
        "c.entries, c.result, c.summary_result, c.detail FROM statement_check c "
        "JOIN evidence_file f ON f.id = c.evidence_id WHERE ?1 = '' OR c.account = ?1 "
        "ORDER BY c.account, c.currency, c.id");
    st.bind(1, account);
    std::vector<StatementRow> out;
    while (st.step()) {
        StatementRow r;
        r.id = st.column_int64(0);
        r.evidence_sha256 = st.column_text(1);
        r.evidence_name = st.column_text(2);
        r.locator = st.column_text(3);
        r.account = st.column_text(4);
        r.currency = st.column_text(5);
        r.statement_ref = opt_text(st, 6);
        r.seq = opt_text(st, 7);
        r.seq_number = opt_int(st, 8);
        r.seq_page = opt_int(st, 9);
        r.from_date = opt_text(st, 10);
        r.to_date = opt_text(st, 11);
        r.opening = opt_int(st, 12);
        r.closing = opt_int(st, 13);
        r.sum = st.column_int64(14);
        r.entries = opt_int(st, 15);
        r.result = st.column_text(16);
        r.summary_result = opt_text(st, 17);
        r.detail = opt_text(st, 18);
        out.push_back(std::move(r));
    }
    return out;
}

// "statement 00012/001 (:20: STMT1, 2024-01-01 to 2024-01-31) at mt940:statement=1 in jan.sta [1a2b3c4d5e6f]"
std::string describe(const StatementRow& r) {
    std::string s = "statement";
    if (!r.seq.empty())
        s += " " + r.seq;
    std::string inner;
    if (!r.statement_ref.empty())
        inner = "ref " + r.statement_ref;
    if (!r.from_date.empty() || !r.to_date.empty())
        inner += (inner.empty() ? "" : ", ") +
                 (r.from_date == r.to_date ? r.from_date : r.from_date + " to " + r.to_date);
    if (!inner.empty())
        s += " (" + inner + ")";
    return s + " at " + r.locator + " in " + r.evidence_name + " [" + r.evidence_sha256.substr(0, 12) + "]";
}

// An account value that names no account outside its own file: bank CSV's "(unnamed account)", the
// importers' "unknown". Such statements are only compared with others of the same file.
bool placeholder(const std::string& account) {
    return account.empty() || account == "unknown" || account.front() == '(';
}

// camt.052 intraday reports and camt.054 notifications cover the same bookings as the day's statement:
// they are no link in the chain of statements (a duplicate of one is still reported).
bool report_or_notification(const StatementRow& r) {
    return r.locator.find("BkToCstmrAcctRpt/") != std::string::npos ||
           r.locator.find("BkToCstmrDbtCdtNtfctn/") != std::string::npos;
}

bool same_statement(const StatementRow& a, const StatementRow& b) {
    // Something must identify it: two anonymous rows with equal figures are not known to be one.
    if (a.statement_ref.empty() && a.seq.empty() && a.from_date.empty() && a.to_date.empty())
        return false;
    return std::tie(a.statement_ref, a.seq, a.from_date, a.to_date, a.opening, a.closing, a.sum, a.entries) ==
           std::tie(b.statement_ref, b.seq, b.from_date, b.to_date, b.opening, b.closing, b.sum, b.entries);
}

bool periods_overlap(const StatementRow& a, const StatementRow& b) {
    if (a.from_date.empty() || a.to_date.empty() || b.from_date.empty() || b.to_date.empty())
        return true; // unknown: assume they could
    return a.from_date <= b.to_date && b.from_date <= a.to_date;
}

// Monday to Friday strictly between two days: what a missing daily statement could have covered.
std::int64_t weekdays_between(std::int64_t a, std::int64_t b) {
    std::int64_t n = 0;
    for (std::int64_t d = a + 1; d < b && n < 100000; ++d) {
        const auto w = ((d + 4) % 7 + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
        n += w != 0 && w != 6 ? 1 : 0;
    }
    return n;
}

class SeriesBuilder {
  public:
    explicit SeriesBuilder(StatementSeries& s) : s_(s), digits_(minor_digits(s.currency)) {}

    void run() {
        own_checks();
        duplicates();
        chain();
    }

  private:
    std::string money(std::int64_t v) const { return format_minor(v, digits_) + " " + s_.currency; }
    std::string difference(std::int64_t a, std::int64_t b) const {
        std::int64_t d = 0;
        return __builtin_sub_overflow(a, b, &d) ? std::string() : " (difference " + money(d) + ")";
    }

    void add(std::string kind, std::string severity, std::string message, std::vector<std::int64_t> ids) {
        s_.findings.push_back({std::move(kind), std::move(severity), std::move(message), std::move(ids)});
    }

    void own_checks() {
        for (const auto& r : s_.statements) {
            if (r.result == "mismatch")
                add("balance_mismatch", "error",
                    describe(r) + ": opening balance + booked entries is not the closing balance" +
                        (r.detail.empty() ? "" : " — " + r.detail.substr(0, r.detail.find('\n'))),
                    {r.id});
            if (r.summary_result == "mismatch") {
                const auto at = r.detail.find("TxsSummry");
                add("summary_mismatch", "error",
                    describe(r) + ": the entries in the file disagree with the statement's own summary" +
                        (at == std::string::npos ? ""
                                                 : " — " + r.detail.substr(r.detail.rfind('\n', at) + 1)),
                    {r.id});
            }
        }
    }

    void duplicates() {
        auto& v = s_.statements;
        for (std::size_t j = 0; j < v.size(); ++j)
            for (std::size_t i = 0; i < j; ++i) {
                if (v[i].duplicate_of)
                    continue;
                if (same_statement(v[i], v[j])) {
                    v[j].duplicate_of = v[i].id;
                    const bool same_file = v[i].evidence_sha256 == v[j].evidence_sha256;
                    add("duplicate", "warning",
                        "the same statement (same reference, number, dates and figures) was imported "
                        "twice: " +
                            describe(v[i]) + " and " + describe(v[j]) +
                            (same_file ? " (twice in one file)" : "") +
                            "; its entries are in the case from both, so totals over this account count "
                            "them twice. The second is left out of the chain.",
                        {v[i].id, v[j].id});
                    break;
                }
                if (v[i].seq_number && v[i].seq_number == v[j].seq_number && v[i].seq_page == v[j].seq_page &&
                    periods_overlap(v[i], v[j]))
                    add("conflict", "error",
                        "two different statements carry the same number " + v[i].seq + ": " + describe(v[i]) +
                            " and " + describe(v[j]) +
                            " differ in their reference, dates or figures; at most one of them is the bank's",
                        {v[i].id, v[j].id});
            }
    }

    // Series order: the period first (sequence numbers restart each year at many banks), then the
    // number and page, then the order read.
    std::vector<const StatementRow*> ordered() const {
        std::vector<const StatementRow*> out;
        for (const auto& r : s_.statements)
            if (!r.duplicate_of && !report_or_notification(r) &&
                (!r.from_date.empty() || !r.to_date.empty() || r.seq_number))
                out.push_back(&r);
        auto key = [](const StatementRow* r) {
            return std::make_tuple(r->from_date.empty() ? r->to_date : r->from_date,
                                   r->seq_number.value_or(-1), r->seq_page.value_or(-1), r->to_date, r->id);
        };
        std::stable_sort(out.begin(), out.end(),
                         [&](const StatementRow* a, const StatementRow* b) { return key(a) < key(b); });
        return out;
    }

    void chain() {
        const auto v = ordered();
        for (std::size_t i = 1; i < v.size(); ++i)
            pair(*v[i - 1], *v[i]);
    }

    void pair(const StatementRow& p, const StatementRow& n) {
        const std::vector<std::int64_t> ids{p.id, n.id};
        const std::string between = describe(p) + " and the next, " + describe(n);
        // Balances: the one check that catches a missing statement whatever its numbering and dates.
        std::optional<bool> balances_chain;
        if (p.closing && n.opening) {
            balances_chain = *p.closing == *n.opening;
            if (!*balances_chain)
                add("balance_break", "error",
                    describe(p) + " closes with " + money(*p.closing) + " but the next, " + describe(n) +
                        ", opens with " + money(*n.opening) + difference(*n.opening, *p.closing) +
                        ": a statement between them is missing, or one of them is not the bank's",
                    ids);
        }
        const std::string chain_note =
            balances_chain && *balances_chain
                ? "; the balances chain, so whatever is missing moved no money in total"
                : "";
        const std::string severity = balances_chain && *balances_chain ? "warning" : "error";
        bool numbers_ok = true;
        if (p.seq_number && n.seq_number) {
            const auto a = *p.seq_number, b = *n.seq_number;
            if (b == a && p.seq_page && n.seq_page && *n.seq_page > *p.seq_page + 1) {
                numbers_ok = false;
                add("missing_pages", severity,
                    "pages " + std::to_string(*p.seq_page + 1) + " to " + std::to_string(*n.seq_page - 1) +
                        " of statement number " + std::to_string(a) + " are missing between " + between +
                        chain_note,
                    ids);
            } else if (b == a + 1 && n.seq_page && *n.seq_page > 1) {
                numbers_ok = false;
                add("missing_pages", severity,
                    "statement number " + std::to_string(b) + " starts at page " +
                        std::to_string(*n.seq_page) + ": its first pages are missing between " + between +
                        chain_note,
                    ids);
            } else if (b > a + 1) {
                numbers_ok = false;
                add("missing_statements", severity,
                    std::to_string(b - a - 1) + (b - a - 1 == 1 ? " statement" : " statements") +
                        " (number " + std::to_string(a + 1) +
                        (b - a - 1 == 1 ? "" : " to " + std::to_string(b - 1)) + ") missing between " +
                        between + chain_note,
                    ids);
            } else if (b < a) {
                numbers_ok = b <= 1;
                add(b <= 1 ? "numbering_restart" : "numbering_back", b <= 1 ? "info" : "warning",
                    b <= 1 ? "the statement numbering starts again at " + std::to_string(b) + " with " +
                                 describe(n) + " (banks restart it each year)"
                           : "the statement number goes back from " + std::to_string(a) + " to " +
                                 std::to_string(b) + " between " + between,
                    ids);
            }
        }
        const auto end = day_number(p.to_date), start = day_number(n.from_date);
        if (end && start) {
            if (*start < *end) {
                add("overlap", "warning",
                    describe(p) + " runs to " + p.to_date + " but the next, " + describe(n) + ", begins on " +
                        n.from_date + ": the periods overlap, so entries may be in the case twice",
                    ids);
            } else if (const auto days = weekdays_between(*end, *start); days > 0) {
                const bool quiet = balances_chain && *balances_chain && numbers_ok;
                add("date_gap", quiet ? "info" : "warning",
                    std::to_string(days) + (days == 1 ? " weekday" : " weekdays") + " between " + p.to_date +
                        " and " + n.from_date + " are covered by no statement (" + between + ")" +
                        (quiet ? "; the balances and numbers chain, so the bank likely issued no statement "
                                 "for days without entries"
                               : ""),
                    ids);
            }
        }
    }

    StatementSeries& s_;
    int digits_;
};

int rank(const StatementSeries& s) {
    int r = 2;
    for (const auto& f : s.findings)
        r = std::min(r, f.severity == "error" ? 0 : f.severity == "warning" ? 1 : 2);
    return r;
}

} // namespace

std::optional<std::int64_t> day_number(const std::string& ymd) {
    if (ymd.size() != 10 || ymd[4] != '-' || ymd[7] != '-')
        return std::nullopt;
    Civil c;
    try {
        c.year = std::stoi(ymd.substr(0, 4));
        c.month = std::stoi(ymd.substr(5, 2));
        c.day = std::stoi(ymd.substr(8, 2));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!civil_is_valid(c))
        return std::nullopt;
    return civil_to_utc_ms(c) / 86'400'000;
}

std::vector<StatementSeries> statement_series(const Db& db, const std::string& account) {
    std::vector<StatementSeries> out;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
    for (auto& r : load(db, account)) {
        const auto key = std::make_tuple(r.account, r.currency,
                                         placeholder(r.account) ? r.evidence_sha256 : std::string());
        auto [it, fresh] = index.emplace(key, out.size());
        if (fresh) {
            out.emplace_back();
            out.back().account = r.account;
            out.back().currency = r.currency;
        }
        out[it->second].statements.push_back(std::move(r));
    }
    for (auto& s : out) {
        SeriesBuilder(s).run();
        std::set<std::string> files;
        for (const auto& r : s.statements)
            files.insert(r.evidence_sha256);
        s.evidence_files = static_cast<std::int64_t>(files.size());
        // Series order for the reader too (duplicates stay next to what they repeat).
        std::stable_sort(s.statements.begin(), s.statements.end(), [](const auto& a, const auto& b) {
            const auto ka = a.from_date.empty() ? a.to_date : a.from_date;
            const auto kb = b.from_date.empty() ? b.to_date : b.from_date;
            return std::make_tuple(ka, a.seq_number.value_or(-1), a.seq_page.value_or(-1)) <
                   std::make_tuple(kb, b.seq_number.value_or(-1), b.seq_page.value_or(-1));
        });
    }
    std::stable_sort(out.begin(), out.end(), [](const StatementSeries& a, const StatementSeries& b) {
        return std::make_tuple(rank(a), a.account, a.currency) <
               std::make_tuple(rank(b), b.account, b.currency);
    });
    return out;
}

} // namespace casegraph::store
