// Shared by the query and annotation commands: resolving ENTITY arguments, reading --from/--to, and
// showing an entity to an investigator by name and number rather than by id.
#pragma once

#include "args.hpp"
#include "graph/zone_days.hpp"
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

// --NAME as a CONTRACTS.md T. A date alone is that day in the case zone (`days`, as export reads it):
// from its local midnight, or up to just before the next day's when it is the end of a window.
[[nodiscard]] std::optional<std::int64_t> time_option(const Parsed& p, const std::string& name,
                                                      bool end_of_day, const graph::ZoneDays& days);

// "Mike (+447700900111) #12 [victim]" from the contract entity JSON.
[[nodiscard]] std::string entity_text(const nlohmann::json& entity);

} // namespace casegraph::cli
