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

// The whole input (without a UTF-8 BOM), padded for simdjson. A regular file is memory-mapped read-only
// (MAP_PRIVATE) rather than copied to the heap: its pages are file-backed, so the kernel can drop them again,
// and the simdjson::SIMDJSON_PADDING bytes past the end are an anonymous zero page after the mapping.
// Anything that cannot be mapped (an empty file, a pipe) is read into a padded_string instead.
class JsonFile {
  public:
    JsonFile() = default;
    JsonFile(const JsonFile&) = delete;
    JsonFile& operator=(const JsonFile&) = delete;
    JsonFile(JsonFile&& o) noexcept;
    JsonFile& operator=(JsonFile&&) = delete;
    ~JsonFile();
    [[nodiscard]] simdjson::padded_string_view view() const;
    [[nodiscard]] std::size_t size() const { return len_; }
    [[nodiscard]] bool mapped() const { return map_ != nullptr; }
    // The parser has gone past `offset` (bytes into the text) and is not expected back: the mapped pages
    // before it leave this process's resident set (they stay in the page cache, and are read again from
    // the file if the parser does come back). Nothing when the text is a heap copy.
    void release_before(std::size_t offset);

  private:
    friend JsonFile load_json(const Input& input);
    void* map_ = nullptr; // the reservation (file pages + one anonymous page), when mapped
    std::size_t map_len_ = 0;
    std::size_t skip_ = 0; // a UTF-8 BOM before the JSON text
    std::size_t len_ = 0;
    std::size_t capacity_ = 0;
    std::size_t released_ = 0; // mapped bytes already released // readable bytes from the text (len_ + at
                               // least simdjson::SIMDJSON_PADDING)
    simdjson::padded_string copy_;
};
// InputError("failed") when unreadable.
[[nodiscard]] JsonFile load_json(const Input& input);
// The error for a JSON file that cannot be walked at all: truncated, or malformed at `offset`.
[[nodiscard]] InputError whole_file_error(const Input& input, std::size_t size, simdjson::error_code code,
                                          std::size_t offset, const std::string& what);

} // namespace casegraph::ingest::json_od
