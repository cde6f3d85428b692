// Full-text search over the case (the FTS5 `search` table: message bodies, entity labels, identifiers)
// as table rows that open an entity or an event, plus the analyst's saved searches.
#pragma once

#include "store/sqlite.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace casegraph::ui {

struct SearchRow {
    std::string target_kind; // event | entity | identifier
    std::int64_t target_id = 0;
    std::int64_t entity_id = 0; // the entity to open (entity rows, identifier rows); 0 for events
    std::int64_t event_id = 0;  // the event to open; 0 otherwise
    std::string snippet;        // matched text with the hit in [brackets]
    std::string when;           // event time (UTC) or empty
    std::string what;           // event kind, entity kind or identifier type
};

// Turns what the analyst typed into an FTS5 query: every word quoted (so "-", ":" and "+" in phone
// numbers are literal), the last one a prefix match so results appear while typing.
[[nodiscard]] std::string fts_query(const std::string& typed);

class SearchModel {
  public:
    std::string query;
    std::vector<SearchRow> rows;
    std::string error; // shown in the panel; a bad query never throws into the frame
    bool truncated = false;
    std::vector<std::string> saved;

    void run(const store::Db& db, std::size_t limit = 1000);
    void save_current();
};

} // namespace casegraph::ui
