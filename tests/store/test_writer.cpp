// ImportWriter: identifier resolution across raw forms and evidence files, scoped handles, event
// parties, incremental links against a full rebuild, stored diagnostics and full-text search.
#include "store/case_file.hpp"
#include "store/event_sources.hpp"
#include "store/evidence.hpp"
#include "store/hash.hpp"
#include "store/reports.hpp"
#include "store/writer.hpp"
#include "support/test_support.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

// A case with evidence files registered the normal way and an import run for each, as the ingest
// loop would leave them.
struct Fixture {
    TempDir cases;
    TempDir ev;
    store::CaseFile cf = store::CaseFile::create(cases / "w.case", {.region = "GB"}, "tester");

    struct Run {
        std::int64_t evidence_id = 0;
        std::int64_t run_id = 0;
        std::string sha256;
    };

    Run add_evidence(const std::string& name, const std::string& content) {
        test::write_file(ev / name, content);
        const auto reg = store::register_evidence(cf, ev / name, "tester");
        cf.db()
            .prepare(
                "INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
                "VALUES (?1, 'test', '1', '{}', '2024-01-01T00:00:00.000Z', 'ok')")
            .bind(1, reg.info.id)
            .run();
        return {reg.info.id, cf.db().last_insert_rowid(), reg.info.sha256};
    }

    store::ImportWriter writer(const Run& r) const { return {cf.db(), r.evidence_id, r.run_id, r.sha256}; }
};

std::int64_t count(const store::Db& db, const std::string& sql, std::int64_t bind1) {
    auto st = db.prepare(sql);
    st.bind(1, bind1);
    return st.step() ? st.column_int64(0) : -1;
}

store::EventRecord message(std::int64_t from, std::int64_t to, std::int64_t ms, std::string body = {}) {
    store::EventRecord e;
    e.kind = "message";
    e.time = store::time_from_unix_ms(ms, std::to_string(ms), "unix-ms");
    e.direction = "outgoing";
    e.app = "sms";
    if (!body.empty())
        e.body = std::move(body);
    e.parties = {{from, "sender"}, {to, "recipient"}};
    return e;
}

store::EventRecord payment(std::int64_t payer, std::int64_t payee, std::int64_t minor, std::string currency,
                           std::optional<std::int64_t> ms, std::string date = {}) {
    store::EventRecord e;
    e.kind = "transaction";
    if (ms)
        e.time = store::time_from_unix_ms(*ms, "raw", "unix-ms");
    else
        e.time =
            store::time_from_date(store::utc_ms_to_civil(*store::parse_iso_instant(date)), date, "iso-date");
    e.amount_minor = minor;
    e.currency = std::move(currency);
    e.parties = {{payer, "payer"}, {payee, "payee"}};
    return e;
}

using LinkRow =
    std::tuple<std::int64_t, std::int64_t, std::string, std::int64_t, std::int64_t,
               std::optional<std::int64_t>, std::optional<std::int64_t>, std::optional<std::string>,
               std::optional<std::string>, std::string, std::optional<std::int64_t>>;

// Link rows and the events behind them by content, not by link id.
std::pair<std::vector<LinkRow>, std::vector<std::string>> links_by_content(const store::Db& db) {
    std::vector<LinkRow> rows;
    auto st =
        db.prepare("SELECT a, b, kind, directed, count, first_ms, last_ms, first_date, last_date, currency, "
                   "total_minor FROM link ORDER BY a, b, kind, currency");
    while (st.step())
        rows.emplace_back(st.column_int64(0), st.column_int64(1), st.column_text(2), st.column_int64(3),
                          st.column_int64(4), st.column_opt_int64(5), st.column_opt_int64(6),
                          st.column_opt_text(7), st.column_opt_text(8), st.column_text(9),
                          st.column_opt_int64(10));
    std::vector<std::string> behind;
    auto ev =
        db.prepare("SELECT l.a || '-' || l.b || '-' || l.kind || '-' || l.currency || ':' || le.event_id "
                   "FROM link_event le JOIN link l ON l.id = le.link_id ORDER BY 1");
    while (ev.step())
        behind.push_back(ev.column_text(0));
    return {rows, behind};
}

} // namespace

