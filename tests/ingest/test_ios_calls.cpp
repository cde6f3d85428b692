// ios-calls importer on a CallHistory.storedata fixture (no public sample exists): phone, FaceTime,
// WhatsApp and Signal rows, a BLOB ZADDRESS, withheld and malformed rows, row regions.
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

std::filesystem::path make_call_history(const std::filesystem::path& dir) {
    const auto p = dir / "CallHistory.storedata";
    store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
    // Columns as Core Data writes them on iOS 14-16 (iLEAPP callHistory.py reads the same names).
    w.exec("CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED "
           "INTEGER, "
           "ZCALLTYPE INTEGER, ZDISCONNECTED_CAUSE INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER, ZDATE "
           "TIMESTAMP, "
           "ZDURATION FLOAT, ZADDRESS VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, "
           "ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR);"
           "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);"
           "INSERT INTO Z_METADATA VALUES (1, 'UUID-1', NULL);");
    w.exec(
        "INSERT INTO ZCALLRECORD (Z_PK, ZANSWERED, ZCALLTYPE, ZORIGINATED, ZDATE, ZDURATION, ZADDRESS, "
        "ZISO_COUNTRY_CODE, ZLOCATION, ZNAME, ZSERVICE_PROVIDER, ZUNIQUE_ID) VALUES "
        "(1, 1, 1, 1, 726000000.25, 61.5, '07700 900123', 'gb', 'United Kingdom', 'Boss', "
        "'com.apple.Telephony', 'U1'),"
        "(2, 0, 1, 0, 726000100, 0, CAST('+447700900123' AS BLOB), 'gb', NULL, NULL, 'com.apple.Telephony', "
        "'U2'),"
        "(3, 1, 16, 0, 726000200.5, 12, 'anna@example.com', 'gb', NULL, NULL, 'com.apple.FaceTime', 'U3'),"
        "(4, 1, 0, 1, 726000300, 300, '06 12 34 56 78', 'fr', NULL, 'Marc', 'net.whatsapp.WhatsApp', 'U4'),"
        "(5, 1, 0, 0, 726000400, 30, 'c0ffee-77-signal-id', '', NULL, NULL, 'org.whispersystems.signal', "
        "'U5'),"
        "(6, 0, 1, 0, 726000500, 0, NULL, 'gb', NULL, NULL, 'com.apple.Telephony', 'U6'),"
        "(7, 1, 1, 0, NULL, 5, '07700 900125', 'gb', NULL, NULL, 'com.apple.Telephony', 'U7'),"
        "(8, 1, 1, 0, 726000800, 5, X'FFFE00', 'gb', NULL, NULL, 'com.apple.Telephony', 'U8');");
    return p;
}

struct Call {
    std::int64_t id = 0, utc_ms = -1;
    std::string app, direction, rule, time_raw;
    nlohmann::json attrs;
};

Call call_at(const store::CaseFile& cf, int pk) {
    auto st =
        cf.db().prepare("SELECT e.id, coalesce(e.utc_ms, -1), e.app, e.direction, e.time_rule, e.time_raw, "
                        "coalesce(e.attrs, '{}') FROM event e JOIN source s ON s.id = e.source_id WHERE "
                        "s.locator = ?1 AND e.kind = 'call'");
    st.bind(1, "sqlite:ZCALLRECORD/rowid=" + std::to_string(pk));
    REQUIRE_MESSAGE(st.step(), "no call at Z_PK " << pk);
    return {st.column_int64(0),
            st.column_int64(1),
            st.column_text(2),
            st.column_text(3),
            st.column_text(4),
            st.column_text(5),
            nlohmann::json::parse(st.column_text(6))};
}

// "type:value" of the identifier behind a party (or the entity kind when it has none).
std::string party(const store::CaseFile& cf, std::int64_t event_id, const std::string& role) {
    auto st = cf.db().prepare("SELECT coalesce((SELECT i.type || ':' || coalesce(nullif(i.scope, ''), '') || "
                              "i.value FROM identifier i "
                              "WHERE i.entity_id = en.id LIMIT 1), en.kind) FROM event_party p JOIN entity "
                              "en ON en.id = p.entity_id "
                              "WHERE p.event_id = ?1 AND p.role = ?2");
    st.bind(1, event_id).bind(2, role);
    return st.step() ? st.column_text(0) : "<none>";
}

