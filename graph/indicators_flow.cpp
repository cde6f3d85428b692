// Indicator patterns over payments, continued: earnings_passthrough (#6), cash_business (#7),
// travel_spend (#9), alt_payments (#10). Like indicators_money.cpp they read the case's payments
// folded onto merge representatives.
#include "indicator_text.hpp"
#include "indicators.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace casegraph::graph {

using namespace indicator_text;

namespace {

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
const char* const kNoPayments = "needs payments (bank statements: camt, MT940, OFX or CSV)";

const std::vector<std::string>& company_forms() {
    static const std::vector<std::string> forms{"ltd",   "limited", "plc", "llp",  "llc",  "inc",  "gmbh",
                                                "ag",    "ug",      "kg",  "sarl", "sas",  "sa",   "srl",
                                                "s.r.l", "bv",      "nv",  "ood",  "eood", "& co", "company"};
    return forms;
}

// "Greystone Property Management Ltd", "ACME GmbH": a company form as a whole word.
bool looks_like_company(const std::string& name) {
    const auto low = " " + lower(name) + " ";
    for (const auto& f : company_forms()) {
        for (auto pos = low.find(f); pos != std::string::npos; pos = low.find(f, pos + 1)) {
            const auto before = low[pos - 1], after = pos + f.size() < low.size() ? low[pos + f.size()] : ' ';
            if (!std::isalnum(static_cast<unsigned char>(before)) &&
                !std::isalnum(static_cast<unsigned char>(after)))
                return true;
        }
    }
    return false;
}

std::string place_of(const TxRow& t) {
    const auto attrs =
        nlohmann::json::parse(t.attrs.empty() ? std::string_view("{}") : t.attrs, nullptr, false);
    if (attrs.is_object())
        for (const char* k : {"city", "place", "location", "branch"})
            if (attrs.contains(k) && attrs[k].is_string())
                return lower(attrs[k].get<std::string>());
    return {};
}

} // namespace

