// DemoOptions::only: one evidence file of one format at a chosen size (for the ingest benchmarks). Each
// file is byte-identical for the same seed, holds the requested number of records (counted in the file
// itself), is recognised as its format by content and imports without a diagnostic.
#include "demo/demo.hpp"
#include "ingest/importer.hpp"
#include "ingest/ingest.hpp"
#include "store/hash.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <regex>
#include <string>

using namespace casegraph;

namespace single_format_test {

std::int64_t count_in_db(const std::filesystem::path& original, const std::filesystem::path& scratch,
                         const std::string& sql) {
    std::filesystem::copy_file(original, scratch, std::filesystem::copy_options::overwrite_existing);
    const store::Db db(scratch.string(), store::OpenMode::ReadOnly);
    return db.scalar_int(sql);
}

std::int64_t count_substr(const std::filesystem::path& p, const std::string& needle) {
    const std::string text = test::read_file(p);
    std::int64_t n = 0;
    for (auto i = text.find(needle); i != std::string::npos; i = text.find(needle, i + needle.size()))
        ++n;
    return n;
}

// Records in the file as the file itself says (never through our importers).
std::int64_t records_in(const std::string& format, const std::filesystem::path& file,
                        const std::filesystem::path& scratch) {
    if (format == "android-sms")
        return count_in_db(file, scratch, "SELECT count(*) FROM sms");
    if (format == "whatsapp-db")
        return count_in_db(file, scratch, "SELECT count(*) FROM messages WHERE key_remote_jid <> '-1'");
    if (format == "telegram-json")
        return count_substr(file, "\"type\": \"message\"");
    if (format == "whatsapp-txt")
        return count_substr(file, " - ");
    if (format == "bank-csv")
        return count_substr(file, "\r\n") - 1; // less the header
    if (format == "mt940")
        return count_substr(file, ":61:");
    return -1;
}

} // namespace single_format_test
using namespace single_format_test;

