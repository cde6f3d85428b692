// Small text helpers the indicator files share: keyword matching on payment and message text, entity
// names and money totals for summaries, and the keyword lists more than one pattern uses.
#pragma once

#include "filter.hpp"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::graph {
struct TxRow;
struct IndicatorMatch;
} // namespace casegraph::graph

namespace casegraph::graph::indicator_text {

[[nodiscard]] std::string lower(std::string s);
// True when `lowered` contains any of the (lower-case) words.
[[nodiscard]] bool mentions_any(std::string_view lowered, const std::vector<std::string>& words);
// The entity's label, else "#id".
[[nodiscard]] std::string name_of(const CaseGraph& g, std::int64_t id);
// An account as a reader needs it: "GB06NWBK… (PETER WHITCOMBE)" — its label and, when the label is not
// already the holder's name, the holders its payments name; any other entity: name_of.
[[nodiscard]] std::string party_name(const CaseGraph& g,
                                     const std::map<std::int64_t, std::set<std::int64_t>>& holders,
                                     std::int64_t id);
// party_name of each, joined with ", ".
[[nodiscard]] std::string party_names(const CaseGraph& g,
                                      const std::map<std::int64_t, std::set<std::int64_t>>& holders,
                                      const std::vector<std::int64_t>& ids);
// "GBP 1,200.00 + EUR 50.00"
[[nodiscard]] std::string totals_text(const std::map<std::string, std::int64_t>& by_currency);
// "2024-03-01"
[[nodiscard]] std::string day_of(std::int64_t ms);

// A payment's text, booking attributes and payee name, lower-cased: what keyword patterns search.
[[nodiscard]] std::string payment_text(const CaseGraph& g, const TxRow& t);
// The entity at x first, then its neighbours of `kinds` (all when empty) with the events of every link
// between them, ascending and unique.
[[nodiscard]] IndicatorMatch neighbour_match(const CaseGraph& g, Vertex x,
                                             const std::set<std::string>& kinds);

// Cash paid in: camt CDPT, bank text in English, German, French.
[[nodiscard]] const std::vector<std::string>& cash_words();
// Travel and lodging: hotels, booking platforms, airlines, coaches, trains, taxis.
[[nodiscard]] const std::vector<std::string>& travel_words();

} // namespace casegraph::graph::indicator_text
