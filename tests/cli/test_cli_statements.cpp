// `casegraph query CASE statements`: bank statements of one account read from several files, chained,
// with the breaks a court will ask about as findings in the JSON and in the text.
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::run_cli;
using test::TempDir;

namespace {
inline namespace cli_statements_fixture {

std::string statement(const std::string& seq, const std::string& open_date, const std::string& open,
                      const std::string& entry, const std::string& close_date, const std::string& close) {
    return ":20:REF" + seq + "\n:25:DE89370400440532013000\n:28C:" + seq + "/1\n:60F:C" + open_date + "EUR" +
           open + "\n:61:" + entry + "NTRFNONREF\n:86:166?00GUTSCHRIFT?20SVWZ+Test\n:62F:C" + close_date +
           "EUR" + close + "\n-\n";
}

// January closes with 150,00; March (number 3) opens with 130,00.
std::string jan() {
    return statement("1", "240101", "100,00", "2401150115C50,00", "240131", "150,00");
}
std::string mar() {
    return statement("3", "240301", "130,00", "2403050305C10,00", "240331", "140,00");
}

} // namespace cli_statements_fixture
} // namespace

TEST_SUITE("cli") {
    TEST_CASE(
        "query statements: a statement missing between two files is a balance break and a missing number") {
        TempDir d;
        const auto c = (d / "s.case").string();
        // Statement 1 closes with 150,00; statement 3 opens with 130,00; statement 2 is not there.
        test::write_file(d / "jan.sta", jan());
        test::write_file(d / "mar.sta", mar());
        auto r = run_cli({"ingest", c, (d / "jan.sta").string(), (d / "mar.sta").string()});
        REQUIRE(r.exit_code == 0);
        r = run_cli({"query", c, "statements", "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["query"]["kind"] == "statements");
        REQUIRE(j["results"].size() == 1);
        const auto& a = j["results"][0];
        CHECK(a["account_value"] == "DE89370400440532013000");
        CHECK(a["account"]["kind"] == "account");
        CHECK(a["currency"] == "EUR");
        CHECK(a["evidence_files"] == 2);
        REQUIRE(a["statements"].size() == 2);
        CHECK(a["statements"][0]["closing_minor"] == 15000);
        CHECK(a["statements"][1]["opening_minor"] == 13000);
        CHECK(a["statements"][0]["evidence_name"] == "jan.sta");
        std::set<std::string> kinds;
        for (const auto& f : a["findings"]) {
            kinds.insert(f["kind"].get<std::string>());
            CHECK(f["statements"].size() == 2);
        }
        CHECK(kinds.count("balance_break") == 1);
        CHECK(kinds.count("missing_statements") == 1);
        // One account by its IBAN as typed, with spaces; the text names the break and both files.
        r = run_cli({"query", c, "statements", "DE89 3704 0044 0532 0130 00"});
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find("error balance_break") != std::string::npos);
        CHECK(r.out.find("jan.sta") != std::string::npos);
        CHECK(r.out.find("mar.sta") != std::string::npos);
        CHECK(run_cli({"query", c, "statements", "a", "b"}).exit_code == 2);
    }

    TEST_CASE("query statements --from/--to: only statements whose period overlaps the window; findings that "
              "name one of them stay") {
        TempDir d;
        const auto c = (d / "w.case").string();
        // January and February chain (150,00 carried over); March opens with 130,00 after a gap.
        test::write_file(d / "jan.sta", jan());
        test::write_file(d / "feb.sta",
                         statement("2", "240201", "150,00", "2402100210C10,00", "240229", "160,00"));
        test::write_file(d / "mar.sta", mar());
        REQUIRE(run_cli({"ingest", c, (d / "jan.sta").string(), (d / "feb.sta").string(),
                         (d / "mar.sta").string()})
                    .exit_code == 0);
        auto names = [&](std::vector<std::string> extra) {
            std::vector<std::string> args = {"query", c, "statements", "--json"};
            args.insert(args.end(), extra.begin(), extra.end());
            const auto r = run_cli(args);
            REQUIRE(r.exit_code == 0);
            const auto j = nlohmann::json::parse(r.out);
            std::vector<std::string> out;
            for (const auto& a : j["results"])
                for (const auto& x : a["statements"])
                    out.push_back(x["evidence_name"].get<std::string>());
            return std::pair{out, j};
        };
        CHECK(names({}).first == std::vector<std::string>{"jan.sta", "feb.sta", "mar.sta"});
        CHECK(names({"--from", "2024-02-10", "--to", "2024-02-20"}).first ==
              std::vector<std::string>{"feb.sta"});
        // Both ends are inclusive days: the 31st of January and the 1st of March touch three statements.
        CHECK(names({"--from", "2024-01-31", "--to", "2024-03-01"}).first ==
              std::vector<std::string>{"jan.sta", "feb.sta", "mar.sta"});
        // A date-time is taken as its day; an open end reaches to the last statement.
        CHECK(names({"--from", "2024-02-29T23:00"}).first == std::vector<std::string>{"feb.sta", "mar.sta"});
        CHECK(names({"--to", "2024-01-15"}).first == std::vector<std::string>{"jan.sta"});
        // Nothing in the window: no account listed.
        CHECK(names({"--from", "2025-01-01"}).second["results"].empty());
        // March alone still shows the break from February (the finding names a March statement); January
        // alone shows none of it.
        auto kinds = [](const nlohmann::json& j) {
            std::set<std::string> k;
            for (const auto& a : j["results"])
                for (const auto& f : a["findings"])
                    k.insert(f["kind"].get<std::string>());
            return k;
        };
        CHECK(kinds(names({"--from", "2024-03-01"}).second).count("balance_break") == 1);
        CHECK(kinds(names({"--to", "2024-01-31"}).second).count("balance_break") == 0);
        CHECK(kinds(names({}).second).count("balance_break") == 1);
        const auto help = run_cli({"query", "--help"});
        CHECK(help.out.find("--from/--to: statements whose period overlaps") != std::string::npos);
    }
}
