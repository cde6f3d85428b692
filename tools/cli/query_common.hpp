// Shared by the query and annotation commands: resolving ENTITY arguments, reading --from/--to, and
// showing an entity to an investigator by name and number rather than by id.
#pragma once

#include "args.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace casegraph::cli {

// An ENTITY as CONTRACTS.md spells it; throws EntityNotFound (exit 1) when nothing matches.
class EntityNotFound : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};
[[nodiscard]] std::int64_t resolve_entity(const store::Db& db, const std::string& text,
                                          const std::string& region);

// --NAME as a CONTRACTS.md T; a date alone ends at 23:59:59.999 when it is the end of a window.
[[nodiscard]] std::optional<std::int64_t> time_option(const Parsed& p, const std::string& name,
                                                      bool end_of_day);

// "Mike (+447700900111) #12 [victim]" from the contract entity JSON.
[[nodiscard]] std::string entity_text(const nlohmann::json& entity);

} // namespace casegraph::cli
