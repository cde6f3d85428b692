// Indicator dispatch and the patterns over communication: controller_hub (#11), shared_identifier (#5).
#include "indicators.hpp"

#include "corroboration.hpp"
#include "indicator_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>
#include <stdexcept>

namespace casegraph::graph {

using indicator_text::name_of;

namespace {

// x in contact (message or call) with at least m of the entities tagged as victims.
// The names the victims gave x on their own devices: labels of x's merged members (a chat display
// name, a handle) and of contact cards listing x, read from evidence whose device is tagged victim.
std::string saved_names(const store::Db& db, const CaseGraph& g, std::int64_t x,
                        const std::string& victim_tag, std::map<std::int64_t, std::int64_t>& device_of) {
    const auto& data = g.data();
    auto evidence = db.prepare("SELECT s.evidence_id FROM identifier i JOIN identifier_source x ON "
                               "x.identifier_id = i.id JOIN source "
                               "s ON s.id = x.source_id WHERE i.entity_id = ?1 UNION SELECT s.evidence_id "
                               "FROM entity_source es JOIN "
                               "source s ON s.id = es.source_id WHERE es.entity_id = ?1");
    std::map<std::int64_t, std::set<std::string>> saved; // victim → names
    auto note = [&](std::int64_t entity, std::int64_t evidence_id) {
        auto it = device_of.find(evidence_id);
        if (it == device_of.end())
            it = device_of.emplace(evidence_id, evidence_device(db, data, evidence_id)).first;
        const auto* e = data.entity(entity);
        if (it->second && data.has_tag(it->second, victim_tag) && e && !e->label.empty() &&
            e->label.front() != '+')
            saved[it->second].insert(e->label);
    };
    for (const auto member : data.members(x)) {
        evidence.bind(1, member);
        std::vector<std::int64_t> files;
        while (evidence.step())
            files.push_back(evidence.column_int64(0));
        evidence.reset();
        for (const auto f : files)
            note(member, f);
    }
    if (const auto v = g.vertex(x))
        for (const auto& [y, pi] : g.neighbours(*v))
            for (const auto li : g.pairs()[pi].links)
                if (g.kind_name(g.links()[li].kind) == "contact_card")
                    for (const auto& ev : g.links()[li].events)
                        note(g.entity(y), ev.evidence_id);
    std::string out;
    for (const auto& [victim, names] : saved)
        for (const auto& n : names)
            out += (out.empty() ? "" : ", ") + ("'" + n + "' by " + name_of(g, victim));
    return out;
}

IndicatorResult controller_hub(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    const auto& db = inputs.db();
    IndicatorResult r;
    r.name = "controller_hub";
    std::vector<Vertex> victims;
    for (const auto id : g.data().tagged(opt.victim_tag))
        if (auto v = g.vertex(id))
            victims.push_back(*v);
    const int tagged = static_cast<int>(g.data().tagged(opt.victim_tag).size());
    const int m = opt.min.value_or(std::min(3, std::max(1, tagged)));
    r.params = {{"victim_tag", opt.victim_tag}, {"min_victims", m}, {"tagged_victims", tagged}};
    const auto msg = g.data().kind_index("message"), call = g.data().kind_index("call");
    std::vector<std::vector<Vertex>> reach(g.vertex_count());
    std::map<std::int64_t, std::int64_t> device_of; // evidence → its device, looked up once
    for (const auto vic : victims)
        for (const auto& [x, pi] : g.neighbours(vic))
            for (const auto li : g.pairs()[pi].links) {
                const auto k = g.links()[li].kind;
                if ((msg && k == *msg) || (call && k == *call)) {
                    reach[x].push_back(vic);
                    break;
                }
            }
    for (Vertex x = 0; x < g.vertex_count(); ++x) {
        if (static_cast<int>(reach[x].size()) < m)
            continue;
        IndicatorMatch mt;
        mt.entities.push_back(g.entity(x));
        std::int64_t first = INT64_MAX, last = INT64_MIN;
        bool date_only = false;
        for (const auto vic : reach[x]) {
            mt.entities.push_back(g.entity(vic));
            for (const auto li : g.pair(x, vic)->links) {
                const auto& l = g.links()[li];
                if (!((msg && l.kind == *msg) || (call && l.kind == *call)))
                    continue;
                for (const auto& e : l.events) {
                    mt.events.push_back(e.event_id);
                    if (e.has_time) {
                        first = std::min(first, e.ms);
                        last = std::max(last, e.ms);
                        date_only = date_only || e.date_only;
                    }
                }
            }
        }
        std::sort(mt.entities.begin() + 1, mt.entities.end());
        std::sort(mt.events.begin(), mt.events.end());
        mt.summary = name_of(g, g.entity(x)) + " is in contact with " + std::to_string(reach[x].size()) +
                     " of " + std::to_string(tagged) + " entities tagged " + opt.victim_tag + " (" +
                     std::to_string(mt.events.size()) + " messages/calls";
        if (first != INT64_MAX)
            mt.summary +=
                ", first " + format_time(first, date_only) + ", last " + format_time(last, date_only);
        mt.summary += ")";
        if (const auto names = saved_names(db, g, g.entity(x), opt.victim_tag, device_of); !names.empty())
            mt.summary += "; saved as " + names;
        mt.score = static_cast<double>(reach[x].size()) + static_cast<double>(mt.events.size()) * 1e-9;
        r.matches.push_back(std::move(mt));
    }
    return r;
}

// An identifier-like entity (phone, email, address, device, wallet) that at least two holders (people,
// organisations, accounts) are linked to by a record other than a message, call or payment: a contact
// card, a login, an account's registered phone. A record whose owner is the identifier itself (the
// phone whose address book holds the card) does not make the card's person its holder. Holders with the
// same name (two address-book entries "Ana") count once.
IndicatorResult shared_identifier(IndicatorInputs& inputs, const IndicatorOptions& opt) {
    const auto& g = inputs.graph();
    IndicatorResult r;
    r.name = "shared_identifier";
    const int m = opt.min.value_or(2);
    r.params = {{"min_holders", m},
                {"victim_tag", opt.victim_tag},
                {"holders", "distinct names; a card in the identifier's own address book does not count"}};
    const std::set<std::string> ident_kinds{"phone", "email", "address", "device", "crypto_wallet"};
    const std::set<std::string> holder_kinds{"person", "organisation", "account"};
    const std::set<std::string> contact_kinds{"message", "system", "call", "transaction", "mentions"};
    std::vector<char> contact; // by link kind index: 1 for a contact kind
    for (const auto& k : g.data().kinds())
        contact.push_back(contact_kinds.count(k) != 0 ? 1 : 0);
    for (Vertex x = 0; x < g.vertex_count(); ++x) {
        const auto* ex = g.data().entity(g.entity(x));
        if (!ex || ident_kinds.count(ex->kind) == 0)
            continue;
        IndicatorMatch mt;
        mt.entities.push_back(g.entity(x));
        std::map<std::string, std::vector<std::int64_t>> by_name; // lower-cased name → holders
        int victims = 0;
        for (const auto& [h, pi] : g.neighbours(x)) {
            const auto* eh = g.data().entity(g.entity(h));
            if (!eh || holder_kinds.count(eh->kind) == 0)
                continue;
            std::vector<std::int64_t> evs;
            for (const auto li : g.pairs()[pi].links) {
                const auto& l = g.links()[li];
                if (contact[l.kind] == 1)
                    continue;
                for (const auto& e : l.events) {
                    const auto& owners = inputs.owners_of(e.event_id);
                    if (std::find(owners.begin(), owners.end(), g.entity(x)) == owners.end())
                        evs.push_back(e.event_id);
                }
            }
            if (evs.empty())
                continue;
            mt.entities.push_back(g.entity(h));
            mt.events.insert(mt.events.end(), evs.begin(), evs.end());
            by_name[indicator_text::lower(name_of(g, g.entity(h)))].push_back(g.entity(h));
            victims += g.data().has_tag(g.entity(h), opt.victim_tag) ? 1 : 0;
        }
        const int holders = static_cast<int>(by_name.size());
        if (holders < m)
            continue;
        std::sort(mt.entities.begin() + 1, mt.entities.end());
        std::sort(mt.events.begin(), mt.events.end());
        mt.events.erase(std::unique(mt.events.begin(), mt.events.end()), mt.events.end());
        mt.summary = name_of(g, g.entity(x)) + " (" + ex->kind + ") is linked to " + std::to_string(holders) +
                     " holders";
        bool first = true;
        for (const auto& [low, ids] : by_name) {
            mt.summary += (first ? ": " : ", ") + name_of(g, ids.front());
            if (ids.size() > 1)
                mt.summary += " (" + std::to_string(ids.size()) + " records)";
            first = false;
        }
        if (victims > 0)
            mt.summary += "; " + std::to_string(victims) + " tagged " + opt.victim_tag;
        mt.score = victims * 1000.0 + holders;
        r.matches.push_back(std::move(mt));
    }
    return r;
}

} // namespace

namespace {

struct Pattern {
    const char* name;
    int number; // DOMAIN.md §6
    IndicatorResult (*run)(IndicatorInputs&, const IndicatorOptions&);
};

const std::vector<Pattern>& patterns() {
    static const std::vector<Pattern> all{{"rent_payer", 1, rent_payer},
                                          {"advert_payments", 2, advert_payments},
                                          {"funnel_account", 3, funnel_account},
                                          {"many_payers", 4, many_payers},
                                          {"shared_identifier", 5, shared_identifier},
                                          {"earnings_passthrough", 6, earnings_passthrough},
                                          {"cash_business", 7, cash_business},
                                          {"transfers_abroad", 8, transfers_abroad},
                                          {"travel_spend", 9, travel_spend},
                                          {"alt_payments", 10, alt_payments},
                                          {"controller_hub", 11, controller_hub},
                                          {"others_accounts", 12, others_accounts},
                                          {"shared_address", 13, shared_address},
                                          {"arranged_payment", 14, arranged_payment},
                                          {"identity_churn", 15, identity_churn},
                                          {"recruitment_agency", 16, recruitment_agency}};
    return all;
}

} // namespace

const std::vector<std::string>& indicator_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const auto& p : patterns())
            n.emplace_back(p.name);
        return n;
    }();
    return names;
}

