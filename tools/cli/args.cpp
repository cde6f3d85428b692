// Command-line parsing (see args.hpp).
#include "args.hpp"

#include <charconv>

namespace casegraph::cli {

std::optional<std::string> Parsed::value(const std::string& n) const {
    if (auto it = values.find(n); it != values.end())
        return it->second;
    return std::nullopt;
}

std::string Parsed::value_or(const std::string& n, const std::string& fallback) const {
    return value(n).value_or(fallback);
}

long long Parsed::int_value_or(const std::string& n, long long fallback) const {
    const auto v = value(n);
    if (!v)
        return fallback;
    long long out = 0;
    const auto* end = v->data() + v->size();
    if (v->empty() || std::from_chars(v->data(), end, out).ptr != end)
        throw UsageError("--" + n + " needs a whole number, got '" + *v + "'");
    return out;
}

Parsed parse_args(const std::vector<std::string>& args, const std::vector<OptSpec>& specs) {
    Parsed p;
    bool only_positional = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (only_positional || a.size() < 2 || a[0] != '-' || a == "-") {
            p.positional.push_back(a);
            continue;
        }
        if (a == "--") {
            only_positional = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            p.help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0)
            throw UsageError("unknown option '" + a + "' (options start with --)");
        std::string name = a.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == name)
                spec = &s;
        if (spec == nullptr)
            throw UsageError("unknown option '--" + name + "'");
        if (spec->value_name.empty()) {
            if (inline_value)
                throw UsageError("--" + name + " takes no value");
            p.flags.insert(name);
            continue;
        }
        if (inline_value) {
            p.values[name] = *inline_value;
        } else {
            if (i + 1 >= args.size())
                throw UsageError("--" + name + " needs a value (" + spec->value_name + ")");
            p.values[name] = args[++i];
        }
    }
    return p;
}

} // namespace casegraph::cli
