// The hash-chained audit log: rows chain, verification finds rewritten, deleted and re-hashed rows,
// and the triggers refuse changes to history.
#include "store/audit.hpp"
#include "store/case_file.hpp"
#include "store/schema.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

// A case with the creation row plus `extra` appended rows (seq 2 .. extra+1).
store::CaseFile case_with_rows(const TempDir& d, int extra) {
    auto cf = store::CaseFile::create(d / "audit.case", {.region = "GB"}, "tester");
    for (int i = 0; i < extra; ++i)
        (void)store::audit_append(cf.db(), "tester", "test.step", R"({"step":)" + std::to_string(i) + "}");
    return cf;
}

bool is_hex64(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

TEST_SUITE("store") {
    TEST_CASE("appended audit rows chain each to the one before, from the genesis hash") {
        TempDir d;
        auto cf = case_with_rows(d, 4);
        const auto rows = store::audit_read(cf.db());
        REQUIRE(rows.size() == 5);
        CHECK(rows[0].action == "case.create");
        CHECK(rows[0].prev_hash == store::kGenesisHash);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(i);
            CHECK(rows[i].seq == static_cast<std::int64_t>(i + 1));
            CHECK(is_hex64(rows[i].hash));
            CHECK(rows[i].hash == store::audit_row_hash(rows[i]));
            if (i > 0)
                CHECK(rows[i].prev_hash == rows[i - 1].hash);
        }
        // Every field is covered by the hash.
        const auto base = rows[2];
        auto changed = [&base](auto edit) {
            auto e = base;
            edit(e);
            return store::audit_row_hash(e) != store::audit_row_hash(base);
        };
        CHECK(changed([](store::AuditEntry& e) { e.seq += 1; }));
        CHECK(changed([](store::AuditEntry& e) { e.at += "x"; }));
        CHECK(changed([](store::AuditEntry& e) { e.actor = "mallory"; }));
        CHECK(changed([](store::AuditEntry& e) { e.action = "test.other"; }));
        CHECK(changed([](store::AuditEntry& e) { e.params = "{}"; }));
        CHECK(changed([](store::AuditEntry& e) { e.prev_hash = store::kGenesisHash; }));
        // Moving text from one field to the next changes the hash (fields are length-prefixed).
        CHECK(changed([](store::AuditEntry& e) {
            e.actor += e.action.substr(0, 1);
            e.action.erase(0, 1);
        }));
    }

    TEST_CASE("a fresh case's audit chain is intact") {
        TempDir d;
        auto cf = store::CaseFile::create(d / "fresh.case", {}, "tester");
        const auto check = store::audit_verify(cf.db());
        CHECK(check.intact);
        CHECK(check.rows == 1);
        CHECK_FALSE(check.first_bad_seq);
        CHECK(check.problem.empty());
        CHECK(check.head_hash == store::audit_read(cf.db()).back().hash);
        // And it stays intact after more rows, with the head moving on.
        (void)store::audit_append(cf.db(), "tester", "test.step", "{}");
        const auto again = store::audit_verify(cf.db());
        CHECK(again.intact);
        CHECK(again.rows == 2);
        CHECK(again.head_hash != check.head_hash);
    }

    TEST_CASE("the triggers refuse to update or delete audit rows, with a clear message") {
        TempDir d;
        auto cf = case_with_rows(d, 2);
        const auto& db = cf.db();
        CHECK_THROWS_WITH_AS(db.exec("UPDATE audit_log SET params = '{}' WHERE seq = 2"),
                             doctest::Contains("append-only"), store::SqliteError);
        CHECK_THROWS_WITH_AS(db.exec("DELETE FROM audit_log WHERE seq = 2"), doctest::Contains("append-only"),
                             store::SqliteError);
        CHECK_THROWS_WITH_AS(db.exec("DELETE FROM audit_log"), doctest::Contains("append-only"),
                             store::SqliteError);
        // Through a prepared statement too.
        CHECK_THROWS_WITH_AS(db.prepare("UPDATE audit_log SET actor = ?1").bind(1, "mallory").run(),
                             doctest::Contains("append-only"), store::SqliteError);
        CHECK(db.scalar_int("SELECT count(*) FROM audit_log") == 3);
        CHECK(store::audit_verify(db).intact);
    }

    TEST_CASE("INSERT OR REPLACE cannot overwrite an audit row") {
        // REPLACE deletes the conflicting row without firing delete triggers (SQLite only fires them
        // with recursive_triggers on), so the update/delete triggers alone do not stop it.
        TempDir d;
        auto cf = case_with_rows(d, 3);
        const auto& db = cf.db();
        const auto before = store::audit_read(db);
        CHECK_THROWS_WITH_AS(
            db.exec("INSERT OR REPLACE INTO audit_log(seq, at, actor, action, params, prev_hash, "
                    "hash) SELECT seq, at, 'mallory', action, params, prev_hash, hash "
                    "FROM audit_log WHERE seq = 2"),
            doctest::Contains("append-only"), store::SqliteError);
        CHECK_THROWS_WITH_AS(
            db.exec("REPLACE INTO audit_log(seq, at, actor, action, params, prev_hash, hash) "
                    "VALUES (4, 'x', 'mallory', 'x', '{}', 'x', 'x')"),
            doctest::Contains("append-only"), store::SqliteError);
        const auto after = store::audit_read(db);
        REQUIRE(after.size() == before.size());
        CHECK(after[1].actor == before[1].actor);
        CHECK(after[3].hash == before[3].hash);
        CHECK(store::audit_verify(db).intact);
        // Appending still works.
        CHECK_NOTHROW((void)store::audit_append(db, "tester", "test.step", "{}"));
        CHECK(store::audit_verify(db).rows == 5);
    }

    TEST_CASE("a case from before version 3 gets the append-only insert rule when opened") {
        TempDir d;
        const auto path = d / "v2.case";
        {
            store::Db db(path.string(), store::OpenMode::ReadWriteCreate);
            store::migrate(db, 2);
            (void)store::audit_append(db, "tester", "case.create", "{}");
            (void)store::audit_append(db, "tester", "test.step", "{}");
        }
        auto cf = store::CaseFile::open(path);
        CHECK_THROWS_WITH_AS(
            cf.db().exec("REPLACE INTO audit_log(seq, at, actor, action, params, prev_hash, hash) "
                         "VALUES (1, 'x', 'mallory', 'x', '{}', 'x', 'x')"),
            doctest::Contains("append-only"), store::SqliteError);
        CHECK(store::audit_verify(cf.db()).intact);
    }

    TEST_CASE("a rewritten middle row breaks the chain at that row") {
        TempDir d;
        auto cf = case_with_rows(d, 4); // seq 1..5
        const auto& db = cf.db();
        db.exec("DROP TRIGGER audit_log_no_update");
        db.exec(R"(UPDATE audit_log SET params = '{"step":99}' WHERE seq = 3)");
        const auto check = store::audit_verify(db);
        CHECK_FALSE(check.intact);
        REQUIRE(check.first_bad_seq);
        CHECK(*check.first_bad_seq == 3);
        CHECK(check.problem.find("altered") != std::string::npos);
        CHECK(check.rows == 5); // every row is still counted
    }

    TEST_CASE("a rewritten row whose own hash was recomputed is caught by the next row's prev_hash") {
        TempDir d;
        auto cf = case_with_rows(d, 4);
        const auto& db = cf.db();
        db.exec("DROP TRIGGER audit_log_no_update");
        auto e = store::audit_read(db)[2]; // seq 3
        e.actor = "mallory";
        e.hash = store::audit_row_hash(e);
        db.prepare("UPDATE audit_log SET actor = ?1, hash = ?2 WHERE seq = 3")
            .bind(1, e.actor)
            .bind(2, e.hash)
            .run();
        const auto check = store::audit_verify(db);
        CHECK_FALSE(check.intact);
        REQUIRE(check.first_bad_seq);
        CHECK(*check.first_bad_seq == 4);
        CHECK(check.problem.find("previous-hash") != std::string::npos);
    }

    TEST_CASE("a deleted middle row is detected") {
        TempDir d;
        auto cf = case_with_rows(d, 4);
        const auto& db = cf.db();
        db.exec("DROP TRIGGER audit_log_no_delete");
        db.exec("DELETE FROM audit_log WHERE seq = 3");
        const auto check = store::audit_verify(db);
        CHECK_FALSE(check.intact);
        REQUIRE(check.first_bad_seq);
        CHECK(*check.first_bad_seq == 4); // the first row whose link is broken
        CHECK(check.problem.find("row 3 is missing") != std::string::npos);
    }

    TEST_CASE("a deleted first row is detected") {
        TempDir d;
        auto cf = case_with_rows(d, 2);
        const auto& db = cf.db();
        db.exec("DROP TRIGGER audit_log_no_delete");
        db.exec("DELETE FROM audit_log WHERE seq = 1");
        const auto check = store::audit_verify(db);
        CHECK_FALSE(check.intact);
        REQUIRE(check.first_bad_seq);
        CHECK(*check.first_bad_seq == 2);
        CHECK(check.problem.find("row 1 is missing") != std::string::npos);
    }

    TEST_CASE("a deleted last row is only visible against a recorded head hash") {
        // A chain cannot show that rows were cut from its end; that is why the head hash is printed
        // and recorded (bundle manifests). The check must at least report a different head.
        TempDir d;
        auto cf = case_with_rows(d, 4);
        const auto& db = cf.db();
        const auto recorded_head = store::audit_verify(db).head_hash;
        db.exec("DROP TRIGGER audit_log_no_delete");
        db.exec("DELETE FROM audit_log WHERE seq = 5");
        const auto check = store::audit_verify(db);
        CHECK(check.intact);
        CHECK(check.rows == 4);
        CHECK(check.head_hash != recorded_head);
    }
}
