// Pieces the Android importers share: the device-owner party, WAL-aware row locators, the region a
// row names for its own numbers, and the call-log reader that both android-calls and android-contacts
// run (contacts2.db holds the `calls` table on Android 6 and older).
#pragma once

#include "evidence_owner.hpp" // evidence_owner, row_region: shared by every phone importer
#include "importer.hpp"
#include "private_copy.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace casegraph::ingest {

// Locators for the rows of one table: "sqlite:<table>/rowid=N", or "sqlite-wal:<table>/rowid=N" for a
// row that exists only in the -wal (absent from the main file opened alone).
class RowLocator {
  public:
    RowLocator(const EvidenceDb& edb, std::string table, std::string id_column = "_id");
    [[nodiscard]] bool wal_only(std::int64_t id) const;
    [[nodiscard]] std::string operator()(std::int64_t id) const;
    [[nodiscard]] std::int64_t wal_only_rows() const { return wal_only_seen_; }

  private:
    std::string table_;
    bool have_main_ = false;
    std::set<std::int64_t> main_ids_;
    mutable std::int64_t wal_only_seen_ = 0;
};

// Reads the `calls` table (CallLog.Calls) of an open calllog.db / contacts2.db into `call` events.
// Notes go under "calls.*". Returns the number of rows read.
std::int64_t read_android_call_log(const EvidenceDb& edb, ImportContext& ctx, std::int64_t owner);

} // namespace casegraph::ingest
