// OFX repeated FITIDs (schema v6): the same transaction in two downloads (an SGML 1.x and an XML 2.x file)
// or twice in one file is one event with every further STMTTRN as a sighting; a FITID reused with another
// amount or day is a transaction of its own, imported and reported with both places.
#include "bank_test_util.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::test::bank;
using test::TempDir;

namespace ofx_repeats_fixture {

// January download, OFX 1.x SGML: elements without closing tags (IBAN written in groups).
const std::string kSgml =
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nCHARSET:1252\r\n\r\n"
    "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\r\n"
    "<BANKACCTFROM><BANKID>37040044<ACCTID>DE89 3704 0044 0532 0130 00"
    "<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n"
    "<BANKTRANLIST><DTSTART>20240101<DTEND>20240115\r\n"
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-100.00<FITID>T1<NAME>Landlord A</STMTTRN>\r\n"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240110<TRNAMT>250.00<FITID>T2<NAME>Salary</STMTTRN>\r\n"
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240112<TRNAMT>-20.00<FITID>T3<NAME>Shop</STMTTRN>\r\n"
    "</BANKTRANLIST><LEDGERBAL><BALAMT>130.00<DTASOF>20240115</LEDGERBAL>"
    "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n";

// An overlapping download, OFX 2.x XML: T2 again (same amount, same day with a time), T3 reused with
// another amount, T4 new and listed twice.
const std::string kXml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"211\"?>\n"
    "<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF>"
    "<BANKACCTFROM><BANKID>37040044</BANKID><ACCTID>DE89370400440532013000</ACCTID>"
    "<ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><DTSTART>20240108</DTSTART>"
    "<DTEND>20240131</DTEND>"
    "<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240110120000[0:GMT]</DTPOSTED><TRNAMT>250.00</TRNAMT>"
    "<FITID>T2</FITID><NAME>SALARY</NAME></STMTTRN>"
    "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240112</DTPOSTED><TRNAMT>-25.00</TRNAMT>"
    "<FITID>T3</FITID><NAME>Shop</NAME></STMTTRN>"
    "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240120</DTPOSTED><TRNAMT>-7.50</TRNAMT>"
    "<FITID>T4</FITID><NAME>Cafe</NAME></STMTTRN>"
    "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240120</DTPOSTED><TRNAMT>-7.50</TRNAMT>"
    "<FITID>T4</FITID><NAME>Cafe</NAME></STMTTRN>"
    "</BANKTRANLIST><LEDGERBAL><BALAMT>97.50</BALAMT><DTASOF>20240131</DTASOF></LEDGERBAL>"
    "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";

const std::string kList = "ofx:/OFX[1]/BANKMSGSRSV1[1]/STMTTRNRS[1]/STMTRS[1]/BANKTRANLIST[1]";

} // namespace ofx_repeats_fixture

