// The integrity checks every bank importer writes for a statement: opening + booked entries = closing,
// the entry counts and sums a statement declares itself (camt TxsSummry), and the statement's place in
// its account's series (reference, sequence number, dates) so `query statements` can chain statements
// read from different files. One statement_check row per statement.
#pragma once

#include "bank_common.hpp"
#include "importer.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::ingest::bank {

// One statement's balances and the sum of its booked entries, all in `currency` minor units.
struct BalanceCheck {
    std::string inner_locator; // the statement: xml:/Document/BkToCstmrStmt/Stmt[1], mt940:statement=2
    std::string what;          // for messages: "statement 2 (:20: 123456)"
    std::string account;       // as stored (IBAN, BANK/NUMBER or the raw text)
    std::string currency;
    int digits = 2;
    std::optional<std::int64_t> opening;
    std::optional<std::int64_t> closing;
    std::string opening_currency; // when the balance names another currency than `currency`
    std::string closing_currency;
    std::int64_t sum = 0;
    std::int64_t entries = 0;          // booked entries in the sum
    std::vector<std::string> problems; // why the figures cannot be trusted (currency differs, ...)
    // Without balances: an informational warning says so (with this note), unless the format never
    // carries an opening balance (OFX, bank CSV) and the missing figures are no finding.
    bool warn_without_balances = true;
    std::string no_balance_note; // why balances are not expected (camt.052/.054)
    // Where a mismatch may come from beyond a missing page; "a wrong sign rule" where signs are inferred.
    std::string mismatch_hint = "a missing page or a truncated file";

    // The statement's place in its account's series (all optional).
    std::string statement_ref; // MT940 :20:, camt Stmt/Id
    std::string seq;           // as written: "00012/001", "ElctrncSeqNb 12 / LglSeqNb 3"
    std::optional<std::int64_t> seq_number, seq_page;
    std::string from_date, to_date; // YYYY-MM-DD
    // What the statement declares about its own entries (camt TxsSummry); each figure that disagrees
    // with the entries read is a line here. Unset: the statement declares nothing.
    std::optional<std::vector<std::string>> summary_mismatches;
};
// Writes the statement_check row and the diagnostics: an ERROR on mismatch naming both figures (and
// one for a TxsSummry that disagrees), an informational warning when the statement carries no
// balances. Returns ok | mismatch | no-balances.
std::string check_balances(ImportContext& ctx, const BalanceCheck& c);

// Consecutive statements of one account within a file: each should open with the balance the one
// before it closed with. A jump means statements (or pages) are missing in between. (Across files,
// store/statements.hpp chains them.)
class Continuity {
  public:
    void check(ImportContext& ctx, const BalanceCheck& c);

  private:
    struct Last {
        std::int64_t closing = 0;
        std::string currency;
        std::string what;
    };
    std::map<std::string, Last> last_; // by account
};

// "00012/001" -> 12 and 1; "5" -> 5 and none. Unset when not digits, and for 0 (unnumbered).
struct SeqNumber {
    std::optional<std::int64_t> number, page;
};
[[nodiscard]] SeqNumber parse_seq(std::string_view text);

} // namespace casegraph::ingest::bank
