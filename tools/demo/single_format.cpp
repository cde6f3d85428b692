// One format at a chosen size (DemoOptions::only), for the ingest benchmarks: every record count goes into
// one evidence file of that format, with the same cast and patterns (the controller's phone as the hub,
// rent to the landlords every month, the mule's transfers). Three formats exist only here: the
// controller's WhatsApp msgstore.db (legacy `messages` schema), his Telegram Desktop account export and
// his current account as a bank CSV export or an OFX download (`ofx` 2.x XML, `ofx-sgml` 1.x SGML).
#include "demo/demo.hpp"
#include "more_formats.hpp"
#include "scenario.hpp"
#include "store/sqlite.hpp"

#include <fstream>
#include <stdexcept>

namespace casegraph::demo::detail {
namespace {

enum class Extra : std::uint64_t { msgstore = 101, telegram, bank_csv };

std::ofstream open_out(const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out)
        throw std::runtime_error(file.string() + ": cannot write");
    return out;
}

void close_out(std::ofstream& out, const std::filesystem::path& file) {
    out.flush();
    if (!out)
        throw std::runtime_error(file.string() + ": write failed");
}

std::string jid(const Contact& c) {
    return c.e164.substr(1) + "@s.whatsapp.net";
}

// The controller's WhatsApp: chats with everyone on his phone, victims first and most.
void write_msgstore(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::int64_t n,
                    std::uint64_t seed) {
    std::filesystem::remove(file);
    store::Db db(file.string(), store::OpenMode::ReadWriteCreate);
    db.exec("PRAGMA page_size = 4096; PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; "
            "PRAGMA user_version = 1");
    db.exec(
        "CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, "
        "key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT, "
        "timestamp INTEGER, media_url TEXT, media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER, "
        "media_name TEXT, media_caption TEXT, media_hash TEXT, media_duration INTEGER, origin INTEGER, "
        "latitude REAL, longitude REAL, thumb_image TEXT, remote_resource TEXT, received_timestamp "
        "INTEGER, send_timestamp INTEGER, receipt_server_timestamp INTEGER, starred INTEGER);"
        "CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, "
        "message_table_id INTEGER, subject TEXT, creation INTEGER);"
        "CREATE TABLE props (_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, value TEXT);");
    store::Transaction tx(db);
    db.exec("INSERT INTO props(key, value) VALUES ('msgtore_db_schema_version', '1')");
    auto chat = db.prepare("INSERT OR IGNORE INTO chat_list(key_remote_jid, creation) VALUES (?1, ?2)");
    auto msg =
        db.prepare("INSERT INTO messages(key_remote_jid, key_from_me, key_id, status, data, timestamp, "
                   "media_wa_type, received_timestamp) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '0', ?7)");
    msg.bind(1, "-1").bind(2, 0).bind(3, "-1").bind(4, -1).bind(5, store::Null{}).bind(6, 0).bind(7, 0).run();
    Rng rng(seed, static_cast<std::uint64_t>(Extra::msgstore));
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t t = spread_time(plan, i, n, rng);
        const Contact& c = cast.contacts[pick_contact(cast, i, rng, true)];
        const bool out = rng.percent(50);
        chat.bind(1, jid(c)).bind(2, t).run();
        msg.bind(1, jid(c))
            .bind(2, out ? 1 : 0)
            .bind(3, "3EB0" + pad_digits(i, 12))
            .bind(4, out ? 13 : 0)
            .bind(5, sms_body(c.role, out, rng))
            .bind(6, t)
            .bind(7, out ? t : t + 900)
            .run();
    }
    tx.commit();
}

// JSON string literal (the bodies and names are ASCII or UTF-8 without control characters).
std::string q(std::string_view s) {
    std::string o = "\"";
    for (char ch : s) {
        if (ch == '"' || ch == '\\')
            o += '\\';
        o += ch;
    }
    return o + "\"";
}

std::string local_iso(std::int64_t utc) {
    const LocalTime lt = london_local(utc);
    const std::int64_t sec = (utc / 1000) % 60;
    return iso_date(lt.date) + "T" + pad_digits(lt.hh, 2) + ":" + pad_digits(lt.mm, 2) + ":" +
           pad_digits(sec, 2);
}

