// Small helpers for importers that read SQLite evidence: column discovery and WAL-only row checks.
#pragma once

#include "store/sqlite.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::ingest {

// Column names of a table (empty when the table does not exist).
[[nodiscard]] std::set<std::string> table_columns(const store::Db& db, std::string_view table);
[[nodiscard]] bool has_table(const store::Db& db, std::string_view table);

// "a, b, NULL AS c": selects the wanted columns, with NULL for those this schema version lacks, so one
// query serves every version. Table and column names come from our own code, never from input.
[[nodiscard]] std::string select_list(const std::set<std::string>& present,
                                      const std::vector<std::string>& wanted);

// Walking two tables side by side by a key (a parent's rows beside the parent, one at a time instead of
// all of them in a map): the key as a map would have read it — the column as an integer, NULL as 0 —
// and an ORDER BY that sorts by that key. When every value is an integer SQLite orders the column itself
// the same way and its index serves the walk; otherwise the rows are sorted by the key expression.
[[nodiscard]] std::string int_key(const std::string& column);
[[nodiscard]] std::string int_key_order(const store::Db& db, const std::string& table,
                                        const std::string& column);

class ImportContext;

// One record's TEXT cells as UTF-8. SQLite does not check what an app writes into a TEXT column: each byte
// that is not UTF-8 is replaced by U+FFFD and counted, and report() warns at the record's locator.
class TextCells {
  public:
    explicit TextCells(const store::Statement& st) : st_(st) {}
    [[nodiscard]] std::string text(int col);
    [[nodiscard]] std::optional<std::string> opt(int col);
    [[nodiscard]] std::size_t replaced() const { return replaced_; }
    // Bytes replaced in a row of another table that belongs to this record (read before it).
    void add(std::size_t replaced, std::string_view what);
    // Warns at `inner` when a cell read so far held bytes that are not UTF-8 (naming the columns).
    void report(ImportContext& ctx, std::string_view inner) const;

  private:
    const store::Statement& st_;
    std::size_t replaced_ = 0;
    std::string columns_;
};

// Row ids present in the main database file alone; rows of `db` not in this set came from the WAL.
[[nodiscard]] std::set<std::int64_t> rowids(const store::Db& db, std::string_view table,
                                            std::string_view id_column);

} // namespace casegraph::ingest
