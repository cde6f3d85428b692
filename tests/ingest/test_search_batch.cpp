// Full-text rows are written in batches between records (FTS5 flushes its pending index at every
// savepoint): a rolled-back record leaves none behind, and every kept body is searchable after ingest.
#include "ingest/importer.hpp"
#include "ingest/ingest.hpp"
#include "store/time.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <fstream>

using namespace casegraph;

namespace search_batch_test {

std::int64_t hits(const store::Db& db, const std::string& word) {
    auto st = db.prepare("SELECT count(*) FROM search WHERE search MATCH ?1");
    st.bind(1, word);
    return st.step() ? st.column_int64(0) : -1;
}
} // namespace search_batch_test
using namespace search_batch_test;

TEST_SUITE("ingest") {
    TEST_CASE("deferred full-text rows: a rolled-back record's text never reaches the index") {
        test::TempDir d;
        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto& db = cf.db();
        store::Transaction tx(db);
        db.exec("INSERT INTO evidence_file(sha256, size, original_path, original_name, registered_by, "
                "registered_at) VALUES ('abc', 1, '/x', 'x', 't', 'now')");
        db.exec("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
                "VALUES (1, 'test', '1', '{}', 'now', 'running')");
        store::ImportWriter w(db, 1, 1, "abc");
        w.defer_search(true);
        ingest::IngestOptions opts;
        ingest::Input input;
        ingest::ImportContext ctx(w, opts, input, {});
        std::int64_t kept = 0;
        const auto message = [&](const std::string& loc, const std::string& body) {
            store::EventRecord e;
            e.kind = "message";
            e.body = body;
            e.time = store::time_from_unix_ms(1704067200000, "1704067200000", "unix-ms");
            return w.event(e, w.source(loc));
        };
        CHECK(ctx.record("row:1", [&] { (void)message("row:1", "alpha apples"); }));
        CHECK_FALSE(ctx.record("row:2", [&] {
            (void)message("row:2", "bravo bananas");
            throw std::runtime_error("bad row");
        }));
        CHECK(ctx.record("row:3", [&] { kept = message("row:3", "charlie cherries"); }));
        CHECK(db.scalar_int("SELECT count(*) FROM search") == 0); // still waiting in the writer
        w.flush_search();
        tx.commit();
        CHECK(hits(db, "apples") == 1);
        CHECK(hits(db, "bananas") == 0);
        CHECK(hits(db, "cherries") == 1);
        CHECK(db.scalar_int("SELECT target_id FROM search WHERE search MATCH 'cherries'") == kept);
        CHECK(db.scalar_int("SELECT count(*) FROM event") == 2);
    }

    TEST_CASE("after an ingest of more records than one batch every message body is searchable") {
        test::TempDir d;
        // 20,000 lines: more than one 16,384-row batch. Each line's last word is unique.
        const int n = 20000;
        {
            std::ofstream out(d / "chat.txt", std::ios::binary);
            for (int i = 0; i < n; ++i)
                out << 13 + i % 9 << "/02/2024, 10:" << (10 + i % 50) << " - Ana: note word" << i << "x\n";
        }
        auto cf = store::CaseFile::create(d / "a.case", {.region = "GB", .tz = "Europe/London"}, "tester");
        ingest::IngestOptions o;
        o.region = "GB";
        o.region_from = "case";
        o.tz = "Europe/London";
        o.tz_from = "case";
        const auto r = ingest::ingest_paths(cf, {d / "chat.txt"}, o, "tester");
        REQUIRE(r.files.size() == 1);
        CHECK(r.files[0].format == "whatsapp-txt");
        CHECK(r.files[0].events == n);
        const auto& db = cf.db();
        CHECK(db.scalar_int("SELECT count(*) FROM search WHERE target_kind = 'event'") == n);
        CHECK(hits(db, "word0x") == 1);
        CHECK(hits(db, "word16383x") == 1);
        CHECK(hits(db, "word16384x") == 1);
        CHECK(hits(db, "word19999x") == 1);
    }
}
