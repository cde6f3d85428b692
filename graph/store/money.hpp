// Amounts are integer minor units everywhere in the case; these give them their currency's decimals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace casegraph::store {

// ISO 4217 minor-unit digits: 0 for JPY, KRW, ...; 3 for BHD, KWD, ...; 4 for CLF; 2 otherwise.
[[nodiscard]] int minor_digits(std::string_view currency);
// -2700 with 2 digits -> "-27.00".
[[nodiscard]] std::string format_minor(std::int64_t minor, int digits);
// format_minor with thousands separators: 123456789 with 2 digits -> "1,234,567.89", with 0 -> "123,456,789".
[[nodiscard]] std::string format_grouped(std::int64_t minor, int digits);
// An amount in its currency's decimals, grouped, currency after: "-1,234.56 EUR", "1,500 JPY", "1.250 BHD".
[[nodiscard]] std::string format_money(std::int64_t minor, std::string_view currency);

} // namespace casegraph::store
