// A unit (an archive member) that fails after it has written rows: units have no savepoint of their own,
// so the file's transaction is rolled back and the file imported again with that unit recorded as failed.
// What must hold afterwards: nothing of the failed unit, everything of the good one, each thing once.
#include "chat_fixtures.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using namespace casegraph::test::chats;
using casegraph::test::TempDir;

namespace unit_redo_test {

std::string message(int id, const std::string& text) {
    return R"({"id": )" + std::to_string(id) + R"(, "type": "message", "date_unixtime": ")" +
           std::to_string(1677668400 + id * 60) + R"(", "from": "Pavel", "from_id": "user222", "text": ")" +
           text + "\"}";
}

std::string chat(const std::vector<std::string>& messages, const std::string& separator) {
    std::string s = R"({"name": "Pavel", "type": "personal_chat", "id": 222, "messages": [)";
    for (std::size_t i = 0; i < messages.size(); ++i)
        s += (i ? separator : "") + messages[i];
    return s + "]}";
}

std::int64_t events_under(const store::Db& db, const std::string& prefix) {
    auto st = db.prepare("SELECT count(*) FROM event e JOIN source s ON s.id = e.source_id WHERE "
                         "substr(s.locator, 1, length(?1)) = ?1");
    st.bind(1, prefix);
    return st.step() ? st.column_int64(0) : -1;
}
// A chat whose separator before message `broken_before` is missing: the walk imports the messages
// before it, then meets the syntax error.
std::string broken_chat(const std::string& word, int messages, int broken_before) {
    std::vector<std::string> m;
    for (int i = 1; i <= messages; ++i)
        m.push_back(message(i, word + " " + std::to_string(i)));
    std::string s = chat(m, ", ");
    const auto pos = s.find(", " + m[static_cast<std::size_t>(broken_before - 1)]);
    REQUIRE(pos != std::string::npos);
    s.replace(pos, 2, " ");
    return s;
}

std::size_t messages_in(const std::string& text) {
    std::size_t n = 0;
    for (auto at = text.find(R"("type": "message")"); at != std::string::npos;
         at = text.find(R"("type": "message")", at + 1))
        ++n;
    return n;
}

std::string many_messages(const std::string& word, int n) {
    std::vector<std::string> m;
    for (int i = 1; i <= n; ++i)
        m.push_back(message(i, word + " " + std::to_string(i)));
    return chat(m, ", ");
}

// What the progress callbacks said, per member.
struct Recorder : ingest::IngestProgress {
    std::map<std::string, int> started;
    std::map<std::string, std::int64_t> counted;
    std::string current;
    int rereads = 0;
    void file_started(const std::string& name, const std::string&) override {
        current = name.substr(name.find('!') + 1);
        ++started[current];
    }
    void records(std::int64_t more) override { counted[current] += more; }
    void rereading(const std::string&) override { ++rereads; }
};
} // namespace unit_redo_test
using namespace unit_redo_test;

