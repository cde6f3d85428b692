// Internal to the camt importer: the statement being read and the entry → transaction step
// (camt.cpp walks the document, camt_entry.cpp turns one Ntry into events).
#pragma once

#include "bank_checks.hpp"
#include "importer.hpp"
#include "xml_stream.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace casegraph::ingest::camt {

// A camt amount: Amt@Ccy with its CdtDbtInd, signed from the account holder's view.
struct Money {
    std::int64_t minor = 0;
    std::string currency;
    std::string raw; // "8.85 EUR CRDT"
};

// One Stmt / Rpt / Ntfctn while it is being read.
struct Statement {
    std::string inner;   // xml:/Document/BkToCstmrStmt/Stmt[1]
    std::string element; // Stmt | Rpt | Ntfctn
    int index = 0;
    std::string message; // camt.053.001.02
    std::string id;      // Stmt/Id
    std::string account; // as stored: IBAN, BIC/number or the number
    std::string currency;
    std::string servicer_bic;
    std::int64_t account_entity = 0;
    std::int64_t owner_entity = 0;
    bool account_seen = false;
    std::optional<Money> opening;
    std::optional<Money> closing;
    std::int64_t sum = 0;    // booked entries in `currency`
    std::int64_t booked = 0; // how many
    std::vector<std::string> problems;
    // The statement's place in the account's series.
    std::string electronic_seq, legal_seq; // ElctrncSeqNb, LglSeqNb as written
    std::string from_date, to_date;        // FrToDt, else the OPBD / CLBD balance dates (YYYY-MM-DD)
    // Every entry read (any status), for the statement's own TxsSummry: counts and absolute sums in
    // `currency`; entries in another currency (or sums past 64 bits) make the sums incomparable.
    struct Read {
        std::int64_t entries = 0, credits = 0, debits = 0;
        std::int64_t credit_sum = 0, debit_sum = 0;
        bool incomparable = false;
    } read;
    std::optional<XmlNode> summary; // TxsSummry as found
};

// The date or instant of a camt date choice (a node holding Dt or DtTm). A DtTm without an offset
// is read in --tz when given, else kept as its day: guessing UTC would move it by hours.
[[nodiscard]] std::optional<store::EventTime> date_choice(const XmlNode* choice, const IngestOptions& o,
                                                          std::string_view what);

// Amt@Ccy under `parent` plus its CdtDbtInd, signed; throws naming what is wrong.
[[nodiscard]] Money money(const XmlNode& amt, std::string_view indicator, std::string_view fallback_ccy);

// "2024-03-01T10:00:00+01:00" -> "2024-03-01"; "" unless the text starts with a valid date.
[[nodiscard]] std::string day_of(std::string_view text);

// The statement's TxsSummry (entry counts, sums and net amount it declares) against the entries read:
// one line per figure that disagrees or cannot be read; empty when all agree.
[[nodiscard]] std::vector<std::string> summary_mismatches(const XmlNode& summary, const Statement& st);

// Imports one Ntry (its events and diagnostics) and adds a booked entry to the statement's sum.
void import_entry(ImportContext& ctx, Statement& st, const XmlNode& ntry, const std::string& inner);

} // namespace casegraph::ingest::camt
