// What every bank importer (camt, MT940, OFX, bank CSV) shares: money in integer minor units, account
// and name entities and transaction-code flags. The statement checks are in bank_checks.hpp.
#pragma once

#include "importer.hpp"
#include "store/money.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest::bank {

// ISO 4217 minor digits and minor units as text ("-27.00"): one definition for the whole case.
using store::format_minor;
using store::minor_digits;

struct Amount {
    std::optional<std::int64_t> minor; // set when the text was a valid amount
    std::string error;                 // why not, otherwise
};
// An unsigned decimal ("1234,56", "0001147,95", "8.85", "200000") to integer minor units of a currency
// with `digits` minor digits. `separator` is the decimal mark the format prescribes. Never goes through
// floating point; more precision than the currency has is an error unless the extra digits are zeros.
[[nodiscard]] Amount parse_amount(std::string_view text, int digits, char separator);
// A plain signed decimal: optional sign, digits, optional `decimal` mark and fraction; no grouping
// ("-12.5", "+00000000000000.2400" from Fidelity, ".50"). The same rules as parse_amount otherwise;
// nullopt when malformed or too large for 64 bits.
[[nodiscard]] std::optional<std::int64_t> decimal_to_minor(std::string_view text, int digits,
                                                           char decimal = '.');

// Where a name comes from decides how much it says. A statement's party name (camt Nm, MT940 ?32,
// a holder) is a person's unless a legal form says otherwise (GmbH, B.V., Ltd, Stichting, ...): account
// holders on statements mostly are people. A card or OFX/CSV payee text is a merchant descriptor
// ("AMAZON MKTPLACE 1234", "ATM WITHDRAWAL"): trade words and digits mark those as organisations too.
enum class NameSource { statement_party, descriptor };

// person | organisation, by the rule of `from`. A heuristic: labels keep the name as found.
[[nodiscard]] std::string party_kind(std::string_view name, NameSource from = NameSource::statement_party);

// Upper case, inner whitespace collapsed, trimmed: the per-evidence key of a name.
[[nodiscard]] std::string normalise_name(std::string_view name);

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

// A counterparty or holder name, keyed by its normalised form within this evidence file: the same name
// in another file is not known to be the same party. The label is the name with spaces collapsed.
std::int64_t name_entity(store::ImportWriter& w, std::string_view name, std::int64_t source_id,
                         std::string_view role, NameSource from = NameSource::statement_party);

// Collapses runs of whitespace (line breaks of wrapped fields included) into one space and trims.
[[nodiscard]] std::string collapse_spaces(std::string_view text);

// The kinds of transaction a bank code says (event attrs `cash`, `cash_kind`, `card`, `fee`,
// `transfer`, `direct_debit`, `standing_order`); everything false when the code says none of them.
struct TxCodeFlags {
    bool cash = false;
    bool card = false;
    bool fee = false;
    bool transfer = false;       // a credit transfer (standing order, salary and SEPA transfers included)
    bool direct_debit = false;   // a direct debit (or its collection)
    bool standing_order = false; // a transfer executed by a standing order (always with `transfer`)
    std::string cash_kind;       // deposit | withdrawal | "" (unknown)
    // Adds another code's kinds (the cash kind only where this one has none).
    void add(const TxCodeFlags& o) {
        cash = cash || o.cash;
        card = card || o.card;
        fee = fee || o.fee;
        transfer = transfer || o.transfer;
        direct_debit = direct_debit || o.direct_debit;
        standing_order = standing_order || o.standing_order;
        if (cash_kind.empty())
            cash_kind = o.cash_kind;
    }
    [[nodiscard]] bool any() const {
        return cash || card || fee || transfer || direct_debit || standing_order;
    }
};
// ISO 20022 BkTxCd domain family / sub-family (camt).
[[nodiscard]] TxCodeFlags iso_tx_code_flags(std::string_view family, std::string_view sub_family);
// German Geschaeftsvorfallcode (GVC), the three digits that open a structured MT940 :86: and follow the
// SWIFT type in a DK camt BkTxCd/Prtry/Cd (DK DFUe-Abkommen, Anlage 3; the table and its sources are in
// bank_common.cpp): 082/083 cash paid in/out, SEPA direct debits (104/105 and their collections, returns
// and batches; 107 one generated at a card terminal is a card payment too), SEPA Cards Clearing (106 and
// its returns and batches), credit transfers (0xx, 1xx, 2xx; 008/052/117/152/212 standing orders), charges
// (8xx; 805 account closing is a fee when debited, interest when credited). Codes not listed give no flags.
[[nodiscard]] TxCodeFlags german_gvc_flags(std::string_view gvc, bool credit);
// The GVC inside a DK camt proprietary bank transaction code ("NTRF+166+00931" gives "166"); "" otherwise.
[[nodiscard]] std::string gvc_of_proprietary(std::string_view code);
// Writes the flags into an event's attrs (only the true ones, so absent means "not said").
void put_flags(const TxCodeFlags& f, nlohmann::json& attrs);

// The same statement in two files (two downloads, a statement also inside a later export) holds the same
// transactions: they are one event each, with every file as a sighting (docs/schema_changes.md, v6).
// A transaction's identity is what no two real transactions share: the format, own account, the
// statement (reference and number, which the statement chain also uses to call two statements the same),
// the entry's place in it, and its dates, signed amount and references. Anything that differs (a
// corrected copy, a different statement number, a repeated payment with its own reference) is a
// different transaction and is counted. Empty when the statement has no reference (nothing identifies it).
[[nodiscard]] std::string transaction_identity(std::string_view format, std::string_view statement_ref,
                                               std::initializer_list<std::string_view> parts);
// Writes a transaction event, or, when its identity is already in the case, records this source as
// another sighting of that event and says so (a warning naming where it was first read).
std::int64_t write_transaction(ImportContext& ctx, std::string_view inner, const store::EventRecord& e,
                               std::int64_t source_id);

} // namespace casegraph::ingest::bank