TEST_SUITE("ingest") {
    TEST_CASE("ofx: repeated FITIDs across an SGML and an XML download become sightings; a reused FITID "
              "with another amount is imported and reported") {
        using namespace ofx_repeats_fixture;
        TempDir d;
        const auto a = fixture(d, "jan.ofx", kSgml);
        const auto b = fixture(d, "overlap.ofx", kXml);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {a, b}, {}, "tester");
        auto& db = cf.db();
        // 3 + 4 STMTTRN; T2 (same amount and day) and the second T4 are repeats: 5 events, 2 sightings.
        CHECK(count_of(kSgml, "<STMTTRN>") + count_of(kXml, "<STMTTRN>") == 7);
        CHECK(db.scalar_int("SELECT count(*) FROM event WHERE kind = 'transaction'") == 5);
        CHECK(db.scalar_int("SELECT count(*) FROM event_sighting") == 2);
        // T2: one event, read from the SGML file, sighted in the XML file's first STMTTRN.
        CHECK(db.scalar_int("SELECT count(*) FROM event WHERE json_extract(attrs, '$.fitid') = 'T2'") == 1);
        auto q =
            db.prepare("SELECT json_extract(e.attrs, '$.fitid'), f1.original_name, s1.locator, "
                       "f2.original_name, s2.locator FROM event_sighting g JOIN event e ON e.id = g.event_id "
                       "JOIN source s1 ON s1.id = e.source_id JOIN evidence_file f1 ON f1.id = "
                       "s1.evidence_id JOIN source s2 ON s2.id = g.source_id JOIN evidence_file f2 ON "
                       "f2.id = s2.evidence_id ORDER BY s2.locator");
        REQUIRE(q.step());
        CHECK(q.column_text(0) == "T2");
        CHECK(q.column_text(1) == "jan.ofx");
        CHECK(q.column_text(2) == kList + "/STMTTRN[2]");
        CHECK(q.column_text(3) == "overlap.ofx");
        CHECK(q.column_text(4) == kList + "/STMTTRN[1]");
        REQUIRE(q.step());
        CHECK(q.column_text(0) == "T4");
        CHECK(q.column_text(1) == "overlap.ofx");
        CHECK(q.column_text(2) == kList + "/STMTTRN[3]");
        CHECK(q.column_text(4) == kList + "/STMTTRN[4]");
        CHECK_FALSE(q.step());
        // T3 reused with -25.00 instead of -20.00: two events, both amounts as written.
        CHECK(db.scalar_int("SELECT count(*) FROM event WHERE json_extract(attrs, '$.fitid') = 'T3'") == 2);
        CHECK(db.scalar_int(
                  "SELECT sum(amount_minor) FROM event WHERE json_extract(attrs, '$.fitid') = 'T3'") ==
              minor_of("-20.00") + minor_of("-25.00"));
        const auto sha_a =
            db.scalar_text("SELECT sha256 FROM evidence_file WHERE original_name = 'jan.ofx'").value_or("?");
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = '" +
                            kList + "/STMTTRN[2]' AND message LIKE 'FITID T3 at " + kList +
                            "/STMTTRN[2] was also given to evidence " + sha_a + " " + kList +
                            "/STMTTRN[3] %different amount or day%both imported'") == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = '" +
                            kList + "/STMTTRN[1]' AND message LIKE 'FITID T2 repeats evidence " + sha_a +
                            " " + kList + "/STMTTRN[2] %another sighting%'") == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'warning' AND locator = '" +
                            kList + "/STMTTRN[4]' AND message LIKE 'FITID T4 repeats " + kList +
                            "/STMTTRN[3] %another sighting%'") == 1);
        // Each statement sums every transaction it holds once: the XML one T2 + T3' + T4.
        CHECK(db.scalar_int("SELECT sum_minor FROM statement_check WHERE evidence_id = (SELECT id FROM "
                            "evidence_file WHERE original_name = 'overlap.ofx')") ==
              minor_of("250.00") + minor_of("-25.00") + minor_of("-7.50"));
        CHECK(db.scalar_int("SELECT sum_minor FROM statement_check WHERE evidence_id = (SELECT id FROM "
                            "evidence_file WHERE original_name = 'jan.ofx')") ==
              minor_of("-100.00") + minor_of("250.00") + minor_of("-20.00"));
        // The SGML file alone has no repeat: no warning there.
        CHECK(
            db.scalar_int("SELECT count(*) FROM import_error e JOIN evidence_file f ON f.id = e.evidence_id "
                          "WHERE f.original_name = 'jan.ofx'") == 0);
    }

    TEST_CASE("ofx: importing the same download twice adds no event") {
        using namespace ofx_repeats_fixture;
        TempDir d;
        const auto a = fixture(d, "jan.ofx", kSgml);
        const auto a2 = fixture(d, "jan-copy.ofx", kSgml + "\r\n"); // another file, same statement
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {a, a2}, {}, "tester");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'transaction'") ==
              count_of(kSgml, "<STMTTRN>"));
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event_sighting") == count_of(kSgml, "<STMTTRN>"));
    }

    TEST_CASE("ofx: a statement whose account comes after its transaction list is still read whole (not "
              "streamed), with the same locators") {
        TempDir d;
        const std::string src =
            "<?xml version=\"1.0\"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST>"
            "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>-1.50</TRNAMT>"
            "<FITID>L1</FITID></STMTTRN>"
            "<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240106</DTPOSTED><TRNAMT>4.00</TRNAMT>"
            "<FITID>L2</FITID></STMTTRN></BANKTRANLIST>"
            "<CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>1</BANKID><ACCTID>99</ACCTID></BANKACCTFROM>"
            "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n";
        auto r = ingest_one(fixture(d, "late.ofx", src));
        CHECK(count_of(src, "<STMTTRN>") == 2);
        CHECK(r.cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'transaction'") == 2);
        const auto e2 = event_at(r.cf, ofx_repeats_fixture::kList + "/STMTTRN[2]");
        REQUIRE(e2);
        CHECK(e2->amount == minor_of("4.00"));
        CHECK(e2->currency == "EUR");
        CHECK(r.cf.db().scalar_int("SELECT sum_minor FROM statement_check") ==
              minor_of("-1.50") + minor_of("4.00"));
    }
}
