// Which entities are a protected person (see protected_identities in redaction.hpp). A victim is tagged on
// one entity (her number, her IBAN), but the case also knows her as the holder name a bank statement
// prints next to that IBAN, as a merged duplicate, as the person of an address-book card: all of them
// are her and get her pseudonym. A counterparty of her payments is not her and keeps its name.
#include "redaction.hpp"

#include <map>

namespace casegraph::exporter {

std::vector<Pseudonym> protected_identities(const store::Db& db, const std::vector<Pseudonym>& tagged) {
    auto kind = db.prepare("SELECT kind FROM entity WHERE id = ?1");
    auto merged = db.prepare("SELECT CASE WHEN entity_a = ?1 THEN entity_b ELSE entity_a END FROM merge "
                             "WHERE undone_at IS NULL AND (entity_a = ?1 OR entity_b = ?1) ORDER BY id");
    // The names on the account's own side of a payment: same event, same role (payer or payee), a name
    // entity, and no other account on that side that the name could belong to instead. The other side
    // (who paid her, whom she paid) has the other role and is never reached.
    auto same_side = db.prepare(
        "SELECT DISTINCT n.entity_id FROM event_party a "
        "JOIN event ev ON ev.id = a.event_id AND ev.kind = 'transaction' "
        "JOIN event_party n ON n.event_id = a.event_id AND n.role = a.role AND n.entity_id <> a.entity_id "
        "JOIN entity ne ON ne.id = n.entity_id AND ne.kind IN ('person', 'organisation') "
        "WHERE a.entity_id = ?1 AND a.role IN ('payer', 'payee') AND NOT EXISTS ("
        "  SELECT 1 FROM event_party o JOIN entity oe ON oe.id = o.entity_id AND oe.kind = 'account' "
        "  WHERE o.event_id = a.event_id AND o.role = a.role AND o.entity_id <> a.entity_id) "
        "ORDER BY 1");
    // A camt statement's own holder (Acct/Ownr/Nm) is keyed "holder:<evidence>:<account value>:<name>"
    // (ingest/camt.cpp): the key names the account it holds, which the events do not say unambiguously.
    // The key range keeps this to the holder keys (the key's unique index), not every entity.
    auto statement_holder = db.prepare(
        "SELECT e.id FROM entity e JOIN identifier i ON i.entity_id = ?1 "
        "WHERE e.key >= 'holder:' AND e.key < 'holder;' AND instr(e.key, ':' || i.value || ':') > 0 "
        "ORDER BY e.id");
    // The person of a contact card on which a protected entity is listed (not the card's owner).
    auto card_person =
        db.prepare("SELECT DISTINCT p.entity_id FROM event_party v "
                   "JOIN event ev ON ev.id = v.event_id AND ev.kind = 'contact_card' "
                   "JOIN event_party p ON p.event_id = v.event_id AND p.role = 'participant' AND p.entity_id "
                   "<> v.entity_id "
                   "JOIN entity pe ON pe.id = p.entity_id AND pe.kind IN ('person', 'organisation') "
                   "WHERE v.entity_id = ?1 AND v.role = 'participant' ORDER BY 1");
    // The same number, e-mail, IBAN or account number held by another entity (another scope). Handles and
    // evidence-scoped account numbers are left out: "Ana" in one chat export is not known to be "Ana" in
    // another.
    auto same_identifier =
        db.prepare("SELECT DISTINCT o.entity_id FROM identifier v JOIN identifier o ON o.type = v.type "
                   "AND o.value = v.value AND o.entity_id <> v.entity_id "
                   "WHERE v.entity_id = ?1 AND v.type NOT IN ('handle', 'account') "
                   "AND v.status IN ('valid', 'possible') AND o.status IN ('valid', 'possible') ORDER BY 1");

    std::vector<Pseudonym> out = tagged;
    std::map<std::int64_t, std::size_t> seen;
    for (std::size_t i = 0; i < out.size(); ++i)
        seen.emplace(out[i].entity_id, i);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const Pseudonym from = out[i]; // a copy: out grows below
        const auto id = std::to_string(from.entity_id);
        auto reach = [&](store::Statement& st, const std::string& why) {
            st.bind(1, from.entity_id);
            while (st.step()) {
                const auto other = st.column_int64(0);
                if (seen.emplace(other, out.size()).second)
                    out.push_back({other, from.role, from.name, why + " #" + id});
            }
            st.reset();
        };
        reach(merged, "merged with");
        kind.bind(1, from.entity_id);
        const bool account = kind.step() && kind.column_text(0) == "account";
        kind.reset();
        if (account) {
            reach(same_side, "holder name of");
            reach(statement_holder, "statement holder of");
        }
        reach(card_person, "contact card listing");
        reach(same_identifier, "same identifier as");
    }
    return out;
}

} // namespace casegraph::exporter
