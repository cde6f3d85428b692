// The controller's Android phone: mmssms.db (telephony provider), calllog.db (Android 7+ call log) and
// contacts2.db (contacts provider), written with the AOSP table layouts so importers meet real schemas.
#include "more_formats.hpp"
#include "scenario.hpp"
#include "store/sqlite.hpp"

#include <cstring>
#include <map>
#include <optional>
#include <sqlite3.h>

namespace casegraph::demo::detail {

using store::Db;
using store::Null;

// A fresh database file. Opening an existing file would keep its old pages and break byte identity.
// The pragmas are fixed so the header bytes never depend on the build's defaults.
Db fresh_db(const std::filesystem::path& file, int user_version) {
    std::filesystem::remove(file);
    std::filesystem::remove(file.string() + "-journal");
    Db db(file.string(), store::OpenMode::ReadWriteCreate);
    db.exec("PRAGMA page_size = 4096");
    db.exec("PRAGMA encoding = 'UTF-8'");
    db.exec("PRAGMA journal_mode = DELETE");
    // Durability does not matter for a file we write once; the bytes on disk are the same either way.
    db.exec("PRAGMA synchronous = OFF");
    // A 64 MiB page cache: at 10M rows the random-GUID indexes otherwise spill and re-read pages all the
    // time (the bytes written are the same; only when they reach the disk changes).
    db.exec("PRAGMA cache_size = -65536");
    db.exec("PRAGMA user_version = " + std::to_string(user_version));
    return db;
}

// "+44 7700 900311": how Android shows an international number.
std::string international_spaced(const Contact& c) {
    const std::string n = c.national.substr(1);
    if (c.landline)
        return "+44 " + n.substr(0, 2) + " " + n.substr(2, 4) + " " + n.substr(6);
    return "+44 " + n.substr(0, 4) + " " + n.substr(4);
}

// How the controller typed a number into his phone, per contact, so the same person shows up as
// "07700 900311", "07700900311" and "00447700900311" and only normalisation ties them together.
std::string typed_form(const Contact& c, std::size_t index) {
    switch (index % 4) {
    case 0:
        return c.spaced;
    case 1:
        return c.national;
    case 2:
        return "0044" + c.e164.substr(3);
    default:
        return c.e164;
    }
}

// ------------------------------------------------------------------------------------------ mmssms.db

void write_mmssms(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::uint64_t seed) {
    // user_version 67: the provider version that has sub_id and creator on sms ([unverified] exact
    // number; the plaso sample with 57 predates both columns).
    Db db = fresh_db(file, 67);
    store::Transaction tx(db);
    db.exec("CREATE TABLE android_metadata (locale TEXT)");
    db.exec("INSERT INTO android_metadata VALUES ('en_GB')");
    db.exec(
        "CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT,thread_id INTEGER,date INTEGER,date_sent "
        "INTEGER DEFAULT 0,msg_box INTEGER,read INTEGER DEFAULT 0,m_id TEXT,sub TEXT,sub_cs INTEGER,ct_t "
        "TEXT,ct_l TEXT,exp INTEGER,m_cls TEXT,m_type INTEGER,v INTEGER,m_size INTEGER,pri INTEGER,rr "
        "INTEGER,rpt_a INTEGER,resp_st INTEGER,st INTEGER,tr_id TEXT,retr_st INTEGER,retr_txt TEXT,"
        "retr_txt_cs INTEGER,read_status INTEGER,ct_cls INTEGER,resp_txt TEXT,d_tm INTEGER,d_rpt INTEGER,"
        "locked INTEGER DEFAULT 0,sub_id INTEGER DEFAULT -1,seen INTEGER DEFAULT 0,creator TEXT,text_only "
        "INTEGER DEFAULT 0)");
    db.exec("CREATE TABLE addr (_id INTEGER PRIMARY KEY,msg_id INTEGER,contact_id INTEGER,address TEXT,type "
            "INTEGER,charset INTEGER)");
    db.exec("CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT,mid INTEGER,seq INTEGER DEFAULT 0,ct "
            "TEXT,name TEXT,chset INTEGER,cd TEXT,fn TEXT,cid TEXT,cl TEXT,ctt_s INTEGER,ctt_t TEXT,_data "
            "TEXT,text TEXT)");
    db.exec("CREATE TABLE rate (sent_time INTEGER)");
    db.exec("CREATE TABLE drm (_id INTEGER PRIMARY KEY,_data TEXT)");
    db.exec("CREATE TABLE sms (_id INTEGER PRIMARY KEY,thread_id INTEGER,address TEXT,person INTEGER,date "
            "INTEGER,date_sent INTEGER DEFAULT 0,protocol INTEGER,read INTEGER DEFAULT 0,status INTEGER "
            "DEFAULT -1,type INTEGER,reply_path_present INTEGER,subject TEXT,body TEXT,service_center TEXT,"
            "locked INTEGER DEFAULT 0,sub_id INTEGER DEFAULT -1,error_code INTEGER DEFAULT 0,creator TEXT,"
            "seen INTEGER DEFAULT 0)");
    db.exec("CREATE TABLE raw (_id INTEGER PRIMARY KEY,date INTEGER,reference_number INTEGER,count INTEGER,"
            "sequence INTEGER,destination_port INTEGER,address TEXT,sub_id INTEGER DEFAULT -1,pdu TEXT)");
    db.exec("CREATE TABLE attachments (sms_id INTEGER,content_url TEXT,offset INTEGER)");
    db.exec("CREATE TABLE sr_pending (reference_number INTEGER,action TEXT,data TEXT)");
    db.exec("CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT,address TEXT)");
    db.exec(
        "CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT,date INTEGER DEFAULT 0,message_count "
        "INTEGER DEFAULT 0,recipient_ids TEXT,snippet TEXT,snippet_cs INTEGER DEFAULT 0,read INTEGER "
        "DEFAULT 1,archived INTEGER DEFAULT 0,type INTEGER DEFAULT 0,error INTEGER DEFAULT 0,has_attachment "
        "INTEGER DEFAULT 0)");
    db.exec(
        "CREATE TABLE pending_msgs (_id INTEGER PRIMARY KEY,proto_type INTEGER,msg_id INTEGER,msg_type "
        "INTEGER,err_type INTEGER,err_code INTEGER,retry_index INTEGER NOT NULL DEFAULT 0,due_time INTEGER,"
        "last_try INTEGER,sub_id INTEGER DEFAULT -1)");
    db.exec("CREATE INDEX typeThreadIdIndex ON sms (type, thread_id)");

    auto ins_addr = db.prepare("INSERT INTO canonical_addresses (address) VALUES (?1)");
    auto ins_thread = db.prepare("INSERT INTO threads (recipient_ids) VALUES (?1)");
    auto ins_sms = db.prepare(
        "INSERT INTO sms (thread_id, address, person, date, date_sent, protocol, read, status, type, "
        "reply_path_present, subject, body, service_center, locked, sub_id, error_code, creator, seen) "
        "VALUES (?1, ?2, NULL, ?3, ?4, ?5, 1, -1, ?6, ?7, NULL, ?8, ?9, 0, 1, 0, ?10, 1)");

    // Threads appear the first time a contact is seen, as on the phone; their summary (last date,
    // count, snippet) is what the provider's triggers would maintain, filled in at the end.
    struct ThreadStats {
        std::int64_t id = 0;
        std::int64_t last_ms = 0;
        std::int64_t count = 0;
        std::string snippet;
    };
    std::map<std::size_t, ThreadStats> threads;
    Rng rng(seed, static_cast<std::uint64_t>(Stream::sms));
    bool told_mule = false;
    for (std::int64_t i = 0; i < plan.sms; ++i) {
        const std::int64_t t = spread_time(plan, i, plan.sms, rng);
        const std::size_t who = pick_contact(cast, i, rng, true);
        const Contact& c = cast.contacts[who];
        // The controller gives the orders: a little more goes out than comes in.
        const bool outgoing = i < static_cast<std::int64_t>(cast.victim_count) || rng.percent(55);
        // Received SMS carry the network's international form; sent ones keep what was typed, which
        // varies by contact and sometimes by message (a number pasted from somewhere else).
        const std::string address = outgoing ? typed_form(c, who + (rng.percent(15) ? 1 : 0)) : c.e164;
        std::string body = sms_body(c.role, outgoing, rng);
        if (outgoing && c.role == Role::mule && !told_mule) {
            // Once, the controller texts the mule his own IBAN: what ties his phone to his account.
            // (Replacing the body, not adding a message, keeps every random draw where it was.)
            body = "Pay the rest into my account " + cast.controller_account.iban;
            told_mule = true;
        }

        auto [it, inserted] = threads.try_emplace(who);
        ThreadStats& th = it->second;
        if (inserted) {
            ins_addr.bind(1, address).run();
            ins_thread.bind(1, std::to_string(db.last_insert_rowid())).run();
            th.id = db.last_insert_rowid();
        }
        ins_sms.bind(1, th.id).bind(2, address).bind(3, t);
        if (outgoing) {
            ins_sms.bind(4, std::int64_t{0}).bind(5, Null{}).bind(6, 2).bind(7, Null{}).bind(9, Null{});
            ins_sms.bind(10, "com.google.android.apps.messaging");
        } else {
            ins_sms.bind(4, t - rng.range(1500, 25000))
                .bind(5, 0)
                .bind(6, 1)
                .bind(7, 0)
                .bind(9, cast.sms_centre);
            ins_sms.bind(10, "com.android.phone");
        }
        ins_sms.bind(8, body).run();
        th.last_ms = t;
        ++th.count;
        th.snippet = std::move(body);
    }
    auto upd = db.prepare("UPDATE threads SET date = ?1, message_count = ?2, snippet = ?3 WHERE _id = ?4");
    for (const auto& [who, th] : threads)
        upd.bind(1, th.last_ms).bind(2, th.count).bind(3, th.snippet).bind(4, th.id).run();
    tx.commit();
}

// ------------------------------------------------------------------------------------------ calllog.db

void write_calllog(const std::filesystem::path& file, const Cast& cast, const Plan& plan,
                   std::uint64_t seed) {
    // calllog.db (Android 7+), CallLogDatabaseHelper version 5.
    Db db = fresh_db(file, 5);
    store::Transaction tx(db);
    db.exec("CREATE TABLE android_metadata (locale TEXT)");
    db.exec("INSERT INTO android_metadata VALUES ('en_GB')");
    db.exec("CREATE TABLE properties (property_key TEXT PRIMARY KEY, property_value TEXT)");
    db.exec("INSERT INTO properties VALUES ('migrated', '1')");
    db.exec(
        "CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT,number TEXT,presentation INTEGER NOT NULL "
        "DEFAULT 1,post_dial_digits TEXT NOT NULL DEFAULT '',via_number TEXT NOT NULL DEFAULT '',date "
        "INTEGER,duration INTEGER,data_usage INTEGER,type INTEGER,features INTEGER NOT NULL DEFAULT 0,"
        "subscription_component_name TEXT,subscription_id TEXT,phone_account_address TEXT,"
        "phone_account_hidden INTEGER NOT NULL DEFAULT 0,sub_id INTEGER DEFAULT -1,new INTEGER,name TEXT,"
        "numbertype INTEGER,numberlabel TEXT,countryiso TEXT,voicemail_uri TEXT,is_read INTEGER,"
        "geocoded_location TEXT,lookup_uri TEXT,matched_number TEXT,normalized_number TEXT,photo_id INTEGER "
        "NOT NULL DEFAULT 0,photo_uri TEXT,formatted_number TEXT,add_for_all_users INTEGER NOT NULL DEFAULT "
        "1,last_modified INTEGER DEFAULT 0,_data TEXT,has_content INTEGER,mime_type TEXT,source_data TEXT,"
        "source_package TEXT,transcription TEXT,transcription_state INTEGER NOT NULL DEFAULT 0,state "
        "INTEGER,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL DEFAULT 0,backed_up INTEGER NOT "
        "NULL DEFAULT 0,restored INTEGER NOT NULL DEFAULT 0,archived INTEGER NOT NULL DEFAULT 0,"
        "is_omtp_voicemail INTEGER NOT NULL DEFAULT 0)");
    db.exec(
        "CREATE TABLE voicemail_status (_id INTEGER PRIMARY KEY AUTOINCREMENT,source_package TEXT NOT NULL,"
        "phone_account_component_name TEXT,phone_account_id TEXT,settings_uri TEXT,voicemail_access_uri "
        "TEXT,configuration_state INTEGER,data_channel_state INTEGER,notification_channel_state INTEGER,"
        "quota_occupied INTEGER DEFAULT -1,quota_total INTEGER DEFAULT -1,source_type TEXT)");

    auto ins = db.prepare(
        "INSERT INTO calls (number, presentation, date, duration, type, subscription_component_name, "
        "subscription_id, phone_account_address, sub_id, new, name, numbertype, numberlabel, countryiso, "
        "is_read, geocoded_location, lookup_uri, matched_number, normalized_number, formatted_number, "
        "last_modified) VALUES (?1, ?2, ?3, ?4, ?5, "
        "'com.android.phone/com.android.services.telephony.TelephonyConnectionService', '1', '', 1, ?6, ?7, "
        "?8, "
        "NULL, 'GB', 1, ?9, ?10, ?11, ?12, ?13, ?14)");
    // contacts2.db numbers the saved contacts in cast order; the call log caches that id in lookup_uri.
    std::vector<std::int64_t> contact_ids;
    std::int64_t next_id = 0;
    for (const auto& c : cast.contacts)
        contact_ids.push_back(c.saved ? ++next_id : 0);
    Rng rng(seed, static_cast<std::uint64_t>(Stream::calls));
    // One withheld call in the small case, one in two hundred when scaled.
    const std::int64_t withheld_every = plan.calls >= 400 ? 200 : plan.calls / 2 + 1;
    for (std::int64_t i = 0; i < plan.calls; ++i) {
        const std::int64_t t = spread_time(plan, i, plan.calls, rng);
        const bool withheld = i % withheld_every == withheld_every / 2;
        // 1 incoming, 2 outgoing, 3 missed. Victims miss and get chased; the controller rings out most.
        int type = 2;
        if (const auto r = rng.below(100); r < 35)
            type = 1;
        else if (r < 50)
            type = 3;
        const std::int64_t duration =
            type == 3 ? 0 : rng.range(4, 240) + (rng.percent(10) ? rng.range(240, 1500) : 0);
        if (withheld) {
            // CallLog.Calls: a restricted caller has an empty number and presentation 2.
            ins.bind(1, "")
                .bind(2, 2)
                .bind(5, type == 2 ? 1 : type)
                .bind(7, Null{})
                .bind(8, 0)
                .bind(9, Null{});
            ins.bind(10, Null{}).bind(11, Null{}).bind(12, Null{}).bind(13, Null{});
        } else {
            const std::size_t who = pick_contact(cast, i, rng, false);
            const Contact& c = cast.contacts[who];
            // Incoming numbers come from the network (national or international form); outgoing ones
            // are what was dialled from the contact card or keypad.
            const std::string number =
                type == 2 ? typed_form(c, who + 1) : (rng.percent(50) ? c.national : c.e164);
            ins.bind(1, number).bind(2, 1).bind(5, type);
            if (c.saved) {
                ins.bind(7, c.saved_as).bind(8, c.landline ? 3 : 2);
                const std::int64_t id = contact_ids[who];
                ins.bind(10, "content://com.android.contacts/contacts/lookup/0r" + std::to_string(id) + "-" +
                                 pad_digits(id, 4) + "/" + std::to_string(id));
            } else {
                ins.bind(7, Null{}).bind(8, 0).bind(10, Null{});
            }
            ins.bind(9, c.landline ? "London" : "United Kingdom");
            ins.bind(11, c.national).bind(12, c.e164).bind(13, c.spaced);
        }
        ins.bind(3, t).bind(4, duration).bind(6, type == 3 ? 1 : 0).bind(14, t + duration * 1000 + 850).run();
    }
    tx.commit();
}

// ------------------------------------------------------------------------------------------ contacts2.db

namespace {

// contacts2.db declares sort keys with the PHONEBOOK collation that only Android registers. SQLite
// needs it to create the table; readers only need it to sort on those columns, which they must not.
int phonebook_collation(void*, int a_len, const void* a, int b_len, const void* b) {
    const int n = a_len < b_len ? a_len : b_len;
    if (const int c = std::memcmp(a, b, static_cast<std::size_t>(n)); c != 0)
        return c;
    return a_len - b_len;
}

} // namespace

void write_contacts(const std::filesystem::path& file, const Cast& cast, std::int64_t cards) {
    // [unverified] exact user_version of ContactsDatabaseHelper for the Android release we imitate.
    Db db = fresh_db(file, 1300);
    sqlite3_create_collation(db.handle(), "PHONEBOOK", SQLITE_UTF8, nullptr, phonebook_collation);
    store::Transaction tx(db);
    db.exec("CREATE TABLE android_metadata (locale TEXT)");
    db.exec("INSERT INTO android_metadata VALUES ('en_GB')");
    db.exec(
        "CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_name TEXT, account_type TEXT, "
        "data_set TEXT)");
    db.exec(
        "CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,name_raw_contact_id INTEGER REFERENCES "
        "raw_contacts(_id),photo_id INTEGER REFERENCES data(_id),photo_file_id INTEGER REFERENCES "
        "photo_files(_id),custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,times_contacted "
        "INTEGER NOT NULL DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,pinned "
        "INTEGER NOT NULL DEFAULT 0,has_phone_number INTEGER NOT NULL DEFAULT 0,lookup TEXT,status_update_id "
        "INTEGER REFERENCES data(_id),contact_last_updated_timestamp INTEGER)");
    db.exec(
        "CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT,account_id INTEGER REFERENCES "
        "accounts(_id),sourceid TEXT,backup_id TEXT,raw_contact_is_read_only INTEGER NOT NULL DEFAULT 0,"
        "version INTEGER NOT NULL DEFAULT 1,dirty INTEGER NOT NULL DEFAULT 0,deleted INTEGER NOT NULL "
        "DEFAULT 0,metadata_dirty INTEGER NOT NULL DEFAULT 0,contact_id INTEGER REFERENCES contacts(_id),"
        "aggregation_mode INTEGER NOT NULL DEFAULT 0,aggregation_needed INTEGER NOT NULL DEFAULT 1,"
        "custom_ringtone TEXT,send_to_voicemail INTEGER NOT NULL DEFAULT 0,times_contacted INTEGER NOT NULL "
        "DEFAULT 0,last_time_contacted INTEGER,starred INTEGER NOT NULL DEFAULT 0,pinned INTEGER NOT NULL "
        "DEFAULT 0,display_name TEXT,display_name_alt TEXT,display_name_source INTEGER NOT NULL DEFAULT 0,"
        "phonetic_name TEXT,phonetic_name_style TEXT,sort_key TEXT COLLATE PHONEBOOK,phonebook_label TEXT,"
        "phonebook_bucket INTEGER,sort_key_alt TEXT COLLATE PHONEBOOK,phonebook_label_alt TEXT,"
        "phonebook_bucket_alt INTEGER,name_verified INTEGER NOT NULL DEFAULT 0,sync1 TEXT,sync2 TEXT,sync3 "
        "TEXT,sync4 TEXT)");
    db.exec("CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT,mimetype TEXT NOT NULL)");
    db.exec("CREATE UNIQUE INDEX mime_type ON mimetypes (mimetype)");
    db.exec(
        "CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT,package_id INTEGER REFERENCES package(_id),"
        "mimetype_id INTEGER REFERENCES mimetype(_id) NOT NULL,raw_contact_id INTEGER REFERENCES "
        "raw_contacts(_id) NOT NULL,hash_id TEXT,is_read_only INTEGER NOT NULL DEFAULT 0,is_primary INTEGER "
        "NOT NULL DEFAULT 0,is_super_primary INTEGER NOT NULL DEFAULT 0,data_version INTEGER NOT NULL "
        "DEFAULT "
        "0,data1 TEXT,data2 TEXT,data3 TEXT,data4 TEXT,data5 TEXT,data6 TEXT,data7 TEXT,data8 TEXT,data9 "
        "TEXT,data10 TEXT,data11 TEXT,data12 TEXT,data13 TEXT,data14 TEXT,data15 TEXT,data_sync1 TEXT,"
        "data_sync2 TEXT,data_sync3 TEXT,data_sync4 TEXT,carrier_presence INTEGER NOT NULL DEFAULT 0)");
    db.exec("CREATE INDEX data_raw_contact_id ON data (raw_contact_id)");
    db.exec("CREATE TABLE phone_lookup (data_id INTEGER REFERENCES data(_id) NOT NULL,raw_contact_id INTEGER "
            "REFERENCES raw_contacts(_id) NOT NULL,normalized_number TEXT NOT NULL,min_match TEXT NOT NULL)");
    db.exec("CREATE INDEX phone_lookup_index ON phone_lookup (normalized_number,raw_contact_id,data_id)");

    // Mimetype ids in the order a fresh provider registers them.
    for (const char* m :
         {"vnd.android.cursor.item/email_v2", "vnd.android.cursor.item/im",
          "vnd.android.cursor.item/nickname", "vnd.android.cursor.item/organization",
          "vnd.android.cursor.item/phone_v2", "vnd.android.cursor.item/sip_address",
          "vnd.android.cursor.item/name", "vnd.android.cursor.item/postal-address_v2",
          "vnd.android.cursor.item/identity", "vnd.android.cursor.item/photo",
          "vnd.android.cursor.item/group_membership", "vnd.android.cursor.item/note",
          "vnd.android.cursor.item/website", "vnd.android.cursor.item/relation",
          "vnd.android.cursor.item/contact_event", "vnd.android.cursor.item/vnd.com.whatsapp.profile"})
        db.prepare("INSERT INTO mimetypes (mimetype) VALUES (?1)").bind(1, m).run();
    constexpr int kEmail = 1, kPhone = 5, kName = 7, kWhatsApp = 16;
    db.exec("INSERT INTO accounts (account_name, account_type, data_set) VALUES "
            "('dunmore.m@example.com', 'com.google', NULL), ('WhatsApp', 'com.whatsapp', NULL)");

    auto ins_contact = db.prepare("INSERT INTO contacts (name_raw_contact_id, has_phone_number, lookup, "
                                  "times_contacted) VALUES (?1, 1, ?2, 0)");
    auto ins_raw = db.prepare(
        "INSERT INTO raw_contacts (account_id, sourceid, version, dirty, contact_id, aggregation_needed, "
        "display_name, display_name_alt, display_name_source, sort_key, phonebook_label, phonebook_bucket, "
        "sort_key_alt, phonebook_label_alt, phonebook_bucket_alt) VALUES (?1, ?2, 3, 0, ?3, 0, ?4, ?4, 40, "
        "?4, "
        "?5, ?6, ?4, ?5, ?6)");
    auto ins_data =
        db.prepare("INSERT INTO data (mimetype_id, raw_contact_id, is_primary, data_version, data1, "
                   "data2, data3, data4) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7)");
    auto ins_lookup =
        db.prepare("INSERT INTO phone_lookup (data_id, raw_contact_id, normalized_number, min_match) VALUES "
                   "(?1, ?2, ?3, ?4)");

    std::int64_t contact_id = 0;
    std::int64_t raw_rows = 0;
    const AddressBook book(cast, cards);
    for (std::int64_t index = 0; index < book.size(); ++index) {
        const Card card = book.card(index);
        const Contact& c = card.contact;
        const std::size_t k = card.form;
        const std::string& shown = c.saved_as;
        const auto space = shown.find(' ');
        const std::string given = shown.substr(0, space);
        const std::optional<std::string> family =
            space == std::string::npos ? std::nullopt : std::optional<std::string>(shown.substr(space + 1));
        const char initial = shown[0] >= 'a' && shown[0] <= 'z' ? static_cast<char>(shown[0] - 32) : shown[0];
        const int bucket = initial >= 'A' && initial <= 'Z' ? initial - 'A' + 1 : 0;
        // Android's min_match: the last seven digits, reversed.
        const std::string digits = c.e164.substr(1);
        const std::string min_match(digits.rbegin(), digits.rbegin() + 7);

        ++contact_id;
        const std::int64_t first_raw = raw_rows + 1;
        ins_contact.bind(1, first_raw)
            .bind(2, "0r" + std::to_string(contact_id) + "-" + pad_digits(contact_id, 4))
            .run();

        auto add_raw = [&](int account, const std::string& sourceid) {
            ins_raw.bind(1, account).bind(2, sourceid).bind(3, contact_id).bind(4, shown);
            ins_raw.bind(5, std::string(1, initial)).bind(6, bucket).run();
            ++raw_rows;
            return db.last_insert_rowid();
        };
        const std::int64_t raw = add_raw(1, pad_digits(static_cast<std::int64_t>(0x1a2b00 + k * 37), 8));
        ins_data.bind(1, kName).bind(2, raw).bind(3, 0).bind(4, shown).bind(5, given).bind(6, family).bind(
            7, Null{});
        ins_data.run();
        // data1 is the number as typed (the forms differ per contact), data4 the E.164 the phone computed.
        ins_data.bind(1, kPhone)
            .bind(2, raw)
            .bind(3, 1)
            .bind(4, typed_form(c, k))
            .bind(5, c.landline ? "3" : "2");
        ins_data.bind(6, Null{}).bind(7, c.e164).run();
        ins_lookup.bind(1, db.last_insert_rowid()).bind(2, raw).bind(3, c.e164).bind(4, min_match).run();
        if (!c.email.empty()) {
            ins_data.bind(1, kEmail).bind(2, raw).bind(3, 0).bind(4, c.email).bind(5, "1").bind(6, Null{});
            ins_data.bind(7, Null{}).run();
        }
        if (c.on_whatsapp) {
            // WhatsApp adds its own raw contact, aggregated into the same contact: the number is on WhatsApp.
            const std::string jid = c.e164.substr(1) + "@s.whatsapp.net";
            const std::int64_t wa = add_raw(2, jid);
            ins_data.bind(1, kName).bind(2, wa).bind(3, 0).bind(4, shown).bind(5, given).bind(6, family);
            ins_data.bind(7, Null{}).run();
            ins_data.bind(1, kWhatsApp).bind(2, wa).bind(3, 0).bind(4, jid).bind(5, "WhatsApp");
            ins_data.bind(6, "Message " + international_spaced(c)).bind(7, Null{}).run();
        }
    }
    tx.commit();
}

} // namespace casegraph::demo::detail
