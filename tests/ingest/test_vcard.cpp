// vcard importer: golden tests on every vCard sample (cards counted from BEGIN:VCARD lines) and
// fixtures for 2.1 quoted-printable soft breaks, folding, escapes, groups and broken cards.
#include "ingest/ingest.hpp"
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

// 1-based numbers of the lines that start a card, counted independently of the importer (any of CRLF,
// LF or CR ends a line).
std::vector<int> begin_lines(const std::string& text) {
    std::vector<int> out;
    int line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\n' || text[i] == '\r') {
            if (text.compare(start, 11, "BEGIN:VCARD") == 0)
                out.push_back(line);
            if (i < text.size() && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            start = i + 1;
            ++line;
        }
    }
    return out;
}

struct Card {
    std::string name, party_kind;
    nlohmann::json attrs;
    std::vector<std::string> identifiers; // "type:value" of the participant identifiers, sorted
};

Card card_at(const store::CaseFile& cf, const std::string& locator) {
    auto st = cf.db().prepare("SELECT e.id, e.attrs FROM event e JOIN source s ON s.id = e.source_id WHERE "
                              "s.locator = ?1 AND e.kind = 'contact_card'");
    st.bind(1, locator);
    REQUIRE_MESSAGE(st.step(), "no contact_card at " << locator);
    Card c;
    const auto id = st.column_int64(0);
    c.attrs = nlohmann::json::parse(st.column_text(1));
    auto p =
        cf.db().prepare("SELECT en.label, en.kind FROM event_party p JOIN entity en ON en.id = p.entity_id "
                        "WHERE p.event_id = ?1 AND p.role = 'participant' AND en.kind IN ('person', "
                        "'organisation')");
    p.bind(1, id);
    REQUIRE(p.step());
    c.name = p.column_text(0);
    c.party_kind = p.column_text(1);
    auto ids = cf.db().prepare("SELECT i.type || ':' || i.value FROM event_party p JOIN identifier i ON "
                               "i.entity_id = p.entity_id WHERE p.event_id = ?1 AND p.role = 'participant' "
                               "ORDER BY 1");
    ids.bind(1, id);
    while (ids.step())
        c.identifiers.push_back(ids.column_text(0));
    return c;
}

