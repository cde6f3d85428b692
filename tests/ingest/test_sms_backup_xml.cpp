// sms-backup-xml importer: golden tests on the SMS Backup & Restore and Super Backup samples, and
// fixtures for MMS, calls, control characters, malformed records and a truncated file.
#include "ingest/filtered_xml.hpp"
#include "ingest/ingest.hpp"
#include "store/hash.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <regex>

using namespace casegraph;
using test::TempDir;

namespace {

ingest::IngestOptions opts(const std::string& r) {
    ingest::IngestOptions o;
    o.region = r;
    o.region_from = "evidence";
    return o;
}

// Attribute values of every `<tag ...>` element in document order, read with a regex independent of
// the importer (the samples are one element per line, attributes double-quoted).
std::vector<std::map<std::string, std::string>> elements(const std::string& text, const std::string& tag) {
    std::vector<std::map<std::string, std::string>> out;
    const std::regex el("<" + tag + R"(\s([^>]*)/?>)");
    const std::regex at(R"re(([A-Za-z_]+)="([^"]*)")re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), el); it != std::sregex_iterator(); ++it) {
        std::map<std::string, std::string> m;
        const std::string body = (*it)[1];
        for (auto a = std::sregex_iterator(body.begin(), body.end(), at); a != std::sregex_iterator(); ++a)
            m[(*a)[1]] = (*a)[2];
        out.push_back(m);
    }
    return out;
}

struct EventRow {
    std::string kind, direction, body, time_raw, attrs;
    std::int64_t utc_ms = 0;
};

EventRow event_at(const store::CaseFile& cf, const std::string& locator) {
    auto st = cf.db().prepare("SELECT e.kind, coalesce(e.direction,''), coalesce(e.body,''), e.time_raw, "
                              "coalesce(e.attrs,''), coalesce(e.utc_ms, -1) FROM event e JOIN source s ON "
                              "s.id = e.source_id WHERE s.locator = ?1");
    st.bind(1, locator);
    REQUIRE_MESSAGE(st.step(), "no event at " << locator);
    return {st.column_text(0), st.column_text(1), st.column_text(2),
            st.column_text(3), st.column_text(4), st.column_int64(5)};
}

// The normalised value of the party with `role` on the event at `locator`.
std::string party_value(const store::CaseFile& cf, const std::string& locator, const std::string& role) {
    auto st =
        cf.db().prepare("SELECT i.value FROM event e JOIN source s ON s.id = e.source_id JOIN event_party p "
                        "ON p.event_id = e.id AND p.role = ?2 JOIN identifier i ON i.entity_id = "
                        "p.entity_id WHERE s.locator = ?1");
    st.bind(1, locator).bind(2, role);
    return st.step() ? st.column_text(0) : std::string("<none>");
}

