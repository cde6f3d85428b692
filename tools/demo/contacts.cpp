// The controller's address book at any size, written as a vCard export (iPhone "Share contacts"), an iOS
// AddressBook.sqlitedb and WhatsApp's wa.db; contacts2.db (android.cpp) uses the same book. The cast's
// saved contacts come first (the victims under the names he gave them), then filler cards.
#include "more_formats.hpp"

#include <array>
#include <optional>

namespace casegraph::demo::detail {

namespace {

constexpr std::array<const char*, 24> kGiven{"Aaron", "Bethany", "Carl",   "Dawn",   "Elliot", "Fiona",
                                             "Glen",  "Hayley",  "Ian",    "Jodie",  "Keith",  "Lorna",
                                             "Mark",  "Nadia",   "Owen",   "Paula",  "Reece",  "Shona",
                                             "Toby",  "Vicky",   "Warren", "Yasmin", "Zach",   "Abbie"};
constexpr std::array<const char*, 24> kFamily{
    "Ashworth",  "Bramley",   "Catterall",  "Dowson", "Entwistle", "Fothergill", "Greenhalgh", "Haworth",
    "Ingham",    "Jagger",    "Kershaw",    "Lumb",   "Midgley",   "Nuttall",    "Ormerod",    "Pilling",
    "Rawcliffe", "Sutcliffe", "Tattersall", "Uttley", "Whiteley",  "Yates",      "Ainscough",  "Birtwistle"};
// Ofcom's drama ranges for geographic numbers: 0113..0118, 0121, 0131, 0141, 0151, 0161 496 0xxx and
// 0191 498 0xxx (the London range and the 07700 900 mobiles are the cast's).
constexpr std::array<const char*, 12> kAreas{"0113", "0114", "0115", "0116", "0117", "0118",
                                             "0121", "0131", "0141", "0151", "0161", "0191"};

// A value, or NULL when `present` is false.
std::optional<std::string> when(bool present, std::string value) {
    return present ? std::optional<std::string>(std::move(value)) : std::nullopt;
}

std::string lower_ascii(std::string s) {
    for (char& ch : s)
        if (ch >= 'A' && ch <= 'Z')
            ch = static_cast<char>(ch + 32);
    return s;
}

Contact filler_card(std::int64_t k) {
    Contact c;
    c.role = Role::filler;
    const auto u = static_cast<std::size_t>(k);
    const std::string given = kGiven[u % kGiven.size()];
    const std::string family = kFamily[(u / kGiven.size() + u * 5) % kFamily.size()];
    c.name = given + " " + family;
    c.saved_as = c.name;
    const std::size_t slot = u % (kAreas.size() * 1000);
    const std::string area = kAreas[slot / 1000];
    const std::string local = std::string(area == "0191" ? "498" : "496") + pad_digits(slot % 1000, 4);
    c.national = area + local;
    c.spaced = area + " " + local.substr(0, 3) + " " + local.substr(3);
    c.e164 = "+44" + c.national.substr(1);
    c.email = lower_ascii(given) + "." + lower_ascii(family) + "." + std::to_string(k) + "@example.com";
    c.landline = true;
    c.on_whatsapp = false;
    return c;
}

// Given and family name as a phone splits what was typed ("Miha new" -> "Miha", "new").
std::pair<std::string, std::string> split_name(const std::string& shown) {
    const auto space = shown.find(' ');
    if (space == std::string::npos)
        return {shown, ""};
    return {shown.substr(0, space), shown.substr(space + 1)};
}

} // namespace

AddressBook::AddressBook(const Cast& cast, std::int64_t cards) : cast_(cast) {
    for (std::size_t k = 0; k < cast.contacts.size(); ++k)
        if (cast.contacts[k].saved)
            saved_.push_back(k);
    size_ = cards > 0 ? cards : static_cast<std::int64_t>(saved_.size());
}

Card AddressBook::card(std::int64_t k) const {
    if (k < static_cast<std::int64_t>(saved_.size())) {
        const std::size_t at = saved_[static_cast<std::size_t>(k)];
        return {cast_.contacts[at], at, false};
    }
    return {filler_card(k), static_cast<std::size_t>(k), true};
}

// ---------------------------------------------------------------------------------------------- vCard

Files write_vcards(const std::filesystem::path& root, const Cast& cast, std::int64_t n) {
    // iOS "Share contact" of the whole book: vCard 3.0, CRLF, one card after another.
    const auto file = root / ("Marek Dunmore and " + std::to_string(n - 1) + " others.vcf");
    auto out = open_text(file);
    const AddressBook book(cast, n);
    for (std::int64_t k = 0; k < book.size(); ++k) {
        const Card card = book.card(k);
        const Contact& c = card.contact;
        const auto [given, family] = split_name(c.saved_as);
        out << "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.2//EN\r\n";
        out << "N:" << family << ";" << given << ";;;\r\nFN:" << c.saved_as << "\r\n";
        if (c.role == Role::landlord || c.role == Role::advert)
            out << "ORG:" << c.name << ";\r\n";
        out << "item1.TEL;type=" << (c.landline ? "HOME" : "CELL")
            << ";type=VOICE;type=pref:" << typed_form(c, card.form) << "\r\n";
        if (!c.email.empty())
            out << "item2.EMAIL;type=INTERNET;type=HOME;type=pref:" << c.email << "\r\n";
        out << "END:VCARD\r\n";
    }
    finish_text(out, file);
    return {{file, "vcard", "controller phone", cast.controller.e164}};
}

// ------------------------------------------------------------------------------------- AddressBook.sqlitedb

Files write_ios_contacts(const std::filesystem::path& root, const Cast& cast, std::int64_t n) {
    const auto file = root / "AddressBook.sqlitedb";
    store::Db db = fresh_db(file, 0);
    store::Transaction tx(db);
    // The columns iLEAPP's addressBook.py and our importer read, in the order iOS 16 declares them.
    db.exec("CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));"
            "INSERT INTO _SqliteDatabaseProperties VALUES ('_ClientVersion', '28');"
            "CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle "
            "TEXT, FirstPhonetic TEXT, MiddlePhonetic TEXT, LastPhonetic TEXT, Organization TEXT, Department "
            "TEXT, Note TEXT, Kind INTEGER, Birthday TEXT, JobTitle TEXT, Nickname TEXT, Prefix TEXT, Suffix "
            "TEXT, FirstSort TEXT, LastSort TEXT, CreationDate INTEGER, ModificationDate INTEGER, "
            "CompositeNameFallback TEXT, ExternalIdentifier TEXT, StoreID INTEGER, DisplayName TEXT, "
            "guid TEXT);"
            "CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, "
            "identifier INTEGER, label INTEGER, value TEXT, guid TEXT);"
            "CREATE INDEX ABMultiValueRecordIDIndex ON ABMultiValue(record_id);"
            "CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value));"
            "CREATE TABLE ABMultiValueEntry (parent_id INTEGER, key INTEGER, value TEXT, UNIQUE(parent_id, "
            "key));"
            "CREATE TABLE ABMultiValueEntryKey (value TEXT, UNIQUE(value));"
            "INSERT INTO ABMultiValueLabel (ROWID, value) VALUES (1, '_$!<Mobile>!$_'), (2, '_$!<Home>!$_'), "
            "(3, '_$!<Work>!$_'), (4, 'iPhone');");
    auto person = db.prepare("INSERT INTO ABPerson (First, Last, Organization, Kind, CreationDate, "
                             "ModificationDate, StoreID, guid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)");
    auto value = db.prepare("INSERT INTO ABMultiValue (record_id, property, identifier, label, value, guid) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    Rng rng(1, static_cast<std::uint64_t>(Stream::contacts) + 300);
    const AddressBook book(cast, n);
    // Apple-epoch seconds: the cards were made over 2023, before the case period.
    const std::int64_t made = 694224000; // 2023-01-01T00:00:00Z
    for (std::int64_t k = 0; k < book.size(); ++k) {
        const Card card = book.card(k);
        const Contact& c = card.contact;
        const bool business = c.role == Role::landlord || c.role == Role::advert;
        const auto [given, family] = split_name(c.saved_as);
        const std::int64_t created = made + k % 31536000;
        person.bind(1, when(!business, given))
            .bind(2, when(!business && !family.empty(), family))
            .bind(3, when(business, c.name))
            .bind(4, business ? 1 : 0)
            .bind(5, created)
            .bind(6, created + 86400)
            .bind(7, uuid_upper(rng) + ":ABPerson")
            .run();
        const std::int64_t id = db.last_insert_rowid();
        value.bind(1, id).bind(2, 3).bind(3, 0).bind(4, c.landline ? 2 : 1).bind(5, typed_form(c, card.form));
        value.bind(6, uuid_upper(rng)).run();
        if (!c.email.empty())
            value.bind(1, id)
                .bind(2, 4)
                .bind(3, 0)
                .bind(4, 2)
                .bind(5, c.email)
                .bind(6, uuid_upper(rng))
                .run();
    }
    tx.commit();
    return {{file, "ios-contacts", "controller phone", cast.controller.e164}};
}

// ---------------------------------------------------------------------------------------------- wa.db

Files write_wa_contacts(const std::filesystem::path& root, const Cast& cast, std::int64_t n) {
    const auto file = root / "wa.db";
    store::Db db = fresh_db(file, 44);
    store::Transaction tx(db);
    db.exec("CREATE TABLE android_metadata (locale TEXT);"
            "INSERT INTO android_metadata VALUES ('en_GB');"
            "CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, "
            "is_whatsapp_user BOOLEAN NOT NULL, status TEXT, status_timestamp INTEGER, number TEXT, "
            "raw_contact_id INTEGER, display_name TEXT, phone_type INTEGER, phone_label TEXT, "
            "unseen_msg_count INTEGER, photo_ts INTEGER, thumb_ts INTEGER, photo_id_timestamp INTEGER, "
            "given_name TEXT, family_name TEXT, wa_name TEXT, sort_name TEXT, nickname TEXT, company TEXT, "
            "title TEXT, status_autodownload_disabled INTEGER, keep_timestamp INTEGER, is_spam_reported "
            "INTEGER, is_sidelist_synced BOOLEAN DEFAULT 0, is_business_synced BOOLEAN DEFAULT 0);"
            "CREATE INDEX is_wa_index ON wa_contacts (is_whatsapp_user);"
            "CREATE INDEX jid_index ON wa_contacts (jid);");
    auto ins = db.prepare("INSERT INTO wa_contacts (jid, is_whatsapp_user, status, status_timestamp, number, "
                          "raw_contact_id, display_name, phone_type, unseen_msg_count, given_name, "
                          "family_name, wa_name, sort_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, "
                          "?10, ?11, ?7)");
    const AddressBook book(cast, n);
    for (std::int64_t k = 0; k < book.size(); ++k) {
        const Card card = book.card(k);
        const Contact& c = card.contact;
        const auto [given, family] = split_name(c.saved_as);
        // Cast members on WhatsApp chose their own profile names; fillers are on it one in three.
        const bool on_wa = card.filler ? k % 3 == 0 : c.on_whatsapp;
        ins.bind(1, c.e164.substr(1) + "@s.whatsapp.net")
            .bind(2, on_wa ? 1 : 0)
            .bind(3, when(on_wa, "Hey there! I am using WhatsApp."))
            .bind(4, on_wa ? 1704067200000 : 0)
            .bind(5, typed_form(c, card.form))
            .bind(6, k + 1)
            .bind(7, c.saved_as)
            .bind(8, c.landline ? 1 : 2)
            .bind(9, given)
            .bind(10, when(!family.empty(), family))
            .bind(11, when(on_wa, c.name))
            .run();
    }
    tx.commit();
    return {{file, "whatsapp-contacts", "controller phone", cast.controller.e164}};
}

} // namespace casegraph::demo::detail
