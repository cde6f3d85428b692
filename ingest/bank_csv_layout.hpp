// Internal to the bank CSV importer: the layout decided for one file and the row import that uses it.
#pragma once

#include "csv_reader.hpp"
#include "importer.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace casegraph::ingest {
namespace bank_csv {

inline std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return out;
}
inline std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return "";
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

struct Layout {
    std::map<std::string, std::size_t> col; // role -> column
    std::set<std::size_t> mapped;           // columns with a role
    std::vector<std::string> names;         // header cells, when there is a header
    char decimal = '.';
    std::string date_order;
    std::string sign = "signed";
    std::string currency; // file-wide
    std::string account;  // file-wide
    std::optional<std::int64_t> preamble_closing;
    std::set<std::string> debit_values{"D", "S", "DR", "DEBIT", "DBIT", "SOLL", "AF", "-"};
    std::set<std::string> credit_values{"C", "H", "CR", "CREDIT", "CRDT", "HABEN", "BIJ", "+"};
    [[nodiscard]] std::optional<std::string> cell(const csv::Row& r, const std::string& role) const {
        const auto it = col.find(role);
        if (it == col.end() || it->second >= r.fields.size())
            return std::nullopt;
        auto v = trimmed(r.fields[it->second]);
        if (v.empty())
            return std::nullopt;
        return v;
    }
};

// Imports rows [from, end) as transactions (footer lines and blank lines reported, not imported) and writes
// the balance checks.
// A fresh source of the file's decoded text, from its start (each pass over the rows opens one).
using OpenText = std::function<csv::FileText()>;
void import_rows(const OpenText& open_text, char delimiter, std::size_t from, std::size_t footer_lines,
                 const Layout& lay, ImportContext& ctx);

} // namespace bank_csv
} // namespace casegraph::ingest
