// ufdr: golden tests on the two IPED fragments of real Cellebrite reports (counts from xmllint on the
// samples), a full report.xml fixture (tests/golden/ufdr/report_full.xml: device info, contacts, SMS,
// calls, a group chat with a deleted message, a control character, Base64, non-UTC offsets), a .ufdr
// zip with an attachment and a zip-slip member, a truncated report, and the value readers.
#include "chat_fixtures.hpp"
#include "ingest/ufdr.hpp"
#include "store/hash.hpp"

#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace {

std::filesystem::path full_report() {
    return test::test_data_dir() / "golden" / "ufdr" / "report_full.xml";
}

ingest::IngestOptions gb(const std::string& format = "") {
    ingest::IngestOptions o;
    o.region = "GB";
    o.region_from = "evidence";
    o.format = format;
    return o;
}

// `<model type="TYPE"` occurrences: the fixture has no nested models of the counted types.
std::int64_t models_in(const std::string& xml, const std::string& type) {
    const std::regex re("<model type=\"" + type + "\"");
    return std::distance(std::sregex_iterator(xml.begin(), xml.end(), re), std::sregex_iterator());
}

Ev at(const store::Db& db, const std::string& locator, int seq = 0) {
    auto e = event_at(db, locator, seq);
    REQUIRE_MESSAGE(e.has_value(), "no event at " << locator);
    return *e;
}

// Normalised identifier values of the parties with `role` on the event at `locator`.
std::vector<std::string> ids(const store::Db& db, const std::string& locator, const std::string& role) {
    auto st =
        db.prepare("SELECT i.value FROM event e JOIN source s ON s.id = e.source_id JOIN event_party p "
                   "ON p.event_id = e.id AND p.role = ?2 JOIN identifier i ON i.entity_id = p.entity_id "
                   "WHERE s.locator = ?1 AND e.seq = 0 ORDER BY i.value");
    st.bind(1, locator).bind(2, role);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.column_text(0));
    return out;
}

bool has_diag(const store::Db& db, const std::string& severity, const std::string& locator,
              const std::string& part) {
    for (const auto& [loc, msg] : diagnostics(db, severity))
        if (loc == locator && msg.find(part) != std::string::npos)
            return true;
    return false;
}

std::int64_t utc(const char* iso) {
    return store::parse_iso_instant(iso).value();
}

nlohmann::json notes(const store::Db& db) {
    return nlohmann::json::parse(
        db.scalar_text("SELECT notes FROM import_run WHERE importer = 'ufdr' ORDER BY id DESC LIMIT 1")
            .value());
}

