// ios-sms reads `message` once: the chat of each message, "Recently Deleted" rows and tapbacks come from
// the tables read before it. Checked against SQL on the fixture itself: a message in two chats, one only
// in chat_recoverable_message_join, one in both joins, tapbacks in every associated_message_guid form
// and a non-tapback associated_message_type.
#include "ingest/ingest.hpp"
#include "support/case_helpers.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace casegraph;
using test::TempDir;

namespace {

nlohmann::json attrs_at(const store::CaseFile& cf, const std::string& locator, std::string& thread,
                        std::int64_t& deleted) {
    auto st =
        cf.db().prepare("SELECT coalesce(e.thread, ''), e.deleted, coalesce(e.attrs, '{}') FROM event e "
                        "JOIN source s ON s.id = e.source_id WHERE s.locator = ?1 AND e.seq = 0");
    st.bind(1, locator);
    REQUIRE_MESSAGE(st.step(), "no event at " << locator);
    thread = st.column_text(0);
    deleted = st.column_int64(1);
    return nlohmann::json::parse(st.column_text(2));
}

} // namespace

TEST_SUITE("ingest") {
    TEST_CASE("ios-sms: chats from both joins, recently deleted rows and tapbacks in one pass") {
        TempDir d;
        const auto p = d / "sms.db";
        {
            store::Db w(p.string(), store::OpenMode::ReadWriteCreate);
            w.exec(
                "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, "
                "text TEXT, handle_id INTEGER DEFAULT 0, service TEXT, is_from_me INTEGER DEFAULT 0, date "
                "INTEGER, associated_message_type INTEGER DEFAULT 0, associated_message_guid TEXT);"
                "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, "
                "country TEXT, service TEXT NOT NULL);"
                "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, "
                "chat_identifier TEXT, display_name TEXT);"
                "CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER, PRIMARY KEY (chat_id, "
                "message_id));"
                "CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER);"
                "CREATE TABLE chat_recoverable_message_join (chat_id INTEGER, message_id INTEGER, "
                "delete_date INTEGER, PRIMARY KEY (chat_id, message_id));"
                "INSERT INTO handle VALUES (1, '+447700900111', 'GB', 'SMS'), (2, '+447700900222', 'GB', "
                "'iMessage');"
                "INSERT INTO chat VALUES (2, 'chat-two', 'two', 'Two'), (3, 'chat-three', 'three', NULL);"
                "INSERT INTO chat_handle_join VALUES (2, 1), (2, 2), (3, 1);"
                "INSERT INTO message VALUES "
                "(1, 'G1', 'in two chats', 1, 'SMS', 0, 726000000000000000, 0, NULL),"
                "(2, 'G2', 'recently deleted', 1, 'SMS', 1, 726000100000000000, 0, NULL),"
                "(3, 'G3', 'joined and deleted', 2, 'iMessage', 0, 726000200000000000, 0, NULL),"
                "(4, 'G4', 'Liked', 2, 'iMessage', 0, 726000300000000000, 2001, 'p:0/G1'),"
                "(5, 'G5', 'Laughed', 1, 'SMS', 1, 726000400000000000, 2003, 'bp:G1'),"
                "(6, 'G6', 'Removed a heart', 2, 'iMessage', 0, 726000500000000000, 3000, 'G3'),"
                "(7, 'G7', 'a sticker', 2, 'iMessage', 0, 726000600000000000, 1000, 'p:0/G3');"
                // Rows in a join's order that is not the message's: chat 3 first.
                "INSERT INTO chat_message_join VALUES (3, 1), (2, 1), (2, 3), (2, 4), (2, 5), (2, 6), (2, 7);"
                "INSERT INTO chat_recoverable_message_join VALUES (3, 2, 726000900000000000), (3, 3, 0);");
        }
        const auto copy = d / "copy.db";
        std::filesystem::copy_file(p, copy);
        store::Db src(copy.string(), store::OpenMode::ReadOnly);
        auto expected_thread = [&](int message) {
            return src
                .scalar_text(
                    "SELECT guid FROM chat WHERE ROWID = coalesce((SELECT min(chat_id) FROM "
                    "chat_message_join WHERE message_id = " +
                    std::to_string(message) +
                    "), (SELECT min(chat_id) FROM chat_recoverable_message_join WHERE message_id = " +
                    std::to_string(message) + "))")
                .value_or("");
        };
        auto tapbacks_of = [&](const std::string& guid) {
            return src.scalar_int(
                "SELECT count(*) FROM message WHERE (associated_message_type BETWEEN 2000 AND "
                "2006 OR associated_message_type BETWEEN 3000 AND 3006) AND "
                "associated_message_guid IN ('" +
                guid + "', 'p:0/" + guid + "', 'bp:" + guid + "')");
        };

        auto cf = store::CaseFile::create(d / "a.case", {}, "tester");
        const auto report =
            ingest::ingest_paths(cf, {p}, {.region = "GB", .region_from = "evidence"}, "tester");
        REQUIRE(report.files.size() == 1);
        CHECK(report.files[0].format == "ios-sms");
        const auto tapback_rows =
            src.scalar_int("SELECT count(*) FROM message WHERE associated_message_type "
                           "BETWEEN 2000 AND 2006 OR associated_message_type BETWEEN 3000 "
                           "AND 3006");
        CHECK(tapback_rows == 3);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM event") ==
              src.scalar_int("SELECT count(*) FROM message") - tapback_rows);

        std::string thread;
        std::int64_t deleted = 0;
        // In two chats: the lower chat_id, whatever the join's row order.
        auto a = attrs_at(cf, "sqlite:message/rowid=1", thread, deleted);
        CHECK(thread == expected_thread(1));
        CHECK(thread == "chat-two");
        CHECK(a["chat_name"] == "Two");
        CHECK(deleted == 0);
        REQUIRE(a["tapbacks"].size() == static_cast<std::size_t>(tapbacks_of("G1")));
        CHECK(a["tapbacks"][0]["reaction"] == "like");
        CHECK(a["tapbacks"][0]["from"] == "+447700900222");
        CHECK(a["tapbacks"][1]["reaction"] == "laugh");
        CHECK(a["tapbacks"][1]["from_me"] == true);
        // Only in "Recently Deleted": the chat it was deleted from.
        a = attrs_at(cf, "sqlite:message/rowid=2", thread, deleted);
        CHECK(thread == expected_thread(2));
        CHECK(thread == "chat-three");
        CHECK(deleted == 1);
        CHECK(a.contains("delete_date"));
        // In both joins: chat_message_join's chat, flagged deleted, no delete_date (0 in the row).
        a = attrs_at(cf, "sqlite:message/rowid=3", thread, deleted);
        CHECK(thread == expected_thread(3));
        CHECK(deleted == 1);
        CHECK_FALSE(a.contains("delete_date"));
        REQUIRE(a["tapbacks"].size() == static_cast<std::size_t>(tapbacks_of("G3")));
        CHECK(a["tapbacks"][0]["removed"] == true);
        // associated_message_type 1000 is not a reaction: imported as a message of its own.
        a = attrs_at(cf, "sqlite:message/rowid=7", thread, deleted);
        CHECK(a["associated_message_type"] == 1000);
        CHECK(cf.db().scalar_int("SELECT count(*) FROM source WHERE locator = 'sqlite:message/rowid=4'") ==
              0);

        const auto notes = nlohmann::json::parse(
            cf.db().scalar_text("SELECT notes FROM import_run WHERE importer = 'ios-sms'").value());
        CHECK(notes["tapbacks"] == tapback_rows);
        CHECK(notes["tapbacks_attached"] == tapback_rows);
        CHECK(notes["messages_in_several_chats"] ==
              src.scalar_int("SELECT count(*) - count(DISTINCT message_id) FROM chat_message_join"));
        CHECK(notes["recently_deleted_messages"] ==
              src.scalar_int("SELECT count(DISTINCT message_id) FROM chat_recoverable_message_join"));
    }
}
