// DOMAIN.md §6 indicator patterns as named queries. Leads, not proof: each lists the rows that satisfied
// it, takes its thresholds as parameters (returned with the result) and is deterministic.
#pragma once

#include "filter.hpp"
#include "indicator_inputs.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace casegraph::graph {

struct IndicatorOptions {
    std::optional<std::int64_t> from_ms, to_ms; // the query window (transactions are read from the case)
    std::string region;                         // the case region: "abroad" means another country
    std::string victim_tag = "victim";
    std::optional<int> min;             // overrides the pattern's main threshold
    std::set<std::string> countries;    // transfers_abroad; empty = any country but `region`
    std::vector<std::string> watchlist; // advert_payments; empty = kDefaultAdvertWatchlist
    std::vector<std::string> agencies;  // recruitment_agency: payees on the case's list of agencies
    std::string suspect_tag = "suspect";
    std::optional<std::int64_t> threshold_minor; // funnel_account: the cash reporting threshold (10,000.00)
};

struct IndicatorMatch {
    std::vector<std::int64_t> entities; // the entity the pattern is about first
    std::string summary;
    std::vector<std::int64_t> events;
    double score = 0; // ranks matches, best first
};

struct IndicatorResult {
    std::string name;
    int number = 0;        // the pattern's number in DOMAIN.md §6
    nlohmann::json params; // the thresholds used, and notes on parts the case cannot support
    std::vector<IndicatorMatch> matches;
    // Set when the case holds none of the records the pattern reads: "needs …". Never silence.
    std::string not_computable;
};

// rent_payer (#1), advert_payments (#2), funnel_account (#3), many_payers (#4), shared_identifier (#5),
// earnings_passthrough (#6), cash_business (#7), transfers_abroad (#8), travel_spend (#9),
// alt_payments (#10), controller_hub (#11), others_accounts (#12), shared_address (#13),
// arranged_payment (#14), identity_churn (#15), recruitment_agency (#16).
[[nodiscard]] const std::vector<std::string>& indicator_names();
// Throws std::invalid_argument for an unknown name. Reads what the pattern needs from the case.
[[nodiscard]] IndicatorResult run_indicator(const store::Db& db, const CaseGraph& g, const std::string& name,
                                            const IndicatorOptions& opt);
// The same over inputs shared between patterns (run several with one IndicatorInputs: each record is read
// once). opt's window must be the inputs' window (std::invalid_argument otherwise).
[[nodiscard]] IndicatorResult run_indicator(IndicatorInputs& in, const std::string& name,
                                            const IndicatorOptions& opt);

// The case's own lists and thresholds (case_info keys) for what opt leaves unset, so that the CLI and
// the workstation answer alike: indicator.transfers_abroad.countries, indicator.advert_payments.watchlist,
// indicator.recruitment_agency.watchlist (comma-separated) and indicator.funnel_account.threshold (major
// units). Throws std::invalid_argument naming the key when the threshold is not an amount.
void apply_case_settings(const store::Db& db, IndicatorOptions& opt);
// "10000" or "499.99" in major units → minor units; nothing when it is not a positive amount.
[[nodiscard]] std::optional<std::int64_t> parse_threshold_minor(const std::string& major);

// Ad platforms often named in FinCEN / FATF typologies; a case replaces it with --watchlist or the case
// setting indicator.advert_payments.watchlist.
[[nodiscard]] const std::vector<std::string>& default_advert_watchlist();

// Split out of indicators.cpp: the patterns over payments.
[[nodiscard]] IndicatorResult rent_payer(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult many_payers(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult funnel_account(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult transfers_abroad(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult advert_payments(IndicatorInputs& in, const IndicatorOptions& opt);

// In indicators_flow.cpp: earnings_passthrough (#6), cash_business (#7), travel_spend (#9),
// alt_payments (#10).
[[nodiscard]] IndicatorResult earnings_passthrough(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult cash_business(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult travel_spend(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult alt_payments(IndicatorInputs& in, const IndicatorOptions& opt);
// In indicators_people.cpp: others_accounts (#12), shared_address (#13), identity_churn (#15).
[[nodiscard]] IndicatorResult others_accounts(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult shared_address(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult identity_churn(IndicatorInputs& in, const IndicatorOptions& opt);
// In indicators_chat.cpp: arranged_payment (#14), recruitment_agency (#16).
[[nodiscard]] IndicatorResult arranged_payment(IndicatorInputs& in, const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult recruitment_agency(IndicatorInputs& in, const IndicatorOptions& opt);
// Amounts named in message text ("2k", "£1,500", "1500 EUR", "send 300"), in minor units.
[[nodiscard]] std::vector<std::int64_t> amounts_in_text(const std::string& text);

// "GBP 1,234.56"
[[nodiscard]] std::string format_money(std::int64_t minor, const std::string& currency);

} // namespace casegraph::graph