namespace {

std::optional<std::string> case_info(const store::Db& db, const char* key) {
    auto st = db.prepare("SELECT value FROM case_info WHERE key = ?1");
    st.bind(1, key);
    if (st.step())
        return st.column_text(0);
    return std::nullopt;
}

// "a, b,c" → {a, b, c}: items trimmed, empty ones left out.
std::vector<std::string> comma_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto b = item.find_first_not_of(" \t\r\n");
        if (b == std::string::npos)
            continue;
        out.push_back(item.substr(b, item.find_last_not_of(" \t\r\n") - b + 1));
    }
    return out;
}

} // namespace

std::optional<std::int64_t> parse_threshold_minor(const std::string& major) {
    char* end = nullptr;
    const double v = std::strtod(major.c_str(), &end);
    if (end == major.c_str() || *end != '\0' || !(v > 0) || v > 1e12)
        return std::nullopt;
    return static_cast<std::int64_t>(v * 100 + 0.5);
}

void apply_case_settings(const store::Db& db, IndicatorOptions& opt) {
    if (opt.countries.empty())
        if (const auto s = case_info(db, "indicator.transfers_abroad.countries"))
            for (auto& c : comma_list(*s))
                opt.countries.insert(std::move(c));
    if (opt.watchlist.empty())
        if (const auto s = case_info(db, "indicator.advert_payments.watchlist"))
            opt.watchlist = comma_list(*s);
    if (opt.agencies.empty())
        if (const auto s = case_info(db, "indicator.recruitment_agency.watchlist"))
            opt.agencies = comma_list(*s);
    if (!opt.threshold_minor)
        if (const auto s = case_info(db, "indicator.funnel_account.threshold")) {
            opt.threshold_minor = parse_threshold_minor(*s);
            if (!opt.threshold_minor)
                throw std::invalid_argument("the case setting indicator.funnel_account.threshold must be an "
                                            "amount such as 10000 or 499.99, not '" +
                                            *s + "'");
        }
}

