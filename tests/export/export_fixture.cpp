// The export test case (see export_fixture.hpp).
#include "export_fixture.hpp"

#include "export/zip_io.hpp"
#include "store/annotations.hpp"
#include "store/evidence.hpp"
#include "store/writer.hpp"

#include <algorithm>
#include <map>

namespace casegraph::test {
namespace {

store::EventRecord message(std::int64_t from, std::int64_t to, std::int64_t ms, std::string body) {
    store::EventRecord e;
    e.kind = "message";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.direction = "outgoing";
    e.app = "sms";
    e.body = std::move(body);
    e.parties = {{from, "sender"}, {to, "recipient"}};
    return e;
}

} // namespace

const std::vector<std::string>& victim_forms() {
    static const std::vector<std::string> forms{
        "+447700900123",
        "+44 7700 900123",
        "07700 900123",
        "07700-900-123",
        "0044 7700 900123",
        "7700900123",
        "07700900123",
        "+44 (0)7700 900123",
        "07700.900.123",
        "447700900123",
        "GB82WEST12345698765432",
        "GB82 WEST 1234 5698 7654 32",
        "gb82west12345698765432",
        "Anna Kowalska",
        "anna kowalska",
        "ANNA KOWALSKA",
        "Kowalska",
        "anna.k@example.org",
    };
    return forms;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::map<std::string, std::string> unzip(const std::filesystem::path& zip) {
    std::map<std::string, std::string> out;
    for (auto& m : exporter::read_zip(zip).members)
        out[m.path] = std::move(m.bytes);
    return out;
}

ExportFixture::ExportFixture()
    : cf(store::CaseFile::create(dir / "op.case",
                                 {.region = "GB", .tz = "Europe/London", .analyst = "DC Test"}, "DC Test")) {
    // The evidence file's own name carries the victim's name and number, as seized files often do.
    const auto name = "Anna Kowalska 07700 900123.db";
    std::filesystem::create_directories(evidence_dir);
    write_file(evidence_dir / name, "fixture bytes standing in for an SMS database");
    const auto reg = store::register_evidence(cf, evidence_dir / name, "DC Test");
    const auto& db = cf.db();
    store::Transaction tx(db);
    const auto run = open_test_run(db, reg.info.id, "{\"region\":\"GB\"}");
    store::ImportWriter w(db, reg.info.id, run, reg.info.sha256);
    const auto s0 = w.source("sqlite:contacts/rowid=1");
    const auto v = w.identifier("phone", "07700 900123", s0, {"GB", "evidence"});
    victim = v.entity_id;
    w.label_if_empty(victim, "Anna Kowalska");
    victim_email = w.identifier("email", "anna.k@example.org", s0).entity_id;
    const auto acct = w.identifier("iban", "GB82 WEST 1234 5698 7654 32", s0);
    victim_account = acct.entity_id;
    suspect = w.identifier("phone", "+44 7700 900999", s0, {"GB", "evidence"}).entity_id;
    w.label_if_empty(suspect, "Boss");
    witness = w.identifier("phone", "+44 7700 900555", s0, {"GB", "evidence"}).entity_id;
    w.label_if_empty(witness, "Jan Nowak");

    const std::vector<std::string> bodies{
        "Call +44 7700 900123 now",
        "her number is 07700 900123, tell her",
        "07700-900-123 is not answering",
        "from abroad dial 0044 7700 900123.",
        "text 7700900123 or +44 (0)7700 900123 or 07700.900.123",
        "wa.me/447700900123",
        "pay to GB82 WEST 1234 5698 7654 32 today",
        "IBAN:GB82WEST12345698765432",
        "ANNA KOWALSKA owes 200",
        "anna kowalska said no; Kowalska again, and Anna alone",
        "mail anna.k@example.org, she writes",
        "Jan Nowak saw everything, ask jan nowak",
        "a \"quoted\" word, a comma\nand a second line",
        "<script>alert('x')</script> & <b>bold</b>",
        "Meet at 9, nothing to hide",
    };
    std::int64_t ms = 1'704'067'200'000; // 2024-01-01
    int row = 1;
    for (const auto& b : bodies) {
        const auto src = w.source("sqlite:sms/rowid=" + std::to_string(row++));
        w.event(message(suspect, victim, ms, b), src);
        ms += 3'600'000;
    }
    const auto src = w.source("sqlite:sms/rowid=" + std::to_string(row));
    w.event(message(suspect, witness, ms, "you saw nothing"), src);
    store::update_links_for_run(db, run);
    tx.commit();
    store::add_tag(db, victim, "victim", "DC Test");
    store::add_tag(db, victim_account, "victim", "DC Test");
    store::add_tag(db, victim_email, "victim", "DC Test");
    store::add_tag(db, witness, "witness", "DC Test");
    store::add_tag(db, suspect, "suspect", "DC Test");
}

} // namespace casegraph::test