TEST_SUITE("ingest") {
    TEST_CASE("a member that fails after writing rows leaves nothing behind; the other member is kept once") {
        TempDir d;
        // good.json: three messages. bad.json: two well-formed messages, then a missing comma: the walk
        // imports the first two before it meets the syntax error.
        const std::string good =
            chat({message(1, "alpha one"), message(2, "alpha two"), message(3, "alpha three")}, ", ");
        const std::string bad = chat({message(1, "bravo one"), message(2, "bravo two"),
                                      message(3, "bravo three"), message(4, "bravo four")},
                                     ", ");
        // Break the separator between the third and fourth message.
        std::string broken = bad;
        const auto pos = broken.find(", " + message(4, "bravo four"));
        REQUIRE(pos != std::string::npos);
        broken.replace(pos, 2, " ");
        write_stored_zip(d / "export.zip", {{"bad.json", broken}, {"good.json", good}});

        auto r = ingest_file(d, d / "export.zip");
        const auto& db = r.cf.db();
        REQUIRE(r.report.files.size() == 2);
        std::map<std::string, ingest::FileOutcome> by_path;
        for (const auto& f : r.report.files)
            by_path[f.path.substr(f.path.find('!') + 1)] = f;
        CHECK(by_path["bad.json"].status == "failed");
        CHECK(by_path["bad.json"].message.find("bad.json") != std::string::npos);
        CHECK(by_path["good.json"].status == "imported");
        CHECK(by_path["good.json"].events == 3);

        // Nothing of the failed member, all of the good one (three messages in the text above).
        CHECK(events_under(db, "zip:bad.json!") == 0);
        CHECK(events_under(db, "zip:good.json!") == 3);
        CHECK(db.scalar_int("SELECT count(*) FROM source WHERE locator LIKE 'zip:bad.json!%'") == 0);
        CHECK(db.scalar_int("SELECT count(*) FROM search WHERE search MATCH 'bravo'") == 0);
        CHECK(db.scalar_int("SELECT count(*) FROM search WHERE search MATCH 'alpha'") == 3);
        // Each thing once: one evidence file, one run per member, one failure row, one audit entry per
        // member.
        CHECK(db.scalar_int("SELECT count(*) FROM evidence_file WHERE media_kind = 'archive'") == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM import_run") == 2);
        CHECK(db.scalar_int(
                  "SELECT count(*) FROM import_run WHERE member = 'bad.json' AND status = 'failed'") == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM import_run WHERE member = 'good.json' AND status = 'ok'") ==
              1);
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error'") == 1);
        CHECK(db.scalar_int("SELECT count(*) FROM audit_log WHERE action = 'ingest'") == 2);

        // A re-run tries the failed member again (it fails again) and adds nothing of the good one.
        auto again = ingest::ingest_paths(r.cf, {d / "export.zip"}, {}, "tester");
        CHECK(db.scalar_int("SELECT count(*) FROM event") == 3);
        CHECK(db.scalar_int("SELECT count(*) FROM import_run WHERE member = 'good.json'") == 1);
        CHECK(events_under(db, "zip:bad.json!") == 0);
    }

    TEST_CASE("two failing members: the archive is read once more, and progress counts every member once") {
        TempDir d;
        // Enough messages that progress ticks (every 256 records) fire for the good members.
        const std::string a = many_messages("alpha", 600);
        const std::string b = broken_chat("bravo", 5, 4); // three messages written, then the error
        const std::string c = broken_chat("charlie", 4, 3);
        const std::string e = many_messages("echo", 300);
        write_stored_zip(d / "export.zip", {{"a.json", a}, {"b.json", b}, {"c.json", c}, {"e.json", e}});
        auto cf = store::CaseFile::create(d / "c.case", {}, "tester");
        Recorder progress;
        const auto report = ingest::ingest_paths(cf, {d / "export.zip"}, {}, "tester", &progress);
        const auto& db = cf.db();
        REQUIRE(report.files.size() == 4);
        // One pass more, however many members fail after writing rows.
        CHECK(progress.rereads == 1);
        for (const auto* m : {"a.json", "b.json", "c.json", "e.json"})
            CHECK_MESSAGE(progress.started[m] == 1, m);
        // The good members' records counted once each and in full (ticks come every 256 records; the rest
        // is reported at the member's end), as many as the messages in their text (a second reading of
        // a.json would report 1024 of 600).
        CHECK(progress.counted["a.json"] == static_cast<std::int64_t>(messages_in(a)));
        CHECK(progress.counted["e.json"] == static_cast<std::int64_t>(messages_in(e)));
        CHECK(progress.counted["b.json"] <= static_cast<std::int64_t>(messages_in(b)));
        CHECK(progress.counted["c.json"] <= static_cast<std::int64_t>(messages_in(c)));
        std::map<std::string, ingest::FileOutcome> by_path;
        for (const auto& f : report.files)
            by_path[f.path.substr(f.path.find('!') + 1)] = f;
        CHECK(by_path["a.json"].status == "imported");
        CHECK(by_path["b.json"].status == "failed");
        CHECK(by_path["c.json"].status == "failed");
        CHECK(by_path["e.json"].status == "imported");
        // The second failure was undone by its own savepoint: nothing of either bad member stays.
        CHECK(events_under(db, "zip:a.json!") == static_cast<std::int64_t>(messages_in(a)));
        CHECK(events_under(db, "zip:b.json!") == 0);
        CHECK(events_under(db, "zip:c.json!") == 0);
        CHECK(events_under(db, "zip:e.json!") == static_cast<std::int64_t>(messages_in(e)));
        CHECK(db.scalar_int("SELECT count(*) FROM search WHERE search MATCH 'bravo OR charlie'") == 0);
        CHECK(db.scalar_int("SELECT count(*) FROM search WHERE search MATCH 'echo'") ==
              static_cast<std::int64_t>(messages_in(e)));
        CHECK(db.scalar_int("SELECT count(*) FROM import_run WHERE status = 'failed'") == 2);
        CHECK(db.scalar_int("SELECT count(*) FROM import_run") == 4);
        CHECK(db.scalar_int("SELECT count(*) FROM import_error WHERE severity = 'error'") == 2);
        CHECK(db.scalar_int("SELECT count(*) FROM audit_log WHERE action = 'ingest'") == 4);
    }
}
