// IBANs and phone numbers written in message text become identifier sightings and `mentions` links
// (graph/store/mentions.cpp), derived with the other links and stable under a rebuild.
#include "fixture.hpp"
#include "store/mentions.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::day_ms;
using test::GraphFixture;

namespace test_mentions {

// The IBAN of ISO 13616's own example, and the demo's fictional mobile range.
constexpr const char* kExampleIban = "GB29NWBK60161331926819";

std::int64_t count(const store::Db& db, const std::string& sql) {
    return db.scalar_int(sql);
}

} // namespace test_mentions

using namespace test_mentions;

TEST_SUITE("graph") {
    TEST_CASE("find_text_mentions: a grouped IBAN and a national mobile number; near misses are not") {
        const auto m = store::find_text_mentions(
            "Pay into GB29 NWBK 6016 1331 9268 19 thanks, or call 07700 900123.", "GB");
        REQUIRE(m.size() == 2);
        CHECK(m[0].type == "iban");
        CHECK(m[0].value == kExampleIban);
        CHECK(m[0].raw == "GB29 NWBK 6016 1331 9268 19");
        CHECK(m[1].type == "phone");
        CHECK(m[1].value == "+447700900123");
        CHECK(m[1].raw == "07700 900123");
        // International form needs no region; the national form does.
        CHECK(store::find_text_mentions("ring +44 7700 900123", "").size() == 1);
        CHECK(store::find_text_mentions("ring 07700 900123", "").empty());
        // A wrong check digit, a long reference, a date and a street address.
        CHECK(store::find_text_mentions("GB29 NWBK 6016 1331 9268 18", "GB").empty());
        CHECK(store::find_text_mentions("ref 012345678901234567", "GB").empty());
        CHECK(store::find_text_mentions("01/03/2024 10:00 at 14 Calder Road, flat 2", "GB").empty());
        // An IBAN's digits are not read as a phone number as well.
        CHECK(store::find_text_mentions("GB29NWBK60161331926819", "GB").size() == 1);
    }

    TEST_CASE("a message naming an account's IBAN links its sender to the account, with the message as "
              "evidence and the raw text as a sighting") {
        GraphFixture f;
        const auto acct = f.account("boss account", kExampleIban);
        const auto ev =
            f.say("boss", "ana", day_ms(1), "Pay the room money to my account\nGB29 NWBK 6016 1331 9268 19");
        f.say("boss", "ana", day_ms(2), "new number 07700 900555");
        f.say("ana", "boss", day_ms(3), "ok"); // nothing to mine
        f.finish();
        const auto& db = f.db();
        CHECK(count(db, "SELECT count(*) FROM link WHERE kind = 'mentions'") == 2);
        CHECK(count(db, "SELECT count(*) FROM link WHERE kind = 'mentions' AND directed = 1 AND a = " +
                            std::to_string(f.id("boss")) + " AND b = " + std::to_string(acct)) == 1);
        CHECK(
            count(db, "SELECT le.event_id FROM link_event le JOIN link l ON l.id = le.link_id WHERE l.kind = "
                      "'mentions' AND l.b = " +
                          std::to_string(acct)) == ev);
        // The sighting: the identifier as read in that message, with the case region that read it.
        CHECK(
            count(db, "SELECT count(*) FROM identifier_source x JOIN identifier i ON i.id = x.identifier_id "
                      "JOIN event e ON e.source_id = x.source_id WHERE i.value = '" +
                          std::string(kExampleIban) + "' AND e.id = " + std::to_string(ev) +
                          " AND x.raw = 'GB29 NWBK 6016 1331 9268 19'") == 1);
        // A number seen nowhere else becomes a phone entity of its own, global (it normalised).
        CHECK(count(db, "SELECT count(*) FROM identifier WHERE type = 'phone' AND scope = '' AND value = "
                        "'+447700900555'") == 1);
        // The loaded graph sees the sender next to the account.
        const auto l = f.load();
        REQUIRE(l->g.vertex(acct));
        CHECK(l->g.pair(l->v(f.id("boss")), l->v(acct)) != nullptr);
        // A rebuild derives the same links and adds no sightings.
        const auto links = count(db, "SELECT count(*) FROM link"),
                   seen = count(db, "SELECT count(*) FROM identifier_source");
        store::rebuild_links(db);
        CHECK(count(db, "SELECT count(*) FROM link") == links);
        CHECK(count(db, "SELECT count(*) FROM link WHERE kind = 'mentions'") == 2);
        CHECK(count(db, "SELECT count(*) FROM identifier_source") == seen);
        // One event id at a time (the mentions looked up per slice): the same mentions links.
        const auto behind = count(db, "SELECT count(*) FROM link_event");
        store::rebuild_links(db, 1);
        CHECK(count(db, "SELECT count(*) FROM link") == links);
        CHECK(count(db, "SELECT count(*) FROM link WHERE kind = 'mentions'") == 2);
        CHECK(count(db, "SELECT count(*) FROM link_event") == behind);
    }
}
