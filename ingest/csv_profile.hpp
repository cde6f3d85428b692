// Bank CSV layout: the mapping profile (JSON, docs/bank_csv_profiles.md), column roles guessed from
// header names in several languages, and the per-file number and date conventions with their parsers.
#pragma once

#include "store/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::csv {

// Column roles. Values of `columns` in a profile and results of header guessing use these names.
// date (booking), value_date, transaction_date, amount, debit, credit, indicator, currency, counterparty,
// counterparty_account, counterparty_bank, description, memo, tx_type, bank_ref, check_number, balance,
// account (the holder's own account, per row), status, original_amount.
[[nodiscard]] bool is_role(std::string_view role);

struct ColumnRef {
    std::optional<std::size_t> index; // 0-based
    std::string header;               // or a header name (matched after normalisation)
};

struct Profile {
    std::string name;
    std::optional<char> delimiter;
    std::string encoding; // utf-8 | windows-1252 | iso-8859-1 (empty: detect)
    std::optional<std::size_t> skip_lines;
    std::optional<bool> header;
    std::map<std::string, ColumnRef> columns;
    std::string date_order; // dmy | mdy | ymd (from "date_format")
    std::optional<char> decimal;
    std::string sign;                       // signed | negate | debit_credit | indicator
    std::vector<std::string> debit_values;  // indicator values meaning money out (upper case)
    std::vector<std::string> credit_values; // ... money in
    std::string account;                    // the holder's account when the file does not say
    std::string currency;                   // ISO 4217 when the file does not say
    std::size_t footer_lines = 0;           // trailing lines that are not transactions
    std::string json;                       // the profile text as given (recorded with the import)
    std::string sha256;
};

// Throws std::runtime_error naming what is wrong.
[[nodiscard]] Profile parse_profile(std::string_view json_text);

// Lower case (ASCII), trimmed, inner blanks collapsed, trailing ':' dropped.
[[nodiscard]] std::string normalise_header(std::string_view h);
// The role of a header cell, or "" when it names nothing we know.
[[nodiscard]] std::string role_for_header(std::string_view header);
// "Betrag in EUR", "Betrag (EUR)" -> "EUR".
[[nodiscard]] std::string currency_in_header(std::string_view header);

// Decimal separator votes from one amount cell: '.' or ',' when the cell decides, 0 when it cannot.
[[nodiscard]] char decimal_vote(std::string_view cell);

struct Amount {
    std::optional<std::int64_t> minor; // signed as written (minus, parentheses, trailing minus)
    std::string currency;              // from a sign or code in the cell ($ -> "$", € -> EUR, £ -> GBP)
    std::string error;                 // why it could not be read (empty when fine or blank)
    bool blank = false;
};
[[nodiscard]] Amount parse_amount(std::string_view cell, char decimal, int digits);

// Date cells: "31.01.2024", "01/31/2024", "2024-01-31", "20240131", with an optional time (" 00:00:00").
struct DateVotes {
    int dmy = 0, mdy = 0; // cells whose first / second field is > 12
    char separator = 0;   // of the first cell seen
};
void vote_date(std::string_view cell, DateVotes& votes);
[[nodiscard]] std::optional<store::Civil> parse_date(std::string_view cell, std::string_view order);

// 1.23E+15 and friends: a number a spreadsheet rewrote in scientific notation.
[[nodiscard]] bool scientific_notation(std::string_view cell);

} // namespace casegraph::ingest::csv
