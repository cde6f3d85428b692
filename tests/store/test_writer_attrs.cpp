// The writer serialises an event's attributes itself (plain ASCII copied, everything else through
// nlohmann): the stored text must be exactly what nlohmann::json::dump() writes, for every kind of value.
#include "store/case_file.hpp"
#include "store/writer.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <limits>

using namespace casegraph;

namespace writer_attrs_test {

std::string stored_attrs(const nlohmann::json& attrs) {
    test::TempDir d;
    auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
    const auto& db = cf.db();
    db.exec("INSERT INTO evidence_file(sha256, size, original_path, original_name, registered_by, "
            "registered_at) VALUES ('abc', 1, '/x', 'x', 't', 'now')");
    db.exec("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
            "VALUES (1, 'test', '1', '{}', 'now', 'running')");
    store::ImportWriter w(db, 1, 1, "abc");
    store::EventRecord e;
    e.kind = "message";
    e.attrs = attrs;
    const auto id = w.event(e, w.source("row:1"));
    auto st = db.prepare("SELECT attrs FROM event WHERE id = ?1");
    st.bind(1, id);
    REQUIRE(st.step());
    return st.column_text(0);
}

} // namespace writer_attrs_test
using namespace writer_attrs_test;

TEST_SUITE("store") {
    TEST_CASE("event attributes are stored exactly as nlohmann::json::dump() writes them") {
        nlohmann::json a = nlohmann::json::object();
        a["plain"] = "GB82 WEST 1234 5698 7654 32";
        a["quote"] = "say \"hi\" \\ back";
        a["controls"] = std::string("tab\there\nnew line\x01\x1f end");
        a["utf8"] = "Caf\xc3\xa9 \xe2\x82\xac 5 \xf0\x9f\x98\x80";
        a["del"] = "a\x7f"
                   "b";
        a["negative"] = -123456789012LL;
        a["zero"] = 0;
        a["unsigned"] = std::numeric_limits<std::uint64_t>::max();
        a["double"] = 0.1;
        a["yes"] = true;
        a["no"] = false;
        a["nothing"] = nullptr;
        a["list"] = {1, "two", nlohmann::json::array(), nlohmann::json::object()};
        a["nested"]["z"] = "last";
        a["nested"]["a key with \"quotes\""] = {{"deep", 1.5e300}};
        a["\xc3\xbcmlaut key"] = "k";
        a[""] = "";
        const std::string text = stored_attrs(a);
        CHECK(text == a.dump());
        CHECK(text.find("\"del\":\"a\x7f"
                        "b\"") != std::string::npos); // DEL is not escaped by dump()
        CHECK(nlohmann::json::parse(text) == a);
    }

    TEST_CASE("attributes with invalid UTF-8 are stored with U+FFFD, not lost with the event") {
        // (dump() throws on them; the writer repairs them first: test_writer_utf8.cpp)
        nlohmann::json a = nlohmann::json::object();
        a["bad"] = std::string("ab\xff", 3);
        CHECK(stored_attrs(a) == "{\"bad\":\"ab\xEF\xBF\xBD\"}");
    }
}
