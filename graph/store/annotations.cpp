// Tags and entity look-up (see annotations.hpp).
#include "annotations.hpp"

#include "audit.hpp"
#include "identifiers.hpp"
#include "time.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace casegraph::store {

std::optional<std::int64_t> find_entity(const Db& db, const std::string& text, const std::string& region) {
    if (!text.empty() && text[0] == '#') {
        std::int64_t id = 0;
        const auto* end = text.data() + text.size();
        if (std::from_chars(text.data() + 1, end, id).ptr != end)
            return std::nullopt;
        auto st = db.prepare("SELECT id FROM entity WHERE id = ?1");
        st.bind(1, id);
        if (st.step())
            return id;
        return std::nullopt;
    }
    const NormalizedId id = normalize_user_input(text, region);
    auto st = db.prepare(
        "SELECT entity_id FROM identifier WHERE type = ?1 AND value = ?2 ORDER BY (scope = '') DESC, "
        "id LIMIT 1");
    st.bind(1, id.type).bind(2, id.value);
    if (st.step())
        return st.column_int64(0);
    // "telegram:user123": a handle whose scope is the app.
    if (const auto colon = text.find(':'); colon != std::string::npos) {
        auto h =
            db.prepare("SELECT entity_id FROM identifier WHERE type = 'handle' AND scope = ?1 AND value = ?2 "
                       "LIMIT 1");
        h.bind(1, text.substr(0, colon)).bind(2, text.substr(colon + 1));
        if (h.step())
            return h.column_int64(0);
    }
    return std::nullopt;
}

std::vector<std::string> entity_tags(const Db& db, std::int64_t entity_id) {
    std::vector<std::string> out;
    auto st =
        db.prepare("SELECT DISTINCT tag FROM tag WHERE entity_id = ?1 AND removed_at IS NULL ORDER BY tag");
    st.bind(1, entity_id);
    while (st.step())
        out.push_back(st.column_text(0));
    return out;
}

bool add_tag(const Db& db, std::int64_t entity_id, const std::string& tag, const std::string& analyst) {
    Transaction tx(db);
    auto has = db.prepare("SELECT 1 FROM tag WHERE entity_id = ?1 AND tag = ?2 AND removed_at IS NULL");
    has.bind(1, entity_id).bind(2, tag);
    if (has.step())
        return false;
    db.prepare("INSERT INTO tag(entity_id, tag, analyst, at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, entity_id)
        .bind(2, tag)
        .bind(3, analyst)
        .bind(4, now_utc_iso())
        .run();
    audit_append(db, analyst, "tag.add", nlohmann::json{{"entity_id", entity_id}, {"tag", tag}}.dump());
    tx.commit();
    return true;
}

bool remove_tag(const Db& db, std::int64_t entity_id, const std::string& tag, const std::string& analyst) {
    Transaction tx(db);
    db.prepare("UPDATE tag SET removed_at = ?3, removed_by = ?4 WHERE entity_id = ?1 AND tag = ?2 AND "
               "removed_at IS "
               "NULL")
        .bind(1, entity_id)
        .bind(2, tag)
        .bind(3, now_utc_iso())
        .bind(4, analyst)
        .run();
    if (db.changes() == 0)
        return false;
    audit_append(db, analyst, "tag.remove", nlohmann::json{{"entity_id", entity_id}, {"tag", tag}}.dump());
    tx.commit();
    return true;
}

} // namespace casegraph::store
