// Bank CSV importer: golden tests on every CSV sample (rows counted by an independent scan, fields compared
// with the source text, balances) and fixtures for each sign rule, quoting quirk and mangled value.
#include "bank_test_util.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::bank;
using test::TempDir;

namespace {

std::filesystem::path csv_sample(const std::string& name) {
    return test::sample("bankcsv/" + name);
}

// Data rows: lines whose first date-looking field starts the line (optionally quoted or after one field).
int dated_lines(const std::string& text, const std::string& pattern) {
    int n = 0;
    const std::regex re(pattern);
    std::size_t p = 0;
    while (p < text.size()) {
        auto nl = text.find('\n', p);
        if (nl == std::string::npos)
            nl = text.size();
        if (std::regex_search(text.substr(p, nl - p), re))
            ++n;
        p = nl + 1;
    }
    return n;
}

std::string note(const store::CaseFile& cf, const std::string& key) {
    return cf.db()
        .scalar_text("SELECT json_extract(notes, '$." + key + "') FROM import_run ORDER BY id DESC LIMIT 1")
        .value_or("");
}

std::filesystem::path shipped_profile(const std::string& name) {
    return test::test_data_dir().parent_path() / "ingest" / "profiles" / name;
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("bank-csv: DAB (UTF-8 BOM, junk first line, semicolons, decimal comma, German headers)") {
        const auto path = csv_sample("ofxstatement_dab_de_bom_semicolon.csv");
        const auto text = test::read_file(path);
        auto r = ingest_one(path);
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].format == "bank-csv");
        const int n = dated_lines(text, "^\\d\\d\\.\\d\\d\\.\\d{4} 00:00:00;");
        REQUIRE(n == 7);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == n);
        CHECK(note(r.cf, "encoding") == "utf-8-bom");
        CHECK(note(r.cf, "delimiter") == ";");
        CHECK(note(r.cf, "decimal") == ",");
        CHECK(note(r.cf, "date_order") == "dmy");
        // line 6: 27.09.2013;...;ARBEITGEBER GMBH &;GEHALT  9/13;9.999,99;
        REQUIRE(text.find("ARBEITGEBER GMBH &;GEHALT  9/13;9.999,99;") != std::string::npos);
        const auto e = event_at(r.cf, "line:6");
        REQUIRE(e);
        CHECK(e->amount == 999999);
        CHECK(e->currency == "EUR"); // from the header "Betrag in EUR"
        CHECK(e->date == "2013-09-27");
        CHECK(e->time_raw == "27.09.2013 00:00:00");
        CHECK(e->direction == "incoming");
        CHECK(e->body == "ARBEITGEBER GMBH &\nGEHALT  9/13");
        CHECK(e->attrs.find("\"tx_type\":\"L\xC3\xB6hne und Geh\xC3\xA4lter\"") != std::string::npos);
        CHECK(party_labels(r.cf, "line:6", "payer") ==
              std::vector<std::string>{"organisation:ARBEITGEBER GMBH &"});
        const auto e7 = event_at(r.cf, "line:7"); // 19.09.2013;18.09.2013;Ertrag;;Ausschüttung ...;168,09
        REQUIRE(e7);
        CHECK(e7->amount == 16809);
        CHECK(e7->attrs.find("\"value_date\":\"2013-09-18\"") != std::string::npos);
        const auto e5 = event_at(r.cf, "line:5");
        REQUIRE(e5);
        CHECK(e5->amount == -2022);
        CHECK(e5->attrs.find("\"card\":true") != std::string::npos); // Buchungstext POS-Lastschrift
        // No balances in the file: the check row says so.
        CHECK(scalar(r.cf, "SELECT count(*) FROM statement_check WHERE result = 'no-balances'") == 1);
        CHECK(scalar(r.cf, "SELECT sum_minor FROM statement_check") ==
              minor_of("-50,00", ',') + minor_of("-8,00", ',') + minor_of("-20,22", ',') +
                  minor_of("9.999,99", ',') + minor_of("168,09", ',') + minor_of("14,04", ',') +
                  minor_of("-50,00", ','));
        CHECK(diagnostics(r.cf, "error").empty());
    }

    TEST_CASE("bank-csv: DKB credit card (ISO-8859-1, preamble with card and Saldo, all fields quoted)") {
        const auto path = csv_sample("ofxstatement_dkb_creditcard_latin1.csv");
        const auto text = test::read_file(path);
        auto r = ingest_one(path);
        CHECK(r.report.files[0].format == "bank-csv");
        const int n = dated_lines(text, "^\"(Ja|Nein)\";\"\\d\\d\\.\\d\\d\\.\\d{4}\"");
        REQUIRE(n == 7);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == n);
        CHECK(note(r.cf, "encoding") == "iso-8859-1");
        // line 13: "Ja";"05.03.2012";"05.03.2012";"Einzahlung";"200,00";"";
        const auto e = event_at(r.cf, "line:13");
        REQUIRE(e);
        CHECK(e->amount == 20000);
        CHECK(e->date == "2012-03-05");
        CHECK(e->body == "Einzahlung");
        const auto e9 = event_at(r.cf, "line:9"); // "Nein";"04.02.2013";"02.02.2013";"MY BANK FIL";"-95,00"
        REQUIRE(e9);
        CHECK(e9->amount == -9500);
        CHECK(e9->attrs.find("\"user_date\":\"2013-02-02\"") != std::string::npos);
        CHECK(e9->attrs.find("\"status\":\"Nein\"") != std::string::npos);
        // The masked card number from the preamble is the holder's account, scoped to this file.
        CHECK(party_labels(r.cf, "line:9", "payer") == std::vector<std::string>{"account:1234********1234"});
        // "Saldo:";"-76.77 EUR" is a closing balance without an opening: recorded, not checked.
        CHECK(scalar(r.cf, "SELECT closing_minor FROM statement_check") == -7677);
        CHECK(scalar(r.cf, "SELECT result = 'no-balances' FROM statement_check") == 1);
        CHECK(diagnostics(r.cf, "error").empty());
        CHECK(diagnostics(r.cf, "warning").empty());
    }

    TEST_CASE("bank-csv: LBB without a header is left to the user, and imports with the shipped profile") {
        const auto path = csv_sample("ofxstatement_lbb_amazon_noheader.csv");
        const auto text = test::read_file(path);
        auto plain = ingest_one(path);
        CHECK(plain.report.files[0].status == "unsupported");
        ingest::IngestOptions o;
        const auto profile = shipped_profile("lbb_amazon_visa_noheader.json");
        o.profile = profile.string();
        auto r = ingest_one(path, o);
        CHECK(r.report.files[0].format == "bank-csv");
        const int rows = dated_lines(text, "^\\d{16};\\d\\d\\.\\d\\d\\.\\d{4};");
        const int with_amount = dated_lines(text, "^\\d{16};.*;-?\\d+,\\d\\d\\r?$");
        REQUIRE(rows == 7);
        REQUIRE(with_amount == 6);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == with_amount);
        // The points line has no amount: a warning, not a silent skip.
        CHECK(any_contains(diagnostics(r.cf, "warning"), "line:7 no amount in this row"));
        const auto e =
            event_at(r.cf, "line:6"); // 1111222233334444;07.01.2013;06.01.2013;AMAZON.ES...;;;-30,00
        REQUIRE(e);
        CHECK(e->amount == -3000);
        CHECK(e->date == "2013-01-07");
        CHECK(e->currency == "EUR");
        CHECK(party_labels(r.cf, "line:6", "payer") == std::vector<std::string>{"account:1111222233334444"});
        CHECK(scalar(r.cf, "SELECT count(*) FROM statement_check") == 2); // one per card
        // The profile's text and hash are recorded with the import.
        CHECK(note(r.cf, "profile.sha256") == store::sha256_hex(test::read_file(profile)));
        CHECK(note(r.cf, "profile.json") == test::read_file(profile));
    }

    TEST_CASE("bank-csv: DCU ($ amounts with thousands, newest first, running balance consistent)") {
        const auto path = csv_sample("redsimporters_dcu_checking_us.csv");
        const auto text = test::read_file(path);
        auto r = ingest_one(path);
        CHECK(r.report.files[0].format == "bank-csv");
        const int n = dated_lines(text, "^\"\\d\\d/\\d\\d/\\d{4}\",");
        REQUIRE(n == 10);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == n);
        CHECK(note(r.cf, "date_order") == "mdy");
        const auto e = event_at(r.cf, "line:2");
        REQUIRE(e);
        CHECK(e->amount == minor_of("-$7,971.39"));
        CHECK(e->currency == "USD");
        CHECK(e->date == "2021-12-31");
        CHECK(e->attrs.find("\"bank_ref\":\"dwA4AEUAZQBK") != std::string::npos);
        CHECK(e->attrs.find("\"tx_type\":\"DEBIT\"") != std::string::npos);
        auto q =
            r.cf.db().prepare("SELECT opening_minor, closing_minor, sum_minor, result FROM statement_check");
        REQUIRE(q.step());
        // Oldest row: $10,000.00 deposit leaving $10,000.00; newest balance $500.00.
        CHECK(q.column_int64(0) == 0);
        CHECK(q.column_int64(1) == minor_of("$500.00"));
        CHECK(q.column_int64(2) == minor_of("$500.00"));
        CHECK(q.column_text(3) == "ok");
        CHECK_FALSE(any_contains(diagnostics(r.cf, "warning"), "running balance"));
        CHECK(diagnostics(r.cf, "error").empty());
    }

    TEST_CASE(
        "bank-csv: Schwab (Withdrawal/Deposit columns); its running balance does not add up and says so") {
        const auto path = csv_sample("redsimporters_schwab_checking_us.csv");
        auto r = ingest_one(path);
        CHECK(r.report.files[0].format == "bank-csv");
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == 2);
        CHECK(event_at(r.cf, "line:2")->amount == 100);  // Deposit $1.00
        CHECK(event_at(r.cf, "line:3")->amount == -200); // Withdrawal $2.00
        CHECK(note(r.cf, "sign_rule") == "debit_credit");
        // 02/03 leaves $3.00; 07/31 +$1.00 should leave $4.00 but the file says $2.00.
        CHECK(any_contains(
            diagnostics(r.cf, "warning"),
            "line:2 running balance 2.00 does not follow from the row before (3.00 + 1.00 = 4.00)"));
        CHECK(scalar(r.cf, "SELECT count(*) FROM statement_check WHERE result = 'mismatch'") == 1);
        CHECK(any_contains(diagnostics(r.cf, "error"), "balance check failed"));
    }

    TEST_CASE("bank-csv fixture: S/H indicator, Windows-1252, embedded newline, stray quote, mangled IBAN, "
              "garbage row") {
        TempDir d;
        const std::string src =
            "Buchungstag;Valuta;Auftraggeber/Empf\xE4nger;IBAN;Verwendungszweck;Betrag;Soll/Haben\r\n"
            "02.01.2024;02.01.2024;Caf\xE9 \x80uro;DE89370400440532013000;Miete;1.234,56;S\r\n"
            "03.01.2024;03.01.2024;Anna;;\"two\r\nlines\";12,00;H\r\n"
            "xx.01.2024;04.01.2024;Bad;;row;1,00;S\r\n"
            "05.01.2024;05.01.2024;Ben \"Bo\" B;1.23E+15;x;5,00;H\r\n"
            "06.01.2024;06.01.2024;Carl;;y;7,00;?\r\n"
            "Summe;;;;;1.209,56;\r\n";
        auto r = ingest_one(fixture(d, "sh.csv", src));
        CHECK(r.report.files[0].format == "bank-csv");
        CHECK(note(r.cf, "encoding") == "windows-1252");
        CHECK(note(r.cf, "sign_rule") == "indicator");
        CHECK(scalar(r.cf, "SELECT count(*) FROM event") == 3);
        const auto e1 = event_at(r.cf, "line:2");
        REQUIRE(e1);
        CHECK(e1->amount == -123456);
        CHECK(e1->body == "Caf\xC3\xA9 \xE2\x82\xACuro\nMiete");
        CHECK(scalar(r.cf, "SELECT count(*) FROM identifier WHERE value = 'DE89370400440532013000'") == 1);
        const auto e2 = event_at(r.cf, "line:3");
        REQUIRE(e2);
        CHECK(e2->amount == 1200);
        CHECK(e2->body == "Anna\ntwo\r\nlines");
        // The garbage row sits on file line 5 because the row before spans two lines.
        const auto errors = diagnostics(r.cf, "error");
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].rfind("line:5 date \"xx.01.2024\" is not a date", 0) == 0);
        CHECK(errors[1].rfind("line:7 debit/credit indicator \"?\"", 0) == 0);
        const auto e4 = event_at(r.cf, "line:6");
        REQUIRE(e4);
        CHECK(e4->amount == 500);
        const auto warnings = diagnostics(r.cf, "warning");
        CHECK(any_contains(warnings, "line:6 unescaped quote"));
        CHECK(any_contains(warnings, "line:6 account \"1.23E+15\" is in scientific notation"));
        CHECK(any_contains(warnings, "line:8 footer line, not a transaction: Summe"));
        // The mangled number is kept as found and never becomes a mergeable identifier.
        CHECK(scalar(r.cf, "SELECT count(*) FROM identifier WHERE value LIKE '%E+15%'") == 0);
        CHECK(scalar(r.cf, "SELECT count(*) FROM entity WHERE label = '1.23E+15'") == 1);
    }

    TEST_CASE(
        "bank-csv fixture: parentheses, trailing minus, ISO dates, running balance ok, lost leading zeros") {
        TempDir d;
        const std::string src = "Date,Description,Counterparty Account,Amount,Balance\n"
                                "2024-01-01,Opening deposit,0012345678,\"1,000.00\",\"1,000.00\"\n"
                                "2024-01-02,Rent,0012345679,(250.00),750.00\n"
                                "2024-01-03,Fee,12345680,12.50-,737.50\n";
        auto r = ingest_one(fixture(d, "en.csv", src));
        CHECK(r.report.files[0].format == "bank-csv");
        CHECK(event_at(r.cf, "line:2")->amount == 100000);
        CHECK(event_at(r.cf, "line:3")->amount == -25000);
        CHECK(event_at(r.cf, "line:4")->amount == -1250);
        CHECK(event_at(r.cf, "line:4")->date == "2024-01-03");
        CHECK(scalar(r.cf, "SELECT result = 'ok' AND opening_minor = 0 AND closing_minor = 73750 FROM "
                           "statement_check") == 1);
        CHECK(any_contains(diagnostics(r.cf, "warning"),
                           "line:4 counterparty account \"12345680\" is shorter"));
        CHECK(diagnostics(r.cf, "error").empty());
    }

    TEST_CASE("bank-csv fixture: debit/credit columns with decimal comma and spaces as thousands") {
        TempDir d;
        const std::string src = "Date;Description;Debit;Credit\n"
                                "15.01.2024;Salary;;2 500,00\n"
                                "16.01.2024;Rent;1 234,56;\n";
        auto r = ingest_one(fixture(d, "dc.csv", src));
        CHECK(event_at(r.cf, "line:2")->amount == 250000);
        CHECK(event_at(r.cf, "line:3")->amount == -123456);
        CHECK(event_at(r.cf, "line:3")->direction == "outgoing");
    }

    TEST_CASE(
        "bank-csv fixture: dates that never exceed 12 are ambiguous: warned, noted, --date-order obeyed") {
        TempDir d;
        const auto p = fixture(d, "amb.csv", "Date;Amount\n01.02.2024;1,00\n03.04.2024;2,00\n");
        auto r = ingest_one(p);
        CHECK(any_contains(diagnostics(r.cf, "warning"), "date order is ambiguous"));
        CHECK(note(r.cf, "date_order_assumed") == "1");
        CHECK(event_at(r.cf, "line:2")->date == "2024-02-01");
        ingest::IngestOptions o;
        o.date_order = "mdy";
        auto r2 = ingest_one(p, o);
        CHECK(event_at(r2.cf, "line:2")->date == "2024-01-02");
    }

    TEST_CASE("bank-csv: a profile maps a headerless layout: skip lines, S/H values, footer, account") {
        TempDir d;
        const auto csv =
            fixture(d, "raw.txt", "Export 2024\n\n2024-03-01|Rent|100.00|S\n2024-03-02|Pay|50.00|H\nEND\n");
        const auto prof =
            fixture(d, "p.json", R"({"name":"test","delimiter":"|","skip_lines":2,"header":false,
            "columns":{"date":0,"description":1,"amount":2,"indicator":3},"sign":"indicator",
            "debit_values":["S"],"credit_values":["H"],"account":"GB82WEST12345698765432","currency":"GBP",
            "footer_lines":1})");
        ingest::IngestOptions o;
        o.profile = prof.string();
        auto r = ingest_one(csv, o);
        CHECK(r.report.files[0].format == "bank-csv");
        CHECK(event_at(r.cf, "line:3")->amount == -10000);
        CHECK(event_at(r.cf, "line:3")->currency == "GBP");
        CHECK(event_at(r.cf, "line:4")->amount == 5000);
        CHECK(any_contains(diagnostics(r.cf, "warning"), "line:5 footer line (profile footer_lines)"));
        CHECK(party_labels(r.cf, "line:3", "payer") ==
              std::vector<std::string>{"account:GB82WEST12345698765432"});
        // A broken profile fails the file and says why.
        const auto bad = fixture(d, "bad.json", R"({"columns":{"date":"Nope","amount":1}})");
        o.profile = bad.string();
        auto r2 = ingest_one(fixture(d, "h.csv", "Date;Amount\n2024-01-01;1\n"), o);
        CHECK(r2.report.files[0].status == "failed");
        CHECK(r2.report.files[0].message.find("\"nope\"") != std::string::npos);
    }
    TEST_CASE(
        "bank-csv fixture: Dutch headers; a Valuta column holding EUR is the currency, not a value date") {
        TempDir d;
        const auto p = fixture(d, "nl.csv",
                               "Datum;Naam;Tegenrekening;Bedrag;Valuta;Mededelingen\n"
                               "31-01-2024;J. de Vries;NL91ABNA0417164300;-25,00;EUR;huur\n");
        auto r = ingest_one(p);
        CHECK(r.report.files[0].format == "bank-csv");
        const auto e = event_at(r.cf, "line:2");
        REQUIRE(e);
        CHECK(e->currency == "EUR");
        CHECK(e->amount == -2500);
        CHECK(e->date == "2024-01-31");
        CHECK(e->body == "J. de Vries\nhuur");
        CHECK(party_labels(r.cf, "line:2", "payee").size() == 2); // the IBAN and the name
        CHECK(scalar(r.cf, "SELECT count(*) FROM identifier WHERE value = 'NL91ABNA0417164300' AND status = "
                           "'valid'") == 1);
    }
}
