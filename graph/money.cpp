// Time-respecting money flows (see money.hpp).
#include "money.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace casegraph::graph {
namespace {

struct Tx {
    Vertex u, v;    // in the direction of travel (reversed for "in")
    std::int64_t t; // negated for "in", so "later" always means "further from the start"
    std::int64_t amount;
    std::int64_t event_id;
    std::uint16_t currency;
    std::int64_t real_ms;
    bool date_only;
};

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

} // namespace

MoneyFlow follow_money(const CaseGraph& g, Vertex start, const MoneyOptions& opt) {
    const auto tx_kind = g.data().kind_index("transaction");
    std::vector<Tx> txs;
    for (const auto& l : g.links()) {
        if (!tx_kind || l.kind != *tx_kind || !l.directed)
            continue;
        for (const auto& e : l.events) {
            if (!e.has_time)
                continue; // a payment with no date cannot be placed in a chain
            if (opt.out)
                txs.push_back({l.u, l.v, e.ms, e.amount_minor, e.event_id, l.currency, e.ms, e.date_only});
            else
                txs.push_back({l.v, l.u, -e.ms, e.amount_minor, e.event_id, l.currency, e.ms, e.date_only});
        }
    }
    std::sort(txs.begin(), txs.end(),
              [](const Tx& a, const Tx& b) { return a.t != b.t ? a.t < b.t : a.event_id < b.event_id; });

    const auto n = g.vertex_count();
    // arrival[v]: earliest time money from the start can be at v; depth[v]: fewest hops to get there.
    std::vector<std::int64_t> arrival(n, kNever);
    std::vector<int> depth(n, -1);
    arrival[start] = std::numeric_limits<std::int64_t>::min();
    depth[start] = 0;
    auto usable = [&opt](std::int64_t arrived, std::int64_t t, bool from_start) {
        if (arrived == kNever || t < arrived)
            return false;
        return from_start || !opt.window_ms || t - arrived <= *opt.window_ms;
    };
    // Round k extends chains by one hop; arrival only ever moves earlier, so after hops-1 rounds it
    // holds the earliest arrival over at most hops-1 hops: exactly what the last hop may leave from.
    for (int round = 1; round < opt.hops; ++round) {
        auto next = arrival;
        for (const auto& x : txs)
            if (usable(arrival[x.u], x.t, x.u == start) && x.t < next[x.v]) {
                next[x.v] = x.t;
                if (depth[x.v] < 0)
                    depth[x.v] = round;
            }
        if (next == arrival)
            break;
        arrival.swap(next);
    }

    // Followed payments, grouped into hops (from, to, currency).
    std::map<std::tuple<Vertex, Vertex, std::uint16_t>, std::size_t> hop_of;
    MoneyFlow flow;
    std::vector<const Tx*> followed;
    for (const auto& x : txs) {
        if (x.v == start || !usable(arrival[x.u], x.t, x.u == start) || depth[x.u] >= opt.hops)
            continue;
        followed.push_back(&x);
        const auto key =
            opt.out ? std::make_tuple(x.u, x.v, x.currency) : std::make_tuple(x.v, x.u, x.currency);
        auto [it, fresh] = hop_of.emplace(key, flow.hops.size());
        if (fresh) {
            MoneyHop h;
            h.from = std::get<0>(key);
            h.to = std::get<1>(key);
            h.depth = depth[x.u] + 1;
            h.currency = x.currency;
            h.first_ms = h.last_ms = x.real_ms;
            flow.hops.push_back(h);
        }
        auto& h = flow.hops[it->second];
        h.events.push_back(x.event_id);
        h.total_minor += x.amount;
        h.first_ms = std::min(h.first_ms, x.real_ms);
        h.last_ms = std::max(h.last_ms, x.real_ms);
        h.date_only = h.date_only || x.date_only;
    }

    // Amount that can have passed: walk followed payments in travel order keeping, per account and
    // currency, the balance of what reached it; an onward payment passes at most that balance.
    std::map<std::pair<Vertex, std::uint16_t>, std::int64_t> balance;
    for (const auto* x : followed) {
        std::int64_t passed = x->amount;
        if (x->u != start) {
            auto& b = balance[{x->u, x->currency}];
            passed = std::min(passed, b);
            b -= passed;
        }
        balance[{x->v, x->currency}] += passed;
        const auto key =
            opt.out ? std::make_tuple(x->u, x->v, x->currency) : std::make_tuple(x->v, x->u, x->currency);
        flow.hops[hop_of[key]].passed_minor += passed;
    }
    std::stable_sort(flow.hops.begin(), flow.hops.end(), [&g](const MoneyHop& a, const MoneyHop& b) {
        if (a.depth != b.depth)
            return a.depth < b.depth;
        if (a.passed_minor != b.passed_minor)
            return a.passed_minor > b.passed_minor;
        return g.entity(a.to) < g.entity(b.to);
    });

    // Fan-in / fan-out over every transaction in the filtered graph, for the accounts in the flow: one
    // pass over the links, not one per account (a hub's flow reaches thousands of accounts).
    std::vector<std::int32_t> slot(n, -1);
    std::vector<std::set<Vertex>> payers, payees;
    auto add_account = [&](Vertex v) {
        if (slot[v] >= 0)
            return;
        slot[v] = static_cast<std::int32_t>(flow.fans.size());
        flow.fans.push_back({v, 0, 0, {}, {}});
        payers.emplace_back();
        payees.emplace_back();
    };
    add_account(start);
    for (const auto& h : flow.hops) {
        add_account(h.from);
        add_account(h.to);
    }
    for (const auto& l : g.links()) {
        if (!tx_kind || l.kind != *tx_kind || !l.directed)
            continue;
        if (const auto s = slot[l.v]; s >= 0) {
            payers[static_cast<std::size_t>(s)].insert(l.u);
            flow.fans[static_cast<std::size_t>(s)].in_minor[g.currency_name(l.currency)] += l.total_minor;
        }
        if (const auto s = slot[l.u]; s >= 0) {
            payees[static_cast<std::size_t>(s)].insert(l.v);
            flow.fans[static_cast<std::size_t>(s)].out_minor[g.currency_name(l.currency)] += l.total_minor;
        }
    }
    for (std::size_t i = 0; i < flow.fans.size(); ++i) {
        flow.fans[i].payers = static_cast<int>(payers[i].size());
        flow.fans[i].payees = static_cast<int>(payees[i].size());
    }
    return flow;
}

} // namespace casegraph::graph
