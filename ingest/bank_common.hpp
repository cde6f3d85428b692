// What the bank statement importers (camt, mt940) share: money in integer minor units, account and
// name entities, transaction-code flags and the opening + entries = closing balance check.
#pragma once

#include "importer.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::bank {

// ISO 4217 minor-unit digits: 0 for JPY, KRW, ...; 3 for BHD, KWD, ...; 4 for CLF; 2 otherwise.
[[nodiscard]] int minor_digits(std::string_view currency);

struct Amount {
    std::optional<std::int64_t> minor; // set when the text was a valid amount
    std::string error;                 // why not, otherwise
};
// An unsigned decimal ("1234,56", "0001147,95", "8.85", "200000") to integer minor units of a currency
// with `digits` minor digits. `separator` is the decimal mark the format prescribes. Never goes through
// floating point; more precision than the currency has is an error unless the extra digits are zeros.
[[nodiscard]] Amount parse_amount(std::string_view text, int digits, char separator);
// -2700 with 2 digits -> "-27.00".
[[nodiscard]] std::string format_minor(std::int64_t minor, int digits);

// person | organisation, from legal-form words in a name (GmbH, B.V., Ltd, Stichting, ...). Names
// with none of them are taken as a person's: account-holder names on statements mostly are.
[[nodiscard]] std::string party_kind(std::string_view name);

// IBANs in free text, electronic form, each passing its country length and mod-97 check. Printed
// groups of four ("NL91 ABNA 0417 1643 00") are found too.
[[nodiscard]] std::vector<std::string> find_ibans(std::string_view text);

// True when the text has the shape of an IBAN (two letters, two digits, 11-30 letters or digits),
// spaces ignored; whether the check digits agree is the identifier rule's business.
[[nodiscard]] bool iban_shaped(std::string_view text);

struct AccountEntity {
    std::int64_t entity_id = 0;
    std::string type;  // iban | account_number | account (evidence-scoped number)
    std::string value; // normalised value as stored
};
// A bank account as an entity. IBAN-shaped text becomes an `iban` identifier (resolves across
// statements); a national number with a known bank code or BIC an `account_number` "BANK/NUMBER";
// a bare number with no bank is only meaningful inside this evidence file and is keyed there.
AccountEntity account_entity(store::ImportWriter& w, std::string_view account, std::string_view bank,
                             std::int64_t source_id);

// A counterparty or holder name, keyed by its upper-cased, space-collapsed form within this evidence
// file: the same name in another file is not known to be the same party.
std::int64_t name_entity(store::ImportWriter& w, std::string_view name, std::int64_t source_id,
                         std::string_view role);

// Collapses runs of whitespace (line breaks of wrapped fields included) into one space and trims.
[[nodiscard]] std::string collapse_spaces(std::string_view text);

// Flags an ISO 20022 bank transaction code family / sub-family pair implies.
struct TxCodeFlags {
    bool cash = false;
    bool card = false;
    bool fee = false;
    std::string cash_kind; // deposit | withdrawal | "" (unknown)
};
[[nodiscard]] TxCodeFlags iso_tx_code_flags(std::string_view family, std::string_view sub_family);

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
    std::string no_balance_note;       // informational text when balances are not expected (camt.052/.054)
};
// Writes the statement_check row and the diagnostics: an ERROR on mismatch naming both figures, an
// informational warning when the statement carries no balances. Returns ok | mismatch | no-balances.
std::string check_balances(ImportContext& ctx, const BalanceCheck& c);

// Consecutive statements of one account within a file: each should open with the balance the one
// before it closed with. A jump means statements (or pages) are missing in between.
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

} // namespace casegraph::ingest::bank
