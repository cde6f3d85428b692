// Records run without a savepoint: a failed record's rows are taken back through the writer's undo log.
// The case afterwards must be what a savepoint rollback would have left, row for row and id for id; a
// record that wrote around the writer sends the rest of the input back to savepoints.
#include "ingest/importer.hpp"
#include "store/case_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <stdexcept>

using namespace casegraph;

namespace record_undo_test {

// Every row of the tables an import writes, ids included, in one text.
std::string rows(const store::Db& db) {
    std::string out;
    for (const char* sql :
         {"SELECT 'source', id, locator FROM source ORDER BY id",
          "SELECT 'entity', id, kind, key, label FROM entity ORDER BY id",
          "SELECT 'identifier', id, entity_id, value FROM identifier ORDER BY id",
          "SELECT 'identifier_source', identifier_id, source_id, raw FROM identifier_source ORDER BY 2, 3, 4",
          "SELECT 'entity_source', entity_id, source_id, role FROM entity_source ORDER BY 2, 3, 4",
          "SELECT 'event', id, source_id, kind, coalesce(body, ''), coalesce(attrs, ''), coalesce(identity, "
          "'') "
          "FROM event ORDER BY id",
          "SELECT 'event_party', event_id, entity_id, role FROM event_party ORDER BY 2, 3, 4",
          "SELECT 'event_sighting', event_id, source_id FROM event_sighting ORDER BY 2, 3",
          "SELECT 'import_error', id, locator, message FROM import_error ORDER BY id"}) {
        auto st = db.prepare(sql);
        while (st.step()) {
            for (int c = 0; c < st.column_count(); ++c)
                out += st.column_text(c) + "|";
            out += "\n";
        }
    }
    return out;
}

struct Fixture {
    test::TempDir d;
    store::CaseFile cf = store::CaseFile::create(d / "a.case", {}, "tester");
    Fixture() {
        cf.db().exec("INSERT INTO evidence_file(sha256, size, original_path, original_name, registered_by, "
                     "registered_at) VALUES ('abc', 1, '/x', 'x', 't', 'now')");
        cf.db().exec("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, "
                     "status) VALUES (1, 'test', '1', '{}', 'now', 'running')");
    }
};

// One import into the fixture's case, as the ingest loop sets it up.
struct Import {
    store::Transaction tx;
    store::ImportWriter w;
    ingest::IngestOptions opts;
    ingest::Input input;
    ingest::ImportContext ctx;
    explicit Import(const store::Db& db) : tx(db), w(db, 1, 1, "abc"), ctx(w, opts, input, {}) {
        w.defer_search(true);
    }
};

// A record that writes through every path of the writer: a source, a phone (identifier, entity, search
// row), a name entity, a label on an entity of an earlier record, a warning, an event with parties and
// attributes, and a second sighting of an earlier event.
void full_record(store::ImportWriter& w, ingest::ImportContext& ctx, const std::string& loc,
                 const std::string& phone, std::int64_t earlier_entity) {
    const auto s = w.source(ctx.locator(loc));
    const auto r = w.identifier("phone", phone, s, {"GB", "case"});
    const auto n = w.entity("person", "name:" + loc, "Name " + loc, s, "sender");
    if (earlier_entity != 0)
        w.label_if_empty(earlier_entity, "Label from " + loc);
    ctx.warning(loc, "warning of " + loc);
    store::EventRecord e;
    e.kind = "message";
    e.body = "body of " + loc;
    e.attrs["n"] = 1;
    e.attrs["text"] = "caf\xc3\xa9 \"quoted\"";
    e.parties = {{r.entity_id, "sender"}, {n, "recipient"}};
    (void)w.event(e, s);
    store::EventRecord again;
    again.kind = "transaction";
    again.identity = "tx-1";
    (void)w.event(again, s);
}

} // namespace record_undo_test
using namespace record_undo_test;

