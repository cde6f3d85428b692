// camt importer: golden checks on every camt sample (counts from the source's tags, chosen fields
// compared with the source text) and fixtures for batches, reversals, odd amounts and truncation.
#include "bank_fixture.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::BankCase;

namespace {

// Expected transaction events: one per TxDtls, or one for an entry without details.
std::size_t expected_events(const std::string& xml) {
    std::size_t n = 0;
    for (auto p = xml.find("<Ntry>"); p != std::string::npos; p = xml.find("<Ntry>", p + 1)) {
        const auto end = xml.find("</Ntry>", p);
        const auto tx = test::occurrences(xml.substr(p, end - p), "<TxDtls>");
        n += tx == 0 ? 1 : tx;
    }
    return n;
}

// The texts of every <tag>…</tag> in the source, in order.
std::vector<std::string> texts(const std::string& xml, const std::string& tag) {
    std::vector<std::string> out;
    const std::string open = "<" + tag + ">";
    const std::string close = "</" + tag + ">";
    for (auto p = xml.find(open); p != std::string::npos; p = xml.find(open, p + 1)) {
        const auto b = p + open.size();
        out.push_back(xml.substr(b, xml.find(close, b) - b));
    }
    return out;
}

const char* kHead = R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>T1</MsgId><CreDtTm>2024-01-31T10:00:00Z</CreDtTm></GrpHdr>
)";

std::string bal(const char* code, const char* amount, const char* cdi, const char* ccy = "EUR") {
    return std::string("<Bal><Tp><CdOrPrtry><Cd>") + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"" + ccy +
           "\">" + amount + "</Amt><CdtDbtInd>" + cdi + "</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>\n";
}

std::string entry(const char* amount, const char* cdi, const std::string& extra = "", const char* ccy = "EUR",
                  const char* status = "BOOK") {
    return std::string("<Ntry><Amt Ccy=\"") + ccy + "\">" + amount + "</Amt><CdtDbtInd>" + cdi +
           "</CdtDbtInd><Sts>" + status +
           "</Sts><BookgDt><Dt>2024-01-15</Dt></BookgDt><ValDt><Dt>2024-01-16</Dt>" + "</ValDt>" + extra +
           "</Ntry>\n";
}

std::string stmt(const std::string& body, const char* iban = "DE89370400440532013000",
                 const char* ccy = "EUR") {
    return std::string("<Stmt><Id>S1</Id><Acct><Id><IBAN>") + iban + "</IBAN></Id><Ccy>" + ccy +
           "</Ccy><Ownr><Nm>Erika Mustermann</Nm></Ownr></Acct>\n" + body + "</Stmt>\n";
}

std::string doc(const std::string& statements) {
    return kHead + statements + "</BkToCstmrStmt></Document>\n";
}