std::string party_kind(const store::CaseFile& cf, const std::string& locator, const std::string& role) {
    auto st =
        cf.db().prepare("SELECT en.kind FROM event e JOIN source s ON s.id = e.source_id JOIN event_party p "
                        "ON p.event_id = e.id AND p.role = ?2 JOIN entity en ON en.id = p.entity_id WHERE "
                        "s.locator = ?1");
    st.bind(1, locator).bind(2, role);
    return st.step() ? st.column_text(0) : std::string("<none>");
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("sms-backup-xml imports every <sms> of the SMS Backup & Restore sample field by field") {
        TempDir d;
        const auto sample = test::sample("android/memacs_sms_backup_restore.xml");
        const auto text = test::read_file(sample);
        const auto sms = elements(text, "sms");
        REQUIRE(sms.size() == 4);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto before = store::hash_file(sample).sha256;
        const auto report = ingest::ingest_paths(cf, {sample}, opts("AT"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "sms-backup-xml");
        CHECK(report.files[0].status == "imported");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'message' AND app = 'sms'") ==
              static_cast<std::int64_t>(sms.size()));
        for (std::size_t i = 0; i < sms.size(); ++i) {
            const auto loc = "xml:/smses/sms[" + std::to_string(i + 1) + "]";
            const auto ev = event_at(cf, loc);
            const auto& a = sms[i];
            CHECK(ev.body == a.at("body"));
            CHECK(ev.utc_ms == std::stoll(a.at("date")));
            CHECK(ev.time_raw == a.at("date"));
            const bool incoming = a.at("type") == "1";
            CHECK(ev.direction == (incoming ? "incoming" : "outgoing"));
            // The numbers carry their country code: the value is the address itself.
            CHECK(party_value(cf, loc, incoming ? "sender" : "recipient") == a.at("address"));
            CHECK(party_kind(cf, loc, incoming ? "recipient" : "sender") == "device");
            // "null" is an absent value, never the text "null".
            CHECK(ev.attrs.find("null") == std::string::npos);
        }
        CHECK(event_at(cf, "xml:/smses/sms[1]").attrs.find("\"service_center\":\"+436990008999\"") !=
              std::string::npos);
        CHECK(event_at(cf, "xml:/smses/sms[2]").attrs.find("service_center") == std::string::npos);
        CHECK(store::hash_file(sample).sha256 == before);
    }

    TEST_CASE("sms-backup-xml reads Super Backup call logs from the ms date, keeping the localised time") {
        TempDir d;
        const auto sample = test::sample("android/memacs_calls_superbackup.xml");
        const auto logs = elements(test::read_file(sample), "log");
        REQUIRE(logs.size() == 2);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {sample}, opts("DE"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "sms-backup-xml");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'call'") ==
              static_cast<std::int64_t>(logs.size()));
        for (std::size_t i = 0; i < logs.size(); ++i) {
            const auto loc = "xml:/alllogs/log[" + std::to_string(i + 1) + "]";
            const auto ev = event_at(cf, loc);
            CHECK(ev.utc_ms == std::stoll(logs[i].at("date")));
            CHECK(ev.direction == "incoming"); // type="1"
            CHECK(ev.attrs.find("\"duration_s\":" + logs[i].at("dur")) != std::string::npos);
            CHECK(ev.attrs.find("\"time_text\":\"" + logs[i].at("time") + "\"") != std::string::npos);
            CHECK(party_value(cf, loc, "caller") == logs[i].at("number"));
        }
        // The saved name labels the number's entity.
        CHECK(
            cf.db()
                .scalar_text("SELECT en.label FROM entity en JOIN identifier i ON i.entity_id = en.id WHERE "
                             "i.value = '+49123456789'")
                .value() == "TestPerson1");
        // 17.09.2018 21:58:22 local (CEST, +02:00) is 19:58:22Z: the ms date agrees with the text.
        CHECK(store::format_utc_ms(event_at(cf, "xml:/alllogs/log[1]").utc_ms) == "2018-09-17T19:58:22.606Z");
    }

    TEST_CASE("sms-backup-xml replaces control characters, reports a malformed record and imports the rest") {
        TempDir d;
        const auto p = d / "sms-20240101.xml";
        std::string x = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"4\">\n";
        x += "<sms protocol=\"0\" address=\"07700 900123\" date=\"1704067200000\" type=\"1\" body=\"bell\x07 "
             "here\" read=\"1\" />\n";
        x += "<sms protocol=\"0\" address=\"07700 900123\" date=\"yesterday\" type=\"2\" body=\"bad date\" "
             "/>\n";
        x += "<sms protocol=\"0\" address=\"+447700900124\" date=\"1704067260000\" type=\"2\" body=\"ref "
             "&#27; "
             "ok &#233;\" contact_name=\"Ann\" />\n";
        x += "<mms date=\"1704067320000\" msg_box=\"1\" address=\"+447700900125\"><parts><part seq=\"0\" "
             "ct=\"application/smil\" name=\"null\" text=\"&lt;smil/&gt;\" /><part seq=\"0\" "
             "ct=\"text/plain\" "
             "text=\"photo for you\" /><part seq=\"0\" ct=\"image/jpeg\" cl=\"img1.jpg\" data=\"/9j/4AAQ\" "
             "/></parts><addrs><addr address=\"+447700900125\" type=\"137\" charset=\"106\" /><addr "
             "address=\"+447700900999\" type=\"151\" charset=\"106\" /></addrs></mms>\n";
        x += "<sms address=\"+447700900124\" date=\"1704067380000\" type=\"1\" body=\"caf\xE9 latin-1\" />\n";
        x += "</smses>\n";
        test::write_file(p, x);
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "partial");
        CHECK(report.files[0].errors == 1);
        CHECK(event_at(cf, "xml:/smses/sms[1]").body == "bell\xEF\xBF\xBD here");
        CHECK(event_at(cf, "xml:/smses/sms[3]").body == "ref \xEF\xBF\xBD ok \xC3\xA9");
        CHECK(party_value(cf, "xml:/smses/sms[1]", "sender") == "+447700900123");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error' AND locator = "
                                 "'xml:/smses/sms[2]' AND message LIKE '%yesterday%'") == 1);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM source s JOIN event e ON e.source_id = s.id WHERE "
                                 "s.locator = 'xml:/smses/sms[2]'") == 0);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'warning' AND message "
                                 "LIKE '%3 character(s) not allowed%'") == 1);
        // A byte that is not UTF-8 in a UTF-8 document would stop libxml2: replaced, the record kept.
        CHECK(event_at(cf, "xml:/smses/sms[4]").body == "caf\xEF\xBF\xBD latin-1");
        const auto mms = event_at(cf, "xml:/smses/mms[1]");
        CHECK(mms.body == "photo for you");
        CHECK(mms.direction == "incoming");
        CHECK(mms.attrs.find("\"filename\":\"img1.jpg\"") != std::string::npos);
        CHECK(mms.attrs.find("application/smil") != std::string::npos);
        CHECK(party_value(cf, "xml:/smses/mms[1]", "sender") == "+447700900125");
        CHECK(party_kind(cf, "xml:/smses/mms[1]", "recipient") != "<none>");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") == 4);
    }

    TEST_CASE("sms-backup-xml keeps the records before a break in the XML and reports where it broke") {
        TempDir d;
        const auto p = d / "calls.xml";
        test::write_file(
            p, "<?xml version='1.0' encoding='UTF-8'?>\n<calls count=\"3\">\n"
               "<call number=\"+447700900123\" duration=\"61\" date=\"1704067200000\" type=\"2\" "
               "presentation=\"1\" contact_name=\"(Unknown)\" />\n"
               "<call number=\"\" duration=\"0\" date=\"1704067300000\" type=\"3\" presentation=\"2\" "
               "/>\n<call number=\"+447700900124\" duration=\"5\" date=\"17040");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "sms-backup-xml");
        CHECK(report.files[0].status == "partial");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'call'") == 2);
        const auto out = event_at(cf, "xml:/calls/call[1]");
        CHECK(out.direction == "outgoing");
        CHECK(out.attrs.find("\"duration_s\":61") != std::string::npos);
        CHECK(party_value(cf, "xml:/calls/call[1]", "callee") == "+447700900123");
        // "(Unknown)" is the app's placeholder, never a label.
        CHECK(cf.db()
                  .scalar_text("SELECT label FROM entity WHERE id = (SELECT entity_id FROM identifier WHERE "
                               "value = '+447700900123')")
                  .value() != "(Unknown)");
        const auto missed = event_at(cf, "xml:/calls/call[2]");
        CHECK(missed.attrs.find("\"call_type\":\"missed\"") != std::string::npos);
        CHECK(party_kind(cf, "xml:/calls/call[2]", "caller") == "phone");
        CHECK(
            cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error' AND message LIKE "
                               "'%calls.xml: XML is not well-formed at line 5%'") == 1);
    }

    TEST_CASE("sms-backup-xml is detected by content, whatever the file is called") {
        TempDir d;
        const auto p = d / "notes.txt";
        test::write_file(
            p, "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- exported -->\n<smses count=\"1\"><sms "
               "address=\"+447700900123\" date=\"1704067200000\" type=\"2\" body=\"hi\" /></smses>");
        const auto q = d / "sms.xml";
        test::write_file(q, "<?xml version=\"1.0\"?><project><sms address=\"1\" /></project>");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p, q}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 2);
        CHECK(report.files[0].format == "sms-backup-xml");
        CHECK(report.files[0].status == "imported");
        CHECK(report.files[1].status == "unsupported");
        CHECK(event_at(cf, "xml:/smses/sms[1]").body == "hi");
    }

    TEST_CASE("the XML character filter replaces illegal characters split across chunks") {
        ingest::XmlCharFilter f;
        std::string out;
        f.feed("a\x01"
               "b&#",
               false, out);
        f.feed("x1B;c&#65;&#x", false, out);
        f.feed("FFFE;&amp;&", false, out);
        f.feed("#9;", true, out);
        CHECK(out == "a\xEF\xBF\xBD"
                     "b\xEF\xBF\xBD"
                     "c&#65;\xEF\xBF\xBD&amp;&#9;");
        CHECK(f.replaced() == 3);
        // Bytes that are not UTF-8 (a cut emoji, a latin-1 byte) become U+FFFD; a sequence split across
        // chunks is held back and judged whole.
        std::string u;
        ingest::XmlCharFilter h;
        h.feed("ok \xF0\x9F", false, u);
        h.feed("\x98\x80 caf\xE9 \xC3", false, u);
        h.feed("\xA9 \xED\xA0\x80.", true, u);
        CHECK(u == "ok \xF0\x9F\x98\x80 caf\xEF\xBF\xBD \xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD.");
        CHECK(h.replaced() == 4);
        std::string latin;
        ingest::XmlCharFilter l;
        l.check_utf8(false);
        l.feed("caf\xE9", true, latin);
        CHECK(latin == "caf\xE9");
        std::string tail;
        ingest::XmlCharFilter g;
        g.feed("x&#12", true, tail); // an unfinished reference at the very end is passed on as found
        CHECK(tail == "x&#12");
    }
}