TEST_SUITE("ingest") {
    TEST_CASE("a failed record without a savepoint leaves the case row for row as if it had not run") {
        // Case A: records 1, 2 (fails after writing everything) and 3. Case B: records 1 and 3 only.
        auto run = [](Fixture& f, bool with_failure) {
            const auto& db = f.cf.db();
            Import im(db);
            auto& w = im.w;
            auto& ctx = im.ctx;
            std::int64_t first = 0;
            CHECK(ctx.record("row:1", [&] {
                const auto s = w.source(ctx.locator("row:1"));
                first = w.identifier("phone", "07700 900111", s, {"GB", "case"}).entity_id;
                store::EventRecord tx1;
                tx1.kind = "transaction";
                tx1.identity = "tx-1";
                (void)w.event(tx1, s);
            }));
            if (with_failure)
                CHECK_FALSE(ctx.record("row:2", [&] {
                    full_record(w, ctx, "row:2", "07700 900222", first);
                    throw std::runtime_error("bad row");
                }));
            CHECK(ctx.record("row:3", [&] { full_record(w, ctx, "row:3", "07700 900333", first); }));
            w.flush_search();
            im.tx.commit();
        };
        Fixture a;
        Fixture b;
        run(a, true);
        run(b, false);
        const auto ra = rows(a.cf.db());
        const auto rb = rows(b.cf.db());
        // A has the failed record's warning and error rows, B none: compare everything else.
        const auto cut = [](const std::string& s) { return s.substr(0, s.find("import_error|")); };
        CHECK(cut(ra) == cut(rb));
        CHECK(ra.find("Name row:2") == std::string::npos);
        CHECK(ra.find("+447700900222") == std::string::npos);
        CHECK(ra.find("Label from row:3") != std::string::npos); // the label row:2 set was taken back
        CHECK(a.cf.db()
                  .scalar_text("SELECT group_concat(locator || ' ' || message, '; ') FROM (SELECT * FROM "
                               "import_error ORDER BY id)")
                  .value() == "row:2 warning of row:2; row:2 bad row; row:3 warning of row:3");
        CHECK(a.cf.db().scalar_int("SELECT count(*) FROM search WHERE search MATCH 'row'") ==
              b.cf.db().scalar_int("SELECT count(*) FROM search WHERE search MATCH 'row'"));
    }

    TEST_CASE("a record that writes around the writer sends the rest back to savepoints") {
        Fixture f;
        const auto& db = f.cf.db();
        Import im(db);
        auto& w = im.w;
        auto& ctx = im.ctx;
        const auto foreign = [&](const std::string& loc) {
            db.prepare("INSERT INTO import_error(evidence_id, locator, severity, message) VALUES (1, ?1, "
                       "'warning', 'written directly')")
                .bind(1, loc)
                .run();
        };
        CHECK(ctx.record("row:1", [&] {
            (void)w.source("row:1");
            foreign("row:1");
        }));
        // From here on a savepoint takes back the direct write too.
        CHECK_FALSE(ctx.record("row:2", [&] {
            (void)w.source("row:2");
            foreign("row:2");
            throw std::runtime_error("bad row");
        }));
        im.tx.commit();
        CHECK(db.scalar_int("SELECT count(*) FROM source") == 1);
        CHECK(db.scalar_text("SELECT group_concat(locator || ' ' || message, '; ') FROM (SELECT * FROM "
                             "import_error ORDER BY id)")
                  .value() == "row:1 written directly; row:2 bad row");
    }

    TEST_CASE("a failing first record that wrote around the writer abandons the input instead of keeping "
              "half a record") {
        Fixture f;
        const auto& db = f.cf.db();
        Import im(db);
        auto& ctx = im.ctx;
        CHECK_THROWS_WITH_AS(ctx.record("row:1",
                                        [&] {
                                            db.exec(
                                                "INSERT INTO import_error(evidence_id, locator, severity, "
                                                "message) VALUES (1, 'x', 'warning', 'direct')");
                                            throw std::runtime_error("bad row");
                                        }),
                             doctest::Contains("row:1 failed (bad row)"), std::runtime_error);
    }
}
