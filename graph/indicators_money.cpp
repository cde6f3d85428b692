// The indicator patterns over payments: rent_payer (#1), advert_payments (#2), funnel_account (#3),
// many_payers (#4), transfers_abroad (#8). Payments are read from the case (a cash deposit has no payer
// and so no link) and folded onto merge representatives.
#include "indicator_text.hpp"
#include "indicators.hpp"
#include "store/money.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace casegraph::graph {

using namespace indicator_text;

namespace {

constexpr std::int64_t kDay = 86'400'000;

std::string month_of(std::int64_t ms) {
    return store::format_date(store::utc_ms_to_civil(ms)).substr(0, 7);
}

// The phones, emails, addresses and devices recorded for an account or its holders: their own identifiers
// of those types, and such entities linked to them by a record that is not a message, call or payment.
std::set<std::string> identity_keys(IndicatorInputs& inputs, std::int64_t account) {
    static const std::set<std::string> kinds{"phone", "email", "address", "device"};
    static const std::set<std::string> contact{"message", "system", "call", "transaction", "mentions"};
    const auto& g = inputs.graph();
    std::vector<std::int64_t> who{account};
    if (const auto it = inputs.account_holders().find(account); it != inputs.account_holders().end())
        who.insert(who.end(), it->second.begin(), it->second.end());
    std::set<std::string> keys;
    for (const auto w : who) {
        for (const auto* i : inputs.identifiers_of(w))
            if (kinds.count(i->type) && i->scope.empty())
                keys.insert(i->type + " " + i->value);
        const auto v = g.vertex(w);
        if (!v)
            continue;
        for (const auto& [x, pi] : g.neighbours(*v)) {
            const auto* e = g.data().entity(g.entity(x));
            if (!e || !kinds.count(e->kind))
                continue;
            for (const auto li : g.pairs()[pi].links)
                if (!contact.count(g.kind_name(g.links()[li].kind))) {
                    keys.insert(e->kind + " " + name_of(g, g.entity(x)));
                    break;
                }
        }
    }
    return keys;
}

} // namespace

std::string format_money(std::int64_t minor, const std::string& currency) {
    // The currency first (indicator texts read "EUR 1,234.56"), in its own decimals (JPY 0, BHD 3).
    return (currency.empty() ? "" : currency + " ") +
           store::format_grouped(minor, store::minor_digits(currency));
}

const std::vector<std::string>& default_advert_watchlist() {
    static const std::vector<std::string> list{"vivastreet", "adultwork", "skokka",  "locanto",
                                               "backpage",   "escort",    "massage", "classified"};
    return list;
}

