// Schema creation and forward migration of the case file.
#include "store/case_file.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using casegraph::test::TempDir;

TEST_SUITE("store") {
    TEST_CASE("a new case has the latest schema, the application id, WAL and foreign keys") {
        TempDir d;
        auto cf = store::CaseFile::create(d / "a.case", {.region = "GB", .tz = "Europe/London"}, "tester");
        CHECK(store::schema_version(cf.db()) == store::latest_schema_version());
        CHECK(cf.db().scalar_int("PRAGMA application_id") == store::kApplicationId);
        CHECK(cf.db().scalar_text("PRAGMA journal_mode").value() == "wal");
        CHECK(cf.db().scalar_int("PRAGMA foreign_keys") == 1);
        CHECK(cf.settings().region == "GB");
        CHECK(cf.settings().case_id.size() == 36);
    }

    TEST_CASE("nested record savepoints over a filled case roll back only their own page changes") {
        // Savepoints nested in a file's transaction (an archive member's records used to sit in a unit
        // savepoint), with temp_store = MEMORY: the sub-journal is an in-memory chunk list.
        TempDir d;
        auto cf = store::CaseFile::create(d / "a.case", {.region = "GB", .tz = "Europe/London"}, "tester");
        const auto& db = cf.db();
        CHECK(db.scalar_int("PRAGMA temp_store") == 2); // MEMORY
        constexpr int kRows = 3000;
        {
            store::Transaction tx(db);
            auto ins = db.prepare("INSERT INTO entity(kind, key, label) VALUES ('person', ?1, 'old')");
            for (int i = 0; i < kRows; ++i)
                ins.bind(1, "k" + std::to_string(i)).run();
            tx.commit();
        }
        store::Transaction tx(db);
        store::Savepoint unit(db, "unit");
        for (int r = 0; r < 10; ++r) {
            store::Savepoint rec(db, "rec");
            // Touches pages that existed before the unit: they go through the sub-journal.
            db.prepare("UPDATE entity SET label = ?1 WHERE id % 10 = ?2")
                .bind(1, "rec" + std::to_string(r))
                .bind(2, r)
                .run();
            if (r % 2 == 0)
                rec.release(); // odd records "fail": the destructor rolls back to their savepoint
        }
        unit.release();
        tx.commit();
        for (int r = 0; r < 10; ++r) {
            auto st = db.prepare("SELECT count(*), min(label), max(label) FROM entity WHERE id % 10 = ?1");
            st.bind(1, r);
            REQUIRE(st.step());
            CHECK(st.column_int64(0) == kRows / 10);
            const std::string want = r % 2 == 0 ? "rec" + std::to_string(r) : "old";
            CHECK(st.column_text(1) == want);
            CHECK(st.column_text(2) == want);
        }
    }

    TEST_CASE("a version-1 case migrates forward and keeps its rows") {
        TempDir d;
        const auto path = d / "old.case";
        {
            store::Db db(path.string(), store::OpenMode::ReadWriteCreate);
            store::migrate(db, 1);
            REQUIRE(store::schema_version(db) == 1);
            db.exec("INSERT INTO case_info(key, value) VALUES ('case_id', 'old-case')");
            db.exec("INSERT INTO entity(kind, key, label) VALUES ('phone', 'k1', 'Mike')");
            CHECK_THROWS(db.exec("SELECT * FROM search")); // FTS arrived in version 2
        }
        auto cf = store::CaseFile::open(path);
        CHECK(store::schema_version(cf.db()) == store::latest_schema_version());
        CHECK(cf.settings().case_id == "old-case");
        CHECK(cf.db().scalar_text("SELECT label FROM entity WHERE key = 'k1'").value() == "Mike");
        CHECK(cf.db().scalar_int("SELECT count(*) FROM search") == 0);
    }

    TEST_CASE("a case from a newer casegraph is refused, not downgraded") {
        TempDir d;
        const auto path = d / "new.case";
        {
            auto cf = store::CaseFile::create(path, {}, "tester");
            cf.db().exec("PRAGMA user_version = 99");
        }
        CHECK_THROWS_WITH(store::CaseFile::open(path), doctest::Contains("newer than this casegraph"));
    }

    TEST_CASE("a SQLite file that is not a case is refused untouched") {
        TempDir d;
        const auto path = d / "other.db";
        {
            store::Db db(path.string(), store::OpenMode::ReadWriteCreate);
            db.exec("CREATE TABLE sms(_id INTEGER PRIMARY KEY, body TEXT)");
        }
        const auto before = test::read_file(path);
        CHECK_THROWS_WITH(store::CaseFile::open(path), doctest::Contains("not a casegraph case"));
        CHECK(test::read_file(path) == before);
        test::write_file(d / "text.case", "hello");
        CHECK_THROWS_WITH(store::CaseFile::open(d / "text.case"), doctest::Contains("not a SQLite file"));
    }
}