const std::string kChat = "xml:/project/decodedData/modelType[4]/model[1]";
const std::string kMsg = kChat + "/multiModelField[2]/model[";

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE(
        "ufdr imports every message of the IPED WhatsApp chat fragment with parties, time and attachments") {
        TempDir d;
        auto r = ingest_file(d, test::sample("ufdr/iped_ufed_model_chat_whatsapp.xml"));
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].format == "ufdr");
        CHECK(r.report.files[0].status == "imported");
        const auto& db = r.cf.db();
        // xmllint --xpath 'count(/model/multiModelField[@name="Messages"]/model)' → 11
        CHECK(count(db,
                    "SELECT count(*) FROM event e JOIN source s ON s.id = e.source_id WHERE s.locator LIKE "
                    "'xml:/model/multiModelField[3]/model[%' AND e.kind IN ('message', 'system')") == 11);
        const auto chat = at(db, "xml:/model");
        CHECK(chat.kind == "system");
        CHECK(chat.attrs["participants"].size() ==
              2); // count(/model/multiModelField[@name="Participants"]/model)
        CHECK(chat.attrs["ufdr"]["id"] == "5c1b7590-ec7d-43ec-8ae0-f1ff3967d30d");

        const auto m6 = at(db, "xml:/model/multiModelField[3]/model[6]");
        CHECK(m6.kind == "message");
        CHECK(m6.body == "Certo amigo veja ae");
        CHECK(m6.raw == "2024-11-03T19:46:09.000+00:00");
        CHECK(m6.utc_ms == utc("2024-11-03T19:46:09Z"));
        CHECK(m6.offset == "+00:00");
        CHECK(m6.direction == "incoming");
        CHECK(sender_of(m6) == "Bulbasaur");
        CHECK(ids(db, "xml:/model/multiModelField[3]/model[6]", "sender") ==
              std::vector<std::string>{"+5511999997777"});

        const auto m3 = at(db, "xml:/model/multiModelField[3]/model[3]"); // From Clefable, IsPhoneOwner True
        CHECK(m3.direction == "outgoing");
        CHECK(sender_of(m3) == "Clefable");
        CHECK(m3.parties.at("recipient") == std::vector<std::string>{"Bulbasaur"});
        CHECK(m3.utc_ms == utc("2024-11-03T19:47:14.160Z"));

        const auto m10 = at(db, "xml:/model/multiModelField[3]/model[10]"); // From "System message"
        CHECK(m10.kind == "system");
        CHECK(m10.body == "You joined the group via invite link");
        CHECK(m10.attrs["system_sender"] == "System message");

        const auto m1 = at(db, "xml:/model/multiModelField[3]/model[1]");
        REQUIRE(m1.attrs["attachments"].size() == 1);
        CHECK(m1.attrs["attachments"][0]["filename"] == "PTT-20241103-WA0101.opus");
        CHECK(m1.attrs["attachments"][0]["extracted_path"] == "files\\Audio\\PTT-20241103-WA0101.opus");
        CHECK(m1.attrs["attachments"][0]["data"]["length"] == "7054");
        CHECK(m1.attrs["ufdr"]["jumptargets"][0] == "d70bf66b-49b6-4185-b2cd-1db458e19267");
        CHECK(m1.attrs["ufdr"]["deleted_state"] == "Intact");

        const auto m2 = at(db, "xml:/model/multiModelField[3]/model[2]");
        CHECK(m2.attrs["labels"] == nlohmann::json::array({"Forwarded"}));
        CHECK(m2.attrs["embedded_messages"] ==
              2); // count(…/model[2]/multiModelField[@name="EmbeddedInstantMessage"]/model)
        // count(/model/multiModelField[@name="Messages"]/model/multiModelField[@name="Attachments"]/model) →
        // 5
        CHECK(notes(db)["attachments"]["referenced"] == 5);
        CHECK(diagnostics(db, "error").empty());
    }

    TEST_CASE("ufdr reads the IPED UserAccount fragment as the owner's own accounts with their ids") {
        TempDir d;
        auto r = ingest_file(d, test::sample("ufdr/iped_ufed_model_useraccount.xml"));
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].status == "imported");
        const auto& db = r.cf.db();
        // xmllint --xpath 'count(/modelType/model)' → 2
        CHECK(count(db, "SELECT count(*) FROM event WHERE kind = 'contact_card'") == 2);
        const auto wa = at(db, "xml:/modelType/model[1]");
        CHECK(wa.attrs["self"] == true);
        CHECK(wa.attrs["name"] == "Rattata");
        CHECK(wa.attrs["source"] == "WhatsApp Business");
        CHECK(wa.attrs["other_names"] == nlohmann::json::array({"Raticate wannabe", "Normal · Flying"}));
        CHECK(ids(db, "xml:/modelType/model[1]", "participant") ==
              std::vector<std::string>{"+5511999997777"});
        const auto ig = at(db, "xml:/modelType/model[2]");
        CHECK(ig.attrs["name"] == "Pidgeotto");
        CHECK(ids(db, "xml:/modelType/model[2]", "participant") ==
              std::vector<std::string>{"1212121212121212"});
        CHECK(
            count(db,
                  "SELECT count(*) FROM identifier WHERE type = 'handle' AND scope = 'instagram' AND value = "
                  "'1212121212121212'") == 1);
    }

    TEST_CASE(
        "ufdr full report: device owner, contacts, SMS, calls, a group chat, deleted records, offsets") {
        TempDir d;
        const std::string xml = test::read_file(full_report());
        auto r = ingest_file(d, full_report(), gb());
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].status == "partial"); // the malformed Location
        const auto& db = r.cf.db();
        CHECK(count(db, "SELECT count(*) FROM event WHERE app = 'sms'") == models_in(xml, "SMS"));
        CHECK(count(db, "SELECT count(*) FROM event WHERE kind = 'call'") == models_in(xml, "Call"));
        CHECK(count(db, "SELECT count(*) FROM event WHERE kind = 'message' AND app = 'whatsapp'") ==
              models_in(xml, "InstantMessage"));

        // Device Info: the MSISDN is the owner, the IMEI the device.
        const std::string dev = "xml:/project/metadata[2]";
        CHECK(ids(db, dev, "owner") == std::vector<std::string>{"+447700900111"});
        CHECK(ids(db, dev, "device") == std::vector<std::string>{"356938035643809"});
        CHECK(at(db, dev).attrs["model"] == "SM-G973F Galaxy S10");

        const std::string sms = "xml:/project/decodedData/modelType[2]/model[";
        const auto in = at(db, sms + "1]");
        CHECK(in.body == "Hello\xEF\xBF\xBDthere"); // the raw BEL became U+FFFD, the rest was read
        CHECK(in.utc_ms == utc("2021-03-04T09:11:12Z"));
        CHECK(in.offset == "+01:00");
        CHECK(in.direction == "incoming");
        CHECK(ids(db, sms + "1]", "sender") == std::vector<std::string>{"+447700900222"});
        CHECK(ids(db, sms + "1]", "recipient") == std::vector<std::string>{"+447700900111"});
        CHECK(in.attrs["smsc"] == "+447700900999");
        CHECK(has_diag(db, "warning", "xml:/project", "replaced with U+FFFD"));

        const auto out = at(db, sms + "2]");
        CHECK(out.body == "Meet at 9 \xE2\x9C\x93"); // Base64String decoded
        CHECK(out.attrs["body_base64"] == true);
        CHECK(out.rule == "ufdr dd-MMM-yy+offset");
        CHECK(out.utc_ms == utc("2021-03-04T10:00:00Z"));
        CHECK(out.direction == "outgoing");
        CHECK(ids(db, sms + "2]", "recipient") == std::vector<std::string>{"+33612345678"});

        const auto del = at(db, sms + "3]");
        CHECK(del.deleted);
        CHECK(del.attrs["ufdr"]["deleted_state"] == "Deleted");
        CHECK(del.offset == "-05:00");
        CHECK(del.utc_ms == utc("2021-03-04T17:00:00Z"));

        const std::string calls = "xml:/project/decodedData/modelType[3]/model[";
        const auto c1 = at(db, calls + "1]");
        CHECK(c1.direction == "outgoing");
        CHECK(c1.attrs["duration_s"] == 65);
        CHECK(c1.offset == "+05:30");
        CHECK(c1.utc_ms == utc("2021-03-05T02:30:00Z"));
        CHECK(ids(db, calls + "1]", "caller") == std::vector<std::string>{"+447700900111"});
        CHECK(ids(db, calls + "1]", "callee") == std::vector<std::string>{"+447700900222"});
        const auto c2 = at(db, calls + "2]");
        CHECK(c2.direction == "incoming");
        CHECK(c2.attrs["answered"] == false);

        // The group chat: participants on the chat record, the group and the owner as recipients.
        const auto chat = at(db, kChat);
        CHECK(chat.attrs["chat_name"] == "Crew");
        CHECK(chat.attrs["participants"].size() == 3);
        const auto hi = at(db, kMsg + "1]");
        CHECK(hi.body == "hi all");
        CHECK(hi.direction == "incoming");
        CHECK(ids(db, kMsg + "1]", "recipient") ==
              std::vector<std::string>{"+447700900111", "120363000000000000@g.us"});
        const auto gone = at(db, kMsg + "2]");
        CHECK(gone.deleted);
        CHECK(gone.direction == "outgoing");
        CHECK(gone.body == "delete me");

        const auto fix = at(db, "xml:/project/decodedData/modelType[5]/model[1]");
        CHECK(fix.kind == "location_fix");
        CHECK(fix.attrs["lat"] == doctest::Approx(51.5007));
        CHECK(fix.attrs["lon"] == doctest::Approx(-0.1246)); // written with a decimal comma
        CHECK(has_diag(db, "error", "xml:/project/decodedData/modelType[5]/model[2]", "not a coordinate"));
        CHECK(count(db, "SELECT count(*) FROM event e JOIN source s ON s.id = e.source_id WHERE s.locator = "
                        "'xml:/project/decodedData/modelType[5]/model[2]'") == 0);
        CHECK(has_diag(db, "warning", "xml:/project/decodedData/modelType[7]/model[1]", "type Email"));
        CHECK(has_diag(db, "warning", kMsg + "4]", "zip-slip"));
        const auto acc = at(db, "xml:/project/decodedData/modelType[6]/model[1]");
        CHECK(acc.attrs["self"] == true);
        CHECK(ids(db, "xml:/project/decodedData/modelType[6]/model[1]", "owner") ==
              std::vector<std::string>{"+447700900111"});
        CHECK(notes(db)["case_information"]["Case number"] == "CG-2021-004");
    }

    TEST_CASE("a .ufdr zip is one report: its attachment hashed and linked, zip-slip refused, no member "
              "imported alone") {
        TempDir d;
        const std::string photo = "JPEGBYTES";
        write_stored_zip(d / "phone.ufdr",
                         {{"report.xml", test::read_file(full_report())},
                          {"files/Image/photo1.jpg", photo},
                          {"files/Database/msgstore.db", std::string("SQLite format 3\0", 16)},
                          {"../evil.jpg", "evil"}});
        store::Sha256 h;
        h.update(photo);
        const std::string sha = h.hex_digest();
        for (const std::string format : {"", "ufdr"}) {
            CAPTURE(format);
            TempDir c;
            auto r = ingest_file(c, d / "phone.ufdr", gb(format));
            REQUIRE(r.report.files.size() == 1); // the report only: msgstore.db is not imported a second time
            const auto& db = r.cf.db();
            CHECK(count(db, "SELECT count(*) FROM import_run") == 1);
            const std::string m3 = "zip:report.xml!" + kMsg + "3]";
            const auto msg = at(db, m3);
            REQUIRE(msg.attrs["attachments"].size() == 1);
            CHECK(msg.attrs["attachments"][0]["sha256"] == sha);
            CHECK(msg.attrs["attachments"][0]["locator"] == "zip:files/Image/photo1.jpg");
            const auto media = at(db, "zip:files/Image/photo1.jpg");
            CHECK(media.kind == "media");
            CHECK(media.attrs["sha256"] == sha);
            CHECK(media.attrs["message_locator"] == m3);
            CHECK(has_diag(db, "warning", "zip:../evil.jpg", "zip-slip"));
            CHECK(has_diag(db, "warning", "zip:report.xml!" + kMsg + "4]", "zip-slip"));
            CHECK(has_diag(db, "warning", "zip:report.xml!" + kMsg + "4]",
                           "media missing: attachment voice.opus"));
            CHECK(notes(db)["attachments"]["linked"] == 1);
        }
    }

    TEST_CASE("a truncated report keeps every model before the cut and records the cut as an error") {
        TempDir d;
        const std::string xml = test::read_file(full_report());
        const auto cut = xml.find("look", xml.find("id=\"im-3\"")); // inside the third message's body
        REQUIRE(cut != std::string::npos);
        test::write_file(d / "report.xml", xml.substr(0, cut));
        auto r = ingest_file(d, d / "report.xml", gb());
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].status == "partial");
        const auto& db = r.cf.db();
        CHECK(count(db, "SELECT count(*) FROM event WHERE app = 'sms'") == models_in(xml, "SMS"));
        CHECK(at(db, kMsg + "2]").body == "delete me");
        CHECK_FALSE(event_at(db, kMsg + "3]").has_value());
        CHECK(has_diag(db, "error", kMsg + "3]", "could not be read"));
    }

    TEST_CASE("ufdr reads a report without the namespace; an SMS from the IsPhoneOwner party is outgoing") {
        TempDir d;
        const auto party = [](const char* id, const char* role, const char* owner) {
            return std::string("<model type=\"Party\" id=\"p\"><field name=\"Identifier\"><value>") + id +
                   "</value></field><field name=\"Role\"><value>" + role +
                   "</value></field><field name=\"IsPhoneOwner\"><value>" + owner +
                   "</value></field></model>";
        };
        test::write_file(d / "report.xml",
                         "<?xml version=\"1.0\"?>\n<project reportVersion=\"5.2\"><decodedData><modelType "
                         "type=\"SMS\"><model type=\"SMS\" id=\"s1\" deleted_state=\"Intact\"><field "
                         "name=\"TimeStamp\"><value>2019-01-02T03:04:05+00:00</value></field><field "
                         "name=\"Body\"><value>sent by me</value></field><multiModelField name=\"Parties\">" +
                             party("+447700900111", "From", "True") + party("07700 900333", "To", "False") +
                             "</multiModelField></model></modelType></decodedData></project>\n");
        auto r = ingest_file(d, d / "report.xml", gb());
        REQUIRE(r.report.files.size() == 1);
        CHECK(r.report.files[0].format == "ufdr");
        const std::string loc = "xml:/project/decodedData/modelType[1]/model[1]";
        const auto e = at(r.cf.db(), loc);
        CHECK(e.direction == "outgoing");
        CHECK(e.body == "sent by me");
        CHECK(ids(r.cf.db(), loc, "sender") == std::vector<std::string>{"+447700900111"});
        CHECK(ids(r.cf.db(), loc, "recipient") == std::vector<std::string>{"+447700900333"});
    }

    TEST_CASE("ufdr value readers: the three UFED time formats, Base64, durations and member paths") {
        using namespace ingest::ufdr;
        nlohmann::json attrs = nlohmann::json::object();
        std::string problem;
        auto t = parse_time("2021-03-04T10:11:12.345+01:00", "", problem, attrs);
        REQUIRE(t);
        CHECK(t->utc_ms == utc("2021-03-04T09:11:12.345Z"));
        CHECK(t->precision == "ms");
        t = parse_time("04-Mar-21 10:11:12 +01:00", "", problem, attrs);
        REQUIRE(t);
        CHECK(t->utc_ms == utc("2021-03-04T09:11:12Z"));
        t = parse_time("04/03/2021 10:11:12 -03:30", "", problem, attrs);
        REQUIRE(t);
        CHECK(t->utc_ms == utc("2021-03-04T13:41:12Z"));
        CHECK(t->offset == "-03:30");
        t = parse_time("2021-03-04 10:11", "Europe/Paris", problem, attrs);
        REQUIRE(t);
        CHECK(t->offset_assumed);
        CHECK(t->utc_ms == utc("2021-03-04T09:11:00Z"));
        CHECK_FALSE(parse_time("March 4th 2021", "", problem, attrs));
        CHECK(problem.find("none of the UFED formats") != std::string::npos);
        CHECK_FALSE(parse_time("2021-03-04T10:11:12+1:00", "", problem, attrs));

        CHECK(decode_base64("TWVldA==") == std::optional<std::string>("Meet"));
        CHECK(decode_base64("TWVldA") == std::optional<std::string>("Meet"));
        CHECK_FALSE(decode_base64("not base64!"));
        CHECK(parse_duration("01:02:03") == 3723);
        CHECK(parse_duration("00:01:05.500") == 65);
        CHECK(parse_duration("42") == 42);
        CHECK_FALSE(parse_duration("1 min"));
        CHECK(safe_member_path("files\\Image\\a.jpg") == std::optional<std::string>("files/Image/a.jpg"));
        CHECK(safe_member_path("./files//a.jpg") == std::optional<std::string>("files/a.jpg"));
        CHECK_FALSE(safe_member_path("..\\..\\evil.jpg"));
        CHECK_FALSE(safe_member_path("files/../../x"));
        CHECK_FALSE(safe_member_path("/etc/passwd"));
        CHECK_FALSE(safe_member_path("C:\\Windows\\x"));
        CHECK(parse_degrees("-0,1246", 180) == doctest::Approx(-0.1246));
        CHECK_FALSE(parse_degrees("91", 90));
    }
}
