// The benches' generated case (see synthetic_case.hpp).
#include "synthetic_case.hpp"

#include "store/case_file.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>

namespace casegraph::bench {
namespace {

constexpr std::int64_t kT0 = 1'704'067'200'000; // 2024-01-01
constexpr std::int64_t kDay = 86'400'000;
// Planted cast: 1 hub phone (tagged suspect), 2–6 victims' phones (tagged victim), 7 the controller's
// account, 8–11 landlords' accounts, 12 the mule's account, 13–62 the mule's small payers.
constexpr std::int64_t kHub = 1, kController = 7, kMule = 12;

struct Generated {
    std::vector<graph::EventPair> pairs;
    std::int64_t entities = 0;
};

Generated generate(std::int64_t events) {
    Generated out;
    out.entities = std::max<std::int64_t>(100, events / 10);
    const auto n = out.entities;
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    auto& pairs = out.pairs;
    pairs.reserve(static_cast<std::size_t>(events));
    auto add = [&](std::int64_t a, std::int64_t b, bool pay, std::int64_t amount, std::int64_t ms) {
        graph::EventPair p;
        p.event_id = static_cast<std::int64_t>(pairs.size()) + 1;
        p.a = a;
        p.b = b;
        p.directed = pay;
        p.kind = pay ? 1 : 0;
        p.currency = pay ? 1 : 0;
        p.amount_minor = amount;
        if (!pay && p.a > p.b)
            std::swap(p.a, p.b);
        p.ms = ms;
        p.has_time = true;
        p.evidence_id = 1 + p.event_id % 4;
        pairs.push_back(p);
    };
    // Planted patterns: about 2 % of the events, never fewer than a year of rent.
    const std::int64_t victim_msgs = std::max<std::int64_t>(10, events / 500);
    for (std::int64_t v = 2; v <= 6; ++v)
        for (std::int64_t i = 0; i < victim_msgs; ++i)
            add(i % 2 == 0 ? kHub : v, i % 2 == 0 ? v : kHub, false, 0, kT0 + (i * 365 * kDay) / victim_msgs);
    for (std::int64_t month = 0; month < 12; ++month)
        for (std::int64_t l = 8; l <= 11; ++l)
            add(kController, l, true, 75'000 + 5'000 * (l - 8), kT0 + month * 30 * kDay + kDay);
    const std::int64_t deposits = std::max<std::int64_t>(50, events / 1000);
    for (std::int64_t i = 0; i < deposits; ++i) {
        add(13 + i % 50, kMule, true, 20'000 + (i * 7919) % 29'000, kT0 + (i * 365 * kDay) / deposits);
        if (i % 10 == 9)
            add(kMule, kController, true, 240'000, kT0 + (i * 365 * kDay) / deposits + kDay / 2);
    }
    // The tail.
    while (static_cast<std::int64_t>(pairs.size()) < events) {
        const auto i = static_cast<std::int64_t>(pairs.size());
        // u³ skews one end towards low ids: a few hubs with many contacts, most entities with few.
        const double x = u(rng);
        const auto a = 1 + static_cast<std::int64_t>(static_cast<double>(n) * x * x * x);
        auto b = 1 + static_cast<std::int64_t>(static_cast<double>(n) * u(rng));
        if (a == b)
            b = b % n + 1;
        const bool pay = i % 10 == 0;
        const auto amount = pay ? 1000 + static_cast<std::int64_t>(u(rng) * 100000) : 0;
        add(a, b, pay, amount, kT0 + static_cast<std::int64_t>(u(rng) * 365.0 * static_cast<double>(kDay)));
    }
    return out;
}

std::string label_of(std::int64_t id) {
    if (id == kHub)
        return "hub phone";
    if (id >= 2 && id <= 6)
        return "victim " + std::to_string(id - 1);
    if (id == kController)
        return "controller account";
    if (id >= 8 && id <= 11)
        return "landlord " + std::to_string(id - 7);
    if (id == kMule)
        return "mule account";
    return "e" + std::to_string(id);
}

std::string kind_of(std::int64_t id) {
    return id >= kController && id <= 62 ? "account" : "phone";
}

} // namespace

graph::CaseData synthetic_case(std::int64_t events) {
    auto gen = generate(events);
    std::unordered_map<std::int64_t, graph::EntityInfo> ents;
    for (std::int64_t e = 1; e <= gen.entities; ++e)
        ents[e] = {kind_of(e), label_of(e)};
    return graph::CaseData::from_parts(std::move(gen.pairs), {"message", "transaction"}, {"", "GBP"},
                                       std::move(ents));
}

void write_synthetic_case(const std::filesystem::path& path, std::int64_t events) {
    const auto gen = generate(events);
    auto cf = store::CaseFile::create(path, {"bench", "GB", "UTC", "bench", "2024-01-01T00:00:00Z"}, "bench");
    const auto& db = cf.db();
    db.exec("BEGIN");
    for (int f = 1; f <= 4; ++f) {
        auto ev = db.prepare(
            "INSERT INTO evidence_file(id, sha256, size, original_path, original_name, "
            "registered_by, registered_at) VALUES (?1, ?2, 0, ?3, ?3, 'bench', '2024-01-01T00:00:00Z')");
        ev.bind(1, f)
            .bind(2, std::string(63, '0') + std::to_string(f))
            .bind(3, "synthetic-" + std::to_string(f));
        ev.step();
        auto ir = db.prepare(
            "INSERT INTO import_run(id, evidence_id, importer, importer_version, params, "
            "started_at, status) VALUES (?1, ?1, 'bench', '1', '{}', '2024-01-01T00:00:00Z', 'ok')");
        ir.bind(1, f);
        ir.step();
    }
    auto en = db.prepare("INSERT INTO entity(id, kind, key, label) VALUES (?1, ?2, ?3, ?4)");
    for (std::int64_t e = 1; e <= gen.entities; ++e) {
        en.bind(1, e).bind(2, kind_of(e)).bind(3, "bench:" + std::to_string(e)).bind(4, label_of(e));
        en.step();
        en.reset();
    }
    auto tag = db.prepare(
        "INSERT INTO tag(entity_id, tag, analyst, at) VALUES (?1, ?2, 'bench', '2024-01-01T00:00:00Z')");
    for (std::int64_t e = 1; e <= 6; ++e) {
        tag.bind(1, e).bind(2, e == kHub ? "suspect" : "victim");
        tag.step();
        tag.reset();
    }
    auto src =
        db.prepare("INSERT INTO source(id, evidence_id, import_run_id, locator) VALUES (?1, ?2, ?2, ?3)");
    auto evt = db.prepare("INSERT INTO event(id, kind, source_id, utc_ms, body, amount_minor, currency) "
                          "VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6)");
    auto party = db.prepare("INSERT INTO event_party(event_id, entity_id, role) VALUES (?1, ?2, ?3)");
    // (a, b, kind) → link id, its events and totals, in first-seen order.
    std::map<std::tuple<std::int64_t, std::int64_t, int>, std::int64_t> link_of;
    struct L {
        std::int64_t a, b;
        int kind;
        std::int64_t count = 0, first = 0, last = 0, total = 0;
    };
    std::vector<L> links;
    std::vector<std::pair<std::int64_t, std::int64_t>> link_events;
    link_events.reserve(gen.pairs.size());
    for (const auto& p : gen.pairs) {
        src.bind(1, p.event_id).bind(2, p.evidence_id).bind(3, "row " + std::to_string(p.event_id));
        src.step();
        src.reset();
        evt.bind(1, p.event_id).bind(2, p.kind == 1 ? "transaction" : "message").bind(3, p.ms);
        // The planted rent payments read like the demo's ("rent flat 2 …"), which rent_payer looks for.
        const bool rent = p.kind == 1 && p.a == kController && p.b >= 8 && p.b <= 11;
        if (rent)
            evt.bind(4, "rent flat " + std::to_string(p.b - 6) + " for month of event " +
                            std::to_string(p.event_id));
        else if (p.kind == 1)
            evt.bind(4, "payment ref " + std::to_string(p.event_id));
        else
            evt.bind(4, "see you at 8, bring the keys");
        if (p.kind == 1)
            evt.bind(5, -p.amount_minor).bind(6, "GBP");
        else
            evt.bind(5, store::Null{}).bind(6, store::Null{});
        evt.step();
        evt.reset();
        const char* roles[2] = {p.kind == 1 ? "payer" : "sender", p.kind == 1 ? "payee" : "recipient"};
        const std::int64_t who[2] = {p.a, p.b};
        for (int k = 0; k < 2; ++k) {
            party.bind(1, p.event_id).bind(2, who[k]).bind(3, roles[k]);
            party.step();
            party.reset();
        }
        auto [it, fresh] = link_of.emplace(std::make_tuple(p.a, p.b, int{p.kind}), links.size() + 1);
        if (fresh)
            links.push_back({p.a, p.b, p.kind, 0, p.ms, p.ms, 0});
        auto& l = links[static_cast<std::size_t>(it->second - 1)];
        ++l.count;
        l.first = std::min(l.first, p.ms);
        l.last = std::max(l.last, p.ms);
        l.total += p.amount_minor;
        link_events.emplace_back(it->second, p.event_id);
    }
    auto ln = db.prepare("INSERT INTO link(id, a, b, kind, directed, count, first_ms, last_ms, currency, "
                         "total_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    for (std::size_t i = 0; i < links.size(); ++i) {
        const auto& l = links[i];
        ln.bind(1, static_cast<std::int64_t>(i + 1)).bind(2, l.a).bind(3, l.b);
        ln.bind(4, l.kind == 1 ? "transaction" : "message").bind(5, l.kind == 1 ? 1 : 0).bind(6, l.count);
        ln.bind(7, l.first).bind(8, l.last).bind(9, l.kind == 1 ? "GBP" : "").bind(10, l.total);
        ln.step();
        ln.reset();
    }
    auto le = db.prepare("INSERT INTO link_event(link_id, event_id) VALUES (?1, ?2)");
    for (const auto& [l, e] : link_events) {
        le.bind(1, l).bind(2, e);
        le.step();
        le.reset();
    }
    db.exec("COMMIT");
}

} // namespace casegraph::bench
