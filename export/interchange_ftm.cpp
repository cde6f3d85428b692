// FollowTheMoney entity JSON lines (Aleph, followthemoney.tech): evidence files as Document, entities as
// Person / Organization / LegalEntity (a phone number or email address is a property, as FtM has no
// schema for them) / UserAccount / BankAccount / CryptoWallet / Address, events as Message / Call /
// Payment / Event. Every entity and event cites its evidence file (proof → Document) and locator
// (recordId on events, notes on entities); an event read from several files cites each of them. Keys sorted,
// lines in id order: the same facts give the same bytes.
#include "interchange.hpp"
#include "store/money.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace casegraph::exporter {
namespace {

using Props = std::map<std::string, std::vector<std::string>>;

std::string doc_id(const std::string& sha256) {
    return "cg-evidence-" + sha256;
}
std::string entity_id(std::int64_t id) {
    return "cg-entity-" + std::to_string(id);
}

void add(Props& p, const std::string& key, const std::string& value) {
    if (value.empty())
        return;
    auto& v = p[key];
    if (std::find(v.begin(), v.end(), value) == v.end())
        v.push_back(value);
}

std::string line(const std::string& id, const std::string& schema, const Props& p) {
    nlohmann::json props = nlohmann::json::object();
    for (const auto& [k, v] : p)
        props[k] = v;
    return nlohmann::json{{"id", id}, {"schema", schema}, {"properties", props}}.dump() + "\n";
}

std::string schema_of(const std::string& kind) {
    if (kind == "person")
        return "Person";
    if (kind == "organisation")
        return "Organization";
    if (kind == "handle")
        return "UserAccount";
    if (kind == "account" || kind == "card")
        return "BankAccount";
    if (kind == "crypto_wallet")
        return "CryptoWallet";
    if (kind == "address" || kind == "location")
        return "Address";
    return "LegalEntity"; // phone, email, website, device: the party behind the identifier
}

// FtM dates are ISO 8601 without a zone designator; ours are UTC. A booking day stays a day.
std::string ftm_date(const std::string& t) {
    if (t.size() <= 10)
        return t;
    return t.substr(0, 19);
}

// 48600 EUR -> "486.00", 48600 JPY -> "48600": FtM amounts are plain numbers (no thousands separators)
// in the currency's own decimals.
std::string decimal(std::int64_t minor, const std::string& currency) {
    return store::format_minor(minor, store::minor_digits(currency));
}

} // namespace

