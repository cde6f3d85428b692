// Follow the money: time-respecting flows out of (or into) an account over n hops, with the amount
// that can have passed along each hop, and fan-in / fan-out of the accounts reached.
#pragma once

#include "filter.hpp"

#include <map>
#include <optional>

namespace casegraph::graph {

struct MoneyOptions {
    bool out = true; // out of the start account; false: into it
    int hops = 3;
    std::optional<std::int64_t> window_ms; // longest gap between arriving at an account and leaving it
};

struct MoneyHop {
    Vertex from = 0, to = 0; // payer → payee
    int depth = 1;           // hops from the start account
    std::uint16_t currency = 0;
    std::vector<std::int64_t> events;
    std::int64_t total_minor = 0;
    // What can have come from the start account: an account can only pass on what reached it earlier
    // (outflows draw on the running balance of followed inflows, in time order). Equal to total_minor
    // on hops that touch the start account.
    std::int64_t passed_minor = 0;
    std::int64_t first_ms = 0, last_ms = 0;
    bool date_only = false; // some payments carry only a booking date: show days, not midnight instants
};

struct Fan {
    Vertex vertex = 0;
    int payers = 0, payees = 0;                              // distinct counterparties in the filtered graph
    std::map<std::string, std::int64_t> in_minor, out_minor; // by currency
};

struct MoneyFlow {
    std::vector<MoneyHop> hops; // by depth, then amount passed (largest first)
    std::vector<Fan> fans;      // the start account first, then accounts by depth
};

// Only transaction links are followed. Out: a payment u → v at t is followed when money from the start
// can have reached u by t (earliest arrival over at most depth-1 hops, Bellman-Ford in time order), so
// a hop dated before the one that brought the money is never followed (date-only bookings on the same day
// cannot be ordered and are allowed to follow each other). In: the mirror image, going back
// in time from the latest moment money can still have reached the start account.
[[nodiscard]] MoneyFlow follow_money(const CaseGraph& g, Vertex start, const MoneyOptions& opt);

} // namespace casegraph::graph
