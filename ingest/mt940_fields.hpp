// SWIFT MT940 text without the database: the line splitter that finds statements and tags (framing,
// bank preambles, control bytes, continuation lines) and the parsers for the balance, :61: and :86:
// fields. Pure functions of their input, so they are unit-tested and fuzzed directly.
#pragma once

#include "store/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::mt940 {

// A field value that does not follow the MT940 layout; the message says what is wrong.
class FieldError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What the splitter found, in file order.
struct Item {
    enum class Kind { field, statement_end, problem };
    Kind kind = Kind::field;
    int statement = 0;   // 1-based statement index; 0 outside any statement
    int line = 0;        // file line of the tag (or of the problem)
    std::string tag;     // "61", "60F", "86" (field only)
    std::string value;   // the text after the tag; continuation lines follow after '\n', as found
    std::string message; // problem only
    bool error = false;  // problem only: error (true) or warning
};

// Turns lines into statements and tags. A statement starts at :20: (or at the first tag when a
// statement lacks it) and ends at the next :20:, a "-" / "-}" line or the end of the input. Lines
// outside statements (bank preambles such as ABN AMRO's "ABNANL2A / 940 / ABNANL2A", Rabobank's
// ":940:", SWIFT blocks {1:}{2:}{3:}) are counted, not imported.
class Splitter {
  public:
    // `line` without its line break; `line_no` is 1-based.
    void feed(std::string_view line, int line_no, std::vector<Item>& out);
    void finish(std::vector<Item>& out);

    [[nodiscard]] std::int64_t control_bytes() const { return control_bytes_; }
    [[nodiscard]] int preamble_lines() const { return preamble_lines_; }
    [[nodiscard]] int statements() const { return statement_; }
    // Bank identifiers seen in preambles and SWIFT headers (ABNANL2A), for accounts without a bank code.
    [[nodiscard]] const std::string& preamble_bic() const { return preamble_bic_; }

  private:
    void flush(std::vector<Item>& out);
    void end_statement(std::vector<Item>& out);
    void outside_line(std::string_view text);

    std::optional<Item> pending_; // the field whose continuation lines may still come
    int continuation_ = 0;        // continuation lines of pending_
    int statement_ = 0;
    bool open_ = false;
    std::int64_t control_bytes_ = 0;
    int preamble_lines_ = 0;
    std::string preamble_bic_;
};

// Two-digit years: 70-99 are 19xx, 00-69 are 20xx.
[[nodiscard]] store::Civil parse_yymmdd(std::string_view s); // throws FieldError

struct Balance {
    char mark = 'C'; // C credit, D debit
    store::Civil date;
    std::string currency;
    std::string amount;     // as written: "3236,28"
    std::int64_t minor = 0; // signed: D is negative
};
// :60F: / :60M: / :62F: / :62M: / :64: / :65:  e.g. "C110522EUR3236,28".
[[nodiscard]] Balance parse_balance(std::string_view value); // throws FieldError

struct StatementLine {
    store::Civil value_date;
    std::optional<store::Civil> entry_date; // the booking date, year resolved against the value date
    std::string mark;                       // C, D, RC (reversal of a credit: a debit), RD
    std::string funds_code;                 // the optional letter after the mark
    std::string amount;                     // as written: "1234,56"
    std::string type;                       // NTRF, N192, S103, F...
    std::string customer_ref;
    std::string bank_ref; // after //
    std::string details;  // the supplementary-details line, trimmed
    [[nodiscard]] bool credit() const { return mark == "C" || mark == "RD"; }
    [[nodiscard]] bool reversal() const { return !mark.empty() && mark[0] == 'R'; }
};
// :61: value (first line, then the optional supplementary line after '\n').
[[nodiscard]] StatementLine parse_61(std::string_view value); // throws FieldError
// MMDD of an entry date next to a value date: the year of the value date, or the one before or after
// when that puts the two dates closer (value 2024-01-02, entry 1231 -> 2023-12-31).
[[nodiscard]] store::Civil resolve_entry_date(const store::Civil& value_date, int month, int day);

struct Info {
    std::string scheme;          // german (?NN, >NN, ... subfields) | dutch (/TAG/) | free
    std::string gvc;             // German business transaction code (the 3 digits before ?00)
    std::string posting_text;    // ?00
    std::string purpose;         // German ?20-?29 and ?60-?63 joined; Dutch REMI; free: the whole text
    std::string counter_name;    // ?32?33, NAME, or "IBAN name" at the start of free text
    std::string counter_account; // ?31, IBAN, CNTP, or an IBAN found in free text
    std::string counter_bank;    // ?30 (bank code or BIC), BIC
    std::map<std::string, std::string> refs;  // EREF, KREF, MREF, CRED, SVWZ, ... / EREF, MARF, CSID, ...
    std::map<std::string, std::string> other; // subfields or tags with no meaning given here
    std::vector<std::string> ibans;           // every valid IBAN in the text
    std::string name_rule;                    // how counter_name was found (free text only)
};
// :86: value. Structured forms first (German subfields with any separator such as '?' or '>',
// Dutch slash tags); anything else is kept as free text and scanned for IBANs.
[[nodiscard]] Info parse_86(std::string_view value);

} // namespace casegraph::ingest::mt940