// #6: money into V passed on to C: at least p% of an inflow paid out to C within t. V also counts for C
// when V is tagged victim (the victim's own statement, showing what came in, is often not in the case).
// C must be common to several V.
IndicatorResult earnings_passthrough(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "earnings_passthrough";
    r.number = 6;
    const int min_sources = opt.min.value_or(2);
    const int hours = 72, pct = 50;
    r.params = {{"min_sources", min_sources},
                {"window_hours", hours},
                {"min_onward_percent", pct},
                {"victim_tag", opt.victim_tag}};
    const auto& txs = inputs.transactions();
    if (txs.empty()) {
        r.not_computable = kNoPayments;
        return r;
    }
    std::map<std::int64_t, std::vector<const TxRow*>> in, out;
    for (const auto& t : txs) {
        if (t.payee)
            in[t.payee].push_back(&t);
        if (t.payer && t.payee)
            out[t.payer].push_back(&t);
    }
    struct Source {
        std::vector<std::int64_t> events;
        bool passed = false, victim = false;
    };
    std::map<std::int64_t, std::map<std::int64_t, Source>> to; // C → V → why
    for (const auto& [v, outs] : out) {
        const bool victim = g.data().has_tag(v, opt.victim_tag);
        for (const auto* o : outs)
            if (victim) {
                auto& s = to[o->payee][v];
                s.victim = true;
                s.events.push_back(o->event_id);
            }
        for (const auto* i : in[v]) {
            std::map<std::int64_t, std::pair<std::int64_t, std::vector<std::int64_t>>> onward; // C → sum
            for (const auto* o : outs)
                if (o->ms >= i->ms && o->ms <= i->ms + hours * kHour && o->payee != i->payer &&
                    o->currency == i->currency && o->event_id != i->event_id) {
                    onward[o->payee].first += o->amount;
                    onward[o->payee].second.push_back(o->event_id);
                }
            for (const auto& [c, sum] : onward)
                if (sum.first * 100 >= i->amount * pct && i->amount > 0) {
                    auto& s = to[c][v];
                    s.passed = true;
                    s.events.push_back(i->event_id);
                    s.events.insert(s.events.end(), sum.second.begin(), sum.second.end());
                }
        }
    }
    for (const auto& [c, sources] : to) {
        if (static_cast<int>(sources.size()) < min_sources)
            continue;
        IndicatorMatch m;
        m.entities.push_back(c);
        int passed = 0, victims = 0;
        for (const auto& [v, s] : sources) {
            m.entities.push_back(v);
            m.events.insert(m.events.end(), s.events.begin(), s.events.end());
            passed += s.passed ? 1 : 0;
            victims += s.victim ? 1 : 0;
        }
        std::sort(m.events.begin(), m.events.end());
        m.events.erase(std::unique(m.events.begin(), m.events.end()), m.events.end());
        std::map<std::string, std::int64_t> total;
        for (const auto& t : txs)
            if (t.payee == c && sources.count(t.payer) &&
                std::binary_search(m.events.begin(), m.events.end(), t.event_id))
                total[t.currency] += t.amount;
        const auto& holders = inputs.account_holders();
        m.summary = party_name(g, holders, c) + " receives " + totals_text(total) + " from " +
                    std::to_string(sources.size()) + " accounts (" +
                    party_names(g, holders, {m.entities.begin() + 1, m.entities.end()}) +
                    "): " + std::to_string(passed) + " passed on at least " + std::to_string(pct) +
                    "% of an inflow within " + std::to_string(hours) + " h, " + std::to_string(victims) +
                    " tagged " + opt.victim_tag;
        m.score = static_cast<double>(sources.size()) * 100 + passed + victims;
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #7: a business account with many cash deposits and no salary or tax payments; deposits outside business
// hours (where the bank gives a time of day) are counted. A business account is one whose holder is an
// organisation, or whose holder's or own name carries a company form (Ltd, GmbH, …): a private account
// with cash paid in (a money mule's) is not this pattern.
IndicatorResult cash_business(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "cash_business";
    r.number = 7;
    const int n = opt.min.value_or(10);
    const int open_hour = 8, close_hour = 20;
    static const std::vector<std::string> payroll{"salary",
                                                  "salaries",
                                                  "wages",
                                                  "payroll",
                                                  "paye",
                                                  "hmrc",
                                                  "tax ",
                                                  "vat ",
                                                  "pension",
                                                  "lohn",
                                                  "gehalt",
                                                  "finanzamt",
                                                  "steuer",
                                                  "salaire",
                                                  "urssaf",
                                                  "impots",
                                                  "national insurance"};
    r.params = {
        {"min_cash_deposits", n},
        {"business_hours_utc", std::to_string(open_hour) + ":00-" + std::to_string(close_hour) + ":00"},
        {"cash_keywords", cash_words()},
        {"payroll_keywords", payroll},
        {"business_accounts", "accounts held by an organisation or named with a company form"},
        {"company_forms", company_forms()}};
    const auto& txs = inputs.transactions();
    if (txs.empty()) {
        r.not_computable = kNoPayments;
        return r;
    }
    std::map<std::int64_t, std::vector<const TxRow*>> deposits;
    std::set<std::int64_t> pays_staff;
    for (const auto& t : txs) {
        const auto text = t.low;
        if (t.payee && !t.payer && mentions_any(text, cash_words()))
            deposits[t.payee].push_back(&t);
        if (t.payer && mentions_any(text, payroll))
            pays_staff.insert(t.payer);
    }
    // The business accounts: what a holder is, from the payments naming account and holder together.
    const auto& holders = inputs.account_holders();
    auto business = [&](std::int64_t acct) -> std::string {
        if (looks_like_company(name_of(g, acct)))
            return name_of(g, acct);
        if (const auto it = holders.find(acct); it != holders.end())
            for (const auto h : it->second)
                if (const auto* e = g.data().entity(h);
                    e && (e->kind == "organisation" || looks_like_company(e->label)))
                    return name_of(g, h);
        return {};
    };
    std::set<std::int64_t> accounts; // every party to a payment
    for (const auto& t : txs)
        for (const auto a : {t.payer, t.payee})
            if (a)
                accounts.insert(a);
    int businesses = 0;
    for (const auto a : accounts)
        businesses += business(a).empty() ? 0 : 1;
    r.params["business_accounts_found"] = businesses;
    if (businesses == 0) {
        r.not_computable = "needs business accounts: no account in this case is held by an organisation or "
                           "named with a company form, and the bank records carry no business flag";
        return r;
    }
    for (const auto& [acct, deps] : deposits) {
        if (static_cast<int>(deps.size()) < n || pays_staff.count(acct))
            continue;
        const auto holder = business(acct);
        if (holder.empty())
            continue; // a private account: cash paid in is not a cash business
        IndicatorMatch m;
        m.entities.push_back(acct);
        std::map<std::string, std::int64_t> total;
        int timed = 0, outside = 0;
        for (const auto* d : deps) {
            m.events.push_back(d->event_id);
            total[d->currency] += d->amount;
            if (d->date_only)
                continue;
            ++timed;
            const auto hour = (d->ms % kDay + kDay) % kDay / kHour;
            outside += hour < open_hour || hour >= close_hour ? 1 : 0;
        }
        m.summary = name_of(g, acct) + (holder == name_of(g, acct) ? "" : " (held by " + holder + ")") +
                    ", a business account: " + std::to_string(deps.size()) + " cash deposits (" +
                    totals_text(total) + ") and no salary or tax payments";
        m.summary += timed == 0 ? "; the bank gives no time of day"
                                : "; " + std::to_string(outside) + " of " + std::to_string(timed) +
                                      " timed deposits outside business hours";
        m.score = static_cast<double>(deps.size()) + outside;
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #9: an account paying for travel and lodging at least k times within w days (its own or for others);
// the places are listed where the bank records one, with the travel share of what the account paid.
IndicatorResult travel_spend(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "travel_spend";
    r.number = 9;
    const int k = opt.min.value_or(3);
    const int window_days = 30;
    r.params = {
        {"min_travel_payments", k}, {"window_days", window_days}, {"travel_keywords", travel_words()}};
    if (inputs.count("location_fix") == 0)
        r.params["victim_locations"] = "not computable from this case: needs location fixes";
    const auto& txs = inputs.transactions();
    if (txs.empty()) {
        r.not_computable = kNoPayments;
        return r;
    }
    std::map<std::int64_t, std::vector<const TxRow*>> travel;
    std::map<std::int64_t, std::int64_t> paid; // all outgoing, for the share
    for (const auto& t : txs) {
        if (!t.payer)
            continue;
        paid[t.payer] += t.amount;
        if (mentions_any(payment_text(g, t), travel_words()))
            travel[t.payer].push_back(&t);
    }
    for (const auto& [acct, list] : travel) {
        std::size_t best_lo = 0, best_hi = 0;
        for (std::size_t lo = 0, hi = 0; lo < list.size(); ++lo) {
            while (hi < list.size() && list[hi]->ms - list[lo]->ms <= window_days * kDay)
                ++hi;
            if (hi - lo > best_hi - best_lo) {
                best_lo = lo;
                best_hi = hi;
            }
        }
        if (static_cast<int>(best_hi - best_lo) < k)
            continue;
        IndicatorMatch m;
        m.entities.push_back(acct);
        std::set<std::string> places;
        for (auto i = best_lo; i < best_hi; ++i) {
            m.events.push_back(list[i]->event_id);
            if (list[i]->payee &&
                std::find(m.entities.begin(), m.entities.end(), list[i]->payee) == m.entities.end())
                m.entities.push_back(list[i]->payee);
            if (auto p = place_of(*list[i]); !p.empty())
                places.insert(p);
        }
        std::int64_t all = 0;
        for (const auto* t : list)
            all += t->amount;
        const auto share = paid[acct] > 0 ? all * 100 / paid[acct] : 0;
        m.summary = name_of(g, acct) + ": " + std::to_string(best_hi - best_lo) +
                    " travel or lodging payments between " + day_of(list[best_lo]->ms) + " and " +
                    day_of(list[best_hi - 1]->ms) + "; travel is " + std::to_string(share) +
                    "% of what it paid out";
        if (!places.empty()) {
            m.summary += "; places:";
            for (const auto& p : places)
                m.summary += " " + p;
        }
        m.score = static_cast<double>(best_hi - best_lo) * 100 + static_cast<double>(share);
        r.matches.push_back(std::move(m));
    }
    return r;
}

// #10: payments to prepaid cards, crypto exchanges, money transfer operators and payment processors
// (payee name, identifier or payment text), and crypto wallets in the graph with whoever they link to.
IndicatorResult alt_payments(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    static const std::vector<std::string> kinds{
        "paysafecard", "neosurf",    "prepaid",  "neteller",     "skrill",  "coinbase",
        "binance",     "kraken",     "bitstamp", "crypto",       "bitcoin", "western union",
        "moneygram",   "worldremit", "remitly",  "transferwise", "paypal"};
    IndicatorOptions o = opt;
    o.watchlist = kinds;
    IndicatorResult r = advert_payments(inputs, o); // the same matching, another list
    r.name = "alt_payments";
    r.number = 10;
    r.params = {{"payee_keywords", kinds}};
    bool wallets = false;
    for (Vertex x = 0; x < g.vertex_count(); ++x) {
        const auto* e = g.data().entity(g.entity(x));
        if (!e || e->kind != "crypto_wallet")
            continue;
        wallets = true;
        auto m = neighbour_match(g, x, {});
        m.summary = "crypto wallet " + name_of(g, g.entity(x)) + " linked to " +
                    std::to_string(m.entities.size() - 1) + " entities";
        m.score = static_cast<double>(m.entities.size());
        r.matches.push_back(std::move(m));
    }
    if (!wallets && inputs.count("transaction") == 0)
        r.not_computable = "needs payments (bank statements) or crypto wallets";
    return r;
}

} // namespace casegraph::graph
