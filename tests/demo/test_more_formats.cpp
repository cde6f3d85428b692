// DemoOptions::only for the formats added for the scaled cases (tools/demo/more_formats.hpp): each writes
// the same bytes for the same seed, holds the requested number of records (counted in the files
// themselves: sqlite3 on a copy, elements in the XML/HTML, messages in the JSON, cards in the vCard),
// imports with no diagnostic at all into exactly that many records, and keeps the hub: the controller is
// a party to records with every one of the five victims.
#include "demo/demo.hpp"
#include "ingest/ingest.hpp"
#include "store/hash.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>
#include <vector>

using namespace casegraph;

namespace more_formats_test {

// Every regular file of the evidence (a single file, or a folder of pages/slices), sorted by path.
std::vector<std::filesystem::path> files_of(const std::filesystem::path& p) {
    std::vector<std::filesystem::path> out;
    if (std::filesystem::is_directory(p)) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(p))
            if (e.is_regular_file())
                out.push_back(e.path());
    } else {
        out.push_back(p);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::int64_t occurrences(const std::filesystem::path& evidence, const std::vector<std::string>& needles) {
    std::int64_t n = 0;
    for (const auto& f : files_of(evidence)) {
        const std::string text = test::read_file(f);
        for (const auto& needle : needles)
            for (auto i = text.find(needle); i != std::string::npos; i = text.find(needle, i + needle.size()))
                ++n;
    }
    return n;
}

// What the file itself holds, read without our importers.
std::int64_t records_in_file(const std::string& format, const std::filesystem::path& evidence,
                             const std::filesystem::path& scratch) {
    static const std::map<std::string, std::string> kSql{
        {"ios-sms", "SELECT count(*) FROM message"},
        {"ios-calls", "SELECT count(*) FROM ZCALLRECORD"},
        {"ios-contacts", "SELECT count(*) FROM ABPerson"},
        {"whatsapp-contacts", "SELECT count(*) FROM wa_contacts"},
        // One card per raw contact: WhatsApp adds its own raw contact to the contacts it knows.
        {"android-contacts", "SELECT count(*) FROM raw_contacts"}};
    if (const auto it = kSql.find(format); it != kSql.end())
        return test::SourceDb(evidence, scratch).count(it->second);
    if (format == "sms-backup-xml")
        return occurrences(evidence, {"<sms "});
    if (format == "ufdr")
        return occurrences(evidence,
                           {"<model type=\"SMS\"", "<model type=\"Call\"", "<model type=\"InstantMessage\""});
    if (format == "meta-json")
        return occurrences(evidence, {"\"sender_name\":"});
    if (format == "telegram-html")
        return occurrences(evidence, {"class=\"message default"});
    if (format == "vcard")
        return occurrences(evidence, {"BEGIN:VCARD"});
    return -1;
}

std::string digest(const std::filesystem::path& evidence) {
    std::string all;
    for (const auto& f : files_of(evidence))
        all += f.filename().string() + "=" + store::hash_file(f).sha256 + ";";
    return all;
}

bool is_contacts(const std::string& format) {
    return format == "vcard" || format.ends_with("-contacts");
}

// Records with both the owner and the party behind `value` (a phone number, or a display name in the
// exports that only have names).
std::int64_t shared_records(const store::Db& db, const std::string& owner, const std::string& value) {
    auto st = db.prepare(
        "SELECT count(DISTINCT a.event_id) FROM event_party a JOIN event_party b ON b.event_id = a.event_id "
        "WHERE a.entity_id IN (SELECT entity_id FROM identifier WHERE value = ?1) AND b.entity_id IN "
        "(SELECT entity_id FROM identifier WHERE value = ?2) AND a.entity_id <> b.entity_id");
    st.bind(1, owner).bind(2, value);
    return st.step() ? st.column_int64(0) : 0;
}

// The one file (or folder) DemoOptions::only writes.
demo::DemoFile only_file(const std::filesystem::path& dir, const std::string& format, std::int64_t n) {
    const auto m = demo::write_demo_evidence(dir, {.seed = 3, .events = n, .only = format});
    REQUIRE(m.files.size() == 1);
    return m.files.front();
}

// What an examiner gives: the case's region and zone, and the owner the manifest names.
ingest::IngestOptions as_examiner(const std::string& owner) {
    ingest::IngestOptions o;
    o.region = "GB";
    o.tz = "Europe/London";
    o.region_from = o.tz_from = "case";
    o.owner = owner;
    return o;
}

} // namespace more_formats_test
using namespace more_formats_test;