std::int64_t owner_parties(const store::CaseFile& cf) {
    return cf.db().scalar_int(
        "SELECT count(*) FROM event_party p JOIN entity en ON en.id = p.entity_id WHERE "
        "p.role = 'owner' AND en.kind = 'device'");
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("vcard imports every card of every sample, one contact_card event at each BEGIN:VCARD line") {
        for (const char* name :
             {"ezvcard_android_export.vcf", "ezvcard_gmail_export.vcf", "ezvcard_mac_addressbook_export.vcf",
              "ezvcard_outlook_export.vcf", "iped_contacts_multiple.vcf"}) {
            CAPTURE(name);
            TempDir d;
            const auto sample = test::sample(std::string("vcard/") + name);
            const auto begins = begin_lines(test::read_file(sample));
            REQUIRE(!begins.empty());
            auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
            const auto report = ingest::ingest_paths(cf, {sample}, opts("US"), "tester");
            REQUIRE(report.files.size() == 1);
            CHECK(report.files[0].format == "vcard");
            CHECK(report.files[0].errors == 0);
            CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'contact_card'") ==
                  static_cast<std::int64_t>(begins.size()));
            CHECK(owner_parties(cf) == static_cast<std::int64_t>(begins.size()));
            for (const int l : begins)
                CHECK(cf.db()
                          .prepare("SELECT 1 FROM source WHERE locator = 'line:" + std::to_string(l) + "'")
                          .step());
        }
    }

    TEST_CASE("vcard reads the Android 2.1 export: quoted-printable names across soft breaks, TEL types") {
        TempDir d;
        const auto sample = test::sample("vcard/ezvcard_android_export.vcf");
        const auto begins = begin_lines(test::read_file(sample));
        REQUIRE(begins.size() == 6);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {sample}, opts("US"), "tester");
        // Card 1: only an email (no name): the email names the card.
        const auto c1 = card_at(cf, "line:" + std::to_string(begins[0]));
        CHECK(c1.name == "john.doe@company.com");
        CHECK(c1.identifiers == std::vector<std::string>{"email:john.doe@company.com"});
        CHECK(c1.attrs["version"] == "2.1");
        // Card 4: "FN;...QUOTED-PRINTABLE:=C3=91=20...=C3=91=\r\n=20=C3=91..." is eleven "Ñ" joined by
        // spaces.
        const auto c4 = card_at(cf, "line:" + std::to_string(begins[3]));
        std::string eleven;
        for (int i = 0; i < 11; ++i)
            eleven += std::string(i ? " " : "") + "\xC3\x91";
        CHECK(c4.name == eleven);
        CHECK(c4.attrs["identifiers"].size() == 4);
        CHECK(c4.attrs["identifiers"][0]["raw"] == "123456");
        CHECK(c4.attrs["identifiers"][0]["label"] == "cell");
        CHECK(c4.attrs["identifiers"][1]["label"] == "home");
        // Card 5 holds a PHOTO: its presence is noted, its data is not copied.
        const auto c5 = card_at(cf, "line:" + std::to_string(begins[4]));
        CHECK(c5.attrs.contains("photo"));
        CHECK(c5.attrs["photo"]["encoding"] == "BASE64");
        CHECK(c5.attrs.dump().find("/9j/4AAQ") == std::string::npos);
        CHECK(c5.attrs["identifiers"].size() == 7); // 3 TEL, 2 EMAIL, 2 URL lines in the source
        // Card 6's second ORG ends in a lone "=80": declared UTF-8, not UTF-8. Kept with U+FFFD, warned.
        const auto c6 = card_at(cf, "line:" + std::to_string(begins[5]));
        CHECK(c6.attrs["org"].size() == 3);
        CHECK(c6.attrs["org"][1].get<std::string>().ends_with("\xC3\x91\xEF\xBF\xBD"));
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE severity = 'warning' AND message LIKE "
                  "'ORG: value declared UTF-8 holds invalid bytes%'") == 1);
    }

    TEST_CASE("vcard reads Gmail 3.0: escaped comma in N, folded NOTE, item groups and ADR newlines") {
        TempDir d;
        const auto sample = test::sample("vcard/ezvcard_gmail_export.vcf");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {sample}, opts("US"), "tester");
        const auto c = card_at(cf, "line:1");
        CHECK(c.name == "Mr. John Richter, James Doe Sr.");
        CHECK(c.party_kind == "person");
        CHECK(c.attrs["n"] == nlohmann::json::array({"Doe", "John", "Richter, James", "Mr.", "Sr."}));
        CHECK(c.identifiers == std::vector<std::string>{"email:john.doe@ibm.com", "phone:+19055551234",
                                                        "phone:+19056661234", "url:http://www.ibm.com"});
        CHECK(c.attrs["addresses"][0] == "home: Crescent moon drive\n555-asd\nNice Area, Albaney, New York "
                                         "12345\nUnited States of America");
        const std::string note = c.attrs["note"][0];
        CHECK(note.starts_with(
            "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\""));
        CHECK(note.find("LIMITED TO, THE IMPLIED") != std::string::npos); // a fold inside "LIMITE|D"
        CHECK(note.ends_with("DAMAGE.\nFavotire Color: Blue"));
        CHECK(c.attrs["x"]["item2.X-ABRELATEDNAMES"][0] == "Jenny");
        CHECK(c.attrs["x"]["X-PHONETIC-FIRST-NAME"][0] == "Jon");
    }

    TEST_CASE("vcard reads the Mac export with mixed line endings and labels from X-ABLabel groups") {
        TempDir d;
        const auto sample = test::sample("vcard/ezvcard_mac_addressbook_export.vcf");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {sample}, opts("US"), "tester");
        const auto c = card_at(cf, "line:1");
        CHECK(c.name == "Mr. John Richter,James Doe Sr.");
        CHECK(c.attrs["nickname"][0] == "Johny");
        CHECK(c.attrs["org"][0] == "IBM, Accounting");
        // 7 TEL lines in the source, one EMAIL, one URL.
        CHECK(c.attrs["identifiers"].size() == 9);
        bool assistant = false;
        for (const auto& id : c.attrs["identifiers"])
            assistant = assistant || (id["raw"] == "905-222-1234" && id["label"] == "AssistantPhone");
        CHECK(assistant);
        bool homepage = false;
        for (const auto& id : c.attrs["identifiers"])
            homepage = homepage || (id["type"] == "url" && id["label"] == "HomePage");
        CHECK(homepage);
        CHECK(c.attrs.contains("photo"));
        CHECK(c.attrs["x"]["X-ABUID"][0] == "6B29A774-D124-4822-B8D0-2780EC117F60:ABPerson");
    }

    TEST_CASE("vcard reads Outlook 2.1: QP LABEL, IM address as a handle, 2.1 bare parameters") {
        TempDir d;
        const auto sample = test::sample("vcard/ezvcard_outlook_export.vcf");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {sample}, opts("US"), "tester");
        const auto c = card_at(cf, "line:1");
        CHECK(c.name == "Mr. John Richter James Doe Sr.");
        CHECK(c.attrs["label"][0] == "Cresent moon drive\r\nAlbaney, New York  12345");
        CHECK(c.identifiers == std::vector<std::string>{"email:john.doe@ibm.cm", "handle:johny5@aol.com",
                                                        "phone:+19055551234", "phone:+19056661234",
                                                        "url:http://www.ibm.com"});
        CHECK(c.attrs["photo"]["type"] == "JPEG");
    }

    TEST_CASE("vcard reads the IPED export's accented 3.0 names and keeps unparseable numbers raw") {
        TempDir d;
        const auto sample = test::sample("vcard/iped_contacts_multiple.vcf");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        (void)ingest::ingest_paths(cf, {sample}, opts("BR"), "tester");
        CHECK(card_at(cf, "line:1").name == "Taxi Lago Norte");
        const auto c = card_at(cf, "line:15");
        CHECK(c.name == "Smart Assist\xC3\xAAncia T\xC3\xA9"
                        "cnica");
        CHECK(c.attrs["n"] == nlohmann::json::array({"T\xC3\xA9"
                                                     "cnica",
                                                     "Smart", "Assist\xC3\xAAncia", "", ""}));
        // The phone entity takes the card's name as its label.
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM entity en JOIN identifier i ON i.entity_id = en.id WHERE "
                  "i.type = 'phone' AND en.label = 'Sushi Loko Flamingo'") == 1);
    }

    TEST_CASE("vcard fixture: soft breaks, folds, escapes, a broken line and a card cut short") {
        TempDir d;
        const auto p = d / "contacts.vcf";
        test::write_file(
            p, "BEGIN:VCARD\r\nVERSION:2.1\r\n"
               "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\r\n=C3=BCrgen;;;\r\n"
               "NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0A=\r\nline two\r\n"
               "TEL;CELL:+44 7700\r\n  900123\r\n"
               "X-WHATSAPP:jurgen.m\r\n"
               "END:VCARD\r\n"
               "\r\n"
               "BEGIN:VCARD\nVERSION:3.0\nFN:Smith\\, Jane\\; Dr\nORG:Acme\\, Ltd;Sales\n"
               "this line has no colon\nEMAIL;TYPE=INTERNET,WORK:JANE@Example.COM\n"
               "IMPP:xmpp:jane@jabber.example\nEND:VCARD\n"
               "BEGIN:VCARD\rVERSION:4.0\rKIND:org\rORG:Night Club Ltd\rTEL;VALUE=uri:tel:+44-20-7946-0000\r"
               "BEGIN:VCARD\nVERSION:4.0\nFN:Cut Short\nTEL:07700900124\n");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "vcard");
        CHECK(report.files[0].status == "imported");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'contact_card'") == 4);
        const auto a = card_at(cf, "line:1");
        CHECK(a.name == "J\xC3\xBCrgen M\xC3\xBCller");
        CHECK(a.attrs["note"][0] == "line one\r\nline two");
        CHECK(a.identifiers == std::vector<std::string>{"handle:jurgen.m", "phone:+447700900123"});
        const auto b = card_at(cf, "line:12");
        CHECK(b.name == "Smith, Jane; Dr");
        CHECK(b.attrs["org"][0] == "Acme, Ltd, Sales");
        CHECK(b.identifiers ==
              std::vector<std::string>{"email:jane@example.com", "handle:jane@jabber.example"});
        CHECK(b.attrs["identifiers"][0]["label"] == "work");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE locator = 'line:16' AND severity = "
                                 "'warning' AND message LIKE 'not a vCard property line%'") == 1);
        const auto c = card_at(cf, "line:20");
        CHECK(c.party_kind == "organisation");
        CHECK(c.name == "Night Club Ltd");
        CHECK(c.identifiers == std::vector<std::string>{"phone:+442079460000"});
        // A BEGIN inside an open card (not after AGENT:) closes the cut-short card: both are imported
        // and both are reported.
        CHECK(card_at(cf, "line:25").name == "Cut Short");
        CHECK(cf.db().scalar_int(
                  "SELECT count(*) FROM import_error WHERE locator IN ('line:20', 'line:25') AND "
                  "message LIKE '%no END:VCARD%'") == 2);
    }

    TEST_CASE("vcard reports an empty card as an error at its line and imports the cards around it") {
        TempDir d;
        const auto p = d / "three.vcf";
        test::write_file(
            p, "BEGIN:VCARD\nVERSION:3.0\nFN:First\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"
               "BEGIN:VCARD\nVERSION:3.0\nFN:Third\nEND:VCARD\n");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "partial");
        CHECK(report.files[0].errors == 1);
        CHECK(card_at(cf, "line:1").name == "First");
        CHECK(card_at(cf, "line:8").name == "Third");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error' AND locator = "
                                 "'line:5' AND message LIKE 'card has no properties%'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 2);
    }

    TEST_CASE("a file with BEGIN:VCARD in its first bytes but no card body still fails clearly") {
        TempDir d;
        const auto p = d / "x.vcf";
        test::write_file(p, "BEGIN:VCARDS are not this\n");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "failed");
        CHECK(report.files[0].message.find("x.vcf: no BEGIN:VCARD") != std::string::npos);
    }

    TEST_CASE("vcard skips a UTF-8 byte-order mark and reads a last line without a line break") {
        TempDir d;
        const auto p = d / "bom.vcf";
        test::write_file(p, "\xEF\xBB\xBF"
                            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bom\r\n Mark\r\nEND:VCARD");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "imported");
        CHECK(card_at(cf, "line:1").name == "BomMark"); // the fold's space removed
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 1);
    }
}
