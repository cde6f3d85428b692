// DOMAIN.md §6 indicator patterns as named queries. Leads, not proof: each lists the rows that satisfied
// it, takes its thresholds as parameters (returned with the result) and is deterministic.
#pragma once

#include "filter.hpp"

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
};

struct IndicatorMatch {
    std::vector<std::int64_t> entities; // the entity the pattern is about first
    std::string summary;
    std::vector<std::int64_t> events;
    double score = 0; // ranks matches, best first
};

struct IndicatorResult {
    std::string name;
    nlohmann::json params; // the thresholds used
    std::vector<IndicatorMatch> matches;
};

// rent_payer (#1), advert_payments (#2), funnel_account (#3), many_payers (#4), shared_identifier (#5),
// transfers_abroad (#8), controller_hub (#11).
[[nodiscard]] const std::vector<std::string>& indicator_names();
// Throws std::invalid_argument for an unknown name.
[[nodiscard]] IndicatorResult run_indicator(const store::Db& db, const CaseGraph& g, const std::string& name,
                                            const IndicatorOptions& opt);

// Ad platforms often named in FinCEN / FATF typologies; a case replaces it with --watchlist or the case
// setting indicator.advert_payments.watchlist.
[[nodiscard]] const std::vector<std::string>& default_advert_watchlist();

// A payment as the money indicators need it: both parties (merge representatives), text and attrs.
struct TxRow {
    std::int64_t event_id = 0;
    std::int64_t ms = 0;
    std::int64_t amount = 0; // absolute minor units
    std::string currency, text, attrs;
    std::int64_t payer = 0, payee = 0; // 0 when the source names no such party (a cash deposit)
};
[[nodiscard]] std::vector<TxRow> read_transactions(const store::Db& db, const CaseData& data,
                                                   const IndicatorOptions& opt);

// Split out of indicators.cpp: the patterns over payments.
[[nodiscard]] IndicatorResult rent_payer(const store::Db& db, const CaseGraph& g,
                                         const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult many_payers(const store::Db& db, const CaseGraph& g,
                                          const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult funnel_account(const store::Db& db, const CaseGraph& g,
                                             const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult transfers_abroad(const store::Db& db, const CaseGraph& g,
                                               const IndicatorOptions& opt);
[[nodiscard]] IndicatorResult advert_payments(const store::Db& db, const CaseGraph& g,
                                              const IndicatorOptions& opt);

// "GBP 1,234.56"
[[nodiscard]] std::string format_money(std::int64_t minor, const std::string& currency);

} // namespace casegraph::graph
