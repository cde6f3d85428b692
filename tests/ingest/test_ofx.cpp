// OFX importer: golden tests on every OFX/QFX sample (counts and fields checked against the source text)
// and fixtures for SGML quirks, repeated FITIDs, offsets, counterparty accounts and a bad record.
#include "bank_test_util.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::bank;
using test::TempDir;

namespace {

std::string ofx_sample(const std::string& name) {
    return test::read_file(test::sample("ofx/" + name));
}

// All TRNAMT values in the source, in document order (SGML or XML).
std::vector<std::string> trnamts(const std::string& text) {
    std::vector<std::string> out;
    const std::regex re("<TRNAMT>\\s*([-+0-9.,]+)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

long long sum_minor(const std::vector<std::string>& v) {
    long long s = 0;
    for (const auto& a : v)
        s += minor_of(a);
    return s;
}

const char* kBank = "ofx:/OFX[1]/BANKMSGSRSV1[1]/STMTTRNRS[1]/STMTRS[1]";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("ofx: indented SGML checking statement, every STMTTRN with amount, day, names and FITID") {
        const auto path = test::sample("ofx/ofxparse_checking_sgml_indented.ofx");
        const auto text = ofx_sample("ofxparse_checking_sgml_indented.ofx");
        auto r = ingest_one(path);
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].format == "ofx");
        CHECK(r.report.files[0].status == "imported");
        const int n = count_of(text, "<STMTTRN>");
        REQUIRE(n == 3);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == n);
        const auto amts = trnamts(text);
        CHECK(scalar(r.cf, "SELECT sum(amount_minor) FROM event") == sum_minor(amts));