TEST_SUITE("demo") {
    TEST_CASE("the added single formats: deterministic, n records in the file, all imported, the hub kept") {
        const std::int64_t n = 1000;
        for (const std::string format :
             {"sms-backup-xml", "ios-sms", "ios-calls", "ufdr", "meta-json", "telegram-html", "vcard",
              "android-contacts", "ios-contacts", "whatsapp-contacts"}) {
            CAPTURE(format);
            test::TempDir a;
            test::TempDir b;
            const demo::DemoFile f = only_file(a.path(), format, n);
            CHECK(f.format == format);
            CHECK(digest(f.path) == digest(only_file(b.path(), format, n).path));
            const std::int64_t in_file = records_in_file(format, f.path, a / "scratch");
            if (format == "android-contacts")
                CHECK(test::SourceDb(f.path, a / "scratch2").count("SELECT count(*) FROM contacts") == n);
            else
                CHECK(in_file == n);

            auto cf =
                store::CaseFile::create(a / "c.case", {.region = "GB", .tz = "Europe/London"}, "tester");
            const auto r = ingest::ingest_paths(cf, {f.path}, as_examiner(f.owner_e164), "tester");
            REQUIRE(!r.files.empty());
            for (const auto& rf : r.files) {
                CAPTURE(rf.path);
                CHECK(rf.format == format); // detected by content, no --format given
                CHECK(rf.status == "imported");
            }
            const auto& db = cf.db();
            CHECK(db.scalar_int("SELECT count(*) FROM import_error") == 0); // no error, no warning
            const std::int64_t imported =
                is_contacts(format) ? db.scalar_int("SELECT count(*) FROM event WHERE kind = 'contact_card'")
                                    : db.scalar_int("SELECT count(*) FROM event WHERE kind IN ('message', "
                                                    "'call')");
            CHECK(imported == in_file);

            // The hub: the owner and each victim (by number, or by the name the export shows) share
            // records. The victims are +447700900311..315: Ana Munteanu ... Ioana Dobre.
            const bool named = format == "meta-json" || format == "telegram-html";
            // The owner as the examiner names it: the number, or the export's own name ("meta-json:NAME").
            CHECK(f.owner_e164 == (named ? format + ":Marek Dunmore" : "+447700900100"));
            const std::string& owner = f.owner_e164;
            const std::vector<std::string> victims =
                named ? std::vector<std::string>{"Ana Munteanu", "Elena Radu", "Mihaela Stan",
                                                 "Desislava Koleva", "Ioana Dobre"}
                      : std::vector<std::string>{"+447700900311", "+447700900312", "+447700900313",
                                                 "+447700900314", "+447700900315"};
            for (const auto& v : victims) {
                CAPTURE(v);
                CHECK(shared_records(db, owner, v) > 0);
            }
        }
    }

    TEST_CASE(
        "the thread and chat exports split as Meta and Telegram do: 10 000 messages a JSON, 1000 a page") {
        test::TempDir a;
        const auto pages = files_of(only_file(a.path(), "telegram-html", 2500).path);
        REQUIRE(pages.size() == 3);
        CHECK(pages[0].filename() == "messages.html");
        CHECK(pages[2].filename() == "messages3.html");
        CHECK(occurrences(pages[2], {"class=\"message default"}) == 500);
        CHECK(occurrences(pages[1], {"href=\"messages.html\"", "href=\"messages3.html\""}) == 2);
        const auto slices = files_of(only_file(a / "m", "meta-json", 10001).path);
        REQUIRE(slices.size() == 2);
        CHECK(occurrences(slices[0], {"\"sender_name\":"}) == 10000); // message_1.json: the newest 10 000
        CHECK(occurrences(slices[1], {"\"sender_name\":"}) == 1);
    }
}