// The controller's Telegram Desktop export of his whole account: his profile, his contacts and one
// personal chat per contact.
void write_telegram(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::int64_t n,
                    std::uint64_t seed) {
    Rng rng(seed, static_cast<std::uint64_t>(Extra::telegram));
    std::vector<std::int64_t> per_chat(cast.contacts.size(), 0);
    for (std::int64_t i = 0; i < n; ++i)
        ++per_chat[pick_contact(cast, i, rng, true)];
    auto out = open_out(file);
    const std::string me = "user5100";
    out << "{\n \"personal_information\": {\"user_id\": "
           "5100, "
           "\"first_name\": \"Marek\", \"last_name\": \"Dunmore\", \"phone_number\": "
        << q(cast.controller.e164) << ", \"username\": \"mdunmore\", \"bio\": \"\"},\n";
    out << " \"contacts\": {\"about\": \"\", \"list\": [";
    bool first = true;
    for (std::size_t k = 0; k < cast.contacts.size(); ++k) {
        const Contact& c = cast.contacts[k];
        if (per_chat[k] == 0)
            continue;
        out << (first ? "\n" : ",\n") << "  {\"user_id\": " << 6000 + k
            << ", \"first_name\": " << q(c.saved_as)
            << ", \"last_name\": \"\", \"phone_number\": " << q(c.e164)
            << ", \"date\": \"2024-01-08T09:00:00\", "
            << "\"date_unixtime\": \"" << plan.start_ms / 1000 << "\"}";
        first = false;
    }
    out << "\n ]},\n \"chats\": {\"about\": \"\", \"list\": [";
    std::int64_t id = 0;
    first = true;
    for (std::size_t k = 0; k < cast.contacts.size(); ++k) {
        const Contact& c = cast.contacts[k];
        if (per_chat[k] == 0)
            continue;
        const std::string peer = "user" + std::to_string(6000 + k);
        out << (first ? "\n" : ",\n") << "  {\"name\": " << q(c.saved_as)
            << ", \"type\": \"personal_chat\", \"id\": " << 6000 + k << ", \"messages\": [";
        first = false;
        for (std::int64_t i = 0; i < per_chat[k]; ++i) {
            const std::int64_t t = spread_time(plan, i, per_chat[k], rng);
            const bool mine = rng.percent(50);
            const std::string body = sms_body(c.role, mine, rng);
            out << (i == 0 ? "\n" : ",\n") << "   {\"id\": " << ++id
                << ", \"type\": \"message\", \"date\": \"" << local_iso(t) << "\", \"date_unixtime\": \""
                << t / 1000 << "\", \"from\": " << q(mine ? "Marek Dunmore" : c.saved_as)
                << ", \"from_id\": " << q(mine ? me : peer) << ", \"text\": " << q(body)
                << ", \"text_entities\": [{\"type\": \"plain\", \"text\": " << q(body) << "}]}";
        }
        out << "\n  ]}";
    }
    out << "\n ]}\n}\n";
    close_out(out, file);
}

// The controller's current account exported as CSV by online banking: victims paying in, rent to the
// landlords and the advert site every month, the mule's monthly transfer in, ordinary spending between.
void write_bank_csv(const std::filesystem::path& file, const Cast& cast, const Plan& plan, std::int64_t n,
                    std::uint64_t seed) {
    Rng rng(seed, static_cast<std::uint64_t>(Extra::bank_csv));
    auto out = open_out(file);
    out << "Date,Account,Description,Counterparty,IBAN,Amount,Currency,Balance\r\n";
    std::int64_t balance = 250000;
    static const std::vector<std::string> kShops{"TESCO STORES",    "SHELL FUEL", "UBER TRIP",
                                                 "AMAZON MKTPLACE", "EE MOBILE",  "TFL TRAVEL"};
    for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t t = spread_time(plan, i, n, rng);
        const LocalTime lt = london_local(t);
        const std::int64_t slot = i % 40; // a fixed mix per 40 lines keeps the patterns at every size
        std::string text;
        std::string who;
        std::string iban;
        std::int64_t amount = 0;
        if (slot < 15) {
            const std::size_t v = static_cast<std::size_t>(slot) % cast.victim_count;
            who = cast.victim_accounts[v].holder;
            iban = cast.victim_accounts[v].iban;
            amount = 20000 + rng.range(0, 30) * 1000;
            text = "room money";
        } else if (slot < 15 + static_cast<std::int64_t>(cast.landlords.size())) {
            const Landlord& l = cast.landlords[static_cast<std::size_t>(slot - 15)];
            who = l.account.holder;
            iban = l.account.iban;
            amount = -l.rent_minor;
            text = l.remittance + " " + (l.german ? month_name_de(lt.date.m) : month_name(lt.date.m)) + " " +
                   std::to_string(lt.date.y);
        } else if (slot == 25 || slot == 26) {
            who = cast.advert_site.holder;
            iban = cast.advert_site.iban;
            amount = -(4500 + rng.range(0, 20) * 100);
            text = "AD " + pad_digits(rng.range(1000, 9999), 4);
        } else if (slot == 27) {
            who = cast.mule_account.holder;
            iban = cast.mule_account.iban;
            amount = 150000 + rng.range(0, 50) * 1000;
            text = "JP transfer";
        } else if (!cast.fillers.empty() && rng.percent(40)) {
            const Account& a = rng.pick(cast.fillers);
            who = a.holder;
            iban = a.iban;
            amount = -(500 + rng.range(0, 400) * 25);
            text = "payment";
        } else {
            who = rng.pick(kShops);
            amount = -(199 + rng.range(0, 600) * 10);
            text = "CARD " + pad_digits(rng.range(1000, 9999), 4);
        }
        balance += amount;
        out << pad_digits(lt.date.d, 2) << "/" << pad_digits(lt.date.m, 2) << "/" << pad_digits(lt.date.y, 4)
            << "," << cast.controller_account.iban << "," << text << "," << who << "," << iban << ","
            << format_minor(amount, '.') << ",GBP," << format_minor(balance, '.') << "\r\n";
    }
    close_out(out, file);
}

} // namespace

