// The case file's schema: numbered forward migrations applied under PRAGMA user_version.
#pragma once

#include "sqlite.hpp"

namespace casegraph::store {

// 'CGRF' — marks a SQLite file as a casegraph case (PRAGMA application_id).
inline constexpr int kApplicationId = 0x43475246;

// The schema version this build writes. Older case files are migrated forward on open.
[[nodiscard]] int latest_schema_version();

// Applies migrations from the file's current user_version up to `target` (default: latest), each in
// its own transaction. Throws when the file is newer than this build or is not a casegraph case.
void migrate(const Db& db, int target = -1);

// The file's user_version (0 for an empty database).
[[nodiscard]] int schema_version(const Db& db);

} // namespace casegraph::store
