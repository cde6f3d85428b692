// A small command-line parser: --name value, --name=value, flags, positionals, and --help.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace casegraph::cli {

class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct OptSpec {
    std::string name;       // without dashes
    std::string value_name; // empty for a flag
    std::string help;
};

struct Parsed {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    bool help = false;

    [[nodiscard]] bool flag(const std::string& n) const { return flags.count(n) != 0; }
    [[nodiscard]] std::optional<std::string> value(const std::string& n) const;
    [[nodiscard]] std::string value_or(const std::string& n, const std::string& fallback) const;
    [[nodiscard]] long long int_value_or(const std::string& n, long long fallback) const;
};

// Throws UsageError with a message that names the offending argument.
[[nodiscard]] Parsed parse_args(const std::vector<std::string>& args, const std::vector<OptSpec>& specs);

} // namespace casegraph::cli
