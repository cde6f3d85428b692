// Text that is not UTF-8 reaching the writer (an importer passed a damaged source through): the writer
// stores U+FFFD for every bad byte and records a warning at the record's source. Nothing raw reaches the
// case, and the record is not lost (the JSON writer cannot hold such bytes and threw before).
#include "store/case_file.hpp"
#include "store/utf8.hpp"
#include "store/writer.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

using namespace casegraph;

namespace writer_utf8_test {

struct Fixture {
    test::TempDir d;
    store::CaseFile cf = store::CaseFile::create(d / "u.case", {}, "tester");
    const store::Db& db = cf.db();
    Fixture() {
        db.exec("INSERT INTO evidence_file(sha256, size, original_path, original_name, registered_by, "
                "registered_at) VALUES ('abc', 1, '/x', 'x', 't', 'now')");
        db.exec("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
                "VALUES (1, 'test', '1', '{}', 'now', 'running')");
    }
    [[nodiscard]] std::vector<std::string> warnings() const {
        std::vector<std::string> out;
        auto st =
            db.prepare("SELECT locator || ' | ' || message FROM import_error WHERE severity = 'warning' "
                       "ORDER BY id");
        while (st.step())
            out.push_back(st.column_text(0));
        return out;
    }
};

constexpr const char* kFffd = "\xEF\xBF\xBD";

} // namespace writer_utf8_test
using namespace writer_utf8_test;

TEST_SUITE("store") {
    TEST_CASE("utf8_lossy replaces each byte that does not start a valid sequence, and counts them") {
        std::size_t n = 0;
        CHECK(store::utf8_lossy("caf\xE9", &n) == std::string("caf") + kFffd);
        CHECK(n == 1);
        // A truncated sequence, an overlong form and a surrogate: every byte of each replaced.
        CHECK(store::utf8_lossy("a\xC3", &n) == std::string("a") + kFffd);
        CHECK(store::utf8_lossy("\xC0\xAF", &n) == std::string(kFffd) + kFffd);
        CHECK(n == 2);
        CHECK(store::utf8_lossy("\xED\xA0\x80", &n) == std::string(kFffd) + kFffd + kFffd);
        // Valid text is kept as it is.
        CHECK(store::utf8_lossy("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", &n) ==
              "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
        CHECK(n == 0);
        CHECK(store::first_invalid_utf8("ok \xC3\xA9 \xFF rest") == 6);
        CHECK(store::first_invalid_utf8("fine") == 4);
    }

    TEST_CASE("an event whose text is not UTF-8 is stored with U+FFFD and a warning at its source") {
        Fixture f;
        store::ImportWriter w(f.db, 1, 1, "abc");
        store::EventRecord e;
        e.kind = "message";
        e.body = "caf\xE9 ol\xE9";
        e.time.raw = "25.11.2026 \xFF";
        e.attrs["purpose"] = "Miete R\xFC"
                             "chter";
        e.attrs["k\xE4y"] = "fine";
        const auto id = w.event(e, w.source("line:7"));
        auto st = f.db.prepare("SELECT body, time_raw, attrs FROM event WHERE id = ?1");
        st.bind(1, id);
        REQUIRE(st.step());
        CHECK(st.column_text(0) == std::string("caf") + kFffd + " ol" + kFffd);
        CHECK(st.column_text(1) == std::string("25.11.2026 ") + kFffd);
        const auto attrs = nlohmann::json::parse(st.column_text(2));
        CHECK(attrs["purpose"] == std::string("Miete R") + kFffd + "chter");
        CHECK(attrs[std::string("k") + kFffd + "y"] == "fine");
        // Two in the body, one in the time, two in the attributes (value and key).
        const auto warnings = f.warnings();
        REQUIRE(warnings.size() == 1);
        CHECK(warnings[0].rfind("line:7 | 5 byte(s) of the event body, time as found, attributes", 0) == 0);
        CHECK(w.counts().events == 1);
        // Searchable under its repaired text.
        w.flush_search();
        CHECK(f.db.scalar_int("SELECT count(*) FROM search WHERE search MATCH 'caf*'") == 1);
    }

    TEST_CASE("identifiers, handles and entity labels that are not UTF-8 are stored with U+FFFD") {
        Fixture f;
        store::ImportWriter w(f.db, 1, 1, "abc");
        const auto src = w.source("sqlite:contacts/rowid=3");
        const auto h = w.handle("test", "Ren\xE9", src, "Ren\xE9 K");
        const auto ent = w.entity("person", "card:1", "J\xF6rg", src);
        auto label = [&](std::int64_t id) {
            auto st = f.db.prepare("SELECT label FROM entity WHERE id = ?1");
            st.bind(1, id);
            REQUIRE(st.step());
            return st.column_text(0);
        };
        CHECK(label(h.entity_id) == std::string("Ren") + kFffd + " K");
        CHECK(label(ent) == std::string("J") + kFffd + "rg");
        CHECK(f.db.scalar_int("SELECT count(*) FROM identifier WHERE value = 'Ren' || char(65533)") == 1);
        const auto warnings = f.warnings();
        CHECK(warnings.size() == 3); // handle, its label, the entity's label
        for (const auto& wmsg : warnings)
            CHECK(wmsg.rfind("sqlite:contacts/rowid=3 | 1 byte(s) of the ", 0) == 0);
    }
}
