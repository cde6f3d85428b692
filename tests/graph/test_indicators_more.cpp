// Indicator patterns #6, #7, #9, #10 and #12-#16 (DOMAIN.md §6) on hand-built cases: each fires on a case
// built to show it and stays silent on a near miss; a case without the records a pattern reads says so.
#include "demo/demo.hpp"
#include "fixture.hpp"
#include "graph/indicators.hpp"
#include "graph/merges.hpp"
#include "store/time.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

using namespace casegraph;
using test::day_ms;
using test::gb_iban;
using test::GraphFixture;
using test::iban;
using test::run_pattern;

namespace test_indicators_more {

// The statement account of a camt.053 file: the first <IBAN> inside <Acct>, read from the file itself.
std::string camt_account(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto text = ss.str();
    std::smatch m;
    REQUIRE(std::regex_search(text, m, std::regex("<Acct>\\s*<Id>\\s*<IBAN>([A-Z0-9]+)</IBAN>")));
    return m[1];
}

nlohmann::json indicator(const std::string& case_path, const std::string& name) {
    const auto r = test::run_cli({"query", case_path, "indicator", name, "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["results"].size() == 1);
    CHECK(j["results"][0]["indicator"] == name);
    return j["results"][0];
}

std::set<std::string> first_identifiers(const nlohmann::json& entities) {
    std::set<std::string> out;
    for (const auto& e : entities)
        if (!e["identifiers"].empty())
            out.insert(e["identifiers"][0]["value"].get<std::string>());
    return out;
}

} // namespace test_indicators_more

using namespace test_indicators_more;

TEST_SUITE("graph") {
    TEST_CASE("every pattern of DOMAIN.md §6 has a named query, numbered 1 to 16") {
        const auto& names = graph::indicator_names();
        REQUIRE(names.size() == 16);
        GraphFixture f;
        f.message("a", "b", day_ms(1));
        f.finish();
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto r = run_pattern(f, names[i]);
            CHECK(r.number == static_cast<int>(i + 1));
            // A case of one message: every pattern either runs (no matches) or says what it needs.
            CHECK(r.matches.empty());
        }
        // Payment patterns on a case without payments say so instead of finding nothing.
        for (const char* n : {"earnings_passthrough", "cash_business", "travel_spend", "arranged_payment"})
            CHECK(run_pattern(f, n).not_computable.find("needs") == 0);
        CHECK(run_pattern(f, "shared_address").not_computable.find("location fixes") != std::string::npos);
        CHECK(run_pattern(f, "identity_churn").not_computable.find("needs") == 0);
        CHECK(run_pattern(f, "others_accounts").not_computable.find("tagged suspect") != std::string::npos);
    }

    TEST_CASE("earnings_passthrough: two accounts passing on most of an inflow to C within 72 h; one late "
              "or small pass-on does not count") {
        GraphFixture f;
        f.account("employer", gb_iban(1));
        f.account("C", gb_iban(2));
        f.account("late C", gb_iban(3));
        for (int v = 1; v <= 4; ++v)
            f.account("V" + std::to_string(v), gb_iban(10 + v));
        for (int v = 1; v <= 4; ++v)
            f.pay("employer", "V" + std::to_string(v), 100000, day_ms(1));
        f.pay("V1", "C", 60000, day_ms(2));       // 60% a day later
        f.pay("V2", "C", 90000, day_ms(3));       // 90% two days later
        f.pay("V3", "C", 20000, day_ms(2));       // 20%: not passed through
        f.pay("V4", "late C", 90000, day_ms(9));  // a week later: not passed through
        f.pay("V3", "late C", 90000, day_ms(10)); // nor this
        f.finish();
        auto r = run_pattern(f, "earnings_passthrough");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("C"), f.id("V1"), f.id("V2")});
        CHECK(r.matches[0].events.size() == 4); // two inflows, two pass-ons
        CHECK(r.params["window_hours"] == 72);
        // Accounts tagged victim count for C without their inflows being in the case.
        f.tag("V3", "victim");
        f.tag("V4", "victim");
        r = run_pattern(f, "earnings_passthrough");
        REQUIRE(r.matches.size() == 2);
        CHECK(r.matches[0].entities.front() == f.id("C")); // V1, V2 passed on; V3 is a victim paying C
        CHECK(r.matches[0].entities.size() == 4);
        CHECK(r.matches[1].entities == std::vector<std::int64_t>{f.id("late C"), f.id("V3"), f.id("V4")});
    }

    TEST_CASE("cash_business: ten cash deposits and no payroll; a payroll payer or nine deposits do not "
              "match") {
        GraphFixture f;
        f.account("Shop Ltd", gb_iban(1));
        f.account("Payroll Shop Ltd", gb_iban(2));
        f.account("Small Shop Ltd", gb_iban(3));
        f.account("staff", gb_iban(4));
        for (int i = 1; i <= 10; ++i) {
            f.deposit("Shop Ltd", 40000, day_ms(i, 23), "CASH DEPOSIT LUTON"); // 23:00 UTC: after hours
            f.deposit("Payroll Shop Ltd", 40000, day_ms(i, 10), "CASH DEPOSIT");
            if (i <= 9)
                f.deposit("Small Shop Ltd", 40000, day_ms(i, 10), "CASH DEPOSIT");
        }
        f.pay("Payroll Shop Ltd", "staff", 150000, day_ms(28), "GBP", "SALARY MARCH");
        f.finish();
        const auto r = run_pattern(f, "cash_business");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities.front() == f.id("Shop Ltd"));
        CHECK(r.matches[0].events.size() == 10);
        CHECK(r.matches[0].summary.find("10 of 10 timed deposits outside business hours") !=
              std::string::npos);
    }

    TEST_CASE("travel_spend: three travel payments within 30 days; two, or three spread over 90 days, do "
              "not match") {
        GraphFixture f;
        f.account("traveller", gb_iban(1));
        f.account("slow", gb_iban(2));
        f.account("pair", gb_iban(3));
        f.account("Ryanair", gb_iban(4));
        f.account("Premier Inn Leeds", gb_iban(5));
        f.account("Tesco", gb_iban(6));
        f.pay("traveller", "Ryanair", 8000, day_ms(1));
        f.pay("traveller", "Premier Inn Leeds", 12000, day_ms(2));
        f.pay("traveller", "Tesco", 5000, day_ms(3), "GBP", "NATIONAL EXPRESS COACH");
        f.pay("traveller", "Tesco", 5000, day_ms(4), "GBP", "groceries");
        f.pay("pair", "Ryanair", 8000, day_ms(1));
        f.pay("pair", "Premier Inn Leeds", 8000, day_ms(1));
        for (int m = 1; m <= 3; ++m)
            f.pay("slow", "Ryanair", 8000, store::civil_to_utc_ms({2024, 1 + m * 2, 1, 12, 0, 0, 0}));
        f.finish();
        const auto r = run_pattern(f, "travel_spend");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities.front() == f.id("traveller"));
        CHECK(r.matches[0].events.size() == 3);
        CHECK(r.matches[0].summary.find("travel is 83% of what it paid out") !=
              std::string::npos); // 250 of 300
        CHECK(r.params["victim_locations"].get<std::string>().find("needs location fixes") !=
              std::string::npos);
    }

    TEST_CASE("alt_payments: a payment to a crypto exchange matches; a supermarket does not") {
        GraphFixture f;
        f.account("payer", gb_iban(1));
        f.account("other", gb_iban(2));
        f.account("Coinbase UK", gb_iban(3));
        f.account("Tesco", gb_iban(4));
        f.pay("payer", "Coinbase UK", 50000, day_ms(1));
        f.pay("other", "Tesco", 50000, day_ms(1));
        f.finish();
        const auto r = run_pattern(f, "alt_payments");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("payer"), f.id("Coinbase UK")});
        CHECK(r.name == "alt_payments");
    }

    TEST_CASE("others_accounts: a victim's IBAN in the chats of a suspect's handset; the same on another "
              "handset does not match") {
        GraphFixture f;
        f.phone("boss"); // +447700900001
        f.phone("ana");
        f.account("ana account", gb_iban(7));
        f.set_owner("+447700900001"); // phone-a.db is the boss's handset
        const auto ev = f.say("boss", "ana", day_ms(1), "send it from " + gb_iban(7));
        f.next_evidence("friend.db");
        f.say("ana", "boss", day_ms(2), "my account " + gb_iban(7)); // on a handset nobody tagged
        f.finish();
        f.tag("boss", "suspect");
        f.tag("ana account", "victim");
        const auto r = run_pattern(f, "others_accounts");
        REQUIRE(r.not_computable.empty());
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("boss"), f.id("ana account")});
        CHECK(r.matches[0].events == std::vector<std::int64_t>{ev});
    }

    TEST_CASE("shared_address: three people at one place at night; by day, or two people, no match") {
        GraphFixture f;
        for (const char* who : {"p1", "p2", "p3"})
            f.location(who, 51.50001, -0.12002, day_ms(1, 23));
        for (const char* who : {"d1", "d2", "d3"})
            f.location(who, 52.4, -1.9, day_ms(1, 13));
        for (const char* who : {"n1", "n2"})
            f.location(who, 53.8, -1.55, day_ms(2, 2));
        f.finish();
        const auto r = run_pattern(f, "shared_address");
        REQUIRE(r.not_computable.empty());
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("p1"), f.id("p2"), f.id("p3")});
        CHECK(r.matches[0].events.size() == 3);
    }

    TEST_CASE("arranged_payment: 'pay 500 into IBAN' then 500 arrives within a week; another amount or a "
              "late payment does not match") {
        GraphFixture f;
        f.phone("boss");
        f.phone("ana");
        f.account("boss account", gb_iban(1));
        f.account("ana account", gb_iban(2));
        f.account("stranger", gb_iban(3));
        const auto ask = f.say("boss", "ana", day_ms(1), "Pay 500 into " + gb_iban(1) + " by Friday");
        const auto paid = f.pay("ana account", "boss account", 50000, day_ms(3));
        f.pay("stranger", "boss account", 80000, day_ms(4));     // another amount
        f.pay("ana account", "boss account", 50000, day_ms(20)); // too late
        f.finish();
        const auto r = run_pattern(f, "arranged_payment");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].events == std::vector<std::int64_t>{ask, paid});
        CHECK(r.matches[0].entities.front() == f.id("boss"));
        CHECK(r.matches[0].summary.find("1 payments (GBP 500.00)") != std::string::npos);
    }

    TEST_CASE(
        "arranged_payment: 'pay into IBAN' with no amount counts new payers only; an amount alone needs "
        "both sides' accounts") {
        GraphFixture f;
        f.phone("boss");
        f.phone("ana");
        f.account("boss account", gb_iban(1));
        f.account("old payer", gb_iban(2));
        f.account("new payer", gb_iban(3));
        f.pay("old payer", "boss account", 30000, day_ms(1) - 40 * 86'400'000LL); // paid 40 days before
        const auto ask = f.say("boss", "ana", day_ms(2), "Pay the room money to my account " + gb_iban(1));
        f.pay("old payer", "boss account", 30000, day_ms(3));
        const auto fresh = f.pay("new payer", "boss account", 25000, day_ms(4));
        f.say("ana", "boss", day_ms(5), "He paid only 250"); // ana's account is not known: no match
        f.pay("new payer", "boss account", 25000, day_ms(6));
        f.finish();
        const auto r = run_pattern(f, "arranged_payment");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].events.front() == ask);
        CHECK(std::count(r.matches[0].events.begin(), r.matches[0].events.end(), fresh) == 1);
        CHECK(r.matches[0].events.size() == 3); // the message and new payer's two payments
    }

    TEST_CASE("amounts_in_text: money written as people write it, not clock times or IBAN digits") {
        CHECK(graph::amounts_in_text("Send 2k to RO tomorrow") == std::vector<std::int64_t>{200000});
        CHECK(graph::amounts_in_text("You owe me 1,500 still") == std::vector<std::int64_t>{150000});
        CHECK(graph::amounts_in_text("\xc2\xa3"
                                     "12.50 for the taxi") == std::vector<std::int64_t>{1250});
        CHECK(graph::amounts_in_text("be ready 8pm, client at 10:30").empty());
        CHECK(graph::amounts_in_text("Pay into GB29 NWBK 6016 1331 9268 19").empty());
        CHECK(graph::amounts_in_text("flat 2, 14 Calder Road").empty());
    }

    TEST_CASE("identity_churn: a security-code change in a chat, and two numbers merged into one person") {
        GraphFixture f;
        f.phone("ana"); // +447700900001, the owner of this chat export
        f.set_owner("+447700900001");
        f.message("boss", "ana", day_ms(1));
        f.message("ana", "boss", day_ms(1));
        const auto sys = f.system_line("Your security code with Boss changed. Tap to learn more.",
                                       "security_code", "", day_ms(2));
        f.finish();
        auto r = run_pattern(f, "identity_churn");
        REQUIRE(r.not_computable.empty());
        // The line names nobody: it is about the chat's other side, not the owner of the export.
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("boss")});
        CHECK(r.matches[0].events == std::vector<std::int64_t>{sys});
        // A near miss: a case of plain messages has nothing to read churn from.
        GraphFixture g;
        g.message("x", "y", day_ms(1));
        g.finish();
        CHECK_FALSE(run_pattern(g, "identity_churn").not_computable.empty());
        // The analyst merges two numbers as one person: that person holds two numbers.
        graph::merge_entities(g.db(), g.id("x"), g.id("y"), "same man, new SIM", "tester");
        r = run_pattern(g, "identity_churn");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].summary.find("holds 2 phone numbers") != std::string::npos);
        CHECK(r.matches[0].events.size() == 1); // the one message naming both numbers
    }

    TEST_CASE("recruitment_agency: job and visa talk then a coach booking within 14 days; one message, or "
              "a booking a month later, no match") {
        GraphFixture f;
        f.phone("recruiter");
        f.phone("chatty");
        f.phone("girl");
        f.account("payer", gb_iban(1));
        f.account("National Express", gb_iban(2));
        f.say("recruiter", "girl", day_ms(1), "Good job in London, visa is no problem");
        f.say("recruiter", "girl", day_ms(2), "Documents done, you arrive Tuesday");
        f.say("chatty", "girl", day_ms(1), "Any job for me?");
        f.pay("payer", "National Express", 4500, day_ms(5), "GBP", "COACH TICKET");
        f.finish();
        auto r = run_pattern(f, "recruitment_agency");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities == std::vector<std::int64_t>{f.id("recruiter")});
        CHECK(r.matches[0].events.size() == 3);
        CHECK(r.params["agencies"].get<std::string>().find("not set") == 0);
        graph::IndicatorOptions late;
        late.from_ms = day_ms(3); // the talk falls outside the window: nothing is followed by travel
        CHECK(run_pattern(f, "recruitment_agency", late).matches.empty());
        graph::IndicatorOptions list;
        list.agencies = {"national express"};
        r = run_pattern(f, "recruitment_agency", list);
        CHECK(r.matches.size() == 2); // the payer of the listed agency, and the recruiter
    }

    TEST_CASE("controller_hub names what each victim saved the hub under, on her own device only") {
        GraphFixture f;
        f.phone("v1"); // +447700900001: her handset is the next evidence file
        f.phone("hub");
        for (const char* v : {"v1", "v2", "v3"}) {
            f.phone(v);
            f.message("hub", v, day_ms(1));
        }
        f.contact_card("Marek", "hub", day_ms(1)); // the hub's own address book: not a victim's
        f.next_evidence("v1-phone.db");
        f.set_owner("+447700900001");
        f.contact_card("Boss", "hub", day_ms(2)); // v1 saved the hub's number as "Boss"
        f.finish();
        for (const char* v : {"v1", "v2", "v3"})
            f.tag(v, "victim");
        const auto r = run_pattern(f, "controller_hub");
        REQUIRE(r.matches.size() == 1);
        CHECK(r.matches[0].entities.front() == f.id("hub"));
        CHECK(r.matches[0].summary.find("saved as 'Boss' by v1") != std::string::npos);
        CHECK(r.matches[0].summary.find("Marek") == std::string::npos);
    }

    TEST_CASE("the demo case: victims' room money passed to the controller's account, whose IBAN his phone "
              "texted, and the IBAN in the chat arranging payments that then arrive") {
        test::TempDir d, m;
        const auto manifest = demo::write_demo_evidence(m.path(), {});
        REQUIRE(test::run_cli({"demo", d.path().string()}).exit_code == 0);
        const auto case_path = (d / "demo.case").string();
        std::string camt;
        for (const auto& f : manifest.files)
            if (std::string(f.format) == "camt")
                camt = camt_account(f.path);
        REQUIRE(!camt.empty());
        std::set<std::string> victim_ibans;
        for (const auto& v : manifest.victims)
            victim_ibans.insert(v.iban);
        // #6: every victim account pays the controller's account.
        auto r = indicator(case_path, "earnings_passthrough");
        REQUIRE(r["matches"].size() >= 1);
        const auto& top = r["matches"][0];
        CHECK(top["entities"][0]["identifiers"][0]["value"] == camt);
        const auto payers = first_identifiers(top["entities"]);
        for (const auto& v : victim_ibans)
            CHECK(payers.count(v) == 1);
        // The controller's phone is one hop from his account: the SMS naming it, from his handset.
        const auto p = test::run_cli({"query", case_path, "path", manifest.suspects_e164[0], camt, "--json"});
        REQUIRE(p.exit_code == 0);
        const auto pj = nlohmann::json::parse(p.out);
        REQUIRE(pj["results"].size() == 1);
        REQUIRE(pj["results"][0]["hops"].size() == 1);
        const auto& ev = pj["results"][0]["hops"][0]["evidence"];
        REQUIRE(ev.size() == 1);
        CHECK(ev[0]["locator"].get<std::string>().rfind("sqlite:sms/", 0) == 0);
        // #14: "pay the room money ... to my account GB.." in the victim's chat names no amount, a day
        // before the controller's statement starts: with no history no payer can be called new, so the
        // victims' first payments are not claimed as arranged by that message (they were, before).
        r = indicator(case_path, "arranged_payment");
        for (const auto& mt : r["matches"])
            CHECK_FALSE((first_identifiers(mt["entities"]).count(camt) &&
                         mt["evidence"][0]["locator"].get<std::string>().find("line:") != std::string::npos));
        CHECK(r["params"].contains("new_payers_not_judged"));
        // Patterns the demo plants and a pattern it cannot support.
        CHECK_FALSE(indicator(case_path, "rent_payer")["matches"].empty());
        CHECK_FALSE(indicator(case_path, "transfers_abroad")["matches"].empty());
        CHECK(indicator(case_path, "shared_address").contains("not_computable") ==
              false); // WhatsApp locations
        CHECK(indicator(case_path, "others_accounts")["matches"].empty());
        // #15: the security-code line in the victim's chat is about Boss, not about her.
        r = indicator(case_path, "identity_churn");
        REQUIRE(r["matches"].size() == 1);
        CHECK(r["matches"][0]["entities"][0]["label"] == "Boss");
    }
}
