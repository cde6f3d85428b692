// Merge suggestions, merges, unmerges and notes (see merges.hpp).
#include "merges.hpp"

#include "store/audit.hpp"
#include "store/identifiers.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace casegraph::graph {
namespace {

std::string fold_name(const std::string& s) {
    // Case and spacing differ between a contact card and a chat display name; nothing else is folded
    // (accents and nicknames are for the analyst to judge).
    std::string out;
    bool space = false;
    for (unsigned char c : s) {
        if (std::isspace(c)) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::set<std::pair<std::int64_t, std::int64_t>> decided_pairs(const store::Db& db) {
    std::set<std::pair<std::int64_t, std::int64_t>> out;
    auto add = [&out](std::int64_t a, std::int64_t b) { out.insert({std::min(a, b), std::max(a, b)}); };
    auto st = db.prepare("SELECT entity_a, entity_b FROM merge WHERE undone_at IS NULL");
    while (st.step())
        add(st.column_int64(0), st.column_int64(1));
    auto rj = db.prepare("SELECT params FROM audit_log WHERE action = 'merge.reject'");
    while (rj.step()) {
        const auto j = nlohmann::json::parse(rj.column_text(0), nullptr, false);
        if (j.is_object() && j.contains("entity_a") && j.contains("entity_b"))
            add(j["entity_a"].get<std::int64_t>(), j["entity_b"].get<std::int64_t>());
    }
    return out;
}

// Where an entity was seen: the sightings of its identifiers and the sources naming it, each with the
// event read there when there is one. A few are enough to show the analyst; the first ones by source.
std::vector<EvidenceRef> sightings(const store::Db& db, std::int64_t entity) {
    auto st = db.prepare(
        "SELECT f.sha256, s.locator, (SELECT min(e.id) FROM event e WHERE e.source_id = s.id) FROM source s "
        "JOIN evidence_file f ON f.id = s.evidence_id WHERE s.id IN (SELECT x.source_id FROM "
        "identifier_source x JOIN identifier i ON i.id = x.identifier_id WHERE i.entity_id = ?1 UNION "
        "SELECT source_id FROM entity_source WHERE entity_id = ?1) ORDER BY s.id LIMIT 3");
    st.bind(1, entity);
    std::vector<EvidenceRef> out;
    while (st.step())
        out.push_back({st.column_opt_int64(2).value_or(0), st.column_text(0), st.column_text(1)});
    return out;
}

} // namespace

std::vector<MergeSuggestion> suggest_merges(const store::Db& db, const std::string& region,
                                            std::size_t max_group) {
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<MergeReason>> found;
    auto suggest = [&found, &db](std::int64_t a, std::int64_t b, std::string why, double confidence) {
        if (a == b)
            return;
        auto& r = found[{std::min(a, b), std::max(a, b)}];
        if (std::find_if(r.begin(), r.end(), [&why](const MergeReason& x) { return x.text == why; }) !=
            r.end())
            return;
        auto refs = sightings(db, a);
        const auto more = sightings(db, b);
        refs.insert(refs.end(), more.begin(), more.end());
        r.push_back({std::move(why), confidence, std::move(refs)});
    };

    // (1) Scoped phones and emails: raw values kept per evidence file because they could not be
    // normalised there. Re-read with the case region they may name a number another entity holds.
    std::map<std::string, std::int64_t> global;
    auto gl = db.prepare("SELECT type, value, entity_id FROM identifier WHERE scope = '' AND type IN "
                         "('phone','email')");
    while (gl.step())
        global[gl.column_text(0) + "\n" + gl.column_text(1)] = gl.column_int64(2);
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> raw_seen;
    auto sc = db.prepare("SELECT type, value, entity_id, scope FROM identifier WHERE scope <> '' AND type IN "
                         "('phone','email') ORDER BY id");
    while (sc.step()) {
        const auto type = sc.column_text(0), value = sc.column_text(1), scope = sc.column_text(3);
        const auto entity = sc.column_int64(2);
        raw_seen[type + "\n" + value].push_back({entity, scope});
        const auto n = store::normalize_identifier(type, value, region);
        if (!n.mergeable())
            continue;
        if (auto it = global.find(n.type + "\n" + n.value); it != global.end())
            suggest(entity, it->second,
                    "raw " + type + " '" + value + "' (scoped to " + scope + ") normalises to " + n.value +
                        " under region " + (region.empty() ? "none" : region),
                    0.9);
    }
    for (const auto& [key, seen] : raw_seen)
        for (std::size_t i = 1; i < seen.size(); ++i)
            suggest(seen[0].first, seen[i].first,
                    "the same raw value '" + key.substr(key.find('\n') + 1) + "' in " + seen[0].second +
                        " and " + seen[i].second,
                    0.8);

    // (2) Names: a contact card's person, a chat handle's display name, a phone saved under a name. A
    // phone whose label is only its own number says nothing about a name and is left out.
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> by_name;
    auto nm = db.prepare(
        "SELECT e.id, e.kind, e.label FROM entity e WHERE e.kind IN ('person','handle','phone') "
        "AND e.label <> '' AND NOT EXISTS (SELECT 1 FROM identifier i WHERE i.entity_id = e.id "
        "AND i.value = e.label AND i.type IN ('phone','email','iban','account_number')) ORDER BY e.id");
    while (nm.step()) {
        const auto f = fold_name(nm.column_text(2));
        if (!f.empty())
            by_name[f].push_back({nm.column_int64(0), nm.column_text(1)});
    }
    for (const auto& [name, ents] : by_name) {
        if (ents.size() < 2 || ents.size() > max_group)
            continue;
        for (std::size_t i = 0; i < ents.size(); ++i)
            for (std::size_t j = i + 1; j < ents.size(); ++j)
                suggest(ents[i].first, ents[j].first,
                        "same name '" + name + "' on a " + ents[i].second + " and a " + ents[j].second,
                        0.8 / static_cast<double>(ents.size()));
    }

    const auto decided = decided_pairs(db);
    std::vector<MergeSuggestion> out;
    for (auto& [pr, reasons] : found) {
        if (decided.count(pr) != 0)
            continue;
        double doubt = 1;
        for (const auto& r : reasons)
            doubt *= 1 - r.confidence;
        out.push_back({pr.first, pr.second, std::move(reasons), 1 - doubt});
    }
    std::stable_sort(out.begin(), out.end(), [](const MergeSuggestion& x, const MergeSuggestion& y) {
        return x.confidence > y.confidence;
    });
    return out;
}

std::int64_t merge_entities(const store::Db& db, std::int64_t a, std::int64_t b, const std::string& reason,
                            const std::string& analyst) {
    store::Transaction tx(db);
    db.prepare("INSERT INTO merge(entity_a, entity_b, reason, analyst, at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, a)
        .bind(2, b)
        .bind(3, reason)
        .bind(4, analyst)
        .bind(5, store::now_utc_iso())
        .run();
    const auto id = db.last_insert_rowid();
    store::audit_append(
        db, analyst, "merge.add",
        nlohmann::json{{"merge_id", id}, {"entity_a", a}, {"entity_b", b}, {"reason", reason}}.dump());
    tx.commit();
    return id;
}

bool unmerge(const store::Db& db, std::int64_t merge_id, const std::string& analyst) {
    store::Transaction tx(db);
    db.prepare("UPDATE merge SET undone_at = ?2, undone_by = ?3 WHERE id = ?1 AND undone_at IS NULL")
        .bind(1, merge_id)
        .bind(2, store::now_utc_iso())
        .bind(3, analyst)
        .run();
    if (db.changes() == 0)
        return false;
    store::audit_append(db, analyst, "merge.undo", nlohmann::json{{"merge_id", merge_id}}.dump());
    tx.commit();
    return true;
}

void reject_merge(const store::Db& db, std::int64_t a, std::int64_t b, const std::string& reason,
                  const std::string& analyst) {
    store::Transaction tx(db);
    store::audit_append(
        db, analyst, "merge.reject",
        nlohmann::json{{"entity_a", std::min(a, b)}, {"entity_b", std::max(a, b)}, {"reason", reason}}
            .dump());
    tx.commit();
}

std::int64_t add_note(const store::Db& db, const std::string& target_kind, std::int64_t target_id,
                      const std::string& text, const std::string& analyst) {
    store::Transaction tx(db);
    db.prepare("INSERT INTO note(target_kind, target_id, text, analyst, at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, target_kind)
        .bind(2, target_id)
        .bind(3, text)
        .bind(4, analyst)
        .bind(5, store::now_utc_iso())
        .run();
    const auto id = db.last_insert_rowid();
    store::audit_append(
        db, analyst, "note.add",
        nlohmann::json{
            {"note_id", id}, {"target_kind", target_kind}, {"target_id", target_id}, {"text", text}}
            .dump());
    tx.commit();
    return id;
}

} // namespace casegraph::graph