DemoManifest write_single_format(const std::filesystem::path& dir, const DemoOptions& opt) {
    const std::int64_t n = std::max<std::int64_t>(1, opt.events);
    Plan plan = make_plan(n); // the cast and the months for a case of this size
    plan.sms = plan.calls = plan.chat = plan.camt_extra = plan.mt940_extra = 0;
    const Cast cast = make_cast(plan);
    const std::filesystem::path root = dir / "evidence";
    std::filesystem::create_directories(root);
    DemoManifest m;
    const std::string& f = opt.only;
    const auto add = [&](const char* name, const char* holder, const std::string& owner) {
        m.files.push_back({root / name, f, holder, owner});
        return m.files.back().path;
    };
    // The formats added for the scaled cases (more_formats.hpp): iOS, UFED, Meta, Telegram HTML, SMS
    // Backup & Restore and the contact formats.
    if (auto more = write_more_format(f, root, cast, plan, n, opt.seed); !more.empty()) {
        m.files = std::move(more);
        return m;
    }
    if (f == "android-sms") {
        plan.sms = n;
        write_mmssms(add("mmssms.db", "controller phone", cast.controller.e164), cast, plan, opt.seed);
    } else if (f == "android-calls") {
        plan.calls = n;
        write_calllog(add("calllog.db", "controller phone", cast.controller.e164), cast, plan, opt.seed);
    } else if (f == "whatsapp-txt") {
        plan.chat = n;
        write_whatsapp_txt(add("WhatsApp Chat with Boss.txt", "victim 1 phone", cast.contacts[0].e164), cast,
                           plan, opt.seed);
    } else if (f == "camt") {
        plan.camt_extra = std::max<std::int64_t>(0, n - plan.months * kCamtCorePerMonth);
        write_camt053(add("controller_camt053.xml", "controller bank account", ""), cast, plan, opt.seed);
    } else if (f == "mt940") {
        plan.mt940_extra = std::max<std::int64_t>(0, n - plan.months * kMt940CorePerMonth);
        write_mt940(add("mule_mt940.sta", "money mule bank account", ""), cast, plan, opt.seed);
    } else if (f == "whatsapp-db") {
        write_msgstore(add("msgstore.db", "controller phone", cast.controller.e164), cast, plan, n, opt.seed);
    } else if (f == "telegram-json") {
        write_telegram(add("result.json", "controller phone", cast.controller.e164), cast, plan, n, opt.seed);
    } else if (f == "bank-csv") {
        write_bank_csv(add("controller_account.csv", "controller bank account", ""), cast, plan, n, opt.seed);
    } else if (f == "ofx" || f == "ofx-sgml") {
        m.files.push_back({root / (f == "ofx" ? "controller_account.ofx" : "controller_account_sgml.ofx"),
                           "ofx", "controller bank account", ""});
        write_ofx(m.files.back().path, cast, plan, n, opt.seed, f == "ofx-sgml");
    } else {
        throw std::invalid_argument(
            "demo: no single-format writer for '" + f +
            "' (android-sms, android-calls, whatsapp-txt, whatsapp-db, telegram-json, "
            "camt, mt940, bank-csv, ofx, ofx-sgml, sms-backup-xml, ios-sms, ios-calls, ufdr, meta-json, "
            "telegram-html, vcard, android-contacts, ios-contacts, whatsapp-contacts)");
    }
    return m;
}

} // namespace casegraph::demo::detail
