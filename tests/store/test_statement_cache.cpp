// The connection's prepared-statement cache (Db::prepare keyed by SQL text): a reused statement starts
// over with no bindings, statements of the same text live side by side, schema changes are seen, and a
// statement may outlive its connection.
#include "store/sqlite.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <optional>

using namespace casegraph;

namespace stmt_cache_test {

store::Db numbers(const std::filesystem::path& file) {
    store::Db db(file.string(), store::OpenMode::ReadWriteCreate);
    db.exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    return db;
}
} // namespace stmt_cache_test
using namespace stmt_cache_test;

TEST_SUITE("store") {
    TEST_CASE("a statement prepared again after an interrupted read starts over, with no bindings") {
        test::TempDir d;
        const auto db = numbers(d / "n.db");
        const std::string sql = "SELECT x FROM t WHERE x >= ?1 ORDER BY x";
        {
            auto st = db.prepare(sql);
            st.bind(1, 2);
            REQUIRE(st.step());
            CHECK(st.column_int64(0) == 2);
        } // dropped in the middle of its rows
        auto again = db.prepare(sql);
        CHECK_FALSE(again.step()); // ?1 is NULL again: x >= NULL matches nothing
        again.reset();
        again.bind(1, 1);
        std::vector<std::int64_t> seen;
        while (again.step())
            seen.push_back(again.column_int64(0));
        CHECK(seen == std::vector<std::int64_t>{1, 2, 3});
    }

    TEST_CASE("two live statements with the same text are independent") {
        test::TempDir d;
        const auto db = numbers(d / "n.db");
        auto a = db.prepare("SELECT x FROM t ORDER BY x");
        auto b = db.prepare("SELECT x FROM t ORDER BY x");
        REQUIRE(a.step());
        REQUIRE(a.step());
        REQUIRE(b.step());
        CHECK(a.column_int64(0) == 2);
        CHECK(b.column_int64(0) == 1);
    }

    TEST_CASE("a cached statement sees a changed schema") {
        test::TempDir d;
        const auto db = numbers(d / "n.db");
        CHECK(db.prepare("SELECT * FROM t").column_count() == 1);
        db.exec("ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'new'");
        auto st = db.prepare("SELECT * FROM t");
        REQUIRE(st.step());
        CHECK(st.column_count() == 2);
        CHECK(st.column_text(1) == "new");
    }

    TEST_CASE("savepoints with the same name can be opened, rolled back and released again and again") {
        test::TempDir d;
        const auto db = numbers(d / "n.db");
        store::Transaction tx(db);
        for (int i = 0; i < 3; ++i) {
            store::Savepoint keep(db, "rec0");
            db.prepare("INSERT INTO t VALUES (?1)").bind(1, 10 + i).run();
            keep.release();
            store::Savepoint undo(db, "rec0");
            db.prepare("INSERT INTO t VALUES (?1)").bind(1, 20 + i).run();
        } // `undo` rolls back each time
        tx.commit();
        CHECK(db.scalar_int("SELECT count(*) FROM t WHERE x >= 10") == 3);
        CHECK(db.scalar_int("SELECT count(*) FROM t WHERE x >= 20") == 0);
    }

    TEST_CASE("a statement that outlives its connection still reads and is then finalised") {
        test::TempDir d;
        std::optional<store::Statement> st;
        {
            const auto db = numbers(d / "n.db");
            st.emplace(db.prepare("SELECT count(*) FROM t"));
        }
        REQUIRE(st->step()); // the connection stays open (a zombie) until its last statement goes
        CHECK(st->column_int64(0) == 3);
        st.reset();
        CHECK(true);
    }
}