TEST_SUITE("demo") {
    TEST_CASE("one format at a chosen size: deterministic, the requested records, imported cleanly") {
        const std::int64_t n = 600;
        for (const std::string format :
             {"android-sms", "whatsapp-db", "telegram-json", "whatsapp-txt", "bank-csv", "mt940"}) {
            CAPTURE(format);
            test::TempDir a;
            test::TempDir b;
            const auto ma = demo::write_demo_evidence(a.path(), {.seed = 7, .events = n, .only = format});
            const auto mb = demo::write_demo_evidence(b.path(), {.seed = 7, .events = n, .only = format});
            REQUIRE(ma.files.size() == 1);
            REQUIRE(mb.files.size() == 1);
            const auto& f = ma.files.front();
            CHECK(f.format == format);
            CHECK(store::hash_file(f.path).sha256 == store::hash_file(mb.files.front().path).sha256);
            // The demo's mt940 always holds the monthly pattern lines; it writes at least n.
            const auto in_file = records_in(format, f.path, a / "scratch.db");
            if (format == "mt940")
                CHECK(in_file >= n);
            else
                CHECK(in_file == n);

            std::vector<unsigned char> head;
            const auto* imp = ingest::detect_importer(ingest::make_probe(f.path, head));
            REQUIRE(imp != nullptr);
            CHECK(imp->format() == format);

            auto cf =
                store::CaseFile::create(a / "c.case", {.region = "GB", .tz = "Europe/London"}, "tester");
            ingest::IngestOptions o;
            o.region = "GB";
            o.region_from = "case";
            o.tz = "Europe/London";
            o.tz_from = "case";
            o.owner = f.owner_e164;
            const auto r = ingest::ingest_paths(cf, {f.path}, o, "tester");
            REQUIRE(r.files.size() == 1);
            CHECK(r.files[0].status == "imported");
            CHECK(r.files[0].errors == 0);
            CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error") == 0);
            CHECK(r.files[0].events > in_file / 2); // system lines of a chat are not all events
            // The hub: the controller (or, for victim 1's chat, victim 1) is party to events with the
            // victims in every phone/chat format.
            if (!f.owner_e164.empty())
                CHECK(cf.db().scalar_int("SELECT count(*) FROM link") > 0);
        }
    }

    TEST_CASE("an unknown single format is refused with the list of those that exist") {
        test::TempDir a;
        CHECK_THROWS_WITH_AS(demo::write_demo_evidence(a.path(), {.events = 10, .only = "no-such-format"}),
                             doctest::Contains("bank-csv"), std::invalid_argument);
    }

    TEST_CASE("ofx and ofx-sgml: 1000 STMTTRN, deterministic, LEDGERBAL = previous + TRNAMTs, imported with "
              "no diagnostic and one transaction per STMTTRN") {
        const std::int64_t n = 1000;
        for (const std::string format : {"ofx", "ofx-sgml"}) {
            CAPTURE(format);
            test::TempDir a;
            test::TempDir b;
            const auto ma = demo::write_demo_evidence(a.path(), {.seed = 3, .events = n, .only = format});
            const auto mb = demo::write_demo_evidence(b.path(), {.seed = 3, .events = n, .only = format});
            REQUIRE(ma.files.size() == 1);
            const auto& f = ma.files.front();
            CHECK(f.format == "ofx");
            CHECK(store::hash_file(f.path).sha256 == store::hash_file(mb.files.front().path).sha256);
            const std::string text = test::read_file(f.path);
            const auto stmttrn = count_substr(f.path, "<STMTTRN>");
            CHECK(stmttrn == n);
            const bool xml_header = text.rfind("<?xml", 0) == 0 && text.find("<?OFX OFXHEADER=\"200\"") < 200;
            const bool sgml_header = text.rfind("OFXHEADER:100\nDATA:OFXSGML", 0) == 0;
            CHECK(xml_header == (format == "ofx"));
            CHECK(sgml_header == (format == "ofx-sgml"));
            CHECK((text.find("</TRNAMT>") != std::string::npos) == (format == "ofx"));
            // Each statement's closing LEDGERBAL is the previous one plus its TRNAMTs (read from the text,
            // in cents; the first statement is checked against the ones after it).
            std::vector<long long> sums;
            std::vector<long long> closings;
            const std::regex amount("<(TRNAMT|BALAMT)>(-?)([0-9]+)\\.([0-9]{2})");
            long long sum = 0;
            for (auto it = std::sregex_iterator(text.begin(), text.end(), amount);
                 it != std::sregex_iterator(); ++it) {
                const long long v =
                    (std::stoll((*it)[3]) * 100 + std::stoll((*it)[4])) * ((*it)[2] == "-" ? -1 : 1);
                if ((*it)[1] == "TRNAMT") {
                    sum += v;
                } else {
                    sums.push_back(sum);
                    closings.push_back(v);
                    sum = 0;
                }
            }
            REQUIRE(closings.size() >= 2);
            CHECK(static_cast<std::int64_t>(closings.size()) == count_substr(f.path, "<STMTTRNRS>"));
            for (std::size_t k = 1; k < closings.size(); ++k)
                CHECK(closings[k] == closings[k - 1] + sums[k]);

            std::vector<unsigned char> head;
            const auto* imp = ingest::detect_importer(ingest::make_probe(f.path, head));
            REQUIRE(imp != nullptr);
            CHECK(imp->format() == "ofx");
            auto cf =
                store::CaseFile::create(a / "c.case", {.region = "GB", .tz = "Europe/London"}, "tester");
            const auto r = ingest::ingest_paths(cf, {f.path}, {}, "tester");
            REQUIRE(r.files.size() == 1);
            CHECK(r.files[0].status == "imported");
            CHECK(cf.db().scalar_int("SELECT count(*) FROM import_error") == 0);
            CHECK(cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'transaction'") == stmttrn);
            CHECK(cf.db().scalar_int("SELECT count(*) FROM event_sighting") == 0);
            CHECK(cf.db().scalar_int("SELECT count(*) FROM statement_check") ==
                  static_cast<std::int64_t>(closings.size()));
            // Rent to every landlord in every month: as many XFER debits to landlords as statements times
            // landlords is at least what the file's first month names.
            CHECK(cf.db().scalar_int(
                      "SELECT count(*) FROM event WHERE json_extract(attrs, '$.tx_type') = 'XFER' "
                      "AND amount_minor < 0") >= static_cast<std::int64_t>(closings.size()));
        }
    }
}
