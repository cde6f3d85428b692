// Analyst decisions on the case: tags (suspect / victim / witness / free) and entity look-up as a user
// types it. Every change is written to the audit log in the same transaction.
#pragma once

#include "sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::store {

// "#123", or an identifier as typed ("+44 7700 900111", "07700900111" with the case region, an IBAN
// with or without spaces, an email, "telegram:user123"). nullopt when nothing matches.
[[nodiscard]] std::optional<std::int64_t> find_entity(const Db& db, const std::string& text,
                                                      const std::string& region);

// Adds a tag (no-op when the entity already carries it). Returns false when it was already there.
bool add_tag(const Db& db, std::int64_t entity_id, const std::string& tag, const std::string& analyst);
// Retracts a tag (the row stays, with removed_at). Returns false when the entity did not carry it.
bool remove_tag(const Db& db, std::int64_t entity_id, const std::string& tag, const std::string& analyst);
[[nodiscard]] std::vector<std::string> entity_tags(const Db& db, std::int64_t entity_id);

} // namespace casegraph::store
