// Bank statements of the case as series per account, read from statement_check: each statement's own
// checks and what chaining them says across evidence files — a closing balance that is not the next
// opening, sequence numbers or days missing between two statements, periods that overlap, and the same
// statement imported twice from different files. For `casegraph query CASE statements` and exports.
#pragma once

#include "sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::store {

struct StatementRow {
    std::int64_t id = 0; // statement_check.id
    std::string evidence_sha256, evidence_name, locator;
    std::string account, currency;
    std::string statement_ref, seq; // "" when the source has none
    std::optional<std::int64_t> seq_number, seq_page;
    std::string from_date, to_date; // YYYY-MM-DD or ""
    std::optional<std::int64_t> opening, closing;
    std::int64_t sum = 0;
    std::optional<std::int64_t> entries;
    std::string result;         // ok | mismatch | no-balances
    std::string summary_result; // ok | mismatch | "" (none declared)
    std::string detail;
    std::optional<std::int64_t> duplicate_of; // id of the statement it repeats (left out of the chain)
};

struct StatementFinding {
    // balance_mismatch (inside one statement), summary_mismatch, balance_break, missing_statements,
    // missing_pages, numbering_restart, numbering_back, date_gap, overlap, duplicate, conflict
    std::string kind;
    std::string severity;                 // error | warning | info
    std::string message;                  // names both statements: file, locator, reference, number and dates
    std::vector<std::int64_t> statements; // StatementRow ids, earlier first
};

struct StatementSeries {
    std::string account, currency;
    std::vector<StatementRow> statements; // in series order (dates, then sequence numbers)
    std::vector<StatementFinding> findings;
    std::int64_t evidence_files = 0;
};

// Every account's series, accounts with errors first; `account` (a stored account value) limits it to
// one account. Reads only.
[[nodiscard]] std::vector<StatementSeries> statement_series(const Db& db, const std::string& account = {});

// Days from 1970-01-01 for YYYY-MM-DD; nullopt for anything else.
[[nodiscard]] std::optional<std::int64_t> day_number(const std::string& ymd);

} // namespace casegraph::store