// #1: an account paying rent-like payments to at least k distinct payees in a month, in at least 2 months.
IndicatorResult rent_payer(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "rent_payer";
    const int k = opt.min.value_or(3);
    const int months_needed = 2;
    static const std::vector<std::string> words{"rent",    "miete",         "loyer", "landlord", "letting",
                                                "lodging", "accommodation", "room",  "flat "};
    r.params = {{"min_payees_per_month", k}, {"min_months", months_needed}, {"keywords", words}};
    // payer → month → payee → events
    std::map<std::int64_t, std::map<std::string, std::map<std::int64_t, std::vector<std::int64_t>>>> by;
    for (const auto& t : inputs.transactions())
        if (t.payer && t.payee && mentions_any(t.low_text, words))
            by[t.payer][month_of(t.ms)][t.payee].push_back(t.event_id);
    for (const auto& [payer, months] : by) {
        IndicatorMatch m;
        m.entities.push_back(payer);
        std::vector<std::string> qualifying;
        for (const auto& [month, payees] : months) {
            if (static_cast<int>(payees.size()) < k)
                continue;
            qualifying.push_back(month + " (" + std::to_string(payees.size()) + " payees)");
            for (const auto& [payee, evs] : payees) {
                if (std::find(m.entities.begin(), m.entities.end(), payee) == m.entities.end())
                    m.entities.push_back(payee);
                m.events.insert(m.events.end(), evs.begin(), evs.end());
            }
        }
        if (static_cast<int>(qualifying.size()) < months_needed)
            continue;
        std::sort(m.entities.begin() + 1, m.entities.end());
        std::sort(m.events.begin(), m.events.end());
        const auto& holders = inputs.account_holders();
        m.summary = party_name(g, holders, payer) + " pays rent-like payments to " +
                    std::to_string(m.entities.size() - 1) + " distinct payees (" +
                    party_names(g, holders, {m.entities.begin() + 1, m.entities.end()}) + "), at least " +
                    std::to_string(k) + " a month in";
        for (std::size_t i = 0; i < qualifying.size(); ++i)
            m.summary += (i ? ", " : " ") + qualifying[i];
        m.score = static_cast<double>(m.entities.size() - 1) * 100 + static_cast<double>(qualifying.size());
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #4: a beneficiary with at least n distinct payers within w days who have no other contact with each other.
IndicatorResult many_payers(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "many_payers";
    const int n = opt.min.value_or(5);
    const int window_days = 30;
    r.params = {{"min_payers", n},
                {"window_days", window_days},
                {"shared_identifiers",
                 "phones, emails, addresses and devices recorded for a payer account or its holders (not "
                 "from messages or payments); payers sharing one rank higher"}};
    const auto tx_kind = g.data().kind_index("transaction");
    // Two payers are "otherwise linked" when the graph holds any non-payment contact between them.
    auto linked = [&g, tx_kind](std::int64_t a, std::int64_t b) {
        const auto va = g.vertex(a), vb = g.vertex(b);
        if (!va || !vb)
            return false;
        if (const auto* p = g.pair(*va, *vb))
            for (const auto li : p->links)
                if (!tx_kind || g.links()[li].kind != *tx_kind)
                    return true;
        return false;
    };
    std::map<std::int64_t, std::vector<const TxRow*>> into;
    const auto& txs = inputs.transactions();
    for (const auto& t : txs)
        if (t.payer && t.payee)
            into[t.payee].push_back(&t);
    for (const auto& [payee, list] : into) {
        // Slide a window over the payee's inflows (time-ordered); keep the window with most payers.
        std::size_t best_lo = 0, best_hi = 0, best_count = 0;
        for (std::size_t lo = 0, hi = 0; lo < list.size(); ++lo) {
            while (hi < list.size() && list[hi]->ms - list[lo]->ms <= window_days * kDay)
                ++hi;
            std::set<std::int64_t> payers;
            for (auto i = lo; i < hi; ++i)
                payers.insert(list[i]->payer);
            if (payers.size() > best_count) {
                best_count = payers.size();
                best_lo = lo;
                best_hi = hi;
            }
        }
        if (static_cast<int>(best_count) < n)
            continue;
        std::set<std::int64_t> payers;
        IndicatorMatch m;
        m.entities.push_back(payee);
        std::map<std::string, std::int64_t> total;
        for (auto i = best_lo; i < best_hi; ++i) {
            payers.insert(list[i]->payer);
            m.events.push_back(list[i]->event_id);
            total[list[i]->currency] += list[i]->amount;
        }
        int related = 0;
        for (const auto a : payers) {
            bool any = false;
            for (const auto b : payers)
                any = any || (a != b && linked(a, b));
            related += any ? 1 : 0;
        }
        const int unrelated = static_cast<int>(payers.size()) - related;
        if (unrelated < n)
            continue;
        m.entities.insert(m.entities.end(), payers.begin(), payers.end());
        const auto& holders = inputs.account_holders();
        m.summary = party_name(g, holders, payee) + " received " + totals_text(total) + " from " +
                    std::to_string(payers.size()) + " distinct payers (" +
                    party_names(g, holders, {payers.begin(), payers.end()}) + ") between " +
                    format_time(list[best_lo]->ms, false).substr(0, 10) + " and " +
                    format_time(list[best_hi - 1]->ms, false).substr(0, 10) + "; " +
                    std::to_string(unrelated) + " have no other contact with each other";
        // FinCEN 2020: score up when the payers share an address or phone (their own or their holders').
        std::map<std::string, std::set<std::int64_t>> sharing;
        for (const auto p : payers)
            for (const auto& key : identity_keys(inputs, p))
                sharing[key].insert(p);
        int sharing_payers = 0;
        std::set<std::int64_t> counted;
        for (const auto& [key, who] : sharing) {
            if (who.size() < 2)
                continue;
            m.summary += "; " + std::to_string(who.size()) + " payers share " + key;
            for (const auto w : who)
                sharing_payers += counted.insert(w).second ? 1 : 0;
        }
        m.score = static_cast<double>(payers.size()) + sharing_payers * 10.0;
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #3: at least n cash deposits at m or more places within w days, then at least p% moved on within 48 h.
IndicatorResult funnel_account(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "funnel_account";
    const int n = opt.min.value_or(5);
    const int places_needed = 3, window_days = 30, pct = 80, onward_hours = 48;
    const auto& cash = cash_words();
    r.params = {{"min_deposits", n},         {"min_places", places_needed},  {"window_days", window_days},
                {"min_onward_percent", pct}, {"onward_hours", onward_hours}, {"cash_keywords", cash}};
    // Structuring: deposits in the band just under the reporting threshold (90% to 100% of it).
    const std::int64_t threshold = opt.threshold_minor.value_or(1'000'000);
    r.params["threshold_minor"] = threshold;
    r.params["band_percent"] = 90;
    const auto& txs = inputs.transactions();
    std::map<std::int64_t, std::vector<const TxRow*>> deposits, outflows;
    for (const auto& t : txs) {
        const auto text = t.low;
        if (t.payee && mentions_any(text, cash))
            deposits[t.payee].push_back(&t);
        if (t.payer)
            outflows[t.payer].push_back(&t);
    }
    // Where a deposit was made: the bank's branch or place field when the importer kept one, else the
    // booking text without digits (dates and references vary, the branch name does not).
    auto place = [](const TxRow& t) {
        const auto attrs =
            nlohmann::json::parse(t.attrs.empty() ? std::string_view("{}") : t.attrs, nullptr, false);
        if (attrs.is_object())
            for (const char* k : {"branch", "place", "city", "location"})
                if (attrs.contains(k) && attrs[k].is_string())
                    return lower(attrs[k].get<std::string>());
        std::string s;
        for (char c : t.low_text.substr(0, t.low_text.size() - 1))
            if (!std::isdigit(static_cast<unsigned char>(c)))
                s += c;
        return s;
    };
    for (const auto& [acct, deps] : deposits) {
        for (std::size_t lo = 0, hi = 0; lo < deps.size(); ++lo) {
            while (hi < deps.size() && deps[hi]->ms - deps[lo]->ms <= window_days * kDay)
                ++hi;
            if (static_cast<int>(hi - lo) < n)
                continue;
            std::set<std::string> places;
            std::map<std::string, std::int64_t> in;
            for (auto i = lo; i < hi; ++i) {
                places.insert(place(*deps[i]));
                in[deps[i]->currency] += deps[i]->amount;
            }
            if (static_cast<int>(places.size()) < places_needed)
                continue;
            std::map<std::string, std::int64_t> out;
            std::vector<std::int64_t> out_events;
            std::set<std::int64_t> onward_to;
            const auto until = deps[hi - 1]->ms + onward_hours * 3'600'000LL;
            for (const auto* o : outflows[acct])
                if (o->ms >= deps[lo]->ms && o->ms <= until) {
                    out[o->currency] += o->amount;
                    out_events.push_back(o->event_id);
                    if (o->payee)
                        onward_to.insert(o->payee);
                }
            bool enough = true;
            for (const auto& [cur, v] : in)
                enough = enough && out[cur] * 100 >= v * pct;
            if (!enough)
                continue;
            IndicatorMatch m;
            m.entities.push_back(acct);
            for (auto i = lo; i < hi; ++i)
                m.events.push_back(deps[i]->event_id);
            m.events.insert(m.events.end(), out_events.begin(), out_events.end());
            std::sort(m.events.begin(), m.events.end());
            m.entities.insert(m.entities.end(), onward_to.begin(), onward_to.end());
            const auto& holders = inputs.account_holders();
            std::string where;
            for (const auto& p : places)
                where += (where.empty() ? "" : "; ") + p;
            m.summary = party_name(g, holders, acct) + ": " + std::to_string(hi - lo) + " cash deposits (" +
                        totals_text(in) + ") at " + std::to_string(places.size()) + " places (" + where +
                        ") from " + format_time(deps[lo]->ms, false).substr(0, 10) + ", then " +
                        totals_text(out) + " paid out within " + std::to_string(onward_hours) +
                        " h of the last to " + party_names(g, holders, {onward_to.begin(), onward_to.end()});
            const auto under =
                std::count_if(deps.begin() + static_cast<std::ptrdiff_t>(lo),
                              deps.begin() + static_cast<std::ptrdiff_t>(hi), [threshold](const TxRow* d) {
                                  return d->amount < threshold && d->amount * 10 >= threshold * 9;
                              });
            if (under > 0)
                m.summary += "; " + std::to_string(under) + " deposits just under the threshold of " +
                             format_money(threshold, deps[lo]->currency);
            m.score = static_cast<double>(hi - lo) + static_cast<double>(under);
            r.matches.push_back(std::move(m));
            break; // one window per account is enough to raise the lead
        }
    }
    return r;
}

// #8: payments to or from accounts whose IBAN country is on the case list (default: any country other
// than the case region), totalled per account on our side.
IndicatorResult transfers_abroad(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "transfers_abroad";
    r.params = {{"countries", opt.countries}, {"home_region", opt.region}};
    std::map<std::int64_t, std::string> country; // account entity → IBAN country
    for (const auto& i : inputs.identifiers())
        if (i.type == "iban")
            country.emplace(i.entity, i.value.substr(0, 2));
    auto foreign = [&](std::int64_t id) -> std::string {
        auto it = country.find(id);
        if (it == country.end())
            return {};
        if (opt.countries.empty())
            return it->second != opt.region ? it->second : std::string();
        return opt.countries.count(it->second) ? it->second : std::string();
    };
    struct Agg {
        std::map<std::string, std::int64_t> out, in;
        std::set<std::int64_t> counterparties;
        std::set<std::string> countries;
        std::vector<std::int64_t> events;
    };
    std::map<std::int64_t, Agg> by;
    for (const auto& t : inputs.transactions()) {
        if (!t.payer || !t.payee)
            continue;
        const auto fpayee = foreign(t.payee), fpayer = foreign(t.payer);
        if (!fpayee.empty() && fpayer.empty()) {
            auto& a = by[t.payer];
            a.out[t.currency] += t.amount;
            a.counterparties.insert(t.payee);
            a.countries.insert(fpayee);
            a.events.push_back(t.event_id);
        } else if (!fpayer.empty() && fpayee.empty()) {
            auto& a = by[t.payee];
            a.in[t.currency] += t.amount;
            a.counterparties.insert(t.payer);
            a.countries.insert(fpayer);
            a.events.push_back(t.event_id);
        }
    }
    for (auto& [acct, a] : by) {
        IndicatorMatch m;
        m.entities.push_back(acct);
        m.entities.insert(m.entities.end(), a.counterparties.begin(), a.counterparties.end());
        m.events = a.events;
        std::string cs;
        for (const auto& c : a.countries)
            cs += (cs.empty() ? "" : ", ") + c;
        const auto& holders = inputs.account_holders();
        m.summary = party_name(g, holders, acct) + ": " + std::to_string(a.events.size()) +
                    " payments with accounts in " + cs + " (" +
                    party_names(g, holders, {a.counterparties.begin(), a.counterparties.end()}) + ")";
        if (!a.out.empty())
            m.summary += "; sent " + totals_text(a.out);
        if (!a.in.empty())
            m.summary += "; received " + totals_text(a.in);
        double total = 0;
        for (const auto& [c, v] : a.out)
            total += static_cast<double>(v);
        for (const auto& [c, v] : a.in)
            total += static_cast<double>(v);
        m.score = total;
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #2: payments to payees named on a watchlist of ad platforms (payee name, identifier or payment text).
IndicatorResult advert_payments(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "advert_payments";
    std::vector<std::string> list;
    for (const auto& w : opt.watchlist.empty() ? default_advert_watchlist() : opt.watchlist)
        if (!w.empty())
            list.push_back(lower(w));
    r.params = {{"watchlist", list}};
    const auto& payee_text = inputs.identifier_text();
    const auto& holders = inputs.account_holders();
    struct Agg {
        std::map<std::string, std::int64_t> total;
        std::set<std::int64_t> payees;
        std::set<std::string> hits;
        std::vector<std::int64_t> events;
    };
    std::map<std::int64_t, Agg> by;
    for (const auto& t : inputs.transactions()) {
        if (!t.payer)
            continue;
        std::string hay(t.low_text);
        if (t.payee) {
            const auto* e = g.data().entity(t.payee);
            hay += " " + lower(e ? e->label : "");
            if (const auto it = payee_text.find(t.payee); it != payee_text.end())
                hay += it->second;
            // A payee account: the name the bank gives its holder ("NIGHTLIST MEDIA LTD").
            if (const auto h = holders.find(t.payee); h != holders.end())
                for (const auto holder : h->second)
                    if (const auto* eh = g.data().entity(holder))
                        hay += " " + lower(eh->label);
        }
        for (const auto& w : list)
            if (hay.find(w) != std::string::npos) {
                auto& a = by[t.payer];
                a.total[t.currency] += t.amount;
                if (t.payee)
                    a.payees.insert(t.payee);
                a.hits.insert(w);
                a.events.push_back(t.event_id);
                break;
            }
    }
    for (auto& [payer, a] : by) {
        IndicatorMatch m;
        m.entities.push_back(payer);
        m.entities.insert(m.entities.end(), a.payees.begin(), a.payees.end());
        m.events = a.events;
        std::string hits;
        for (const auto& h : a.hits)
            hits += (hits.empty() ? "" : ", ") + h;
        m.summary = name_of(g, payer) + ": " + std::to_string(a.events.size()) + " payments (" +
                    totals_text(a.total) + ") matching the watchlist (" + hits + ")";
        m.score = static_cast<double>(a.events.size());
        r.matches.push_back(std::move(m));
    }
    return r;
}

} // namespace casegraph::graph
