// The same bank statement in two files (issue #6): its transactions are one event each, seen twice.
// Links, link totals and `query money` count them once; both files stay cited (event_sighting); a
// payment that repeats with its own reference, or in another statement, is counted every time.
#include "store/case_file.hpp"
#include "support/bank_sightings.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::run_cli;
using test::TempDir;

namespace {
inline namespace cli_bank_sightings_fixture {

constexpr const char* kOwn = test::SightingFiles::kOwn;
constexpr const char* kPayee = test::SightingFiles::kPayee;
using test::mt940_statement;

struct Sql {
    std::filesystem::path path;
    std::int64_t count(const std::string& q) const {
        auto cf = store::CaseFile::open(path);
        return cf.db().scalar_int(q);
    }
};

// `query money` from kOwn: the total of the one hop to the account kPayee.
std::int64_t money_to_payee(const std::string& c) {
    const auto r = run_cli({"query", c, "money", kOwn, "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    std::int64_t total = 0;
    int hops = 0;
    for (const auto& h : j["results"]) {
        // The payee's name is a party of its own (a second hop with the same payments): the account only.
        if (h["to"]["label"] != kPayee)
            continue;
        ++hops;
        total += h["total_minor"].get<std::int64_t>();
    }
    CHECK(hops == 1);
    return total;
}

} // namespace cli_bank_sightings_fixture
} // namespace

TEST_SUITE("cli") {
    TEST_CASE("bank sightings: an MT940 statement in two files counts once and cites both files") {
        TempDir d;
        const auto c = (d / "s.case").string();
        // Statement 2 (two payments of 200,00 and 300,00) is in both files; file b has it after statement 1.
        const test::SightingFiles files(d.path());
        REQUIRE(run_cli({"ingest", c, files.a.string()}).exit_code == 0);
        REQUIRE(run_cli({"ingest", c, files.b.string()}).exit_code == 0);
        const Sql db{d / "s.case"};
        // Distinct payments written in the files: 50,00 + 200,00 + 300,00.
        CHECK(db.count("SELECT count(*) FROM event WHERE kind = 'transaction'") == 3);
        CHECK(db.count("SELECT sum(amount_minor) FROM event WHERE kind = 'transaction'") ==
              -(5000 + 20000 + 30000));
        // Both of statement 2's lines were seen again, in b.sta, and are cited from there.
        CHECK(db.count("SELECT count(*) FROM event_sighting") == 2);
        CHECK(db.count("SELECT count(DISTINCT s.evidence_id) FROM event_sighting x JOIN source s ON s.id = "
                       "x.source_id JOIN event e ON e.id = x.event_id JOIN source s0 ON s0.id = e.source_id "
                       "WHERE s.evidence_id <> s0.evidence_id") == 1);
        CHECK(db.count("SELECT count(*) FROM import_error WHERE message LIKE '%another sighting%'") == 2);
        // One link own -> payee: three payments, 550,00.
        CHECK(db.count("SELECT count FROM link WHERE kind = 'transaction' AND a = (SELECT entity_id FROM "
                       "identifier WHERE value = 'DE89370400440532013000')") == 3);
        CHECK(
            db.count("SELECT total_minor FROM link WHERE kind = 'transaction' AND a = (SELECT entity_id FROM "
                     "identifier WHERE value = 'DE89370400440532013000')") == 55000);
        CHECK(money_to_payee(c) == 55000);
    }

    TEST_CASE(
        "bank sightings: repeated payments with their own reference or statement are counted each time") {
        TempDir d;
        const auto c = (d / "s.case").string();
        // Two equal payments on one day in one statement (references R1, R2, and an identical NONREF pair),
        // and the same payment again in the next statement.
        test::write_file(
            d / "a.sta",
            mt940_statement("FEB", "00002/001",
                            {"2402100210D100,00NTRFNONREF//R1", "2402100210D100,00NTRFNONREF//R2",
                             "2402100210D100,00NTRFNONREF", "2402100210D100,00NTRFNONREF"}) +
                mt940_statement("MAR", "00003/001", {"2402100210D100,00NTRFNONREF//R1"}));
        REQUIRE(run_cli({"ingest", c, (d / "a.sta").string()}).exit_code == 0);
        const Sql db{d / "s.case"};
        CHECK(db.count("SELECT count(*) FROM event WHERE kind = 'transaction'") == 5);
        CHECK(db.count("SELECT count(*) FROM event_sighting") == 0);
        CHECK(money_to_payee(c) == 50000);
    }

    TEST_CASE("bank sightings: a camt statement in two files counts once, a corrected copy does not merge") {
        TempDir d;
        const auto c = (d / "s.case").string();
        auto entry = [](const std::string& ref, const std::string& amount) {
            return "<Ntry><NtryRef>" + ref + "</NtryRef><Amt Ccy=\"EUR\">" + amount +
                   "</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-02-10</Dt></BookgDt>"
                   "<AcctSvcrRef>" +
                   ref +
                   "</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Jan Jansen</Nm>"
                   "</Cdtr><CdtrAcct><Id><IBAN>" +
                   kPayee +
                   "</IBAN></Id></CdtrAcct></RltdPties></TxDtls>"
                   "</NtryDtls></Ntry>\n";
        };
        auto stmt = [&](const std::string& id, const std::string& body) {
            return "<Stmt><Id>" + id + "</Id><ElctrncSeqNb>2</ElctrncSeqNb><Acct><Id><IBAN>" +
                   std::string(kOwn) + "</IBAN></Id><Ccy>EUR</Ccy></Acct>\n" + body + "</Stmt>\n";
        };
        auto doc = [](const std::string& msg, const std::string& stmts) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document "
                   "xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
                   "camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>" +
                   msg + "</MsgId><CreDtTm>2024-03-01T10:00:00Z</CreDtTm></GrpHdr>\n" + stmts +
                   "</BkToCstmrStmt></Document>\n";
        };
        const std::string s2 = stmt("S2", entry("A1", "200.00") + entry("A2", "300.00"));
        test::write_file(d / "a.xml", doc("M1", s2));
        // b.xml: another download, statement S2 second in the file; c.xml: S2 with A2 corrected to 310.00.
        test::write_file(d / "b.xml", doc("M2", stmt("S1", entry("A0", "50.00")) + s2));
        test::write_file(d / "c.xml", doc("M3", stmt("S2", entry("A1", "200.00") + entry("A2", "310.00"))));
        REQUIRE(run_cli({"ingest", c, (d / "a.xml").string(), (d / "b.xml").string()}).exit_code == 0);
        const Sql db{d / "s.case"};
        CHECK(db.count("SELECT count(*) FROM event WHERE kind = 'transaction'") == 3);
        CHECK(db.count("SELECT count(*) FROM event_sighting") == 2);
        CHECK(money_to_payee(c) == 5000 + 20000 + 30000);
        REQUIRE(run_cli({"ingest", c, (d / "c.xml").string()}).exit_code == 0);
        // A1 is the same again; the corrected A2 is a transaction of its own (and the statement a conflict).
        CHECK(db.count("SELECT count(*) FROM event WHERE kind = 'transaction'") == 4);
        CHECK(db.count("SELECT count(*) FROM event_sighting") == 3);
        CHECK(money_to_payee(c) == 5000 + 20000 + 30000 + 31000);
    }
}

TEST_SUITE("cli") {
    TEST_CASE("bank sightings: query JSON and text cite the second file beside the first") {
        TempDir d;
        const auto c = (d / "s.case").string();
        const test::SightingFiles files(d.path());
        REQUIRE(run_cli({"ingest", c, files.a.string(), files.b.string()}).exit_code == 0);
        const auto r = run_cli({"query", c, "neighbours", kOwn, "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(r.out);
        std::set<std::string> primary_at, seen_at;
        for (const auto& n : j["results"]) {
            if (n["entity"]["label"] != kPayee)
                continue;
            for (const auto& ev : n["evidence"]) {
                REQUIRE(ev["sightings"].is_array()); // always there, beside the CONTRACTS.md fields
                if (ev["evidence_sha256"] != files.a_sha256) {
                    CHECK(ev["sightings"].empty()); // statement JAN is in b.sta only
                    continue;
                }
                primary_at.insert(ev["locator"].get<std::string>());
                REQUIRE(ev["sightings"].size() == 1);
                const auto& s = ev["sightings"][0];
                CHECK(s["evidence_sha256"] == files.b_sha256);
                CHECK(s["evidence_name"] == "b.sta");
                seen_at.insert(s["locator"].get<std::string>());
            }
        }
        CHECK(primary_at == std::set<std::string>(files.a_feb_locators.begin(), files.a_feb_locators.end()));
        CHECK(seen_at == std::set<std::string>(files.b_feb_locators.begin(), files.b_feb_locators.end()));
        // The text form says the example event was read from another file too, when it was.
        const auto text = run_cli({"query", c, "path", kOwn, kPayee});
        REQUIRE(text.exit_code == 0);
        CHECK(text.out.find("also read from another file") != std::string::npos);
    }

    TEST_CASE("bank sightings: corroboration counts the second file, and a file repeating itself once") {
        TempDir d;
        const auto c = (d / "s.case").string();
        const test::SightingFiles files(d.path());
        REQUIRE(run_cli({"ingest", c, files.a.string(), files.b.string()}).exit_code == 0);
        auto r = run_cli({"query", c, "corroboration", kOwn, kPayee, "--json"});
        REQUIRE(r.exit_code == 0);
        auto j = nlohmann::json::parse(r.out)["results"][0];
        // Statement files name no device: each file is a source of its own.
        CHECK(j["evidence_files"] == 2);
        CHECK(j["independent_sources"] == 2);
        std::map<std::string, std::size_t> events_in;
        for (const auto& s : j["sources"])
            events_in[s["evidence_sha256"].get<std::string>()] = s["events"].get<std::size_t>();
        // The payments to kPayee written in each file: a.sta statement FEB, b.sta JAN and FEB.
        CHECK(events_in[files.a_sha256] ==
              test::mt940_locators(test::read_file(files.a), {"200,00", "300,00"}).size());
        CHECK(events_in[files.b_sha256] ==
              test::mt940_locators(test::read_file(files.b), {"50,00", "200,00", "300,00"}).size());
        CHECK(j["evidence"].size() == 3);

        // One file holding statement FEB twice: its repeats are sightings in the same file, one source.
        TempDir d2;
        const auto c2 = (d2 / "s.case").string();
        const auto feb = test::read_file(files.a);
        test::write_file(d2 / "twice.sta", feb + feb);
        REQUIRE(run_cli({"ingest", c2, (d2 / "twice.sta").string()}).exit_code == 0);
        const Sql db{d2 / "s.case"};
        CHECK(db.count("SELECT count(*) FROM event_sighting") == 2);
        r = run_cli({"query", c2, "corroboration", kOwn, kPayee, "--json"});
        REQUIRE(r.exit_code == 0);
        j = nlohmann::json::parse(r.out)["results"][0];
        CHECK(j["evidence_files"] == 1);
        CHECK(j["independent_sources"] == 1);
        REQUIRE(j["sources"].size() == 1);
        CHECK(j["sources"][0]["events"] == 2); // not 4
    }
}
