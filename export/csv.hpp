// RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, quotes doubled.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace casegraph::exporter {

[[nodiscard]] std::string csv_field(std::string_view s);
[[nodiscard]] std::string csv_row(const std::vector<std::string>& fields);
// Parses a whole CSV text (quoted fields may hold line breaks). A trailing line end adds no empty row.
[[nodiscard]] std::vector<std::vector<std::string>> csv_parse(std::string_view text);

} // namespace casegraph::exporter