        const std::string list = std::string(kBank) + "/BANKTRANLIST[1]";
        const auto e2 = event_at(r.cf, list + "/STMTTRN[2]");
        REQUIRE(e2);
        CHECK(e2->amount == minor_of(amts[1]));
        CHECK(e2->amount == -3451);
        CHECK(e2->currency == "USD");
        CHECK(e2->direction == "outgoing");
        // DTPOSTED 20110405120000.000 has no offset: the day, never an invented instant.
        CHECK(e2->date == "2011-04-05");
        CHECK_FALSE(e2->utc_ms);
        CHECK(e2->time_raw == "20110405120000.000");
        CHECK(e2->body == "AUTOMATIC WITHDRAWAL, ELECTRIC BILL\nAUTOMATIC WITHDRAWAL, ELECTRIC BILL WEB(S )");
        CHECK(e2->attrs.find("\"fitid\":\"0000487\"") != std::string::npos);
        CHECK(e2->attrs.find("\"tx_type\":\"DEBIT\"") != std::string::npos);
        const auto e3 = event_at(r.cf, list + "/STMTTRN[3]");
        REQUIRE(e3);
        CHECK(e3->attrs.find("\"check_number\":\"319\"") != std::string::npos);
        // The holder's account (BANKID/ACCTID) pays; the NAME is the payee.
        CHECK(party_labels(r.cf, list + "/STMTTRN[2]", "payer") ==
              std::vector<std::string>{"account:5472369148/1452687~7"});
        CHECK(party_labels(r.cf, list + "/STMTTRN[2]", "payee") ==
              std::vector<std::string>{"organisation:AUTOMATIC WITHDRAWAL, ELECTRIC BILL"});
        CHECK(party_labels(r.cf, list + "/STMTTRN[1]", "payee") ==
              std::vector<std::string>{"account:5472369148/1452687~7"});
        // Only a closing LEDGERBAL: recorded, but no opening to check against.
        auto q =
            r.cf.db().prepare("SELECT locator, account, currency, opening_minor, closing_minor, sum_minor, "
                              "result FROM statement_check");
        REQUIRE(q.step());
        CHECK(q.column_text(0) == kBank);
        CHECK(q.column_text(1) == "5472369148/1452687~7");
        CHECK(q.column_text(2) == "USD");
        CHECK(q.column_is_null(3));
        CHECK(q.column_int64(4) == minor_of("100.99"));
        CHECK(q.column_int64(5) == sum_minor(amts));
        CHECK(q.column_text(6) == "no-balances");
        CHECK_FALSE(q.step());
        CHECK(diagnostics(r.cf, "error").empty());
    }

    TEST_CASE("ofx: 2.x XML with CDATA names, date-only DTPOSTED and AUD (Suncorp)") {
        const auto text = ofx_sample("ofxparse_suncorp_ofx2_xml.ofx");
        auto r = ingest_one(test::sample("ofx/ofxparse_suncorp_ofx2_xml.ofx"));
        CHECK(r.report.files[0].format == "ofx");
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") ==
              count_of(text, "<STMTTRN>"));
        const auto e = event_at(r.cf, std::string(kBank) + "/BANKTRANLIST[1]/STMTTRN[1]");
        REQUIRE(e);
        CHECK(e->amount == minor_of(trnamts(text)[0]));
        CHECK(e->currency == "AUD");
        CHECK(e->date == "2013-12-15");
        CHECK(e->precision == "day");
        CHECK(e->body ==
              "EFTPOS WDL HANDYWAY ALDI STORE\nEFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU");
        CHECK(scalar(r.cf, "SELECT closing_minor FROM statement_check") == minor_of("1234.12"));
        CHECK(diagnostics(r.cf, "error").empty());
        CHECK(diagnostics(r.cf, "warning").empty());
    }

    TEST_CASE("ofx: QFX without <?xml?>; the invalid DTSERVER minute is warned about, transactions kept") {
        const auto text = ofx_sample("redsimporters_capitalone_360checking.qfx");
        auto r = ingest_one(test::sample("ofx/redsimporters_capitalone_360checking.qfx"));
        CHECK(r.report.files[0].format == "ofx");
        const int n = count_of(text, "<STMTTRN>");
        REQUIRE(n == 4);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == n);
        const auto amts = trnamts(text);
        for (int i = 0; i < n; ++i) {
            const auto e = event_at(r.cf, std::string(kBank) + "/BANKTRANLIST[1]/STMTTRN[" +
                                              std::to_string(i + 1) + "]");
            REQUIRE(e);
            CHECK(e->amount == minor_of(amts[static_cast<std::size_t>(i)]));
        }
        const auto e2 = event_at(r.cf, std::string(kBank) + "/BANKTRANLIST[1]/STMTTRN[2]");
        CHECK(e2->amount == 88899);
        CHECK(e2->body == "Deposit from BEAN COUNTERS PAYROLL");
        CHECK(e2->date == "2023-01-19");
        CHECK(e2->attrs.find("\"fitid\":\"202301191113\"") != std::string::npos);
        const auto warnings = diagnostics(r.cf, "warning");
        CHECK(any_contains(warnings, "DTSERVER: date-time \"20230310048208.398\" has an invalid"));
        CHECK(diagnostics(r.cf, "error").empty());
        CHECK(scalar(r.cf, "SELECT closing_minor FROM statement_check") == minor_of("4321.98"));
        CHECK(scalar(r.cf, "SELECT sum_minor FROM statement_check") == sum_minor(amts));
    }

    TEST_CASE("ofx: several BANKTRANLISTs and an empty credit-card statement (OCA), offset PST in DTEND") {
        const auto text = ofx_sample("oca_ofx_statement.ofx");
        auto r = ingest_one(test::sample("ofx/oca_ofx_statement.ofx"));
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") ==
              count_of(text, "<STMTTRN>"));
        const auto e = event_at(r.cf, std::string(kBank) + "/BANKTRANLIST[3]/STMTTRN[1]");
        REQUIRE(e);
        CHECK(e->amount == -10000);
        CHECK(e->attrs.find("\"fitid\":\"219380\"") != std::string::npos);
        CHECK(party_labels(r.cf, std::string(kBank) + "/BANKTRANLIST[3]/STMTTRN[1]", "payee") ==
              std::vector<std::string>{"person:Axelor Scuba"});
        CHECK(scalar(r.cf, "SELECT count(*) FROM statement_check") == 2);
        CHECK(scalar(r.cf, "SELECT sum_minor FROM statement_check WHERE account = '000000123/123456'") ==
              sum_minor(trnamts(text)));
        CHECK(scalar(r.cf, "SELECT closing_minor FROM statement_check WHERE account = '123412341234'") ==
              -56200);
        CHECK(scalar(r.cf, "SELECT count(*) FROM statement_check WHERE result = 'no-balances'") == 2);
    }

    TEST_CASE("ofx: investment statement imports INVBANKTRAN cash, counts trades/positions/securities NOT "
              "imported") {
        const auto text = ofx_sample("ofxparse_fidelity_investment_sgml.ofx");
        auto r = ingest_one(test::sample("ofx/ofxparse_fidelity_investment_sgml.ofx"));
        CHECK(r.report.files[0].format == "ofx");
        const int n = count_of(text, "<INVBANKTRAN>");
        REQUIRE(n == 3);
        CHECK(count_of(text, "<STMTTRN>") == n);
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == n);
        CHECK(scalar(r.cf, "SELECT sum(amount_minor) FROM event") == sum_minor(trnamts(text)));
        const std::string inv = "ofx:/OFX[1]/INVSTMTMSGSRSV1[1]/INVSTMTTRNRS[1]/INVSTMTRS[1]";
        // The first INVBANKTRAN: DEP +0.24 on 2012-07-31 00:00 at -4:EDT: an instant.
        const auto e = event_at(r.cf, inv + "/INVTRANLIST[1]/INVBANKTRAN[1]/STMTTRN[1]");
        REQUIRE(e);
        CHECK(e->amount == 24);
        CHECK(e->offset == "-04:00");
        CHECK(e->utc_ms == 1343707200000LL); // 2012-07-31T04:00:00Z
        CHECK(e->body == "INTEREST EARNED");
        const int trades = count_of(text, "<BUYSTOCK>") + count_of(text, "<SELLSTOCK>") +
                           count_of(text, "<INCOME>") + count_of(text, "<BUYMF>") +
                           count_of(text, "<SELLMF>") + count_of(text, "<REINVEST>");
        const auto warnings = diagnostics(r.cf, "warning");
        CHECK(any_contains(warnings, std::to_string(trades) + " investment transactions NOT imported"));
        CHECK(any_contains(warnings, std::to_string(count_of(text, "<INVPOS>")) +
                                         " positions (INVPOSLIST) NOT imported"));
        CHECK(any_contains(warnings, "security list with " + std::to_string(count_of(text, "<SECINFO>")) +
                                         " securities NOT imported"));
        CHECK(scalar(r.cf, "SELECT count(*) FROM statement_check WHERE result = 'no-balances'") == 1);
    }

    TEST_CASE("ofx fixture: raw &, CHARSET 1252, repeated FITID, [-5:EST] and [+5.30:IST], BANKACCTTO, bad "
              "TRNAMT") {
        TempDir d;
        const std::string src =
            "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nCHARSET:1252\r\n\r\n"
            "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\r\n"
            "<BANKACCTFROM><BANKID>50010517<ACCTID>DE89370400440532013000<ACCTTYPE>CHECKING</"
            "BANKACCTFROM>\r\n"
            "<BANKTRANLIST><DTSTART>20240101<DTEND>20240131\r\n"
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240131120000.000[-5:EST]<TRNAMT>-15.00<FITID>A1"
            "<NAME>M&S SCHR\xD6"
            "DER \x80<MEMO>rent flat 3</STMTTRN>\r\n"
            "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240102093000[+5.30:IST]<TRNAMT>200,50<FITID>A2"
            "<NAME>Anna "
            "Berg<BANKACCTTO><BANKID>X<ACCTID>GB82WEST12345698765432<ACCTTYPE>CHECKING</BANKACCTTO>"
            "</STMTTRN>\r\n"
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240131<TRNAMT>-15.00<FITID>A1<NAME>M&S</STMTTRN>\r\n"
            "<STMTTRN><TRNTYPE>ATM<DTPOSTED>20240105<TRNAMT>garbage<FITID>A3</STMTTRN>\r\n"
            "<STMTTRN><TRNTYPE>ATM<DTPOSTED>20240106<TRNAMT>-50<FITID>A4<NAME>Cash</STMTTRN>\r\n"
            "</BANKTRANLIST><LEDGERBAL><BALAMT>1000.00<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS>"
            "</BANKMSGSRSV1></OFX>\r\n";
        const auto path = fixture(d, "fix.ofx", src);
        auto r = ingest_one(path);
        CHECK(r.report.files[0].format == "ofx");
        CHECK(r.report.files[0].status == "partial");
        // 5 STMTTRN: one repeated FITID with the same amount and day (a sighting, no second event), one
        // garbage amount (error): 3 events.
        CHECK(scalar(r.cf, "SELECT count(*) FROM event WHERE kind = 'transaction'") == 3);
        const std::string list = std::string(kBank) + "/BANKTRANLIST[1]";
        const auto e1 = event_at(r.cf, list + "/STMTTRN[1]");
        REQUIRE(e1);
        CHECK(e1->amount == -1500);
        CHECK(e1->currency == "EUR");
        CHECK(e1->offset == "-05:00");
        CHECK(e1->utc_ms == 1706720400000LL); // 2024-01-31T17:00:00Z
        CHECK(e1->body == "M&S SCHR\xC3\x96"
                          "DER \xE2\x82\xAC\nrent flat 3");
        const auto e2 = event_at(r.cf, list + "/STMTTRN[2]");
        REQUIRE(e2);
        CHECK(e2->amount == 20050); // decimal comma, unambiguous
        CHECK(e2->offset == "+05:30");
        CHECK(e2->precision == "s");
        CHECK(e2->utc_ms == 1704168000000LL); // 2024-01-02T04:00:00Z
        // The counterparty account from BANKACCTTO is a valid IBAN: the payer, next to the name.
        CHECK(party_labels(r.cf, list + "/STMTTRN[2]", "payer").size() == 2);
        CHECK(
            scalar(r.cf,
                   "SELECT count(*) FROM identifier WHERE type = 'iban' AND value = 'GB82WEST12345698765432' "
                   "AND status = 'valid'") == 1);
        // The holder's IBAN in ACCTID is used as the account identifier.
        CHECK(
            scalar(
                r.cf,
                "SELECT count(*) FROM identifier WHERE type = 'iban' AND value = 'DE89370400440532013000'") ==
            1);
        CHECK_FALSE(event_at(r.cf, list + "/STMTTRN[3]"));
        CHECK_FALSE(event_at(r.cf, list + "/STMTTRN[4]"));
        const auto e5 = event_at(r.cf, list + "/STMTTRN[5]");
        REQUIRE(e5);
        CHECK(e5->attrs.find("\"cash\":true") != std::string::npos);
        const auto warnings = diagnostics(r.cf, "warning");
        CHECK(any_contains(warnings, list + "/STMTTRN[3] FITID A1 repeats " + list + "/STMTTRN[1]"));
        CHECK(scalar(r.cf, "SELECT count(*) FROM event_sighting g JOIN source s ON s.id = g.source_id WHERE "
                           "s.locator = '" +
                               list + "/STMTTRN[3]'") == 1);
        const auto errors = diagnostics(r.cf, "error");
        REQUIRE(errors.size() == 1);
        CHECK(errors[0] == list + "/STMTTRN[4] TRNAMT \"garbage\" is not a decimal amount");
        CHECK(scalar(r.cf, "SELECT sum_minor FROM statement_check") == -1500 + 20050 - 5000);
    }

    TEST_CASE("ofx: a second download of the same account does not add the FITIDs already in the case") {
        TempDir d;
        auto one = [](const std::string& fitids) {
            std::string s =
                "<?xml version=\"1.0\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF>"
                "<BANKACCTFROM><BANKID>1</BANKID><ACCTID>77</ACCTID></BANKACCTFROM><BANKTRANLIST>";
            for (const char f : fitids)
                s += std::string("<STMTTRN><DTPOSTED>20240101</DTPOSTED><TRNAMT>-1</TRNAMT><FITID>") + f +
                     "</FITID></STMTTRN>";
            return s + "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
        };
        const auto a = fixture(d, "jan.ofx", one("abc"));
        const auto b = fixture(d, "overlap.ofx", one("cde"));
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {a, b}, {}, "tester");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 5);
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE severity = 'warning' AND message LIKE "
                  "'FITID c repeats evidence %'") == 1);
    }
    TEST_CASE(
        "ofx fixture: card statement with PAYEE, CCACCTTO, foreign CURRENCY, ORIGCURRENCY and a correction") {
        TempDir d;
        const std::string src =
            "<?OFX OFXHEADER=\"200\" VERSION=\"220\"?>\n<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS>"
            "<CURDEF>EUR</CURDEF><CCACCTFROM><ACCTID>4111111111111111</ACCTID></CCACCTFROM><BANKTRANLIST>"
            "<STMTTRN><TRNTYPE>POS</TRNTYPE><DTPOSTED>20240301</DTPOSTED><DTUSER>20240229</DTUSER>"
            "<TRNAMT>-1000</TRNAMT><FITID>F1</FITID><PAYEE><NAME>Hotel Astoria</NAME><ADDR1>x</ADDR1></PAYEE>"
            "<CURRENCY><CURRATE>160.5</CURRATE><CURSYM>JPY</CURSYM></CURRENCY></STMTTRN>"
            "<STMTTRN><TRNTYPE>XFER</TRNTYPE><DTPOSTED>20240302120000</DTPOSTED><TRNAMT>-20.00</TRNAMT>"
            "<FITID>F2</FITID><CCACCTTO><ACCTID>5500000000000004</ACCTID></CCACCTTO>"
            "<ORIGCURRENCY><CURRATE>0.85</CURRATE><CURSYM>USD</CURSYM></ORIGCURRENCY>"
            "<CORRECTFITID>F0</CORRECTFITID><CORRECTACTION>REPLACE</CORRECTACTION></STMTTRN>"
            "</BANKTRANLIST><LEDGERBAL><BALAMT>-20.00</BALAMT><DTASOF>20240302</DTASOF></LEDGERBAL>"
            "</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n";
        ingest::IngestOptions o;
        o.tz = "Europe/Berlin";
        o.tz_from = "evidence";
        auto r = ingest_one(fixture(d, "cc.qfx", src), o);
        const std::string list =
            "ofx:/OFX[1]/CREDITCARDMSGSRSV1[1]/CCSTMTTRNRS[1]/CCSTMTRS[1]/BANKTRANLIST[1]";
        const auto e1 = event_at(r.cf, list + "/STMTTRN[1]");
        REQUIRE(e1);
        CHECK(e1->currency == "JPY"); // the amount is in the transaction's own currency
        CHECK(e1->amount == -1000);   // JPY has no minor unit
        CHECK(e1->attrs.find("\"card\":true") != std::string::npos);
        CHECK(e1->attrs.find("\"user_date\":\"2024-02-29\"") != std::string::npos);
        CHECK(party_labels(r.cf, list + "/STMTTRN[1]", "payee") ==
              std::vector<std::string>{"organisation:Hotel Astoria"});
        const auto e2 = event_at(r.cf, list + "/STMTTRN[2]");
        REQUIRE(e2);
        CHECK(e2->currency == "EUR");
        CHECK(e2->attrs.find("\"orig_currency\":\"USD\"") != std::string::npos);
        CHECK(e2->attrs.find("\"correct_action\":\"REPLACE\"") != std::string::npos);
        // No bracket, but --tz was given for this evidence: local time converted, offset marked assumed.
        CHECK(e2->utc_ms == 1709377200000LL); // 2024-03-02T11:00:00Z
        CHECK(e2->offset == "+01:00");
        CHECK(party_labels(r.cf, list + "/STMTTRN[2]", "payee") ==
              std::vector<std::string>{"account:5500000000000004"});
        const auto warnings = diagnostics(r.cf, "warning");
        CHECK(any_contains(warnings, "correction (REPLACE) of FITID F0"));
        CHECK(any_contains(warnings, "amount in JPY, not the statement currency EUR"));
        // Only the EUR amount is in the statement sum.
        CHECK(scalar(r.cf, "SELECT sum_minor FROM statement_check") == -2000);
    }
}