TEST_SUITE("store") {
    TEST_CASE("one phone seen as 07700 900123 (GB) and +44 7700 900123 is one entity with both raw forms") {
        Fixture f;
        const auto run = f.add_evidence("sms.db", "one");
        auto w = f.writer(run);
        const auto s1 = w.source("sqlite:sms/rowid=1");
        const auto s2 = w.source("sqlite:sms/rowid=2");
        const auto a = w.identifier("phone", "07700 900123", s1, {"GB", "evidence"});
        const auto b = w.identifier("phone", "+44 7700 900123", s2, {"", ""});
        CHECK(a.entity_id == b.entity_id);
        CHECK(a.identifier_id == b.identifier_id);
        CHECK(a.value == "+447700900123");
        CHECK(a.status == store::IdStatus::possible);
        const auto& db = f.cf.db();
        CHECK(db.scalar_int("SELECT count(*) FROM entity WHERE kind = 'phone'") == 1);
        CHECK(db.scalar_text("SELECT value || '|' || scope || '|' || status FROM identifier").value() ==
              "+447700900123||possible");
        auto st = db.prepare(
            "SELECT source_id, raw, region, region_from FROM identifier_source WHERE identifier_id "
            "= ?1 ORDER BY source_id");
        st.bind(1, a.identifier_id);
        REQUIRE(st.step());
        CHECK(st.column_int64(0) == s1);
        CHECK(st.column_text(1) == "07700 900123");
        CHECK(st.column_text(2) == "GB");
        CHECK(st.column_text(3) == "evidence");
        REQUIRE(st.step());
        CHECK(st.column_int64(0) == s2);
        CHECK(st.column_text(1) == "+44 7700 900123");
        CHECK(st.column_text(2) == "");
        CHECK_FALSE(st.step());

        // The same number in another evidence file, read with another region, is still the same entity.
        const auto run2 = f.add_evidence("calls.db", "two");
        auto w2 = f.writer(run2);
        const auto c =
            w2.identifier("phone", "0044 7700 900123", w2.source("sqlite:calls/_id=9"), {"GB", "row"});
        CHECK(c.entity_id == a.entity_id);
        CHECK(count(db, "SELECT count(*) FROM identifier_source WHERE identifier_id = ?1", a.identifier_id) ==
              3);
    }

    TEST_CASE(
        "more distinct identifiers and entities than the writer caches still resolve to one entity each") {
        Fixture f;
        const auto run = f.add_evidence("book.vcf", "one");
        auto w = f.writer(run);
        const auto s = w.source("line:1");
        // One transaction, as an import runs: 140,000 autocommits would each wait for a sync to disk.
        store::Transaction tx(f.cf.db());
        // 70,000 distinct e-mails and entities: past the caches' 65,536 entries, so they empty at least once.
        const auto first = w.identifier("email", "a0@example.org", s, {"", ""});
        const auto first_entity = w.entity("person", "card:0", "Person 0", s, "card");
        for (int i = 1; i < 70000; ++i) {
            (void)w.identifier("email", "a" + std::to_string(i) + "@example.org", s, {"", ""});
            (void)w.entity("person", "card:" + std::to_string(i), "Person", s, "card");
        }
        const auto again = w.identifier("email", "A0@example.org", s, {"", ""});
        CHECK(again.entity_id == first.entity_id);
        CHECK(again.identifier_id == first.identifier_id);
        CHECK(w.entity("person", "card:0", "Person 0", s, "card") == first_entity);
        tx.commit();
        const auto& db = f.cf.db();
        CHECK(db.scalar_int("SELECT count(*) FROM identifier WHERE type = 'email'") == 70000);
        CHECK(db.scalar_int("SELECT count(*) FROM entity WHERE kind = 'person'") == 70000);
    }

    TEST_CASE("a raw phone never merges across two evidence files") {
        Fixture f;
        const auto r1 = f.add_evidence("a.db", "a");
        const auto r2 = f.add_evidence("b.db", "b");
        auto w1 = f.writer(r1);
        auto w2 = f.writer(r2);
        // No region known: the national form cannot be read, so it stays raw.
        const auto x1 = w1.identifier("phone", "07700 900123", w1.source("sqlite:sms/rowid=1"), {});
        const auto x1b = w1.identifier("phone", "07700 900123", w1.source("sqlite:sms/rowid=2"), {});
        const auto x2 = w2.identifier("phone", "07700 900123", w2.source("sqlite:sms/rowid=1"), {});
        CHECK(x1.status == store::IdStatus::raw);
        CHECK(x1.entity_id == x1b.entity_id); // within one file it is the same sighting
        CHECK(x1.entity_id != x2.entity_id);
        const auto vodafone1 =
            w1.identifier("phone", "VODAFONE", w1.source("sqlite:sms/rowid=3"), {"GB", "case"});
        const auto vodafone2 =
            w2.identifier("phone", "VODAFONE", w2.source("sqlite:sms/rowid=3"), {"GB", "case"});
        CHECK(vodafone1.entity_id != vodafone2.entity_id);
        // An IBAN that fails its check is scoped the same way.
        const auto bad1 = w1.identifier("iban", "GB82 WEST 1234 5698 7654 33", w1.source("csv:line=2"), {});
        const auto bad2 = w2.identifier("iban", "GB82 WEST 1234 5698 7654 33", w2.source("csv:line=2"), {});
        CHECK(bad1.status == store::IdStatus::invalid);
        CHECK(bad1.entity_id != bad2.entity_id);
        const auto& db = f.cf.db();
        CHECK(db.scalar_int(
                  "SELECT count(DISTINCT scope) FROM identifier WHERE status IN ('raw','invalid')") == 2);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM identifier WHERE status = 'raw' AND scope NOT LIKE 'evidence:%'") ==
              0);
    }

    TEST_CASE("handles are scoped to their app") {
        Fixture f;
        const auto r1 = f.add_evidence("tg.json", "tg");
        const auto r2 = f.add_evidence("tg2.json", "tg2");
        auto w1 = f.writer(r1);
        auto w2 = f.writer(r2);
        const auto s = w1.source("json:/chats/list/0");
        const auto tg = w1.handle("telegram", "user123", s, "Mike");
        const auto tg_again = w2.handle("telegram", "user123", w2.source("json:/chats/list/4"));
        const auto wa = w1.handle("whatsapp-txt:" + r1.sha256, "user123", s);
        CHECK(tg.entity_id == tg_again.entity_id);
        CHECK(tg.entity_id != wa.entity_id);
        const auto& db = f.cf.db();
        CHECK(count(db, "SELECT count(*) FROM entity WHERE id = ?1 AND kind = 'handle' AND label = 'Mike'",
                    tg.entity_id) == 1);
        // A label fills an empty (or value-only) label once and is not overwritten afterwards.
        const auto phone = w1.identifier("phone", "+44 7400 123456", s, {});
        w1.label_if_empty(phone.entity_id, "Mike (contacts)");
        w1.label_if_empty(phone.entity_id, "Someone else");
        CHECK(count(db, "SELECT count(*) FROM entity WHERE id = ?1 AND label = 'Mike (contacts)'",
                    phone.entity_id) == 1);
        // A source locator is one row however often it is asked for.
        CHECK(w1.source("json:/chats/list/0") == s);
    }

    TEST_CASE("events are stored with their time, fields and parties") {
        Fixture f;
        const auto run = f.add_evidence("sms.db", "sms");
        auto w = f.writer(run);
        const auto s = w.source("sqlite:sms/rowid=57");
        const auto me = w.identifier("phone", "+44 7400 123456", s, {}).entity_id;
        const auto them = w.identifier("phone", "07700 900123", s, {"GB", "case"}).entity_id;
        auto e = message(me, them, 1709287200123, "see you at 10");
        e.thread = "12";
        e.deleted = true;
        e.attrs = {{"read", true}};
        const auto id = w.event(e, s);
        CHECK(w.counts().events == 1);
        const auto& db = f.cf.db();
        auto st =
            db.prepare("SELECT kind, source_id, utc_ms, precision, time_rule, direction, app, thread, body, "
                       "deleted, attrs FROM event WHERE id = ?1");
        st.bind(1, id);
        REQUIRE(st.step());
        CHECK(st.column_text(0) == "message");
        CHECK(st.column_int64(1) == s);
        CHECK(st.column_int64(2) == 1709287200123);
        CHECK(st.column_text(3) == "ms");
        CHECK(st.column_text(4) == "unix-ms");
        CHECK(st.column_text(5) == "outgoing");
        CHECK(st.column_text(6) == "sms");
        CHECK(st.column_text(7) == "12");
        CHECK(st.column_text(8) == "see you at 10");
        CHECK(st.column_int64(9) == 1);
        CHECK(nlohmann::json::parse(st.column_text(10))["read"] == true);
        auto parties =
            db.prepare("SELECT entity_id, role FROM event_party WHERE event_id = ?1 ORDER BY role");
        parties.bind(1, id);
        REQUIRE(parties.step());
        CHECK(parties.column_int64(0) == them);
        CHECK(parties.column_text(1) == "recipient");
        REQUIRE(parties.step());
        CHECK(parties.column_int64(0) == me);
        CHECK(parties.column_text(1) == "sender");
        CHECK_FALSE(parties.step());
        // A date-only event keeps its day and no instant.
        const auto day =
            w.event(payment(me, them, -1500, "GBP", std::nullopt, "2024-03-01"), w.source("csv:line=2"));
        CHECK(count(db,
                    "SELECT count(*) FROM event WHERE id = ?1 AND utc_ms IS NULL AND date = '2024-03-01' AND "
                    "precision = 'day'",
                    day) == 1);
    }

    TEST_CASE("links updated run by run equal links rebuilt from scratch") {
        Fixture f;
        const auto r1 = f.add_evidence("a.db", "a");
        const auto r2 = f.add_evidence("b.db", "b");
        std::int64_t alice = 0, bob = 0, carol = 0, dave = 0;
        {
            auto w = f.writer(r1);
            const auto s = [&w](int i) { return w.source("sqlite:t/rowid=" + std::to_string(i)); };
            alice = w.identifier("phone", "+44 7400 123456", s(0), {}).entity_id;
            bob = w.identifier("phone", "+33 6 12 34 56 78", s(0), {}).entity_id;
            carol = w.identifier("iban", "GB82 WEST 1234 5698 7654 32", s(0), {}).entity_id;
            dave = w.identifier("iban", "DE89 3704 0044 0532 0130 00", s(0), {}).entity_id;
            (void)w.event(message(alice, bob, 2000), s(1));
            (void)w.event(message(bob, alice, 3000), s(2)); // the other way round: the same undirected link
            store::EventRecord call;
            call.kind = "call";
            call.time = store::time_from_unix_ms(2500, "2500", "unix-ms");
            call.parties = {{bob, "caller"}, {carol, "callee"}};
            (void)w.event(call, s(3));
            (void)w.event(payment(carol, dave, -1500, "GBP", 4000), s(4));
            (void)w.event(payment(carol, dave, 700, "EUR", 4100), s(5));
            (void)w.event(payment(carol, dave, -200, "GBP", std::nullopt, "2024-03-02"), s(6));
            (void)w.event(payment(dave, carol, -50, "GBP", 4200), s(7)); // directed: a separate link
        }
        store::update_links_for_run(f.cf.db(), r1.run_id);
        {
            auto w = f.writer(r2);
            const auto s = [&w](int i) { return w.source("sqlite:t/rowid=" + std::to_string(i)); };
            (void)w.event(message(alice, bob, 1000), s(1)); // earlier than anything in run 1
            (void)w.event(message(alice, bob, 9000), s(2)); // later
            (void)w.event(payment(carol, dave, -2500, "GBP", 5000), s(3));
            (void)w.event(payment(carol, dave, -300, "GBP", std::nullopt, "2024-02-28"), s(4));
            store::EventRecord group;
            group.kind = "message";
            group.time = store::time_from_unix_ms(6000, "6000", "unix-ms");
            group.parties = {{alice, "participant"}, {bob, "participant"}, {carol, "participant"}};
            (void)w.event(group, s(5));
        }
        store::update_links_for_run(f.cf.db(), r2.run_id);
        const auto incremental = links_by_content(f.cf.db());
        store::rebuild_links(f.cf.db());
        const auto rebuilt = links_by_content(f.cf.db());
        CHECK(incremental.first == rebuilt.first);
        CHECK(incremental.second == rebuilt.second);
        // Derived one and two event ids at a time (as a 10M-event run is, 100,000 at a time): the same links.
        for (const std::int64_t slice : {1, 2}) {
            store::rebuild_links(f.cf.db(), slice);
            const auto sliced = links_by_content(f.cf.db());
            CHECK(sliced.first == rebuilt.first);
            CHECK(sliced.second == rebuilt.second);
        }

        // And the values are the ones the events give.
        const auto& db = f.cf.db();
        const auto [lo, hi] = std::minmax(alice, bob);
        auto st = db.prepare(
            "SELECT count, first_ms, last_ms FROM link WHERE a = ?1 AND b = ?2 AND kind = 'message'");
        st.bind(1, lo).bind(2, hi);
        REQUIRE(st.step());
        CHECK(st.column_int64(0) == 5); // 2 + 2 direct messages, 1 group message
        CHECK(st.column_int64(1) == 1000);
        CHECK(st.column_int64(2) == 9000);
        auto gbp = db.prepare("SELECT count, total_minor, first_ms, last_ms, first_date, last_date FROM link "
                              "WHERE a = ?1 AND b = ?2 AND kind = 'transaction' AND currency = 'GBP'");
        gbp.bind(1, carol).bind(2, dave);
        REQUIRE(gbp.step());
        CHECK(gbp.column_int64(0) == 4);
        CHECK(gbp.column_int64(1) == 1500 + 200 + 2500 + 300);
        CHECK(gbp.column_int64(2) == 4000);
        CHECK(gbp.column_int64(3) == 5000);
        CHECK(gbp.column_text(4) == "2024-02-28");
        CHECK(gbp.column_text(5) == "2024-03-02");
        CHECK(count(db, "SELECT count(*) FROM link WHERE kind = 'transaction' AND a = ?1", dave) == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM link WHERE kind = 'message'") ==
              3); // the group's three pairs
    }

    TEST_CASE("updating links twice for the same run does not count its events twice") {
        Fixture f;
        const auto r1 = f.add_evidence("a.db", "a");
        auto w = f.writer(r1);
        const auto s = w.source("sqlite:t/rowid=1");
        const auto alice = w.identifier("phone", "+44 7400 123456", s, {}).entity_id;
        const auto bob = w.identifier("phone", "+33 6 12 34 56 78", s, {}).entity_id;
        (void)w.event(message(alice, bob, 2000), s);
        (void)w.event(payment(alice, bob, -100, "GBP", 3000), w.source("sqlite:t/rowid=2"));
        store::update_links_for_run(f.cf.db(), r1.run_id);
        const auto once = links_by_content(f.cf.db());
        store::update_links_for_run(f.cf.db(), r1.run_id);
        CHECK(links_by_content(f.cf.db()) == once);
        store::rebuild_links(f.cf.db());
        CHECK(links_by_content(f.cf.db()) == once);
    }

    TEST_CASE("diagnostics land in import_error with their locator, severity and evidence") {
        Fixture f;
        const auto run = f.add_evidence("broken.xml", "<smses>");
        auto w = f.writer(run);
        w.diagnostic("xml:/smses/sms[3]", store::Severity::error, "date attribute is not a number");
        w.diagnostic("xml:/smses/sms[4]", store::Severity::warning, "address is empty");
        CHECK(w.counts().errors == 1);
        CHECK(w.counts().warnings == 1);
        const auto errors = store::read_errors(f.cf.db());
        REQUIRE(errors.size() == 2);
        CHECK(errors[0].evidence_sha256 == run.sha256);
        CHECK(errors[0].evidence_name == "broken.xml");
        CHECK(errors[0].locator == "xml:/smses/sms[3]");
        CHECK(errors[0].severity == "error");
        CHECK(errors[0].message == "date attribute is not a number");
        CHECK(errors[1].severity == "warning");
        CHECK(count(f.cf.db(), "SELECT count(*) FROM import_error WHERE import_run_id = ?1", run.run_id) ==
              2);
        CHECK(store::read_stats(f.cf.db()).import_errors == 2);
    }

    TEST_CASE("full-text search finds a message by a word of its body, accents or not") {
        Fixture f;
        const auto run = f.add_evidence("chat.txt", "chat");
        auto w = f.writer(run);
        const auto s = w.source("line:12");
        const auto a = w.identifier("phone", "+44 7400 123456", s, {}).entity_id;
        const auto b = w.identifier("phone", "+33 6 12 34 56 78", s, {}).entity_id;
        const auto id = w.event(message(a, b, 1000, "Meet at the Café near Victoria station"), s);
        (void)w.event(message(b, a, 2000, "ok"), w.source("line:13"));
        const auto find = [&f](const std::string& q) {
            std::vector<std::int64_t> hits;
            auto st = f.cf.db().prepare(
                "SELECT target_id FROM search WHERE search MATCH ?1 AND target_kind = 'event' ORDER BY rank");
            st.bind(1, q);
            while (st.step())
                hits.push_back(st.column_int64(0));
            return hits;
        };
        CHECK(find("victoria") == std::vector<std::int64_t>{id});
        CHECK(find("cafe") == std::vector<std::int64_t>{id});
        CHECK(find("café") == std::vector<std::int64_t>{id});
        CHECK(find("birmingham").empty());
        // Identifiers are searchable by their value too.
        CHECK(f.cf.db().scalar_int("SELECT count(*) FROM search WHERE search MATCH '447400123456' AND "
                                   "target_kind = 'identifier'") == 1);
    }

    TEST_CASE("an event with an identity already in the case becomes a sighting, counted once in links") {
        // Two statement files; the second holds again a payment the first already had.
        Fixture f;
        const auto r1 = f.add_evidence("a.sta", "a");
        std::int64_t first = 0, second = 0, carol = 0, dave = 0, sighting_source = 0;
        {
            auto w = f.writer(r1);
            const auto s = w.source("mt940:statement=1/line=5");
            carol = w.identifier("iban", "GB82 WEST 1234 5698 7654 32", s, {}).entity_id;
            dave = w.identifier("iban", "DE89 3704 0044 0532 0130 00", s, {}).entity_id;
            auto e = payment(carol, dave, -1500, "GBP", 4000);
            e.identity = "mt940|X|1";
            first = w.event(e, s);
            auto other = payment(carol, dave, -1500, "GBP", 4000); // same figures, no identity: its own
            second = w.event(other, w.source("mt940:statement=1/line=7"));
        }
        store::update_links_for_run(f.cf.db(), r1.run_id);
        const auto r2 = f.add_evidence("b.sta", "b");
        {
            auto w = f.writer(r2);
            sighting_source = w.source("mt940:statement=3/line=40");
            auto e = payment(carol, dave, -1500, "GBP", 4000);
            e.identity = "mt940|X|1";
            CHECK(w.event(e, sighting_source) == first);
            CHECK(w.counts().events == 0);
            CHECK(w.counts().sightings == 1);
            CHECK(w.event_with_identity("mt940|X|1") == first);
            CHECK_FALSE(w.event_with_identity("mt940|X|2"));
        }
        store::update_links_for_run(f.cf.db(), r2.run_id);
        const auto& db = f.cf.db();
        CHECK(db.scalar_int("SELECT count(*) FROM event") == 2);
        CHECK(count(db, "SELECT count(*) FROM event_sighting WHERE event_id = ?1", first) == 1);
        CHECK(count(db, "SELECT source_id FROM event_sighting WHERE event_id = ?1", first) ==
              sighting_source);
        CHECK(db.scalar_int("SELECT count FROM link WHERE kind = 'transaction'") == 2);
        CHECK(db.scalar_int("SELECT total_minor FROM link WHERE kind = 'transaction'") == 3000);
        store::rebuild_links(db);
        CHECK(db.scalar_int("SELECT total_minor FROM link WHERE kind = 'transaction'") == 3000);

        // event_sources: the primary first, then the sighting, each with its file and locator.
        const auto src = store::event_sources(db, first);
        REQUIRE(src.size() == 2);
        CHECK(src[0].primary);
        CHECK(src[0].evidence_name == "a.sta");
        CHECK(src[0].evidence_sha256 == store::sha256_hex("a"));
        CHECK(src[0].locator == "mt940:statement=1/line=5");
        CHECK_FALSE(src[1].primary);
        CHECK(src[1].evidence_name == "b.sta");
        CHECK(src[1].evidence_sha256 == store::sha256_hex("b"));
        CHECK(src[1].locator == "mt940:statement=3/line=40");
        // Batched: in the order asked, an id asked twice listed once.
        const auto many = store::event_sources(db, std::vector<std::int64_t>{second, first, second});
        REQUIRE(many.size() == 3);
        CHECK((many[0].event_id == second && many[0].primary));
        CHECK((many[1].event_id == first && many[1].primary && many[2].event_id == first));
        CHECK(store::sighted_events(db) == std::vector<std::int64_t>{first});
        auto rows =
            db.prepare("SELECT count(*), sum(is_primary) FROM (" + store::event_source_rows("= ?1") + ")");
        rows.bind(1, first);
        REQUIRE(rows.step());
        CHECK(rows.column_int64(0) == 2);
        CHECK(rows.column_int64(1) == 1);
    }
}
