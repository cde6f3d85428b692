// android-contacts: contacts2.db cards (raw_contacts + data + mimetypes) and the calls the same file holds.
#include "ingest_fixture.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::q_int;
using test::q_text;
using test::TempDir;

namespace {

// A contacts2.db cut down to the tables and columns ContactsContract documents and casegraph reads.
constexpr std::string_view kContacts2 = R"sql(
CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL);
INSERT INTO mimetypes VALUES (1, 'vnd.android.cursor.item/name'), (2, 'vnd.android.cursor.item/phone_v2'),
  (3, 'vnd.android.cursor.item/email_v2'), (4, 'vnd.android.cursor.item/organization'),
  (5, 'vnd.android.cursor.item/postal-address_v2'), (6, 'vnd.android.cursor.item/photo');
CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, contact_id INTEGER, account_name TEXT,
  account_type TEXT, deleted INTEGER NOT NULL DEFAULT 0, display_name TEXT);
CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, name_raw_contact_id INTEGER);
CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype_id INTEGER NOT NULL,
  raw_contact_id INTEGER NOT NULL, data1 TEXT, data2 TEXT, data3 TEXT, data4 TEXT, data15 BLOB);
INSERT INTO raw_contacts VALUES (1, 1, 'mike@example.com', 'com.google', 0, 'Mike'),
  (2, 2, '447700900111', 'com.whatsapp', 0, 'Mike (WhatsApp)'),
  (3, 3, NULL, NULL, 1, 'Anna Berlin');
INSERT INTO data(_id, mimetype_id, raw_contact_id, data1, data2, data3, data4) VALUES
  (10, 1, 1, 'Mike', 'Mike', NULL, NULL),
  (11, 2, 1, '07700 900111', '2', NULL, '+447700900111'),
  (12, 3, 1, 'Mike.Smith@Example.com', '1', NULL, NULL),
  (13, 4, 1, 'Acme Staffing', NULL, NULL, 'Recruiter'),
  (14, 5, 1, '1 High St, Luton', NULL, NULL, NULL),
  (15, 6, 1, NULL, NULL, NULL, NULL),
  (20, 2, 2, '+44 7700 900111', '2', NULL, '+447700900111'),
  (30, 2, 3, '030 1234567', '2', NULL, '+49301234567'),
  (40, 2, 99, '07700 900999', '2', NULL, NULL);
CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, date INTEGER, duration INTEGER,
  type INTEGER, name TEXT, countryiso TEXT);
INSERT INTO calls VALUES (1, '07700900111', 1700000000000, 61, 2, 'Mike', 'GB');
)sql";

