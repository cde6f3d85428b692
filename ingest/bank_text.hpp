// Text helpers the OFX and bank CSV importers share: single-byte charsets to UTF-8, decimal amounts to
// integer minor units (never through floating point), ISO 4217 minor digits and the balance-check row.
#pragma once

#include "bank_common.hpp" // minor_digits, format_minor: one definition for every bank importer
#include "importer.hpp"
#include "text_encoding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casegraph::ingest::bank {

using ingest::cp1252_to_utf8;
using ingest::is_valid_utf8;
using ingest::latin1_to_utf8;

// A plain decimal: optional sign, digits, optional `decimal` separator and fraction; no grouping. Fraction
// digits beyond `digits` must be zeros (Fidelity writes `+00000000000000.2400`). nullopt when malformed or
// when it does not fit in 64 bits.
[[nodiscard]] std::optional<std::int64_t> decimal_to_minor(std::string_view text, int digits,
                                                           char decimal = '.');

// Upper case, inner whitespace collapsed, trimmed: the per-evidence key of a counterparty name.
[[nodiscard]] std::string normalise_name(std::string_view name);
// person or organisation, from legal-form and trade words in the name (GMBH, INC, LTD, BANK, ...) or digits
// (merchant and terminal codes). A heuristic: the label keeps the name as found.
[[nodiscard]] std::string_view name_kind(std::string_view name);
// The counterparty NAME entity, scoped to this evidence file (shared bank-importer convention).
[[nodiscard]] std::int64_t name_entity(store::ImportWriter& w, std::string_view name, std::int64_t source);

struct StatementCheck {
    std::string locator; // full locator of the statement
    std::string account;
    std::string currency;
    std::optional<std::int64_t> opening;
    std::optional<std::int64_t> closing;
    std::int64_t sum = 0;
};
// Writes the statement_check row: ok / mismatch when both balances are known, else no-balances; a mismatch
// is also an ERROR diagnostic naming the statement and the figures. Returns the result.
std::string record_statement_check(ImportContext& ctx, const StatementCheck& c, std::string_view inner);

} // namespace casegraph::ingest::bank