std::string ftm_text(const Facts& f) {
    std::map<std::int64_t, const EntityRow*> ent;
    for (const auto& e : f.entities)
        ent[e.id] = &e;
    // Identifier values by entity and type (already masked for protected entities).
    std::map<std::int64_t, std::map<std::string, std::set<std::string>>> ids;
    for (const auto& i : f.identifiers)
        ids[i.entity_id][i.type].insert(i.value);
    // A contact card ties a person to the numbers and addresses saved with it.
    std::map<std::int64_t, std::map<std::string, std::set<std::string>>> card_ids;
    for (const auto& e : f.events) {
        if (e.kind != "contact_card")
            continue;
        for (const auto& [r1, person] : e.parties)
            if (r1 == "participant" && ent.count(person) && ent[person]->kind == "person")
                for (const auto& [r2, other] : e.parties)
                    if (other != person && r2 == "participant")
                        for (const auto& [type, values] : ids[other])
                            card_ids[person][type].insert(values.begin(), values.end());
    }

    std::string out;
    for (const auto& ev : f.evidence) {
        Props p;
        add(p, "fileName", ev.name);
        add(p, "title", ev.name);
        add(p, "fileSize", std::to_string(ev.size));
        add(p, "notes", "SHA-256 " + ev.sha256);
        add(p, "summary",
            "evidence file registered " + ev.registered_at +
                (ev.detected_format.empty() ? "" : ", format " + ev.detected_format));
        out += line(doc_id(ev.sha256), "Document", p);
    }
    for (const auto& e : f.entities) {
        const auto schema = schema_of(e.kind);
        Props p;
        add(p, "name", e.label.empty() ? e.kind + " #" + std::to_string(e.id) : e.label);
        add(p, "description", "casegraph entity #" + std::to_string(e.id) + ", kind " + e.kind);
        for (std::size_t b = 0; b < e.tags.size();) { // tags are ';'-joined
            const auto end = std::min(e.tags.find(';', b), e.tags.size());
            add(p, "keywords", e.tags.substr(b, end - b));
            b = end + 1;
        }
        if (!e.evidence_sha256.empty()) {
            add(p, "proof", doc_id(e.evidence_sha256));
            add(p, "notes", "first seen in " + e.evidence_sha256 + " at " + e.locator);
        }
        auto put = [&](const std::map<std::string, std::set<std::string>>& m) {
            for (const auto& [type, values] : m)
                for (const auto& v : values) {
                    if (type == "phone")
                        add(p, schema == "UserAccount" ? "number" : "phone", v);
                    else if (type == "email")
                        add(p, "email", v);
                    else if (type == "iban" && schema == "BankAccount")
                        add(p, "iban", v);
                    else if (type == "account_number" && schema == "BankAccount")
                        add(p, "accountNumber", v);
                    else if (type == "bic" && schema == "BankAccount")
                        add(p, "bic", v);
                    else if (type == "handle" && schema == "UserAccount")
                        add(p, "username", v);
                    else if ((type == "btc" || type == "eth") && schema == "CryptoWallet")
                        add(p, "publicKey", v);
                    else if (type == "url")
                        add(p, "website", v);
                    else if (type == "name")
                        add(p, "alias", v);
                    else if (schema != "Address")
                        add(p, "notes", type + " " + v);
                }
        };
        if (ids.count(e.id))
            put(ids[e.id]);
        if (card_ids.count(e.id))
            put(card_ids[e.id]);
        if (schema == "UserAccount" && !p.count("username"))
            add(p, "username", p["name"].front()); // FtM requires it
        if (schema == "Address")
            add(p, "full", p["name"].front());
        out += line(entity_id(e.id), schema, p);
    }
    for (const auto& e : f.events) {
        Props p;
        if (!e.time.empty())
            add(p, "date", ftm_date(e.time));
        add(p, "recordId", e.locator);
        add(p, "proof", doc_id(e.evidence_sha256));
        add(p, "notes",
            "casegraph event #" + std::to_string(e.id) + " (" + e.kind + "), evidence SHA-256 " +
                e.evidence_sha256 + ", locator " + e.locator +
                (e.time.empty()        ? ", undated"
                 : e.time.size() == 10 ? ", booking day " + e.time + " (no time of day)"
                                       : ", time " + e.time + " UTC") +
                (e.deleted ? ", recovered/deleted record" : ""));
        // The same record read again from another file: that file is proof too, with its locator.
        for (const auto& x : e.sightings) {
            add(p, "proof", doc_id(x.evidence_sha256));
            add(p, "notes",
                "also read from evidence SHA-256 " + x.evidence_sha256 + ", locator " + x.locator);
        }
        std::string schema = "Event";
        auto party = [&](const std::string& role) {
            std::vector<std::int64_t> v;
            for (const auto& [r, id] : e.parties)
                if (r == role)
                    v.push_back(id);
            return v;
        };
        auto kind_of = [&](std::int64_t id) { return ent.count(id) ? ent[id]->kind : std::string(); };
        auto number_of = [&](std::int64_t id) {
            const auto it = ids.find(id);
            if (it == ids.end() || !it->second.count("phone"))
                return std::string();
            return *it->second.at("phone").begin();
        };
        if (e.kind == "message" || e.kind == "system") {
            schema = "Message";
            add(p, "bodyText", e.body);
            add(p, "threadTopic", e.thread);
            for (auto id : party("sender"))
                add(p, kind_of(id) == "handle" ? "senderAccount" : "sender", entity_id(id));
            for (auto id : party("recipient"))
                add(p, kind_of(id) == "handle" ? "recipientAccount" : "recipients", entity_id(id));
        } else if (e.kind == "call") {
            schema = "Call";
            for (auto id : party("caller")) {
                add(p, "caller", entity_id(id));
                add(p, "callerNumber", number_of(id));
            }
            for (auto id : party("callee")) {
                add(p, "receiver", entity_id(id));
                add(p, "receiverNumber", number_of(id));
            }
        } else if (e.kind == "transaction") {
            schema = "Payment";
            if (e.amount_minor)
                add(p, "amount", decimal(std::llabs(*e.amount_minor), e.currency));
            add(p, "currency", e.currency);
            add(p, "purpose", e.body);
            const std::array<std::array<const char*, 3>, 2> sides{
                {{"payer", "payer", "payerAccount"}, {"payee", "beneficiary", "beneficiaryAccount"}}};
            for (const auto& side : sides)
                for (auto id : party(side[0]))
                    add(p, kind_of(id) == "account" ? side[2] : side[1], entity_id(id));
        } else {
            add(p, "name", e.kind);
            add(p, "summary", e.body);
            for (const auto& [r, id] : e.parties)
                if (schema_of(kind_of(id)) == "Person" || schema_of(kind_of(id)) == "Organization" ||
                    schema_of(kind_of(id)) == "LegalEntity")
                    add(p, "involved", entity_id(id));
        }
        out += line("cg-event-" + std::to_string(e.id), schema, p);
    }
    return out;
}

} // namespace casegraph::exporter
