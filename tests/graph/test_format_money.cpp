// Amounts as text in their currency's own decimals (ISO 4217): JPY has none, BHD three, EUR two. One
// function (store::format_grouped / format_money) is used by the indicators, exhibits, reports and UI.
#include "graph/indicators.hpp"
#include "store/money.hpp"

#include <doctest/doctest.h>

using namespace casegraph;

TEST_SUITE("graph") {
    TEST_CASE("format_money: JPY without decimals, BHD with three, EUR with two, grouped by thousands") {
        // 1,234,567 yen is 1234567 minor units; 1.250 dinar is 1250 fils; 1,234.56 euro is 123456 cent.
        CHECK(graph::format_money(1234567, "JPY") == "JPY 1,234,567");
        CHECK(graph::format_money(1250, "BHD") == "BHD 1.250");
        CHECK(graph::format_money(1234567, "BHD") == "BHD 1,234.567");
        CHECK(graph::format_money(123456, "EUR") == "EUR 1,234.56");
        CHECK(graph::format_money(-5, "EUR") == "EUR -0.05");
        CHECK(graph::format_money(-100000000, "EUR") == "EUR -1,000,000.00");
        CHECK(graph::format_money(7, "") == "0.07");
        CHECK(store::format_money(-1234567, "JPY") == "-1,234,567 JPY");
        CHECK(store::format_money(5, "BHD") == "0.005 BHD");
        CHECK(store::format_money(999, "EUR") == "9.99 EUR");
        CHECK(store::format_grouped(123, 0) == "123");
        CHECK(store::format_grouped(-1234, 0) == "-1,234");
        CHECK(store::format_grouped(100000, 2) == "1,000.00");
    }
}
