// Money amounts as text (see money.hpp).
#include "money.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>

namespace casegraph::store {

int minor_digits(std::string_view ccy) {
    // ISO 4217 exponents other than 2 (currencies in use and the funds codes banks report).
    static constexpr std::string_view kZero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                 "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                 "VND", "VUV", "XAF", "XOF", "XPF"};
    static constexpr std::string_view kThree[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    static constexpr std::string_view kFour[] = {"CLF", "UYW"};
    std::string c;
    for (char ch : ccy)
        if (ch != ' ')
            c.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    if (std::find(std::begin(kZero), std::end(kZero), c) != std::end(kZero))
        return 0;
    if (std::find(std::begin(kThree), std::end(kThree), c) != std::end(kThree))
        return 3;
    if (std::find(std::begin(kFour), std::end(kFour), c) != std::end(kFour))
        return 4;
    return 2;
}

std::string format_minor(std::int64_t minor, int digits) {
    const bool neg = minor < 0;
    // Work on the unsigned magnitude so INT64_MIN does not overflow.
    std::uint64_t mag = neg ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    std::string s = std::to_string(mag);
    if (digits > 0) {
        const auto d = static_cast<std::size_t>(digits);
        if (s.size() <= d)
            s.insert(0, d + 1 - s.size(), '0');
        s.insert(s.size() - d, ".");
    }
    return neg ? "-" + s : s;
}

std::string format_grouped(std::int64_t minor, int digits) {
    std::string s = format_minor(minor, digits);
    const std::size_t start = s[0] == '-' ? 1 : 0;
    const std::size_t dot = s.find('.');
    std::size_t end = dot == std::string::npos ? s.size() : dot;
    while (end > start + 3) {
        end -= 3;
        s.insert(end, ",");
    }
    return s;
}

std::string format_money(std::int64_t minor, std::string_view currency) {
    std::string s = format_grouped(minor, minor_digits(currency));
    if (!currency.empty())
        s.append(" ").append(currency);
    return s;
}

} // namespace casegraph::store
