// The money-flow exhibit: payments of the selection as flows between accounts (amounts in integer minor
// units, printed with their currency), the time-respecting chain out of a start account from the graph
// engine's money analysis (graph/money.hpp) coloured by hop depth, and numbered notes that the source
// table resolves to every payment's event id, evidence file and locator.
#pragma once

#include "exhibit.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::exporter {

struct MoneyNode {
    std::int64_t entity = 0;               // -2 / -1: no payer / no payee named in the record (cash, fees)
    std::string label, holder, kind, tags; // already redacted
    int column = 0;
    std::int64_t payments = 0;
    bool drawn = true;
};

struct MoneyFlowNote {
    int number = 0;
    std::int64_t from = 0, to = 0;
    std::string currency;
    std::int64_t total_minor = 0, count = 0;
    std::string first, last; // days (or instants) of the first and last payment
    int depth = 0;           // hop depth in the chain from the start account; 0: not in the chain
    std::int64_t passed_minor = 0;
    std::vector<std::size_t> events; // indexes into Facts::events
};

// One hop of graph::follow_money, in entity ids.
struct ChainHop {
    std::int64_t from = 0, to = 0;
    std::string currency;
    int depth = 1;
    std::int64_t passed_minor = 0;
};

struct MoneyModel {
    std::int64_t start = 0; // the start account of the chain (0: no payments)
    std::string start_label;
    std::vector<MoneyNode> nodes;
    std::vector<MoneyFlowNote> flows;
    std::size_t hidden = 0; // accounts not drawn (too many in a column); their flows stay in the notes
    int undated_number = 0;
    std::vector<std::size_t> undated; // payments with no date: listed, never placed
};

// The flows of the selection's payments and the start account: the first focus account, else the
// account with the most distinct counterparties.
[[nodiscard]] MoneyModel build_money(const Facts& f, const std::vector<std::int64_t>& focus);
// Marks the flows that are hops of the chain, lays out the columns (payers into the start, the start,
// then hop depth) and numbers the notes.
void apply_chain(MoneyModel& m, const std::vector<ChainHop>& hops);
// The hops of graph::follow_money out of `start` over the case graph in the selection's window.
[[nodiscard]] std::vector<ChainHop> money_chain(const store::Db& db, const Selection& sel,
                                                std::int64_t start);

[[nodiscard]] std::vector<std::string> money_source_lines(const Facts& f, const MoneyModel& m);

[[nodiscard]] std::string draw_money_chart(const Facts& f, const MoneyModel& mm, const ChartMeta& m,
                                           const std::string& format);

} // namespace casegraph::exporter
