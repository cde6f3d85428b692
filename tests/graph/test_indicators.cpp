// Indicator patterns (DOMAIN.md §6) on hand-built payment and contact fixtures with one case that must
// match and one that must not, and controller_hub on the demo case against the generator's manifest.
#include "demo/demo.hpp"
#include "fixture.hpp"
#include "graph/indicators.hpp"
#include "store/annotations.hpp"
#include "store/time.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::day_ms;
using test::gb_iban;
using test::GraphFixture;
using test::iban;
using test::run_pattern;

TEST_SUITE("graph") {
    TEST_CASE("rent_payer: three landlords a month in March and April matches; two a month, or one month "
              "only, does not") {
        GraphFixture f;
        f.account("payer", gb_iban(1));
        f.account("modest", gb_iban(2));
        for (int i = 1; i <= 3; ++i)
            f.account("landlord" + std::to_string(i), gb_iban(10 + i));
        for (int month : {3, 4}) {
            const auto when = store::civil_to_utc_ms({2024, month, 2, 12, 0, 0, 0});
            for (int i = 1; i <= 3; ++i)
                f.pay("payer", "landlord" + std::to_string(i), 45000, when + i, "GBP",
                      "RENT FLAT " + std::to_string(i));
            for (int i = 1; i <= 2; ++i)
                f.pay("modest", "landlord" + std::to_string(i), 45000, when + i, "GBP", "rent");
        }
        // Three landlords in one month only is not a pattern yet.
        f.account("once", gb_iban(3));
        for (int i = 1; i <= 3; ++i)
            f.pay("once", "landlord" + std::to_string(i), 45000, day_ms(20) + i, "EUR", "Miete");
        f.finish();
        const auto r = run_pattern(f, "rent_payer");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities.front() == f.id("payer"));
        CHECK(r.matches[0].entities.size() == 4);
        CHECK(r.matches[0].events.size() == 6);
        CHECK(r.params["min_payees_per_month"] == 3);
        graph::IndicatorOptions two;
        two.min = 2;
        CHECK(run_pattern(f, "rent_payer", two).matches.size() == 2);
    }

    TEST_CASE("many_payers: five unrelated payers within 30 days match; contact between them breaks it") {
        GraphFixture f;
        f.account("mule", gb_iban(1));
        for (int i = 1; i <= 5; ++i) {
            f.account("p" + std::to_string(i), gb_iban(10 + i));
            f.pay("p" + std::to_string(i), "mule", 10000 + i, day_ms(i * 2));
        }
        f.finish();
        auto r = run_pattern(f, "many_payers");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities.front() == f.id("mule"));
        CHECK(r.matches[0].entities.size() == 6);
        CHECK(r.matches[0].summary.find("5 distinct payers") != std::string::npos);
        graph::IndicatorOptions six;
        six.min = 6;
        CHECK(run_pattern(f, "many_payers", six).matches.empty());
        // Outside a 30-day window the payers do not count together.
        graph::IndicatorOptions narrow;
        narrow.to_ms = day_ms(7);
        CHECK(run_pattern(f, "many_payers", narrow).matches.empty());
    }

    TEST_CASE("many_payers: payers who are in contact with each other are not 'unrelated'") {
        GraphFixture f;
        f.account("mule", gb_iban(1));
        for (int i = 1; i <= 5; ++i) {
            f.account("p" + std::to_string(i), gb_iban(10 + i));
            f.pay("p" + std::to_string(i), "mule", 10000, day_ms(i));
        }
        f.pay("p1", "p2", 100, day_ms(9)); // a payment between two payers is not "other" contact...
        f.finish();
        CHECK(run_pattern(f, "many_payers").matches.size() == 1);
        // ...but a merge of p1 with p2 leaves four distinct payers.
        graph::IndicatorOptions opt;
        store::Transaction tx(f.db());
        f.db()
            .prepare(
                "INSERT INTO merge(entity_a, entity_b, reason, analyst, at) VALUES (?1, ?2, 'x', 't', 'now')")
            .bind(1, f.id("p1"))
            .bind(2, f.id("p2"))
            .run();
        tx.commit();
        CHECK(run_pattern(f, "many_payers").matches.empty());
    }

    TEST_CASE(
        "funnel_account: cash in at three branches then 90% out within 48 h; no onward payment, no match") {
        GraphFixture f;
        f.account("funnel", gb_iban(1));
        f.account("hoard", gb_iban(2));
        f.account("onward", iban("RO", "RNCB0082004530720001"));
        const char* branches[] = {"LEEDS", "BRADFORD", "YORK", "LEEDS", "HULL"};
        for (int i = 0; i < 5; ++i) {
            f.deposit("funnel", 90000, day_ms(1 + i),
                      std::string("CASH DEPOSIT ") + branches[i] + " 00" + std::to_string(i));
            f.deposit("hoard", 90000, day_ms(1 + i), std::string("CASH DEPOSIT ") + branches[i]);
        }
        f.pay("funnel", "onward", 410000, day_ms(6));
        f.finish();
        const auto r = run_pattern(f, "funnel_account");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities.front() == f.id("funnel"));
        CHECK(r.matches[0].events.size() == 6);
        CHECK(r.matches[0].summary.find("4 places") != std::string::npos);
        // GBP 900 deposits are far under the default 10,000 threshold; just under a 1,000 one.
        CHECK(r.matches[0].summary.find("just under") == std::string::npos);
        graph::IndicatorOptions low;
        low.threshold_minor = 100000;
        const auto s = run_pattern(f, "funnel_account", low);
        REQUIRE(s.matches.size() == 1);
        CHECK(s.matches[0].summary.find("5 deposits just under the threshold of GBP 1,000.00") !=
              std::string::npos);
        CHECK(s.params["threshold_minor"] == 100000);
        low.threshold_minor = 90000; // 900 is not under 900
        CHECK(run_pattern(f, "funnel_account", low).matches[0].summary.find("just under") ==
              std::string::npos);
    }

    TEST_CASE("transfers_abroad: a payment to a Romanian IBAN from a GB case; --countries narrows the list") {
        GraphFixture f;
        f.account("home", gb_iban(1));
        f.account("local", gb_iban(2));
        f.account("ro", iban("RO", "RNCB0082004530720001"));
        f.pay("home", "ro", 50000, day_ms(3));
        f.pay("home", "ro", 25000, day_ms(4));
        f.pay("home", "local", 99900, day_ms(5));
        f.finish();
        auto r = run_pattern(f, "transfers_abroad");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("home"), f.id("ro")});
        CHECK(r.matches[0].events.size() == 2);
        CHECK(r.matches[0].summary.find("GBP 750.00") != std::string::npos);
        graph::IndicatorOptions bg;
        bg.countries = {"BG"};
        CHECK(run_pattern(f, "transfers_abroad", bg).matches.empty());
        bg.countries = {"RO"};
        CHECK(run_pattern(f, "transfers_abroad", bg).matches.size() == 1);
    }

    TEST_CASE("advert_payments: a payee named on the watchlist matches, case-insensitively") {
        GraphFixture f;
        f.account("pimp", gb_iban(1));
        f.account("Vivastreet Ltd", gb_iban(2));
        f.account("Tesco", gb_iban(3));
        f.pay("pimp", "Vivastreet Ltd", 2999, day_ms(2));
        f.pay("pimp", "Tesco", 2999, day_ms(2), "GBP", "groceries");
        f.finish();
        auto r = run_pattern(f, "advert_payments");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("pimp"), f.id("Vivastreet Ltd")});
        graph::IndicatorOptions w;
        w.watchlist = {"TESCO"};
        r = run_pattern(f, "advert_payments", w);
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].events.size() == 1);
    }

    TEST_CASE(
        "shared_identifier: one number on two people's contact cards; a victim among them ranks it first") {
        GraphFixture f;
        f.contact_card("Alice", "shared", day_ms(1));
        f.contact_card("Bob", "shared", day_ms(1));
        f.contact_card("Carol", "own", day_ms(1));
        f.contact_card("Dave", "other", day_ms(1));
        f.contact_card("Erin", "other", day_ms(1));
        f.message("shared", "own", day_ms(2)); // a message is contact, not holding
        f.finish();
        store::add_tag(f.db(), f.id("Erin"), "victim", "tester");
        const auto r = run_pattern(f, "shared_identifier");
        REQUIRE(r.matches.size() == 2);
        CHECK(r.matches[0].entities.front() == f.id("other")); // Erin is a victim
        CHECK(r.matches[1].entities == std::vector<std::int64_t>{f.id("shared"), f.id("Alice"), f.id("Bob")});
        CHECK(r.matches[1].events.size() == 2);
    }

    TEST_CASE("controller_hub on the demo case: the controller phone, in contact with exactly the manifest's "
              "victims") {
        test::TempDir d, m;
        const auto manifest = demo::write_demo_evidence(m.path(), {});
        REQUIRE(test::run_cli({"demo", d.path().string()}).exit_code == 0);
        const auto r =
            test::run_cli({"query", (d / "demo.case").string(), "indicators", "controller_hub", "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = nlohmann::json::parse(r.out);
        REQUIRE(j["results"].size() == 1);
        const auto& res = j["results"][0];
        CHECK(res["indicator"] == "controller_hub");
        REQUIRE(res["matches"].size() >= 1);
        const auto& top = res["matches"][0];
        std::set<std::string> expected, got;
        for (const auto& v : manifest.victims)
            if (!v.phone_e164.empty())
                expected.insert(v.phone_e164);
        REQUIRE(expected.size() >= 3);
        for (std::size_t i = 1; i < top["entities"].size(); ++i)
            got.insert(top["entities"][i]["identifiers"][0]["value"].get<std::string>());
        CHECK(got == expected);
        CHECK(top["entities"][0]["tags"] ==
              nlohmann::json::array({"suspect"})); // the controller, not a victim
        CHECK(top["evidence"].size() > expected.size());
        CHECK(top["summary"].get<std::string>().find("in contact with " + std::to_string(expected.size())) !=
              std::string::npos);
    }
}