IndicatorResult run_indicator(const store::Db& db, const CaseGraph& g, const std::string& name,
                              const IndicatorOptions& opt) {
    IndicatorInputs in(db, g, opt.from_ms, opt.to_ms);
    return run_indicator(in, name, opt);
}

IndicatorResult run_indicator(IndicatorInputs& in, const std::string& name, const IndicatorOptions& opt) {
    const auto& all = patterns();
    const auto it =
        std::find_if(all.begin(), all.end(), [&name](const Pattern& p) { return name == p.name; });
    if (it == all.end())
        throw std::invalid_argument("unknown indicator '" + name + "'");
    if (opt.from_ms != in.from_ms() || opt.to_ms != in.to_ms())
        throw std::invalid_argument("indicator '" + name +
                                    "': the options' window is not the inputs' window");
    IndicatorResult r = it->run(in, opt);
    r.name = it->name;
    r.number = it->number;
    // Best first; equal scores by the entity the match is about, so re-runs list them identically.
    std::stable_sort(r.matches.begin(), r.matches.end(),
                     [](const IndicatorMatch& a, const IndicatorMatch& b) {
                         if (a.score != b.score)
                             return a.score > b.score;
                         return a.entities < b.entities;
                     });
    return r;
}

} // namespace casegraph::graph
