// The hand-built UI fixture case (see fixture.hpp). Raw SQL keeps it independent of any importer.
#include "fixture.hpp"

#include "store/sqlite.hpp"

namespace casegraph::test {

store::CaseFile make_ui_fixture(const std::filesystem::path& path) {
    auto cf = store::CaseFile::create(
        path, {.case_id = "ui-test", .region = "GB", .tz = "UTC", .analyst = "tester"}, "tester");
    const auto& db = cf.db();
    db.exec(R"sql(
INSERT INTO evidence_file(id, sha256, size, original_path, original_name, registered_by, registered_at)
VALUES (1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 10, '/x/mmssms.db', 'mmssms.db', 't', '2024-02-01T00:00:00Z'),
       (2, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 10, '/x/stmt.xml', 'stmt.xml', 't', '2024-02-01T00:00:00Z');
INSERT INTO import_run(id, evidence_id, importer, importer_version, params, started_at, status)
VALUES (1, 1, 'android-sms', '1', '{}', '2024-02-01T00:00:00Z', 'ok'), (2, 2, 'camt', '1', '{}', '2024-02-01T00:00:00Z', 'ok');
INSERT INTO source(id, evidence_id, import_run_id, locator) VALUES
 (1, 1, 1, 'sqlite:sms/rowid=1'), (2, 1, 1, 'sqlite:sms/rowid=2'), (3, 1, 1, 'sqlite:sms/rowid=3'), (4, 2, 2, 'xml:/Ntry[1]');
INSERT INTO entity(id, kind, key, label) VALUES
 (1, 'phone', 'phone:+447700900001', 'Alice'), (2, 'phone', 'phone:+447700900002', 'Bob'),
 (3, 'phone', 'phone:+447700900003', 'Carol'), (4, 'account', 'iban:GB1', 'GB1 acct'), (5, 'account', 'iban:GB2', 'GB2 acct');
INSERT INTO identifier(id, entity_id, type, value, status, rule) VALUES
 (1, 1, 'phone', '+447700900001', 'valid', 'r'), (2, 2, 'phone', '+447700900002', 'valid', 'r'),
 (3, 3, 'phone', '+447700900003', 'valid', 'r');
INSERT INTO identifier_source(identifier_id, source_id, raw) VALUES (1, 1, '07700 900001'), (2, 1, '+447700900002');
INSERT INTO event(id, kind, source_id, utc_ms, body, direction, deleted, amount_minor, currency) VALUES
 (101, 'sms', 1, 1704708000000, 'rent is due friday', 'outgoing', 0, NULL, NULL),
 (102, 'sms', 2, 1704709800000, 'paid the rent', 'incoming', 1, NULL, NULL),
 (103, 'sms', 3, 1704715200000, 'meet at the station', 'outgoing', 0, NULL, NULL),
 (104, 'transaction', 4, 1704790800000, NULL, NULL, 0, 12550, 'GBP');
INSERT INTO event_party(event_id, entity_id, role) VALUES
 (101, 1, 'from'), (101, 2, 'to'), (102, 2, 'from'), (102, 1, 'to'), (103, 1, 'from'), (103, 3, 'to'), (104, 4, 'payer'), (104, 5, 'payee');
INSERT INTO link(id, a, b, kind, directed, count, first_ms, last_ms, currency, total_minor) VALUES
 (1, 1, 2, 'sms', 0, 2, 1704708000000, 1704709800000, '', NULL),
 (2, 1, 3, 'sms', 0, 1, 1704715200000, 1704715200000, '', NULL),
 (3, 4, 5, 'transaction', 1, 1, 1704790800000, 1704790800000, 'GBP', 12550);
INSERT INTO link_event(link_id, event_id) VALUES (1, 101), (1, 102), (2, 103), (3, 104);
INSERT INTO search(text, target_kind, target_id) VALUES
 ('rent is due friday', 'event', 101), ('paid the rent', 'event', 102), ('meet at the station', 'event', 103),
 ('Alice', 'entity', 1), ('+447700900001', 'identifier', 1);
)sql");
    return cf;
}

} // namespace casegraph::test
