// The controller's iPhone: sms.db (Messages: iMessage and SMS, the iOS 11+ layout with nanosecond dates)
// and CallHistory.storedata (Core Data ZCALLRECORD: phone calls and WhatsApp calls through CallKit).
#include "more_formats.hpp"

#include <map>

namespace casegraph::demo::detail {

namespace {

// Apple's epoch is 2001-01-01T00:00:00Z.
constexpr std::int64_t kAppleEpochMs = 978307200000LL;

} // namespace

Files write_ios_sms(const std::filesystem::path& root, const Cast& cast, const Plan& plan, std::int64_t n,
                    std::uint64_t seed) {
    const auto file = root / "sms.db";
    store::Db db = fresh_db(file, 0);
    store::Transaction tx(db);
    // The tables and columns of the iOS sms.db layout (as in plaso's iMessage sample, without the
    // triggers that call functions only the Messages app registers).
    db.exec(
        "CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));"
        "INSERT INTO _SqliteDatabaseProperties VALUES ('_ClientVersion', '14006'), ('counter_in_all', '0');"
        "CREATE TABLE deleted_messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL);"
        "CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, handle_id "
        "INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));"
        "CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE, "
        "message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0, "
        "PRIMARY KEY (chat_id, message_id));"
        "CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE "
        "CASCADE, attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, "
        "attachment_id));"
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country "
        "TEXT, service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, "
        "service));"
        "CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text "
        "TEXT, replace INTEGER DEFAULT 0, service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, "
        "country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0, type INTEGER DEFAULT 0, service "
        "TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER, date_read INTEGER, "
        "date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0, is_emote "
        "INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER "
        "DEFAULT 0, is_auto_reply INTEGER DEFAULT 0, is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT "
        "0, is_system_message INTEGER DEFAULT 0, is_sent INTEGER DEFAULT 0, has_dd_results INTEGER DEFAULT "
        "0, is_service_message INTEGER DEFAULT 0, is_forward INTEGER DEFAULT 0, was_downgraded INTEGER "
        "DEFAULT 0, is_archive INTEGER DEFAULT 0, cache_has_attachments INTEGER DEFAULT 0, cache_roomnames "
        "TEXT, was_data_detected INTEGER DEFAULT 0, was_deduplicated INTEGER DEFAULT 0, is_audio_message "
        "INTEGER DEFAULT 0, is_played INTEGER DEFAULT 0, date_played INTEGER, item_type INTEGER DEFAULT 0, "
        "other_handle INTEGER DEFAULT 0, group_title TEXT, group_action_type INTEGER DEFAULT 0, "
        "share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0, is_expirable INTEGER DEFAULT 0, "
        "expire_state INTEGER DEFAULT 0, message_action_type INTEGER DEFAULT 0, message_source INTEGER "
        "DEFAULT 0, associated_message_guid TEXT, associated_message_type INTEGER DEFAULT 0, "
        "destination_caller_id TEXT);"
        "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style "
        "INTEGER, state INTEGER, account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, "
        "room_name TEXT, account_login TEXT, is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, "
        "display_name TEXT, group_id TEXT, is_filtered INTEGER, successful_query INTEGER);"
        "CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, "
        "created_date INTEGER DEFAULT 0, start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type "
        "TEXT, transfer_state INTEGER DEFAULT 0, is_outgoing INTEGER DEFAULT 0, user_info BLOB, "
        "transfer_name TEXT, total_bytes INTEGER DEFAULT 0);"
        "CREATE INDEX chat_message_join_idx_message_id_only ON chat_message_join(message_id);"
        "CREATE INDEX message_idx_handle ON message(handle_id, date);"
        "CREATE INDEX message_idx_date ON message(date);");

    Rng rng(seed, static_cast<std::uint64_t>(MoreStream::ios_sms));
    // One handle and one chat per mobile contact: iMessage for the cast (they all have iPhones in this
    // story), SMS for the fillers.
    auto handle =
        db.prepare("INSERT INTO handle (id, country, service, uncanonicalized_id) VALUES (?1, 'gb', ?2, ?3)");
    auto chat = db.prepare("INSERT INTO chat (guid, style, state, account_id, chat_identifier, service_name, "
                           "account_login, last_addressed_handle, display_name, group_id, is_filtered, "
                           "successful_query) VALUES (?1, 45, 3, ?2, ?3, ?4, ?5, ?6, '', ?7, 0, 1)");
    auto join = db.prepare("INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?1, ?1)");
    const std::string account_id = uuid_upper(rng);
    std::map<std::size_t, std::int64_t> handle_of; // contact index -> handle ROWID (= chat ROWID)
    for (std::size_t k = 0; k < cast.contacts.size(); ++k) {
        const Contact& c = cast.contacts[k];
        if (c.landline)
            continue;
        const bool imessage = c.role != Role::filler;
        const std::string service = imessage ? "iMessage" : "SMS";
        handle.bind(1, c.e164).bind(2, service).bind(3, typed_form(c, k)).run();
        const std::int64_t h = db.last_insert_rowid();
        handle_of[k] = h;
        chat.bind(1, service + ";-;" + c.e164)
            .bind(2, account_id)
            .bind(3, c.e164)
            .bind(4, service)
            .bind(5, imessage ? "E:marek.dunmore@example.com" : "P:" + cast.controller.e164)
            .bind(6, cast.controller.e164)
            .bind(7, uuid_upper(rng))
            .run();
        join.bind(1, h).run();
    }

    auto msg = db.prepare(
        "INSERT INTO message (guid, text, service_center, handle_id, service, account, account_guid, date, "
        "date_read, date_delivered, is_delivered, is_finished, is_from_me, is_read, is_sent, "
        "destination_caller_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, 1, ?11, ?12, ?13, ?14)");
    auto in_chat = db.prepare("INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?1, "
                              "?2, ?3)");
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t t = spread_time(plan, i, n, rng);
        const std::size_t who = pick_contact(cast, i, rng, true);
        const Contact& c = cast.contacts[who];
        const bool out = rng.percent(50);
        const bool imessage = c.role != Role::filler;
        const std::int64_t ns = (t - kAppleEpochMs) * 1000000 + static_cast<std::int64_t>(rng.below(1000000));
        const std::int64_t h = handle_of.at(who);
        msg.bind(1, uuid_upper(rng))
            .bind(2, sms_body(c.role, out, rng))
            .bind(3, imessage || out ? std::optional<std::string>()
                                     : std::optional<std::string>(cast.sms_centre))
            .bind(4, h)
            .bind(5, imessage ? "iMessage" : "SMS")
            .bind(6, imessage ? "e:marek.dunmore@example.com" : "p:" + cast.controller.e164)
            .bind(7, account_id)
            .bind(8, ns)
            .bind(9, out ? std::int64_t{0} : ns + std::int64_t{60'000'000'000})
            .bind(10, out ? ns + std::int64_t{2'000'000'000} : std::int64_t{0})
            .bind(11, out ? 1 : 0)
            .bind(12, out ? 0 : 1)
            .bind(13, out ? 1 : 0)
            .bind(14, cast.controller.e164)
            .run();
        in_chat.bind(1, h).bind(2, db.last_insert_rowid()).bind(3, ns).run();
    }
    tx.commit();
    return {{file, "ios-sms", "controller iPhone", cast.controller.e164}};
}

Files write_ios_calls(const std::filesystem::path& root, const Cast& cast, const Plan& plan, std::int64_t n,
                      std::uint64_t seed) {
    const auto file = root / "CallHistory.storedata";
    store::Db db = fresh_db(file, 0);
    store::Transaction tx(db);
    // Core Data's layout on iOS 14-16 (iLEAPP callHistory.py reads the same names).
    db.exec(
        "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED "
        "INTEGER, ZCALLTYPE INTEGER, ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA BLOB, ZFILTERED INTEGER, "
        "ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER, ZREAD INTEGER, ZJUNKCONFIDENCE INTEGER, "
        "ZDATE TIMESTAMP, ZDURATION FLOAT, ZADDRESS VARCHAR, ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE "
        "VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR, ZUNIQUE_ID VARCHAR);"
        "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX "
        "INTEGER);"
        "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);"
        "CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);"
        "CREATE INDEX ZCALLRECORD_ZDATE_INDEX ON ZCALLRECORD (ZDATE);");
    Rng rng(seed, static_cast<std::uint64_t>(MoreStream::ios_calls));
    db.prepare("INSERT INTO Z_METADATA VALUES (1, ?1, NULL)").bind(1, uuid_upper(rng)).run();
    auto ins = db.prepare(
        "INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, Z_OPT, ZANSWERED, ZCALLTYPE, ZDISCONNECTED_CAUSE, ZFILTERED, "
        "ZNUMBER_AVAILABILITY, ZORIGINATED, ZREAD, ZJUNKCONFIDENCE, ZDATE, ZDURATION, ZADDRESS, "
        "ZISO_COUNTRY_CODE, ZLOCATION, ZNAME, ZSERVICE_PROVIDER, ZUNIQUE_ID) VALUES (?1, 2, 1, ?2, ?3, ?4, "
        "0, ?5, ?6, 1, 0, ?7, ?8, ?9, 'gb', ?10, ?11, ?12, ?13)");
    const std::int64_t withheld_every = n >= 400 ? 200 : n / 2 + 1;
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t t = spread_time(plan, i, n, rng);
        const bool withheld = i % withheld_every == withheld_every / 2;
        const std::size_t who = pick_contact(cast, i, rng, false);
        const Contact& c = cast.contacts[who];
        // 55 % outgoing; of the incoming, one in three missed. Cast members on WhatsApp also ring
        // through WhatsApp, which CallKit logs in the same table.
        const bool out = !withheld && rng.percent(55);
        const bool answered = out || rng.percent(66);
        const bool whatsapp = !withheld && c.on_whatsapp && rng.percent(30);
        const double duration = answered ? static_cast<double>(rng.range(4, 600)) + 0.25 : 0.0;
        ins.bind(1, i + 1)
            .bind(2, answered ? 1 : 0)
            .bind(3, whatsapp ? 0 : 1)
            .bind(4, answered ? 0 : 6)
            .bind(5, withheld ? 2 : 1)
            .bind(6, out ? 1 : 0)
            .bind(7, static_cast<double>(t - kAppleEpochMs) / 1000.0)
            .bind(8, duration);
        if (withheld)
            ins.bind(9, store::Null{}).bind(10, store::Null{}).bind(11, store::Null{});
        else
            ins.bind(9, whatsapp ? c.e164 : typed_form(c, who))
                .bind(10, c.landline ? "London" : "United Kingdom")
                .bind(11, c.saved ? std::optional<std::string>(c.saved_as) : std::nullopt);
        ins.bind(12, whatsapp ? "net.whatsapp.WhatsApp" : "com.apple.Telephony")
            .bind(13, uuid_upper(rng))
            .run();
    }
    db.exec("INSERT INTO Z_PRIMARYKEY VALUES (1, 'CallDBProperties', 0, 0), (2, 'CallRecord', 0, " +
            std::to_string(n) + ")");
    tx.commit();
    return {{file, "ios-calls", "controller iPhone", cast.controller.e164}};
}

} // namespace casegraph::demo::detail
