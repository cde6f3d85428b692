// whatsapp-contacts: wa.db wa_contacts on IPED's real sample.
#include "ingest_fixture.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::q_int;
using test::q_text;
using test::TempDir;

TEST_SUITE("ingest") {
    TEST_CASE("IPED wa.db: every wa_contacts row is a contact card and saved names label the numbers") {
        TempDir src;
        const auto copy = test::copy_to(test::sample("android/iped_whatsapp_wa.db"), src.path());
        store::Db source(copy.string(), store::OpenMode::ReadOnly);
        test::TestCase c("BR");
        const auto report = c.ingest({test::sample("android/iped_whatsapp_wa.db")});
        REQUIRE(report.files[0].format == "whatsapp-contacts");
        CHECK(report.files[0].status == "imported");
        const auto rows = q_int(source, "SELECT count(*) FROM wa_contacts");
        CHECK(rows == 389);
        CHECK(c.events("contact_card") == rows);
        CHECK(c.notes()["wa_contacts.groups"] ==
              q_int(source, "SELECT count(*) FROM wa_contacts WHERE jid LIKE '%@g.us'"));
        // Ten user rows with a saved name: the JID's number carries that name, and the card names both.
        auto st = source.prepare(
            "SELECT _id, jid, display_name, number FROM wa_contacts WHERE jid LIKE "
            "'%@s.whatsapp.net' AND display_name IS NOT NULL AND length(jid) < 30 ORDER BY _id "
            "LIMIT 10");
        int compared = 0;
        while (st.step()) {
            const std::string jid = st.column_text(1);
            CAPTURE(jid);
            const auto e = c.event_at("sqlite:wa_contacts/rowid=" + std::to_string(st.column_int64(0)));
            CHECK(e.attrs["jid"] == jid);
            CHECK(e.attrs["display_name"] == st.column_text(2));
            CHECK(e.party("owner")->kind == "device");
            const auto ids = e.identifiers("participant");
            const std::string phone = "+" + jid.substr(0, jid.find('@'));
            CHECK(std::count(ids.begin(), ids.end(), phone) == 1);
            CHECK(q_text(c.db(),
                         "SELECT e.label FROM entity e JOIN identifier i ON i.entity_id = e.id WHERE i.value "
                         "= ?1",
                         phone) == st.column_text(2));
            ++compared;
        }
        CHECK(compared == 10);
        // Groups are WhatsApp handles labelled with their subject, never phone numbers.
        const auto group_jid = q_text(source, "SELECT jid FROM wa_contacts WHERE _id = 1").value();
        CHECK(q_text(c.db(), "SELECT scope FROM identifier WHERE value = ?1", group_jid) == "whatsapp");
        CHECK(
            q_text(c.db(),
                   "SELECT e.label FROM entity e JOIN identifier i ON i.entity_id = e.id WHERE i.value = ?1",
                   group_jid) == q_text(source, "SELECT display_name FROM wa_contacts WHERE _id = 1"));
    }
}
