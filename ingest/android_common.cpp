// Shared helpers of the Android importers (see android_common.hpp).
#include "android_common.hpp"

#include "sqlite_util.hpp"

#include <algorithm>
#include <cctype>

namespace casegraph::ingest {

RowLocator::RowLocator(const EvidenceDb& edb, std::string table, std::string id_column)
    : table_(std::move(table)) {
    if (!edb.main_only)
        return;
    have_main_ = true;
    // A table created after the last checkpoint exists only in the WAL: every row of it is WAL-only.
    if (has_table(*edb.main_only, table_))
        main_ids_ = rowids(*edb.main_only, table_, id_column);
}

bool RowLocator::wal_only(std::int64_t id) const {
    return have_main_ && main_ids_.count(id) == 0;
}

std::string RowLocator::operator()(std::int64_t id) const {
    const bool wal = wal_only(id);
    if (wal)
        ++wal_only_seen_;
    return std::string(wal ? "sqlite-wal:" : "sqlite:") + table_ + "/rowid=" + std::to_string(id);
}

} // namespace casegraph::ingest
