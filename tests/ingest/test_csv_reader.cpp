// CSV reader, profile and value parsers: quoting, line numbers across embedded newlines, stray quotes,
// encodings, delimiter detection, number formats, sign conventions and date orders.
#include "ingest/csv_profile.hpp"
#include "ingest/csv_reader.hpp"

#include <doctest/doctest.h>

using namespace casegraph::ingest;

TEST_SUITE("ingest") {
    TEST_CASE("csv reader: quoted fields keep delimiters, doubled quotes and newlines; lines count them") {
        const std::string text = "a;\"b;c\";\"say \"\"hi\"\"\"\r\n"
                                 "1;\"two\r\nlines\";3\r\n"
                                 "\r\n"
                                 "x;y;z";
        const auto rows = csv::read(text, ';');
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].fields == std::vector<std::string>{"a", "b;c", "say \"hi\""});
        CHECK(rows[0].line == 1);
        CHECK(rows[1].fields == std::vector<std::string>{"1", "two\r\nlines", "3"});
        CHECK(rows[1].line == 2);
        CHECK(rows[1].end_line == 3);
        CHECK(rows[2].blank());
        CHECK(rows[2].line == 4);
        CHECK(rows[3].fields == std::vector<std::string>{"x", "y", "z"});
        CHECK(rows[3].line == 5);
        CHECK_FALSE(rows[3].stray_quote);
    }

    TEST_CASE(
        "csv reader: an unescaped quote is kept as text and flagged; an unclosed one does not eat the file") {
        auto rows = csv::read("1,\"a \"big\" deal\",2\n3,5\" pipe,4\n", ',');
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].fields == std::vector<std::string>{"1", "a \"big\" deal", "2"});
        CHECK(rows[0].stray_quote);
        CHECK(rows[1].fields == std::vector<std::string>{"3", "5\" pipe", "4"});
        CHECK(rows[1].stray_quote);
        rows = csv::read("a,\"open\nb,c\nd,e\n", ',');
        REQUIRE(rows.size() == 3);
        CHECK(rows[0].unterminated);
        CHECK(rows[0].fields == std::vector<std::string>{"a", "\"open"});
        CHECK(rows[1].fields == std::vector<std::string>{"b", "c"});
        CHECK(rows[2].line == 3);
    }

    TEST_CASE("csv: delimiter and encoding detection") {
        CHECK(csv::detect_delimiter("Date;Amount;Text\n01.02.2024;1,00;x\n02.02.2024;2,00;y\n") == ';');
        CHECK(csv::detect_delimiter("\"Date\",\"Amount\"\n\"1/2/2024\",\"$1,000.00\"\n") == ',');
        CHECK(csv::detect_delimiter("Date\tAmount\tText, more\n2024-01-01\t1.00\ta, b\n") == '\t');
        CHECK(csv::detect_delimiter("Date|Amount\n2024-01-01|1.00\n") == '|');
        CHECK(csv::detect_delimiter("just one column\nand another\n") == 0);
        auto d = csv::decode("\xEF\xBB\xBFK\xC3\xBC");
        CHECK(d.encoding == "utf-8-bom");
        CHECK(d.text == "K\xC3\xBC");
        d = csv::decode("K\xFCnde");
        CHECK(d.encoding == "iso-8859-1");
        CHECK(d.text == "K\xC3\xBCnde");
        d = csv::decode("5 \x80");
        CHECK(d.encoding == "windows-1252");
        CHECK(d.text == "5 \xE2\x82\xAC");
        CHECK(csv::decode("K\xFC", "windows-1252").encoding == "windows-1252");
    }

    TEST_CASE("csv amounts: thousands separators, currency signs, parentheses and trailing minus") {
        auto v = [](const char* s, char dec) { return csv::parse_amount(s, dec, 2).minor; };
        CHECK(v("1.234,56", ',') == 123456);
        CHECK(v("1,234.56", '.') == 123456);
        CHECK(v("1 234,56", ',') == 123456);
        CHECK(v("1\xC2\xA0"
                "234,56",
                ',') == 123456);
        CHECK(v("1'234.56", '.') == 123456);
        CHECK(v("-$7,971.39", '.') == -797139);
        CHECK(v("$-7.00", '.') == -700);
        CHECK(v("(12.00)", '.') == -1200);
        CHECK(v("12,00-", ',') == -1200);
        CHECK(v("-8,00", ',') == -800);
        CHECK(v("+0,5", ',') == 50);
        CHECK(v("12 \xE2\x82\xAC", ',') == 1200);
        CHECK(csv::parse_amount("12 \xE2\x82\xAC", ',', 2).currency == "EUR");
        CHECK(csv::parse_amount("-$1.00", '.', 2).currency == "$");
        CHECK(v("1.000", ',') == 100000); // decimal comma file: the dot groups thousands
        CHECK(v("5", '.') == 500);
        CHECK(csv::parse_amount("", '.', 2).blank);
        CHECK_FALSE(v("1,234.56", ','));
        CHECK_FALSE(v("abc", '.'));
        CHECK_FALSE(v("1.2.3", '.'));
        CHECK(csv::parse_amount("1.23E+15", '.', 2).error.find("scientific") != std::string::npos);
        CHECK(csv::parse_amount("1000", '.', 0).minor == 1000); // JPY
        CHECK(csv::parse_amount("1.5", '.', 3).minor == 1500);  // KWD
    }

    TEST_CASE("csv: decimal votes, date orders and scientific notation") {
        CHECK(csv::decimal_vote("1.234,56") == ',');
        CHECK(csv::decimal_vote("1,234.56") == '.');
        CHECK(csv::decimal_vote("-8,00") == ',');
        CHECK(csv::decimal_vote("$500.00") == '.');
        CHECK(csv::decimal_vote("1,000") == 0); // thousands or a 3-digit decimal: undecided
        CHECK(csv::decimal_vote("1,000,000") == '.');
        CHECK(csv::decimal_vote("12") == 0);
        csv::DateVotes dv;
        csv::vote_date("31.01.2024 00:00:00", dv);
        csv::vote_date("01.02.2024", dv);
        CHECK(dv.dmy == 1);
        CHECK(dv.mdy == 0);
        CHECK(dv.separator == '.');
        csv::DateVotes us;
        csv::vote_date("12/31/2021", us);
        CHECK(us.mdy == 1);
        const auto d = csv::parse_date("01.10.2013 00:00:00", "dmy");
        REQUIRE(d);
        CHECK(d->month == 10);
        CHECK(d->day == 1);
        CHECK(csv::parse_date("12/31/2021", "mdy")->day == 31);
        CHECK(csv::parse_date("2024-02-29", "dmy")->month == 2); // a 4-digit first field is always a year
        CHECK(csv::parse_date("20240131", "dmy")->day == 31);
        CHECK(csv::parse_date("31.12.99", "dmy")->year == 1999);
        CHECK_FALSE(csv::parse_date("12/31/2021", "dmy"));
        CHECK_FALSE(csv::parse_date("30.02.2024", "dmy"));
        CHECK_FALSE(csv::parse_date("garbage", "dmy"));
        CHECK(csv::scientific_notation("1.23E+15"));
        CHECK(csv::scientific_notation("4,5e12"));
        CHECK_FALSE(csv::scientific_notation("DE89E+15"));
        CHECK_FALSE(csv::scientific_notation("12345"));
    }

    TEST_CASE("csv headers: roles in several languages, currency in the header name") {
        CHECK(csv::role_for_header("Buchungstag") == "date");
        CHECK(csv::role_for_header("Valuta") == "value_date");
        CHECK(csv::role_for_header("Auftraggeber / Empf\xC3\xA4nger") == "counterparty");
        CHECK(csv::role_for_header("Verwendungszweck") == "description");
        CHECK(csv::role_for_header("Betrag in EUR") == "amount");
        CHECK(csv::role_for_header("Betrag (EUR)") == "amount");
        CHECK(csv::role_for_header("Urspr\xC3\xBCnglicher Betrag") == "original_amount");
        CHECK(csv::role_for_header(" Withdrawal ") == "debit");
        CHECK(csv::role_for_header("DEPOSIT") == "credit");
        CHECK(csv::role_for_header("RunningBalance") == "balance");
        CHECK(csv::role_for_header("Date op\xC3\xA9ration") == "date");
        CHECK(csv::role_for_header("Bedrag") == "amount");
        CHECK(csv::role_for_header("Importe") == "amount");
        CHECK(csv::role_for_header("Soll/Haben") == "indicator");
        CHECK(csv::role_for_header("whatever") == "");
        CHECK(csv::currency_in_header("Betrag in EUR") == "EUR");
        CHECK(csv::currency_in_header("Amount (USD)") == "USD");
        CHECK(csv::currency_in_header("EUR") == "");
    }

    TEST_CASE("csv profile: parsed with every key, and wrong profiles are refused with the reason") {
        const auto p =
            csv::parse_profile(R"({"name":"x","delimiter":"tab","encoding":"windows-1252","skip_lines":2,
            "header":false,"columns":{"date":0,"amount":"Betrag"},"date_format":"MM/DD/YYYY","decimal":",",
            "sign":"indicator","debit_values":["S"],"credit_values":["H"],"account":"DE1","currency":"EUR",
            "footer_lines":1})");
        CHECK(p.delimiter == '\t');
        CHECK(p.skip_lines == 2u);
        CHECK(p.header == false);
        CHECK(p.columns.at("date").index == 0u);
        CHECK(p.columns.at("amount").header == "betrag");
        CHECK(p.date_order == "mdy");
        CHECK(p.decimal == ',');
        CHECK(p.debit_values == std::vector<std::string>{"s"});
        CHECK(p.footer_lines == 1u);
        CHECK(p.sha256.size() == 64);
        CHECK_THROWS_WITH(csv::parse_profile("{"), doctest::Contains("not valid JSON"));
        CHECK_THROWS_WITH(csv::parse_profile(R"({"columns":{"colour":1}})"), doctest::Contains("colour"));
        CHECK_THROWS_WITH(csv::parse_profile(R"({"sign":"maybe"})"), doctest::Contains("sign"));
        CHECK_THROWS_WITH(csv::parse_profile(R"({"date_format":"D/M"})"), doctest::Contains("date_format"));
    }
    TEST_CASE("csv reader: a quoted field running past 200 lines is treated as an unclosed quote") {
        std::string text = "a,\"start\n";
        for (int i = 0; i < 300; ++i)
            text += "x,y\n";
        text += "end\"\n";
        const auto rows = csv::read(text, ',');
        REQUIRE(rows.size() == 302);
        CHECK(rows[0].unterminated);
        CHECK(rows[1].fields == std::vector<std::string>{"x", "y"});
        CHECK(rows[1].line == 2);
        // A field with a few embedded lines is still one field.
        CHECK(csv::read("\"1\n2\n3\",b\n", ',')[0].fields[0] == "1\n2\n3");
    }
}
