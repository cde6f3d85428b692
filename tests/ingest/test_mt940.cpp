// MT940 importer: golden checks on every MT940 sample (counts of :61: lines and statements from the
// source, balance results per statement) and fixtures for the quirks banks put in these files.
#include "bank_fixture.hpp"

#include <doctest/doctest.h>
#include <sstream>

using namespace casegraph;
using test::BankCase;

namespace {

// Lines of the source that start with `tag` (":61:", ":20:").
std::size_t tag_lines(const std::string& text, const std::string& tag) {
    std::size_t n = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(tag, 0) == 0)
            ++n;
    return n;
}

// 1-based file line numbers of the lines starting with `tag`.
std::vector<int> tag_line_numbers(const std::string& text, const std::string& tag) {
    std::vector<int> out;
    std::istringstream in(text);
    std::string line;
    int no = 0;
    while (std::getline(in, line)) {
        ++no;
        if (line.rfind(tag, 0) == 0)
            out.push_back(no);
    }
    return out;
}

std::string results(const BankCase& c) {
    std::string r;
    for (const auto& ch : c.checks())
        r += ch.result + " ";
    return r;
}

const char* kStatement =
    ":20:STMT1\n"
    ":25:NL91ABNA0417164300\n"
    ":28C:1/1\n"
    ":60F:C231229EUR100,00\n"
    ":61:2401021231D10,00NTRFNONREF//B1\n"
    ":86:/TRTP/SEPA OVERBOEKING/IBAN/DE89370400440532013000/BIC/COBADEFF/NAME/MAX MUSTERMANN"
    "/REMI/Miete Zimmer 3\n"
    ":61:240102C0,01NMSCNONREF\n"
    ":86:166?00GUTSCHRIFT?20SVWZ+Rest?32ANNA SCHMIDT?31GB82WEST12345698765432?30WESTGB2L\n"
    ":61:240103C1234567,89NTRFNONREF\n"
    ":86:166>00GUTSCHRIFT>20SVWZ+Anzahlung>32OTTO NORMAL>31FR1420041010050500013M02606\n"
    ":61:240104D5,00NCHGNONREF\n"
    ":86:Kosten rekening NL91 ABNA 0417 1643 00\n"
    ":62F:C240104EUR1234652,90\n"
    "-\n";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("mt940 samples: one transaction per :61:, a check per statement, results as the source gives") {
        struct Expect {
            const char* name;
            const char* results; // per statement, in order
        };
        std::string asn;
        for (int i = 0; i < 31; ++i)
            asn += "ok ";
        std::string betterplace;
        for (int i = 0; i < 26; ++i)
            betterplace += "ok ";
        const Expect all[] = {{"wolph_asn_bank_nl.940.txt", asn.c_str()},
                              {"wolph_betterplace_sepa_de.sta", betterplace.c_str()},
                              {"wolph_jejik_abnamro_nl.sta", "mismatch mismatch "},
                              {"zilverline_deutsche_bank_de.txt", "mismatch "},
                              {"zilverline_rabobank_structured_nl.txt", "ok ok "}};
        for (const auto& x : all) {
            CAPTURE(x.name);
            const auto path = test::sample(std::string("mt940/") + x.name);
            const std::string text = test::read_file(path);
            BankCase c;
            const auto o = c.ingest(path);
            CHECK(o.format == "mt940");
            CHECK(o.events == static_cast<std::int64_t>(tag_lines(text, ":61:")));
            CHECK(c.checks().size() == tag_lines(text, ":20:"));
            CHECK(results(c) == x.results);
            // Every :61: line's locator names its statement and its line in the file.
            const auto lines = tag_line_numbers(text, ":61:");
            const auto evs = c.events();
            REQUIRE(evs.size() == lines.size());
            for (std::size_t i = 0; i < lines.size(); ++i)
                CHECK(evs[i].locator.find("/line=" + std::to_string(lines[i])) != std::string::npos);
            // No entry failed: errors are only the balance mismatches the source itself contains.
            CHECK(c.count("SELECT count(*) FROM import_error WHERE severity = 'error' AND locator LIKE "
                          "'%/line=%'") == 0);
        }
    }

    TEST_CASE(
        "mt940 ABN AMRO sample: the source's balances do not add up, and the report shows the arithmetic") {
        BankCase c;
        (void)c.ingest(test::sample("mt940/wolph_jejik_abnamro_nl.sta"));
        const auto ch = c.checks();
        REQUIRE(ch.size() == 2);
        // 3236.28 - (9 + 11.59 + 11.63 + 11.80 + 13.45 + 15.49 + 107 + 141.48) = 2914.84, closing says
        // 876.84.
        CHECK(ch[0].opening == 323628);
        CHECK(ch[0].sum == -32144);
        CHECK(ch[0].closing == 87684);
        CHECK(ch[0].account == "ABNANL2A/517852257"); // bare number + the BIC from the bank's preamble
        CHECK(c.has_diagnostic(
            "error", "mt940:statement=1",
            "opening balance 3236.28 EUR + 8 booked entries -321.44 EUR = 2914.84 EUR, but the "
            "closing balance is 876.84 EUR"));
        // Statement 2 opens 2000.00 above where statement 1 closed.
        CHECK(c.has_diagnostic("warning", "mt940:statement=2", "opens with 2876.84 EUR"));
        const auto e = c.event("mt940:statement=1/line=8");
        CHECK(e.amount == -900);
        CHECK(e.date == "2011-05-24");
        CHECK(e.body ==
              "GIRO 428428 KPN - DIGITENNE BETALINGSKENM. 000000042188659 5314606715 BETREFT FACTUUR D.D. "
              "20-05-2011 INCL. 1,44 BTW");
        CHECK(c.event("mt940:statement=1/line=12").attrs["card"] == true); // "BEA": a card terminal
        CHECK(c.event("mt940:statement=2/line=36").attrs["statement_number"] == "19322/1");
    }

    TEST_CASE(
        "mt940 Rabobank sample: Dutch structured :86:, counterparty account in the supplementary line") {
        const auto path = test::sample("mt940/zilverline_rabobank_structured_nl.txt");
        BankCase c;
        (void)c.ingest(path);
        const auto e = c.event("mt940:statement=1/line=6");
        CHECK(e.amount == -12750);
        CHECK(e.currency == "EUR");
        CHECK(e.date == "2013-04-03");
        CHECK(e.body == "674725433 1120000153447185 14144467636004962");
        CHECK(test::read_file(path).find(e.body) != std::string::npos);
        CHECK(c.party(e.id, "payee", "organisation")->label == "Nespresso Nederland B.V.");
        CHECK(c.party(e.id, "payee", "account")->identifier == "NL96RBOS0523149468");
        CHECK(c.party(e.id, "payer", "account")->identifier == "NL50RABO0123456789");
        CHECK(e.attrs["refs"]["EREF"] == "02-04-2013 22:56 1120000153447185");
        const auto ch = c.checks();
        CHECK(ch[1].opening == 119035);
        CHECK(ch[1].closing == 1884634);
        CHECK(ch[1].sum == 1884634 - 119035);
    }

    TEST_CASE("mt940 Deutsche Bank sample: German ?NN :86:, entry date vs value date") {
        BankCase c;
        (void)c.ingest(test::sample("mt940/zilverline_deutsche_bank_de.txt"));
        const auto a = c.event("mt940:statement=1/line=5");
        CHECK(a.amount == 399);
        CHECK(a.date == "2014-03-26"); // entry date 0326; the value date 140325 is in attrs
        CHECK(a.attrs["value_date"] == "2014-03-25");
        CHECK(a.attrs["bank_ref"] == "8848037917407749");
        CHECK(a.attrs["gvc"] == "166");
        CHECK(a.attrs["refs"]["EREF"] == "NOTPROVIDED");
        CHECK(c.party(a.id, "payer", "person")->label == "PETRA TESTER");
        const auto b = c.event("mt940:statement=1/line=9");
        CHECK(b.amount == 1);
        CHECK(b.date == "2014-03-28");
        CHECK(c.party(b.id, "payer", "person")->label == "PETER TESTER");
        CHECK(c.party(b.id, "payer", "account")->identifier == "DE04400694620000233025");
        // 0.00 + 3.99 + 0.01 = 4.00, the closing balance says 5.87: inconsistent in the source.
        const auto ch = c.checks().at(0);
        CHECK(ch.sum == 400);
        CHECK(ch.closing == 587);
    }

    TEST_CASE("mt940 betterplace sample: reversals count as their sign, German purpose joined across lines") {
        BankCase c;
        (void)c.ingest(test::sample("mt940/wolph_betterplace_sepa_de.sta"));
        const auto rc = c.event("mt940:statement=1/line=19");
        CHECK(rc.attrs["mark"] == "RC");
        CHECK(rc.amount == -20488); // reversal of a credit is a debit
        CHECK(rc.attrs["reversal"] == true);
        const auto r = c.event("mt940:statement=1/line=5");
        CHECK(r.amount == 30000);
        CHECK(r.attrs["refs"]["EREF"] ==
              "TFNR 40005 00005 MTLG:Grund nicht spezifiziert Reject aus SEPA-Ueberweisungsauftrag");
        CHECK(c.checks().at(0).closing == -123762823);
    }

    TEST_CASE("mt940 ASN sample: SWIFT block framing, 31 statements, IBAN-then-name free text") {
        BankCase c;
        (void)c.ingest(test::sample("mt940/wolph_asn_bank_nl.940.txt"));
        const auto e = c.event("mt940:statement=1/line=6");
        CHECK(e.amount == -6500);
        CHECK(e.date == "2020-01-01");
        CHECK(c.party(e.id, "payee", "person")->label == "hr gjlm paulissen");
        CHECK(e.attrs["counterparty_account"] == "NL47INGB9999999999");
        CHECK(c.count("SELECT count(*) FROM identifier WHERE value = 'NL81ASNB9999999999'") == 1);
    }

    TEST_CASE("mt940 fixture: New Year, every :86: scheme, tiny and large amounts, charges, all adding up") {
        BankCase c;
        const auto o = c.ingest_text("s.sta", kStatement);
        CHECK(o.errors == 0);
        CHECK(results(c) == "ok ");
        const auto ny = c.event("line=5");
        CHECK(ny.date == "2023-12-31");
        CHECK(ny.attrs["value_date"] == "2024-01-02");
        CHECK(ny.amount == -1000);
        CHECK(ny.body == "Miete Zimmer 3");
        CHECK(c.party(ny.id, "payee", "account")->identifier == "DE89370400440532013000");
        CHECK(c.party(ny.id, "payee", "person")->label == "MAX MUSTERMANN");
        const auto tiny = c.event("line=7");
        CHECK(tiny.amount == 1);
        CHECK(c.party(tiny.id, "payer", "person")->label == "ANNA SCHMIDT");
        CHECK(c.party(tiny.id, "payer", "account")->identifier == "GB82WEST12345698765432");
        const auto big = c.event("line=9");
        CHECK(big.amount == 123456789);
        CHECK(c.party(big.id, "payer", "account")->identifier == "FR1420041010050500013M02606");
        CHECK(big.body == "Anzahlung");
        const auto fee = c.event("line=11");
        CHECK(fee.attrs["fee"] == true);
        CHECK(fee.body == "Kosten rekening NL91 ABNA 0417 1643 00");
    }

    TEST_CASE("mt940 JPY statement: no minor digits") {
        BankCase c;
        (void)c.ingest_text("j.sta", ":20:J\n:25:GB82WEST12345698765432\n:60F:C240101JPY1000,\n"
                                     ":61:240102C1500,NTRFNONREF\n:86:deposit\n:62F:C240102JPY2500,\n");
        CHECK(c.event("line=4").amount == 1500);
        CHECK(c.event("line=4").currency == "JPY");
        CHECK(results(c) == "ok ");
    }

    TEST_CASE("mt940 garbage in the middle: errors with locators, the rest imported, the sum flagged") {
        BankCase c;
        const std::string text = ":20:G\n:25:NL91ABNA0417164300\n:60F:C240101EUR10,00\n"
                                 ":61:240102C1,00NTRFNONREF\n:86:first\n"
                                 ":61:2401X2C2,00NTRFNONREF\n:86:broken date\n"
                                 "%%% line noise %%%\n"
                                 ":61:240103C3,00NTRFNONREF\n:86:third\n:62F:C240103EUR16,00\n";
        const auto o = c.ingest_text("g.sta", text);
        CHECK(o.status == "partial");
        CHECK(c.events().size() == 2);
        CHECK(c.has_diagnostic("error", "mt940:statement=1/line=6", "YYMMDD"));
        CHECK(c.events("line=9").at(0).amount == 300);
        CHECK(c.checks().at(0).result == "mismatch");
        CHECK(c.has_diagnostic("error", "mt940:statement=1", "line 6 could not be read"));
        // The noise line became part of :86: "broken date"'s text, not a silent loss: it is in the
        // error'd record's source. A stray line after a balance is its own error:
        BankCase d;
        (void)d.ingest_text("h.sta", ":20:H\n:25:NL91ABNA0417164300\n:60F:C240101EUR10,00\n%%% noise %%%\n"
                                     ":61:240102C1,00NTRFNONREF\n:62F:C240102EUR11,00\n");
        CHECK(d.has_diagnostic("error", "mt940:statement=1/line=4", "%%% noise %%%"));
        CHECK(d.events().size() == 1);
        CHECK(results(d) == "ok ");
    }

    TEST_CASE("mt940 truncated file: no closing balance is an error saying so") {
        BankCase c;
        std::string text = kStatement;
        text = text.substr(0, text.find(":61:240104"));
        const auto o = c.ingest_text("t.sta", text);
        CHECK(o.status == "partial");
        CHECK(c.events().size() == 3);
        const auto ch = c.checks().at(0);
        CHECK(ch.result == "mismatch");
        CHECK_FALSE(ch.closing.has_value());
        CHECK(c.has_diagnostic("error", "mt940:statement=1", "no closing balance"));
    }

    TEST_CASE("mt940 with CRLF, control bytes and SWIFT framing imports like the bare text") {
        std::string framed =
            "\x01{1:F01ABNANL2AXXXX0000000000}{2:O9401200240104ABNANL2AXXXX00000000002401041200N}{4:\r\n";
        for (char ch : std::string(kStatement)) {
            if (ch == '\n')
                framed += "\r\n";
            else
                framed += ch;
        }
        framed.replace(framed.rfind("-\r\n"), 3, "-}{5:{CHK:123}}\x03\r\n");
        BankCase a, b;
        (void)a.ingest_text("plain.sta", kStatement);
        (void)b.ingest_text("framed.sta", framed);
        const auto ea = a.events(), eb = b.events();
        REQUIRE(ea.size() == eb.size());
        for (std::size_t i = 0; i < ea.size(); ++i) {
            CHECK(ea[i].amount == eb[i].amount);
            CHECK(ea[i].body == eb[i].body);
            CHECK(ea[i].date == eb[i].date);
        }
        CHECK(results(b) == "ok ");
        CHECK(b.count("SELECT count(*) FROM import_error WHERE severity = 'error'") == 0);
    }

    TEST_CASE("a counterparty IBAN in two statement files (MT940 and camt) resolves to one entity") {
        BankCase c;
        (void)c.ingest_text("a.sta", kStatement);
        (void)c.ingest_text("b.sta",
                            ":20:OTHER\n:25:GB82WEST12345698765432\n:60F:C240101EUR0,00\n"
                            ":61:240105D7,00NTRFNONREF\n:86:/IBAN/DE89 3704 0044 0532 0130 00/NAME/MAX "
                            "MUSTERMANN/REMI/Miete Februar\n:62F:D240105EUR7,00\n");
        (void)c.ingest(test::sample("camt/genkgo_camt053_v2_minimal.xml")); // unrelated, still one case
        CHECK(
            c.count(
                "SELECT count(*) FROM identifier WHERE type = 'iban' AND value = 'DE89370400440532013000'") ==
            1);
        CHECK(c.count("SELECT count(DISTINCT s.evidence_id) FROM identifier i JOIN identifier_source x ON "
                      "x.identifier_id = i.id JOIN source s ON s.id = x.source_id WHERE i.value = "
                      "'DE89370400440532013000'") == 2);
        // GB82... is a counterparty in a.sta and the statement's own account in b.sta: one entity.
        CHECK(c.count("SELECT count(*) FROM identifier WHERE value = 'GB82WEST12345698765432'") == 1);
    }

    TEST_CASE("mt940 is detected by content, not by name; a text without statements is not") {
        BankCase c;
        CHECK(c.ingest_text("statement.xml", kStatement).format == "mt940");
        const auto o = c.ingest_text("notes.sta", "just some notes\n:20: is a tag name\n");
        CHECK(o.format.empty());
        const auto forced = c.ingest_text("forced.txt", "nothing here\n", "mt940");
        CHECK(forced.status == "unsupported");
        CHECK(forced.message.find("forced.txt") != std::string::npos);
    }

    TEST_CASE("mt940 in Windows-1252 / ISO-8859-1 (German banks): read in that charset, line numbers kept") {
        // The betterplace sample with one umlaut written as a Latin-1 byte, as German banks write it.
        std::string text = test::read_file(test::sample("mt940/wolph_betterplace_sepa_de.sta"));
        const auto at = text.find("Richter");
        REQUIRE(at != std::string::npos);
        text.replace(at, 7,
                     "R\xfc"
                     "chter");
        // Where it is: the :61: the :86: belongs to, and its statement (the :20: lines before it).
        const std::string before = text.substr(0, at);
        const auto line61 = tag_line_numbers(before, ":61:").back();
        const auto statement = tag_lines(before, ":20:");
        BankCase c;
        const auto o = c.ingest_text("latin1.sta", text);
        CHECK(o.events == static_cast<std::int64_t>(tag_lines(text, ":61:")));
        const auto e =
            c.event("mt940:statement=" + std::to_string(statement) + "/line=" + std::to_string(line61));
        CHECK(e.body.find("Auftraggeber: R\xC3\xBC"
                          "chter R") != std::string::npos);
        CHECK(c.count("SELECT count(*) FROM import_error WHERE severity = 'error'") == 0);
        std::string all_ok;
        for (std::size_t i = 0; i < tag_lines(text, ":20:"); ++i)
            all_ok += "ok ";
        CHECK(results(c) == all_ok); // the statement with the umlaut balances like the others
        CHECK(c.count("SELECT count(*) FROM import_run WHERE json_extract(notes, '$.encoding') = "
                      "'iso-8859-1'") == 1);
        // A byte of 0x80-0x9F is Windows-1252 (the euro sign here); a UTF-8 file stays as it is.
        BankCase d;
        std::string cp = kStatement;
        cp.replace(cp.find("Miete"), 5, "Miete \x80");
        (void)d.ingest_text("cp1252.sta", cp);
        CHECK(d.event("mt940:statement=1/line=5").body.find("Miete \xE2\x82\xAC") != std::string::npos);
        CHECK(results(d) == "ok ");
        CHECK(d.count("SELECT count(*) FROM import_run WHERE json_extract(notes, '$.encoding') = "
                      "'windows-1252'") == 1);
        BankCase u;
        std::string utf = kStatement;
        utf.replace(utf.find("Miete"), 5,
                    "M\xC3\xBC"
                    "nze");
        (void)u.ingest_text("utf8.sta", utf);
        CHECK(u.event("mt940:statement=1/line=5").body.find("M\xC3\xBCnze") != std::string::npos);
        CHECK(u.count("SELECT count(*) FROM import_run WHERE json_extract(notes, '$.encoding') = 'utf-8'") ==
              1);
    }
}
