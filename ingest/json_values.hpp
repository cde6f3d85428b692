// simdjson On-Demand helpers shared by the JSON chat importers (telegram-json, meta-json): errors that say
// whether the document is still walkable, scalars as text, values copied out as nlohmann JSON. Internal to
// cg_ingest.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <simdjson.h>
#include <stdexcept>
#include <string>
#include <string_view>

namespace casegraph::ingest {
struct Input;
class InputError;
} // namespace casegraph::ingest

namespace casegraph::ingest::json_od {

// A simdjson error. Type-level errors (a number where a string was expected, a bad literal) leave the
// document walkable: they make one record malformed. Structural ones (truncation, a missing comma)
// do not: the whole file fails with its byte offset.
class JsonError : public std::runtime_error {
  public:
    JsonError(simdjson::error_code code, const std::string& where);
    [[nodiscard]] simdjson::error_code code() const { return code_; }
    [[nodiscard]] bool recoverable() const;

  private:
    simdjson::error_code code_;
};

// The value of a simdjson result, or a JsonError naming `what`.
template <class T> T take(simdjson::simdjson_result<T>&& r, const char* what) {
    T v;
    if (auto e = std::move(r).get(v))
        throw JsonError(e, what);
    return v;
}

// A scalar as text: strings as they are, numbers as written, booleans as true/false, null as nullopt.
[[nodiscard]] std::optional<std::string> scalar(simdjson::ondemand::value v, const char* what);
// Any value as nlohmann JSON (for fields kept verbatim). Bounded by the record it belongs to.
[[nodiscard]] nlohmann::json to_json(simdjson::ondemand::value v, int depth);
// A whole decimal integer and nothing else.
[[nodiscard]] bool parse_int(std::string_view s, std::int64_t* out);
// Top-level keys of the JSON object at the start of `text` (as far as a detection probe reaches).
[[nodiscard]] std::set<std::string> top_level_keys(std::string_view text);

// The whole input (without a UTF-8 BOM), padded for simdjson; InputError("failed") when unreadable.
[[nodiscard]] simdjson::padded_string load_json(const Input& input);
// The error for a JSON file that cannot be walked at all: truncated, or malformed at `offset`.
[[nodiscard]] InputError whole_file_error(const Input& input, std::size_t size, simdjson::error_code code,
                                          std::size_t offset, const std::string& what);

} // namespace casegraph::ingest::json_od
