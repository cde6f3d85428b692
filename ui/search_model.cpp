// FTS5 search rows (see search_model.hpp).
#include "search_model.hpp"

#include "case_clock.hpp"
#include "glyphs.hpp"
#include "timeline_model.hpp"

#include <algorithm>
#include <sstream>

namespace casegraph::ui {

std::string fts_query(const std::string& typed) {
    std::istringstream in(typed);
    std::vector<std::string> words;
    for (std::string w; in >> w;) {
        std::string q = "\"";
        for (char c : w)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        words.push_back(q + "\"");
    }
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i)
            out += ' ';
        out += words[i];
        if (i + 1 == words.size())
            out += '*';
    }
    return out;
}

void SearchModel::run(const store::Db& db, std::size_t limit) {
    rows.clear();
    error.clear();
    truncated = false;
    const auto q = fts_query(query);
    if (q.empty())
        return;
    try {
        // snippet() marks the hit; the joins resolve what a row opens and when it happened.
        auto st = db.prepare(R"sql(
SELECT s.target_kind, CAST(s.target_id AS INTEGER), snippet(search, 0, '[', ']', '...', 12),
       ev.utc_ms, ev.kind, en.kind, idf.type, idf.entity_id, ev.date
FROM search s
LEFT JOIN event ev ON s.target_kind = 'event' AND ev.id = s.target_id
LEFT JOIN entity en ON s.target_kind = 'entity' AND en.id = s.target_id
LEFT JOIN identifier idf ON s.target_kind = 'identifier' AND idf.id = s.target_id
WHERE search MATCH ?1 ORDER BY rank LIMIT ?2)sql");
        st.bind(1, q).bind(2, static_cast<std::int64_t>(limit + 1));
        const auto clock = CaseClock::of(db);
        while (st.step()) {
            if (rows.size() == limit) {
                truncated = true;
                break;
            }
            SearchRow r;
            r.target_kind = st.column_text(0);
            r.target_id = st.column_int64(1);
            r.snippet = truncate_utf8(st.column_text(2), 240);
            if (r.target_kind == "event") {
                r.event_id = r.target_id;
                r.when = clock.format_event(
                    st.column_is_null(3) ? std::nullopt : std::optional{st.column_int64(3)},
                    st.column_is_null(8) ? std::nullopt : std::optional{st.column_text(8)});
                r.what = st.column_text(4);
            } else if (r.target_kind == "entity") {
                r.entity_id = r.target_id;
                r.what = st.column_text(5);
            } else {
                r.entity_id = st.column_int64(7);
                r.what = st.column_text(6);
            }
            rows.push_back(std::move(r));
        }
    } catch (const std::exception& e) {
        error = e.what();
    }
}

void SearchModel::save_current() {
    if (!query.empty() && std::find(saved.begin(), saved.end(), query) == saved.end())
        saved.push_back(query);
}

} // namespace casegraph::ui
