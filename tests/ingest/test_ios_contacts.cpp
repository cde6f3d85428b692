// ios-contacts importer on an AddressBook.sqlitedb fixture (no public sample exists): names, Apple label
// wrappers, IM handles and postal addresses from ABMultiValueEntry, company cards, orphaned values, and a
// number shared with the call history resolving to one entity.
#include "ingest/ingest.hpp"
#include "ingest_fixture.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace casegraph;
using test::TempDir;

namespace {

ingest::IngestOptions opts(const std::string& r) {
    ingest::IngestOptions o;
    o.region = r;
    o.region_from = "evidence";
    return o;
}

std::filesystem::path make_address_book(const std::filesystem::path& dir) {
    const auto p = dir / "AddressBook.sqlitedb";
    store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
    w.exec(
        "CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, "
        "Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT, JobTitle TEXT, Nickname "
        "TEXT, Prefix TEXT, Suffix TEXT, CreationDate INTEGER, ModificationDate INTEGER);"
        "CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier "
        "INTEGER, label INTEGER, value TEXT);"
        "CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value));"
        "CREATE TABLE ABMultiValueEntry (parent_id INTEGER, key INTEGER, value TEXT);"
        "CREATE TABLE ABMultiValueEntryKey (value TEXT, UNIQUE(value));");
    w.exec(
        "INSERT INTO ABMultiValueLabel (ROWID, value) VALUES (1, '_$!<Mobile>!$_'), (2, '_$!<Home>!$_'), "
        "(3, 'burner'), (4, '_$!<Work>!$_');"
        "INSERT INTO ABMultiValueEntryKey (ROWID, value) VALUES (1, 'Street'), (2, 'City'), (3, 'Country'), "
        "(4, 'username'), (5, 'service'), (6, 'Floor');"
        "INSERT INTO ABPerson (ROWID, First, Last, Nickname, Note, CreationDate, ModificationDate) VALUES "
        "(1, 'J\xC3\xBCrgen', 'M\xC3\xBCller', 'JM', 'met at the club', 726000000, 726100000);"
        "INSERT INTO ABPerson (ROWID, Organization, Kind, CreationDate) VALUES (2, 'Night Club Ltd', 1, "
        "726000050);"
        "INSERT INTO ABPerson (ROWID, CreationDate) VALUES (3, 726000060);"
        "INSERT INTO ABMultiValue VALUES (10, 1, 3, 0, 1, '07700 900123'), (11, 1, 3, 1, 3, '+44 7700 "
        "900124'), "
        "(12, 1, 4, 0, 2, 'JM@Example.COM'), (13, 1, 13, 0, 2, NULL), (14, 1, 5, 0, 2, NULL), "
        "(15, 1, 23, 0, NULL, 'Lena'), (20, 2, 3, 0, 4, '020 7946 0000'), (30, 3, 4, 0, NULL, "
        "'x@y.example'), "
        "(40, 99, 3, 0, 1, '07700 900999');"
        "INSERT INTO ABMultiValueEntry VALUES (13, 4, 'jurgen.m'), (13, 5, 'Skype'), (14, 1, '1 High St'), "
        "(14, 2, 'London'), (14, 3, 'United Kingdom'), (14, 6, '3rd');");
    return p;
}

struct Card {
    std::int64_t id = 0, utc_ms = -1;
    std::string name, kind;
    nlohmann::json attrs;
    std::vector<std::string> ids;
};

Card card_at(const store::CaseFile& cf, int rowid) {
    auto st =
        cf.db().prepare("SELECT e.id, coalesce(e.utc_ms, -1), coalesce(e.attrs, '{}') FROM event e JOIN "
                        "source s ON s.id = e.source_id WHERE s.locator = ?1 AND e.kind = 'contact_card'");
    st.bind(1, "sqlite:ABPerson/rowid=" + std::to_string(rowid));
    REQUIRE_MESSAGE(st.step(), "no contact_card at ABPerson " << rowid);
    Card c{st.column_int64(0), st.column_int64(1), "", "", nlohmann::json::parse(st.column_text(2)), {}};
    auto p =
        cf.db().prepare("SELECT en.label, en.kind FROM event_party p JOIN entity en ON en.id = p.entity_id "
                        "WHERE p.event_id = ?1 AND p.role = 'participant' AND en.kind IN ('person', "
                        "'organisation')");
    p.bind(1, c.id);
    REQUIRE(p.step());
    c.name = p.column_text(0);
    c.kind = p.column_text(1);
    auto i =
        cf.db().prepare("SELECT i.type || ':' || i.value FROM event_party p JOIN identifier i ON i.entity_id "
                        "= p.entity_id WHERE p.event_id = ?1 AND p.role = 'participant' ORDER BY 1");
    i.bind(1, c.id);
    while (i.step())
        c.ids.push_back(i.column_text(0));
    return c;
}

// Values out of record order, an orphan record between two people, a NULL record and a person without
// values: the values are walked beside the people by record id, not read whole first (issue 10).
constexpr std::string_view kUnorderedBook = R"sql(
CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY, First TEXT, Last TEXT);
CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id, property INTEGER, label INTEGER, value TEXT);
INSERT INTO ABPerson VALUES (1, 'Ann', 'A'), (3, 'Ben', 'B'), (5, 'Cy', 'C');
INSERT INTO ABMultiValue VALUES (1, 3, 3, NULL, '07700 900103'), (2, 1, 3, NULL, '07700 900101'),
  (3, 2, 3, NULL, '07700 900102'), (4, 3, 4, NULL, 'ben@example.com'), (5, NULL, 3, NULL, '07700 900100'),
  (6, '1', 4, NULL, 'ann@example.com');
)sql";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("ios-contacts turns each ABPerson into a card with its phones, emails, IM and addresses") {
        TempDir d;
        const auto p = make_address_book(d.path());
        const test::SourceDb src(p, d / "src");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-contacts");
        CHECK(report.files[0].status == "imported");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'contact_card'") ==
              src.count("SELECT count(*) FROM ABPerson"));
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event_party WHERE role = 'owner'") ==
              src.count("SELECT count(*) FROM ABPerson"));

        const auto a = card_at(cf, 1);
        CHECK(a.name == "J\xC3\xBCrgen M\xC3\xBCller");
        CHECK(a.kind == "person");
        CHECK(a.utc_ms == (726000000LL + 978307200LL) * 1000);
        CHECK(a.attrs["nickname"] == "JM");
        CHECK(a.attrs["note"] == "met at the club");
        CHECK(a.attrs["modified"] == store::format_utc_ms((726100000LL + 978307200LL) * 1000));
        CHECK(a.ids == std::vector<std::string>{"email:jm@example.com", "handle:jurgen.m",
                                                "phone:+447700900123", "phone:+447700900124"});
        // Apple's "_$!<Mobile>!$_" becomes "Mobile"; a custom label is kept as typed.
        CHECK(a.attrs["identifiers"][0]["label"] == "Mobile");
        CHECK(a.attrs["identifiers"][1]["label"] == "burner");
        CHECK(a.attrs["identifiers"][3]["scope"] == "skype");
        CHECK(a.attrs["addresses"][0] == "Home: 1 High St, London, United Kingdom, Floor=3rd");
        CHECK(a.attrs["related_names"][0] == "Lena");
        // The phone entity takes the card's name.
        CHECK(
            cf.db()
                .scalar_text("SELECT en.label FROM entity en JOIN identifier i ON i.entity_id = en.id WHERE "
                             "i.value = '+447700900124'")
                .value() == "J\xC3\xBCrgen M\xC3\xBCller");

        const auto b = card_at(cf, 2);
        CHECK(b.kind == "organisation");
        CHECK(b.name == "Night Club Ltd");
        CHECK(b.ids == std::vector<std::string>{"phone:+442079460000"});
        CHECK(b.attrs["identifiers"][0]["label"] == "Work");

        const auto c = card_at(cf, 3);
        CHECK(c.name == "x@y.example"); // no name: the first identifier names the card
        const auto notes = nlohmann::json::parse(
            cf.db().scalar_text("SELECT notes FROM import_run WHERE importer = 'ios-contacts'").value());
        CHECK(notes["multivalues_without_person"] == 1);
    }

    TEST_CASE("a number in the address book and in the call history is one entity across both files") {
        TempDir d;
        const auto book = make_address_book(d.path());
        const auto calls = d / "CallHistory.storedata";
        {
            store::Db w(calls.string(), store::OpenMode::ReadWriteCreate);
            w.exec("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZADDRESS VARCHAR, ZDATE TIMESTAMP, "
                   "ZORIGINATED INTEGER, ZISO_COUNTRY_CODE VARCHAR);"
                   "INSERT INTO ZCALLRECORD VALUES (1, '+447700900123', 726000000, 1, 'gb');");
        }
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {book, calls}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 2);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM identifier WHERE value = '+447700900123'") == 1);
        CHECK(cf.db().scalar_int(
                  "SELECT count(DISTINCT e.kind) FROM event e JOIN event_party p ON p.event_id = "
                  "e.id JOIN identifier i ON i.entity_id = p.entity_id WHERE i.value = "
                  "'+447700900123'") == 2);
    }

    TEST_CASE("ios-contacts gives each person its own values whatever their row order") {
        TempDir d;
        const auto p = d / "AddressBook.sqlitedb";
        test::make_db(p, kUnorderedBook);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        REQUIRE(ingest::ingest_paths(cf, {p}, opts("GB"), "tester").files[0].status == "imported");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'contact_card'") == 3);
        // '1' (text) is record 1 as the importer reads it.
        CHECK(card_at(cf, 1).ids == std::vector<std::string>{"email:ann@example.com", "phone:+447700900101"});
        CHECK(card_at(cf, 3).ids == std::vector<std::string>{"email:ben@example.com", "phone:+447700900103"});
        CHECK(card_at(cf, 5).ids.empty());
        // Records 2 and NULL have no person: neither is given to a neighbour (the note counts record 2:
        // `record_id NOT IN (...)` is not true for NULL).
        const auto notes = nlohmann::json::parse(
            cf.db().scalar_text("SELECT notes FROM import_run WHERE importer = 'ios-contacts'").value());
        CHECK(notes["multivalues_without_person"] == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM identifier WHERE value IN ('+447700900102', "
                                 "'+447700900100')") == 0);
    }
}
