// simdjson On-Demand helpers (see json_values.hpp).
#include "json_values.hpp"

#include "importer.hpp"

#include <charconv>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace casegraph::ingest::json_od {
namespace {

namespace sj = simdjson::ondemand;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace

// A scalar as text: strings as they are, numbers as written, booleans as true/false, null as nullopt.
std::optional<std::string> scalar(sj::value v, const char* what) {
    switch (take(v.type(), what)) {
    case sj::json_type::string:
        return std::string(take(v.get_string(), what));
    case sj::json_type::number:
        return std::string(trim(v.raw_json_token()));
    case sj::json_type::boolean:
        return take(v.get_bool(), what) ? "true" : "false";
    case sj::json_type::null:
        return std::nullopt;
    default:
        throw JsonError(simdjson::INCORRECT_TYPE, what);
    }
}

// Any value as nlohmann JSON (for fields kept verbatim). Bounded by the message it belongs to.
nlohmann::json to_json(sj::value v, int depth) {
    if (depth > 64)
        throw JsonError(simdjson::DEPTH_ERROR, "nesting");
    switch (take(v.type(), "value")) {
    case sj::json_type::object: {
        nlohmann::json o = nlohmann::json::object();
        for (auto field : take(v.get_object(), "object")) {
            sj::field f = take(std::move(field), "field");
            const std::string key(take(f.unescaped_key(), "key"));
            o[key] = to_json(f.value(), depth + 1);
        }
        return o;
    }
    case sj::json_type::array: {
        nlohmann::json a = nlohmann::json::array();
        for (auto el : take(v.get_array(), "array"))
            a.push_back(to_json(take(std::move(el), "element"), depth + 1));
        return a;
    }
    case sj::json_type::number: {
        const std::string tok(trim(v.raw_json_token()));
        auto parsed = nlohmann::json::parse(tok, nullptr, false);
        return parsed.is_discarded() ? nlohmann::json(tok) : parsed;
    }
    default: {
        auto s = scalar(v, "value");
        return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
    }
    }
}

bool parse_int(std::string_view s, std::int64_t* out) {
    if (s.empty())
        return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

JsonError::JsonError(simdjson::error_code code, const std::string& where)
    : std::runtime_error(where + ": " + simdjson::error_message(code)), code_(code) {}

bool JsonError::recoverable() const {
    switch (code_) {
    case simdjson::INCORRECT_TYPE:
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
    case simdjson::STRING_ERROR:
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
    case simdjson::NO_SUCH_FIELD:
        return true;
    default:
        return false;
    }
}

std::set<std::string> top_level_keys(std::string_view text) {
    std::set<std::string> keys;
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        i = 3;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        ++i;
    if (i >= text.size() || text[i] != '{')
        return keys;
    int depth = 0;
    bool expect_key = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            const std::size_t b = ++i;
            while (i < text.size() && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            if (i >= text.size())
                break;
            if (depth == 1 && expect_key)
                keys.insert(std::string(text.substr(b, i - b)));
            expect_key = false;
        } else if (c == '{' || c == '[') {
            ++depth;
            expect_key = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                break;
        } else if (c == ',' && depth == 1) {
            expect_key = true;
        }
    }
    return keys;
}

JsonFile::JsonFile(JsonFile&& o) noexcept
    : map_(std::exchange(o.map_, nullptr)), map_len_(std::exchange(o.map_len_, 0)), skip_(o.skip_),
      len_(o.len_), capacity_(o.capacity_), released_(o.released_), copy_(std::move(o.copy_)) {}

JsonFile::~JsonFile() {
    if (map_)
        ::munmap(map_, map_len_);
}

simdjson::padded_string_view JsonFile::view() const {
    const char* base = map_ ? static_cast<const char*>(map_) : copy_.data();
    return simdjson::padded_string_view(base + skip_, len_, capacity_);
}

void JsonFile::release_before(std::size_t offset) {
    if (!map_)
        return;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t cut = std::min(skip_ + offset, len_) / page * page;
    if (cut < released_ + 64 * page) // a few hundred KiB at a time
        return;
    ::madvise(static_cast<char*>(map_) + released_, cut - released_, MADV_DONTNEED);
    released_ = cut;
}

JsonFile load_json(const Input& input) {
    JsonFile f;
    const int fd = ::open(input.path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        const auto size = static_cast<std::size_t>(st.st_size);
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        const std::size_t file_pages = (size + page - 1) / page * page;
        // One anonymous zero page after the file's last page holds the padding simdjson reads past the end
        // (a page wholly past the end of a file would raise SIGBUS).
        const std::size_t total = file_pages + (simdjson::SIMDJSON_PADDING + page - 1) / page * page;
        void* base = ::mmap(nullptr, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base != MAP_FAILED) {
            if (::mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == base) {
                ::madvise(base, size, MADV_SEQUENTIAL);
                f.map_ = base;
                f.map_len_ = total;
                f.len_ = size;
                f.capacity_ = total;
            } else {
                ::munmap(base, total);
            }
        }
    }
    if (fd >= 0)
        ::close(fd);
    if (!f.map_) {
        if (auto err = simdjson::padded_string::load(input.path.string()).get(f.copy_))
            throw InputError("failed", input.display_name + ": cannot be read (" +
                                           std::string(simdjson::error_message(err)) + ")");
        f.len_ = f.copy_.size();
        f.capacity_ = f.len_ + simdjson::SIMDJSON_PADDING;
    }
    // simdjson leaves a UTF-8 byte-order mark to the caller; Windows tools write one (Meta samples do).
    const char* text = f.map_ ? static_cast<const char*>(f.map_) : f.copy_.data();
    if (f.len_ >= 3 && std::string_view(text, 3) == "\xEF\xBB\xBF") {
        f.skip_ = 3;
        f.len_ -= 3;
        f.capacity_ -= 3;
    }
    return f;
}

InputError whole_file_error(const Input& input, std::size_t size, simdjson::error_code code,
                            std::size_t offset, const std::string& what) {
    // A truncated export (a copy cut short, a full disk) is the common way a file is broken: say so.
    if (code == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || code == simdjson::UNCLOSED_STRING)
        return InputError("failed", input.display_name + ": the JSON ends early at byte offset " +
                                        std::to_string(size) + " (the file looks truncated: " + what +
                                        "); nothing from this file was kept");
    return InputError("failed", input.display_name + ": malformed JSON at byte offset " +
                                    std::to_string(offset) + " of " + std::to_string(size) + " (" + what +
                                    "); nothing from this file was kept");
}

} // namespace casegraph::ingest::json_od