// Rows out of key order, a key stored as text, a NULL key, an orphan key between two cards and a card
// without data rows: the cards are walked by key, not read whole first (issue 10).
constexpr std::string_view kOddKeys = R"sql(
CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL);
INSERT INTO mimetypes VALUES (1, 'vnd.android.cursor.item/name'), (2, 'vnd.android.cursor.item/phone_v2');
CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY, contact_id INTEGER, display_name TEXT);
INSERT INTO raw_contacts VALUES (1, 1, 'Ann'), (4, 4, 'Ben'), (6, 6, 'Cy');
CREATE TABLE data (_id INTEGER PRIMARY KEY, mimetype_id INTEGER, raw_contact_id, data1 TEXT, data4 TEXT);
INSERT INTO data VALUES (1, 2, 4, '07700 900104', NULL), (2, 2, 1, '07700 900101', NULL),
  (3, 2, '2', '07700 900102', NULL), (4, 2, 4, '07700 900105', NULL), (5, 2, NULL, '07700 900100', NULL);
)sql";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "plaso contacts2.db is detected as contacts, imports its calls and says raw_contacts is missing") {
        TempDir src;
        const auto copy = test::copy_to(test::sample("android/plaso_contacts2_calls.db"), src.path());
        store::Db source(copy.string(), store::OpenMode::ReadOnly);
        test::TestCase c("GB");
        const auto report = c.ingest({test::sample("android/plaso_contacts2_calls.db")});
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "android-contacts");
        CHECK(report.files[0].status == "imported");
        CHECK(c.events("call") == q_int(source, "SELECT count(*) FROM calls"));
        CHECK(c.events("contact_card") == q_int(source, "SELECT count(DISTINCT raw_contact_id) FROM data"));
        CHECK(q_text(c.db(), "SELECT message FROM import_error WHERE locator = 'sqlite:raw_contacts'")
                  .value_or("")
                  .find("raw_contacts is absent") != std::string::npos);
        CHECK(c.notes()["raw_contacts.present"] == false);
        // The call rows are the same events android-calls writes.
        const auto e = c.event_at("sqlite:calls/rowid=715");
        CHECK(e.utc_ms == q_int(source, "SELECT date FROM calls WHERE _id = 715"));
        CHECK(e.party("callee")->identifier ==
              q_text(source, "SELECT normalized_number FROM calls WHERE _id = 715"));
    }

    TEST_CASE("each raw contact is a person card linking the owner, the person and its identifiers") {
        TempDir ev;
        test::make_db(ev / "contacts2.db", kContacts2);
        test::TestCase c("GB");
        const auto report = c.ingest({ev / "contacts2.db"});
        REQUIRE(report.files[0].format == "android-contacts");
        CHECK(report.files[0].status == "imported");
        CHECK(c.events("contact_card") == 4); // three raw contacts + the orphaned data rows of raw contact 99
        CHECK(c.events("call") == 1);

        const auto mike = c.event_at("sqlite:raw_contacts/rowid=1");
        CHECK(mike.kind == "contact_card");
        CHECK(mike.party("owner")->kind == "device");
        CHECK(mike.party("participant") != nullptr);
        const auto ids = mike.identifiers("participant");
        CHECK(std::count(ids.begin(), ids.end(), "+447700900111") == 1);
        CHECK(std::count(ids.begin(), ids.end(), "mike.smith@example.com") == 1);
        CHECK(mike.attrs["organizations"][0]["company"] == "Acme Staffing");
        CHECK(mike.attrs["organizations"][0]["title"] == "Recruiter");
        CHECK(mike.attrs["postal_addresses"][0]["formatted"] == "1 High St, Luton");
        CHECK(mike.attrs["account_type"] == "com.google");
        CHECK(mike.attrs["other_data"][0]["mimetype"] == "vnd.android.cursor.item/photo");
        CHECK(c.notes()["data.rows_not_modelled_by_mimetype"]["vnd.android.cursor.item/photo"] == 1);
        CHECK(
            q_text(c.db(), "SELECT label FROM entity WHERE key LIKE 'person:%sqlite:raw_contacts/rowid=1'") ==
            "Mike");
        CHECK(q_text(c.db(),
                     "SELECT e.label FROM entity e JOIN identifier i ON i.entity_id = e.id WHERE i.value = "
                     "'+447700900111'") == "Mike");
        // The phone's sighting points at its data row, not just the card.
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM identifier_source s JOIN source o ON o.id = s.source_id JOIN "
                    "identifier i ON i.id = s.identifier_id WHERE o.locator = 'sqlite:data/rowid=11' AND "
                    "i.value = '+447700900111' AND s.raw = '07700 900111'") == 1);
    }

    TEST_CASE("two cards sharing a number are two people and one phone: a shared identifier is not a merge") {
        TempDir ev;
        test::make_db(ev / "contacts2.db", kContacts2);
        test::TestCase c("GB");
        REQUIRE(c.ingest({ev / "contacts2.db"}).files[0].status == "imported");
        const auto a = c.event_at("sqlite:raw_contacts/rowid=1");
        const auto b = c.event_at("sqlite:raw_contacts/rowid=2");
        const auto* pa = a.party("participant");
        CHECK(q_int(c.db(), "SELECT count(*) FROM entity WHERE kind = 'person'") == 4);
        CHECK(q_int(c.db(), "SELECT count(*) FROM identifier WHERE value = '+447700900111'") == 1);
        CHECK(b.attrs["account_type"] == "com.whatsapp");
        CHECK(pa != nullptr);
    }

    TEST_CASE(
        "deleted cards keep their flag; a device-normalised number that disagrees is kept beside ours") {
        TempDir ev;
        test::make_db(ev / "contacts2.db", kContacts2);
        test::TestCase c("GB");
        REQUIRE(c.ingest({ev / "contacts2.db"}).files[0].status == "imported");
        const auto anna = c.event_at("sqlite:raw_contacts/rowid=3");
        CHECK(anna.deleted);
        CHECK_FALSE(c.event_at("sqlite:raw_contacts/rowid=1").deleted);
        const auto ids = anna.identifiers("participant");
        CHECK(std::count(ids.begin(), ids.end(), "+49301234567") == 1); // what the phone computed
        CHECK(std::count(ids.begin(), ids.end(), "+44301234567") +
                  std::count(ids.begin(), ids.end(), "030 1234567") ==
              1); // what the case region GB gives
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM import_error WHERE locator = 'sqlite:data/rowid=30' AND severity "
                    "= 'warning'") == 1);
        // Data rows whose raw contact is gone still become a card, with a warning.
        const auto orphan = c.event_at("sqlite:data/raw_contact_id=99");
        CHECK(orphan.identifiers("participant").back() == "+447700900999");
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM import_error WHERE locator = 'sqlite:data/raw_contact_id=99'") ==
              1);
    }

    TEST_CASE("cards are grouped by raw contact whatever the row order and key type of data") {
        TempDir ev;
        test::make_db(ev / "contacts2.db", kOddKeys);
        test::TestCase c("GB");
        REQUIRE(c.ingest({ev / "contacts2.db"}).files[0].status == "imported");
        CHECK(q_int(c.db(), "SELECT count(*) FROM event WHERE kind = 'contact_card'") ==
              5); // 3 cards, 2 orphans
        const auto ben = c.event_at("sqlite:raw_contacts/rowid=4");
        const auto ids = ben.identifiers("participant");
        CHECK(std::count(ids.begin(), ids.end(), "+447700900104") == 1); // data row 1
        CHECK(std::count(ids.begin(), ids.end(), "+447700900105") == 1); // data row 4
        CHECK(c.event_at("sqlite:raw_contacts/rowid=1").identifiers("participant").back() == "+447700900101");
        CHECK(c.event_at("sqlite:raw_contacts/rowid=6").attrs["contact_id"] == 6); // no data rows
        // '2' (text) names no raw contact; NULL is read as 0: both are cards of their own, with a warning.
        CHECK(c.event_at("sqlite:data/raw_contact_id=2").identifiers("participant").back() ==
              "+447700900102");
        CHECK(c.event_at("sqlite:data/raw_contact_id=0").identifiers("participant").back() ==
              "+447700900100");
        CHECK(q_int(c.db(),
                    "SELECT count(*) FROM import_error WHERE locator LIKE 'sqlite:data/raw_contact_id=%' "
                    "AND severity = 'warning'") == 2);
        CHECK(c.notes()["data.rows"] == 5);
    }
}