std::string tx(const char* amount, const char* name, const char* iban, const char* ustrd) {
    return std::string("<TxDtls><Amt Ccy=\"EUR\">") + amount + "</Amt><RltdPties><Cdtr><Nm>" + name +
           "</Nm></Cdtr><CdtrAcct><Id><IBAN>" + iban + "</IBAN></Id></CdtrAcct></RltdPties><RmtInf><Ustrd>" +
           ustrd + "</Ustrd></RmtInf></TxDtls>";
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "camt samples: one transaction per TxDtls (or per entry without details), counted from the source") {
        for (const char* name :
             {"genkgo_camt052_v2_intraday.xml", "genkgo_camt053_v2_minimal.xml", "genkgo_camt053_v4.xml",
              "genkgo_camt054_v8_notification.xml", "oca_camt054_notification.xml"}) {
            CAPTURE(name);
            const auto path = test::sample(std::string("camt/") + name);
            const std::string xml = test::read_file(path);
            BankCase c;
            const auto o = c.ingest(path);
            CHECK(o.format == "camt");
            CHECK(o.events == static_cast<std::int64_t>(expected_events(xml)));
            CHECK(c.count("SELECT count(*) FROM event WHERE kind = 'transaction'") ==
                  static_cast<std::int64_t>(expected_events(xml)));
            // Every statement gets a check row.
            const auto statements = test::occurrences(xml, "<Stmt>") + test::occurrences(xml, "<Rpt>") +
                                    test::occurrences(xml, "<Ntfctn>");
            CHECK(c.checks().size() == statements);
            // Every event names the own account and has an amount and a currency.
            CHECK(c.count("SELECT count(*) FROM event WHERE amount_minor IS NULL OR currency IS NULL") == 0);
            CHECK(c.count("SELECT count(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM event_party p JOIN "
                          "entity n ON n.id = p.entity_id WHERE p.event_id = e.id AND n.kind = 'account' AND "
                          "p.role IN ('payer','payee'))") == 0);
        }
    }

    TEST_CASE("camt.053.001.02 sample: fields, and a balance check that the source itself fails") {
        BankCase c;
        const auto path = test::sample("camt/genkgo_camt053_v2_minimal.xml");
        const auto o = c.ingest(path);
        CHECK(o.status == "partial"); // the closing balance is inconsistent in the source
        const auto e = c.event("Stmt[1]/Ntry[1]/NtryDtls/TxDtls[1]");
        CHECK(e.amount == 885);
        CHECK(e.currency == "EUR");
        CHECK(e.date == "2014-12-31");
        CHECK_FALSE(e.utc_ms.has_value()); // a booking date is a day, never midnight UTC
        CHECK(e.attrs["value_date"] == "2015-01-02");
        CHECK(e.attrs["bank_tx_code_proprietary"] == "544");
        CHECK(e.attrs["creditor_refs"][0] == "4654654654654654");
        CHECK(e.direction == "incoming");
        // CRDT: the counterparty is the debtor side.
        CHECK(c.party(e.id, "payer", "account")->identifier == "NL56AGDH9619008421");
        CHECK(c.party(e.id, "payer", "person")->label == "NAME NAME");
        CHECK(c.party(e.id, "payee", "account")->identifier == "NL26VAYB8060476890");
        // Source: OPBD 18.15 CRDT EUR, one entry 8.85 CRDT, CLBD 27.00 *DBIT* in *SEK*:
        // 18.15 + 8.85 = 27.00 but the closing is written as a debit (-27.00) in another currency.
        const auto checks = c.checks();
        REQUIRE(checks.size() == 1);
        CHECK(checks[0].result == "mismatch");
        CHECK(checks[0].opening == 1815);
        CHECK(checks[0].closing == -2700);
        CHECK(checks[0].sum == 885);
        CHECK(checks[0].account == "NL26VAYB8060476890");
        CHECK(c.has_diagnostic("error", "xml:/Document/BkToCstmrStmt/Stmt[1]", "-27.00 SEK"));
        CHECK(c.has_diagnostic("error", "xml:/Document/BkToCstmrStmt/Stmt[1]", "18.15 EUR"));
    }

    TEST_CASE(
        "camt.053.001.04 sample: Othr/Id holding an IBAN, the owner as holder, ISO bank transaction code") {
        BankCase c;
        (void)c.ingest(test::sample("camt/genkgo_camt053_v4.xml"));
        const auto e = c.event("Stmt[1]/Ntry[1]/NtryDtls/TxDtls[1]");
        CHECK(e.amount == 885); // a single TxDtls is booked with the entry's amount
        CHECK(e.attrs["tx_amount"] == "0 SEK CRDT");
        CHECK(e.attrs["account_servicer_ref"] == "AAAASESS-FP-CN_98765/01");
        CHECK(e.attrs["bank_tx_code"] == "PAYM/0001/0005");
        CHECK(c.party(e.id, "payee", "account")->identifier == "NL26VAYB8060476890");
        const auto owners = c.parties(e.id);
        bool owner = false;
        for (const auto& p : owners)
            owner = owner || (p.role == "owner" && p.label == "FINPETROL");
        CHECK(owner);
        CHECK(c.count("SELECT count(*) FROM entity_source WHERE role = 'holder'") == 1);
        CHECK(c.has_diagnostic("warning", "Stmt[1]/Ntry[1]", "batch sum cannot be checked"));
    }

    TEST_CASE("camt.052 sample: DtTm booking with offset, debit counterparty is the creditor, no balances") {
        BankCase c;
        (void)c.ingest(test::sample("camt/genkgo_camt052_v2_intraday.xml"));
        const auto e = c.event("Rpt[1]/Ntry[1]/NtryDtls/TxDtls[1]");
        CHECK(e.amount == -20000000); // 200000 SEK debit
        CHECK(e.currency == "SEK");
        CHECK(e.utc_ms == 1192698900000); // 2007-10-18T10:15:00+01:00
        CHECK(e.offset == "+01:00");
        CHECK(e.body == "Credit"); // no remittance information: AddtlNtryInf keeps the words searchable
        CHECK(c.party(e.id, "payee", "account")->identifier == "NL56AGDH9619008421");
        CHECK(c.party(e.id, "payee", "organisation")->label ==
              "Company Name"); // "Company" is a legal-form word
        CHECK(e.attrs["counterparty_bic"] == "BANKCHZHXXX");
        const auto checks = c.checks();
        REQUIRE(checks.size() == 1);
        CHECK(checks[0].result == "no-balances");
        CHECK(checks[0].sum == -20000000);
        CHECK(c.has_diagnostic("warning", "Rpt[1]", "usually carry none"));
        CHECK(c.has_diagnostic("warning", "Rpt[1]/Ntry[1]", "says 20 transactions"));
    }

    TEST_CASE("camt.054.001.08 sample: a batch of three with Pty-wrapped parties and every Ustrd joined") {
        const auto path = test::sample("camt/genkgo_camt054_v8_notification.xml");
        const std::string xml = test::read_file(path);
        BankCase c;
        (void)c.ingest(path);
        const auto evs = c.events();
        REQUIRE(evs.size() == 3);
        CHECK(evs[0].amount == -310);
        CHECK(evs[1].amount == -320);
        CHECK(evs[2].amount == -320);
        CHECK(evs[0].currency == "CHF");
        CHECK(evs[0].attrs["entry_locator"] == "xml:/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]");
        CHECK(evs[0].attrs["refs"]["end_to_end_id"] == "UXC06170000006PI00001EE00001");
        const auto ustrd = texts(xml, "Ustrd");
        REQUIRE(ustrd.size() == 3);
        CHECK(evs[0].body == ustrd[0]);
        CHECK(evs[2].body == ustrd[1] + " " + ustrd[2]);
        CHECK(evs[1].body == "Additional Remittance Information V2");
        CHECK(c.party(evs[0].id, "payee", "person")->label == "Example Creditor 3 - V1");
        CHECK(c.party(evs[0].id, "payee", "account")->identifier == "CH4112345003131313131");
        CHECK(c.party(evs[0].id, "owner", "organisation")->label == "UNIFITS GmbH");
        // TxDtls 2 and 3 pay the same creditor account: one entity.
        CHECK(c.party(evs[1].id, "payee", "account")->identifier == "CH7212345003232323232");
        CHECK(c.count("SELECT count(*) FROM identifier WHERE value = 'CH7212345003232323232'") == 1);
        CHECK(c.has_diagnostic("warning", "TxDtls[1]", "CRDT inside a DBIT entry"));
        CHECK(c.checks().at(0).result == "no-balances");
    }

    TEST_CASE("camt.054.001.04 sample (Swiss/Dutch): references, bank code and the debtor of a credit") {
        BankCase c;
        (void)c.ingest(test::sample("camt/oca_camt054_notification.xml"));
        const auto e = c.event("Ntfctn[1]/Ntry[1]/NtryDtls/TxDtls[1]");
        CHECK(e.amount == 500);
        CHECK(e.date == "2022-01-26");
        CHECK(e.attrs["refs"]["end_to_end_id"] == "ENDTOENDID-01");
        CHECK(e.attrs["refs"]["instruction_id"] == "MIB InstrId305-312MM20211231v1");
        CHECK(e.attrs["bank_tx_code"] == "PMNT/RCDT/VCOM");
        CHECK(e.attrs["entry_ref"] == "NL0000000000000000000");
        CHECK(e.attrs["creditor_refs"][0] == "000000000000000000000000003");
        CHECK(c.party(e.id, "payer", "account")->identifier == "NL46ABNA0499998748");
        CHECK(c.party(e.id, "payer", "person")->label == "Test Customer");
        CHECK(c.party(e.id, "payee", "account")->identifier == "NL77ABNA0574908765");
        CHECK(c.party(e.id, "owner", "organisation")->label == "Example company");
    }

    TEST_CASE("a counterparty IBAN seen in several statement files resolves to one entity") {
        BankCase c;
        for (const char* n : {"camt/genkgo_camt053_v2_minimal.xml", "camt/genkgo_camt053_v4.xml",
                              "camt/genkgo_camt052_v2_intraday.xml"})
            (void)c.ingest(test::sample(n));
        CHECK(
            c.count("SELECT count(*) FROM identifier WHERE type = 'iban' AND value = 'NL56AGDH9619008421'") ==
            1);
        CHECK(c.count("SELECT count(DISTINCT s.evidence_id) FROM identifier i JOIN identifier_source x ON "
                      "x.identifier_id = i.id JOIN source s ON s.id = x.source_id WHERE i.value = "
                      "'NL56AGDH9619008421'") == 3);
        CHECK(
            c.count("SELECT count(DISTINCT p.event_id) FROM event_party p JOIN identifier i ON i.entity_id = "
                    "p.entity_id WHERE i.value = 'NL56AGDH9619008421'") == 3);
        // The statement account given as IBAN in one file and as Othr/Id in the other is one account too.
        CHECK(c.count("SELECT count(*) FROM identifier WHERE value = 'NL26VAYB8060476890'") == 1);
    }

    TEST_CASE("camt balances that do not add up are an error naming the statement and both figures") {
        BankCase c;
        const auto o =
            c.ingest_text("stmt.xml", doc(stmt(bal("OPBD", "100.00", "CRDT") + bal("CLBD", "150.00", "CRDT") +
                                               entry("30.00", "CRDT") + entry("0.01", "DBIT"))));
        CHECK(o.status == "partial");
        const auto ch = c.checks().at(0);
        CHECK(ch.result == "mismatch");
        CHECK(ch.opening == 10000);
        CHECK(ch.closing == 15000);
        CHECK(ch.sum == 2999);
        CHECK(
            c.has_diagnostic("error", "xml:/Document/BkToCstmrStmt/Stmt[1]",
                             "opening balance 100.00 EUR + 2 booked entries 29.99 EUR = 129.99 EUR, but the "
                             "closing balance is 150.00 EUR"));
        CHECK(c.has_diagnostic("error", "Stmt[1]", "a missing page or a truncated file"));
    }

    TEST_CASE("camt batch of three, reversal, pending, tiny and large amounts and JPY all add up") {
        BankCase c;
        const std::string batch = "<NtryDtls><Btch><NbOfTxs>3</NbOfTxs></Btch>" +
                                  tx("10.00", "Flat 1 Landlord", "NL91ABNA0417164300", "Rent flat 1") +
                                  tx("20.00", "Flat 2 Landlord", "GB82WEST12345698765432", "Rent flat 2") +
                                  tx("5.50", "Jan de Vries", "NL91ABNA0417164300", "Miete") + "</NtryDtls>";
        const std::string eur =
            bal("OPBD", "1000.00", "CRDT") + bal("CLBD", "1235520.40", "CRDT") +
            entry("35.50", "DBIT", batch) + entry("0.01", "CRDT") + entry("1234567.89", "CRDT") +
            entry("12.00", "DBIT", "<RvslInd>true</RvslInd>") + entry("999.00", "CRDT", "", "EUR", "PDNG");
        const std::string jpy = bal("OPBD", "1000", "CRDT", "JPY") + bal("CLBD", "2500", "CRDT", "JPY") +
                                entry("1500", "CRDT", "", "JPY");
        const auto o =
            c.ingest_text("multi.xml", doc(stmt(eur) + stmt(jpy, "GB82WEST12345698765432", "JPY")));
        CHECK(o.errors == 0);
        const auto checks = c.checks();
        REQUIRE(checks.size() == 2);
        // 1000.00 - 35.50 + 0.01 + 1234567.89 - 12.00 (the reversal is a debit) = 1235520.40; PDNG is left
        // out
        CHECK(checks[0].sum == -3550 + 1 + 123456789 - 1200);
        CHECK(checks[0].result == "ok");
        CHECK(checks[1].currency == "JPY");
        CHECK(checks[1].sum == 1500);
        CHECK(checks[1].result == "ok");
        const auto b = c.events("Ntry[1]/NtryDtls/TxDtls[2]");
        REQUIRE(b.size() == 1);
        CHECK(b[0].amount == -2000);
        CHECK(b[0].body == "Rent flat 2");
        CHECK(b[0].attrs["entry_locator"] == "xml:/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]");
        CHECK(c.party(b[0].id, "payee", "account")->identifier == "GB82WEST12345698765432");
        CHECK(c.party(b[0].id, "payer", "account")->identifier == "DE89370400440532013000");
        CHECK(c.events("Stmt[1]/Ntry[1]/NtryDtls/TxDtls[3]").at(0).amount == -550);
        CHECK(c.events("Stmt[1]/Ntry[2]").at(0).amount == 1);
        CHECK(c.events("Stmt[1]/Ntry[3]").at(0).amount == 123456789);
        const auto rv = c.events("Stmt[1]/Ntry[4]").at(0);
        CHECK(rv.amount == -1200);
        CHECK(rv.attrs["reversal"] == true);
        const auto pd = c.events("Stmt[1]/Ntry[5]").at(0);
        CHECK(pd.attrs["status"] == "PDNG");
        CHECK(c.has_diagnostic("warning", "Stmt[1]/Ntry[5]", "not booked"));
        CHECK(c.events("Stmt[2]/Ntry[1]").at(0).amount == 1500);
        CHECK(c.events("Stmt[2]/Ntry[1]").at(0).currency == "JPY");
        // The holder's account appears as payer of the batch and payee of the credits: one entity.
        CHECK(c.count("SELECT count(*) FROM identifier WHERE value = 'DE89370400440532013000'") == 1);
        // The same landlord IBAN in two details of the batch is one entity.
        CHECK(c.count("SELECT count(*) FROM identifier WHERE value = 'NL91ABNA0417164300'") == 1);
    }

    TEST_CASE("camt batch whose details do not sum to the entry is imported with a warning") {
        BankCase c;
        const std::string batch = "<NtryDtls>" + tx("10.00", "A", "NL91ABNA0417164300", "x") +
                                  tx("20.00", "B", "NL91ABNA0417164300", "y") + "</NtryDtls>";
        (void)c.ingest_text("b.xml", doc(stmt(entry("35.00", "DBIT", batch))));
        CHECK(c.events().size() == 2);
        CHECK(c.has_diagnostic("warning", "Stmt[1]/Ntry[1]",
                               "sum to -30.00 EUR, the entry's amount is -35.00 EUR"));
    }

    TEST_CASE("a malformed camt entry is an error with its locator and the rest is imported") {
        BankCase c;
        const auto o = c.ingest_text(
            "bad.xml", doc(stmt(entry("1.00", "CRDT") + entry("1.5.0", "CRDT") + entry("2.00", "XXXX") +
                                entry("1500.5", "CRDT", "", "JPY") + entry("3.00", "DBIT"))));
        CHECK(o.status == "partial");
        CHECK(c.events().size() == 2);
        CHECK(c.has_diagnostic("error", "Stmt[1]/Ntry[2]", "'1.5.0'"));
        CHECK(c.has_diagnostic("error", "Stmt[1]/Ntry[3]", "neither CRDT nor DBIT"));
        CHECK(c.has_diagnostic("error", "Stmt[1]/Ntry[4]", "more decimals than the currency's 0"));
        CHECK(c.events("Stmt[1]/Ntry[5]").at(0).amount == -300);
    }

    TEST_CASE("a truncated camt file: the entries before the break are imported, the break is an error") {
        BankCase c;
        std::string full = doc(stmt(bal("OPBD", "10.00", "CRDT") + bal("CLBD", "16.00", "CRDT") +
                                    entry("1.00", "CRDT") + entry("2.00", "CRDT") + entry("3.00", "CRDT")));
        const auto cut = full.find("<Ntry>", full.find("<Ntry>", full.find("<Ntry>") + 1) + 1) + 30;
        const auto o = c.ingest_text("cut.xml", full.substr(0, cut));
        CHECK(o.status == "partial"); // partial import, not a failure: what was read stays
        CHECK(c.events().size() == 2);
        CHECK(c.has_diagnostic("error", "Stmt[1]/Ntry[3]", "cut.xml"));
        CHECK(c.has_diagnostic("error", "Stmt[1]/Ntry[3]", "line "));
        const auto ch = c.checks().at(0);
        CHECK(ch.result == "mismatch");
        CHECK(ch.sum == 300);
    }

    TEST_CASE("a tag error mid-file: every entry before the broken one is imported, the error names it") {
        BankCase c;
        std::string body;
        for (int i = 1; i <= 20; ++i)
            body += entry((std::to_string(i) + ".00").c_str(), "CRDT");
        body += "<Ntry><Amt Ccy=\"EUR\">9.00</Amt><CdtDbtInd>CRDT</Bad></Ntry>\n" + entry("1.00", "CRDT");
        const std::string xml = doc(stmt(body));
        // Complete entries before the broken tag, counted in the source.
        const auto before = test::occurrences(xml.substr(0, xml.find("</Bad>")), "</Ntry>");
        const auto o = c.ingest_text("mid.xml", xml);
        CHECK(o.status == "partial");
        CHECK(c.events().size() == before); // the parser's read-ahead must not swallow the last ones
        CHECK(c.events("Stmt[1]/Ntry[20]").size() == 1);
        const std::string broken = "Stmt[1]/Ntry[" + std::to_string(before + 1) + "]";
        CHECK(c.has_diagnostic("error", broken, "Opening and ending tag mismatch"));
        CHECK(c.has_diagnostic("error", broken, "inside <CdtDbtInd>"));
    }

    TEST_CASE(
        "a file that is not XML forced as camt fails naming the file; one that is not camt is not detected") {
        BankCase c;
        const auto o = c.ingest_text("junk.xml", "this is not xml at all", "camt");
        CHECK(o.status == "failed");
        CHECK(o.message.find("junk.xml") != std::string::npos);
        const auto other =
            c.ingest_text("other.xml", "<?xml version=\"1.0\"?><Document xmlns=\"urn:x\"><a/></Document>");
        CHECK(other.format.empty());
        // Detection is by content: a camt document named .txt is still camt.
        const auto txt = c.ingest_text("statement.txt", doc(stmt(entry("1.00", "CRDT"))));
        CHECK(txt.format == "camt");
    }

    TEST_CASE("camt codes: cash deposit, card payment and fee flags; NOTPROVIDED; ultimate parties") {
        BankCase c;
        auto code = [](const char* d, const char* f, const char* s) {
            return std::string("<BkTxCd><Domn><Cd>") + d + "</Cd><Fmly><Cd>" + f + "</Cd><SubFmlyCd>" + s +
                   "</SubFmlyCd></Fmly></Domn></BkTxCd>";
        };
        const std::string ult =
            "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RltdPties><Dbtr><Nm>PayPal "
            "Europe S.a.r.l.</Nm></Dbtr><DbtrAcct><Id><IBAN>LU89751000135104200E</IBAN></Id></DbtrAcct>"
            "<UltmtDbtr><Nm>John Client</Nm></UltmtDbtr><UltmtCdtr><Pty><Nm>Studio 5</Nm></Pty></UltmtCdtr>"
            "</RltdPties></TxDtls></NtryDtls>";
        (void)c.ingest_text("codes.xml", doc(stmt(entry("500.00", "CRDT", code("PMNT", "CNTR", "CDPT")) +
                                                  entry("20.00", "DBIT", code("PMNT", "CCRD", "POSD")) +
                                                  entry("2.50", "DBIT", code("ACMT", "MDOP", "CHRG")) +
                                                  entry("80.00", "CRDT", ult))));
        const auto cash = c.events("Ntry[1]").at(0);
        CHECK(cash.attrs["cash"] == true);
        CHECK(cash.attrs["cash_kind"] == "deposit");
        CHECK(cash.attrs["bank_tx_code"] == "PMNT/CNTR/CDPT");
        CHECK(c.events("Ntry[2]").at(0).attrs["card"] == true);
        CHECK_FALSE(c.events("Ntry[2]").at(0).attrs.contains("cash"));
        CHECK(c.events("Ntry[3]").at(0).attrs["fee"] == true);
        const auto u = c.events("Ntry[4]/NtryDtls/TxDtls[1]").at(0);
        CHECK(u.attrs["refs"]["end_to_end_id_not_provided"] == true);
        CHECK(c.party(u.id, "ultimate_payer", "person")->label == "John Client");
        CHECK(c.party(u.id, "ultimate_payee", "person")->label == "Studio 5");
        CHECK(c.party(u.id, "payer", "organisation")->label == "PayPal Europe S.a.r.l.");
    }

    TEST_CASE("camt DtTm without an offset is read in --tz (assumed) or kept as the day") {
        const std::string booking =
            "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
            "<BookgDt><DtTm>2024-07-01T09:30:00</DtTm></BookgDt></Ntry>";
        {
            BankCase c;
            (void)c.ingest_text("a.xml", doc(stmt(booking)), "", "Europe/Berlin");
            const auto e = c.events().at(0);
            CHECK(e.utc_ms == 1719819000000); // 07:30Z
            CHECK(e.offset == "+02:00");
            CHECK(e.offset_assumed);
        }
        {
            BankCase c;
            (void)c.ingest_text("a.xml", doc(stmt(booking)));
            const auto e = c.events().at(0);
            CHECK_FALSE(e.utc_ms.has_value());
            CHECK(e.date == "2024-07-01");
            CHECK(e.time_raw == "2024-07-01T09:30:00");
        }
    }

    TEST_CASE("camt with a byte that is not UTF-8: U+FFFD, a warning, and the whole file still read") {
        std::string text = test::read_file(test::sample("camt/genkgo_camt053_v2_minimal.xml"));
        const auto at = text.find("<Nm>NAME NAME</Nm>");
        REQUIRE(at != std::string::npos);
        text.replace(at, 18, "<Nm>NAME N\xc4ME</Nm>"); // a Latin-1 A-umlaut
        BankCase c;
        (void)c.ingest_text("latin1.xml", text);
        std::int64_t entries = 0;
        for (auto p = text.find("<TxDtls>"); p != std::string::npos; p = text.find("<TxDtls>", p + 1))
            ++entries;
        CHECK(c.count("SELECT count(*) FROM event WHERE kind = 'transaction'") == entries);
        const auto e = c.event("Stmt[1]/Ntry[1]/NtryDtls/TxDtls[1]");
        CHECK(c.party(e.id, "payer", "person")->label == "NAME N\xEF\xBF\xBDME");
        CHECK(c.has_diagnostic("warning", "xml:/Document", "1 character(s) not allowed in XML 1.0"));
        // The only errors are the balance mismatch the sample itself has (see the test above).
        CHECK(
            c.count("SELECT count(*) FROM import_error WHERE severity = 'error' AND message LIKE '%XML%'") ==
            0);
        REQUIRE(c.checks().size() == 1);
        CHECK(c.checks()[0].sum == 885);
    }
}
