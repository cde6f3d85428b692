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

} // namespace casegraph::store