constexpr std::int64_t kAppleMs = 978307200000LL;

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("ios-calls reads phone, FaceTime and CallKit VoIP calls from ZCALLRECORD, one event per row") {
        TempDir d;
        const auto p = make_call_history(d.path());
        const test::SourceDb src(p, d / "src");
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("US"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-calls");
        CHECK(report.files[0].status == "partial");
        // Every row with a readable date and address is a call; rows 7 (no ZDATE) and 8 (ZADDRESS not
        // UTF-8) are errors at their locators.
        const auto rows = src.count("SELECT count(*) FROM ZCALLRECORD");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'call'") == rows - 2);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error' AND locator IN "
                                 "('sqlite:ZCALLRECORD/rowid=7', 'sqlite:ZCALLRECORD/rowid=8')") == 2);

        const auto c1 = call_at(cf, 1);
        CHECK(c1.utc_ms == 726000000250LL + kAppleMs); // REAL seconds keep their fraction
        CHECK(c1.time_raw == "726000000.25");
        CHECK(c1.rule == "apple-s ZCALLRECORD.ZDATE");
        CHECK(c1.app == "phone");
        CHECK(c1.direction == "outgoing");
        CHECK(c1.attrs["duration_s"] == 61.5);
        CHECK(c1.attrs["call_type"] == "phone");
        CHECK(c1.attrs["contact_name"] == "Boss");
        // The national number is read with the row's own region (gb), not the case's US.
        CHECK(party(cf, c1.id, "callee") == "phone:+447700900123");
        CHECK(party(cf, c1.id, "caller") == "device");

        // ZADDRESS as a BLOB decodes to the same number: the same entity as row 1.
        const auto c2 = call_at(cf, 2);
        CHECK(c2.direction == "incoming");
        CHECK(c2.attrs["missed"] == true);
        CHECK(party(cf, c2.id, "caller") == "phone:+447700900123");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM identifier WHERE value = '+447700900123'") == 1);

        const auto c3 = call_at(cf, 3);
        CHECK(c3.app == "facetime");
        CHECK(c3.attrs["call_type"] == "facetime_audio");
        CHECK(party(cf, c3.id, "caller") == "email:anna@example.com");

        const auto c4 = call_at(cf, 4);
        CHECK(c4.app == "whatsapp");
        CHECK(c4.attrs["service_provider"] == "net.whatsapp.WhatsApp");
        CHECK(c4.attrs["call_type"] == "third_party");
        CHECK(party(cf, c4.id, "callee") == "phone:+33612345678");

        // A VoIP app's opaque account id is a handle scoped to that app, never a phone.
        const auto c5 = call_at(cf, 5);
        CHECK(c5.app == "signal");
        CHECK(party(cf, c5.id, "caller") == "handle:org.whispersystems.signalc0ffee-77-signal-id");

        const auto c6 = call_at(cf, 6);
        CHECK(c6.attrs["withheld"] == true);
        CHECK(party(cf, c6.id, "caller") == "phone");

        const auto notes = nlohmann::json::parse(
            cf.db().scalar_text("SELECT notes FROM import_run WHERE importer = 'ios-calls'").value());
        CHECK(notes["service_providers"]["com.apple.Telephony"] == 5);
        CHECK(notes["service_providers"]["net.whatsapp.WhatsApp"] == 1);
    }

    TEST_CASE("ios-calls refuses a ZCALLRECORD without ZADDRESS, naming the file and column") {
        TempDir d;
        const auto p = d / "CallHistory.storedata";
        {
            store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
            w.exec(
                "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE TIMESTAMP, ZORIGINATED INTEGER)");
        }
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report = ingest::ingest_paths(cf, {p}, opts("GB"), "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].status == "unsupported");
        CHECK(report.files[0].message.find(
                  "CallHistory.storedata: table ZCALLRECORD has no column ZADDRESS") != std::string::npos);
    }
}
