// The demo evidence generator: determinism, the cast's reserved numbers and valid IBANs, the indicator
// patterns the scenario promises, balances that add up, and scaling to a requested event count.
#include "demo/demo.hpp"
#include "store/hash.hpp"
#include "store/identifiers.hpp"
#include "store/sqlite.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

using namespace casegraph;
using casegraph::test::TempDir;

namespace {

std::filesystem::path file_of(const demo::DemoManifest& m, const std::string& format) {
    for (const auto& f : m.files)
        if (f.format == format)
            return f.path;
    FAIL("no file with format " << format);
    return {};
}

std::vector<std::string> lines_of(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        out.push_back(line);
    }
    return out;
}

// The text between <tag> and </tag> on a line we wrote as one element per line.
std::string inner(const std::string& line) {
    const auto open = line.find('>');
    const auto close = line.rfind("</");
    return line.substr(open + 1, close - open - 1);
}

// "1234.56" or "1234,56" -> 123456
std::int64_t minor_units(std::string s) {
    for (auto& c : s)
        if (c == ',')
            c = '.';
    const auto dot = s.find('.');
    const std::int64_t whole = std::stoll(s.substr(0, dot));
    std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    frac.resize(2, '0');
    return whole * 100 + std::stoll(frac);
}

std::vector<std::string> column(const std::filesystem::path& db_path, const std::string& sql) {
    store::Db db(db_path.string(), store::OpenMode::ReadOnly);
    auto st = db.prepare(sql);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.column_is_null(0) ? "" : st.column_text(0));
    return out;
}

std::int64_t count_rows(const std::filesystem::path& db_path, const std::string& table) {
    store::Db db(db_path.string(), store::OpenMode::ReadOnly);
    return db.scalar_int("SELECT count(*) FROM " + table);
}

bool in_drama_range(const std::string& e164) {
    return e164.size() == 13 && (e164.rfind("+447700900", 0) == 0 || e164.rfind("+442079460", 0) == 0);
}

struct Statement {
    std::int64_t opening = 0;
    std::int64_t closing = 0;
    std::int64_t sum = 0;
    std::int64_t entries = 0;
};

// Balances and signed entry amounts per <Stmt>; batch entries are checked against their TxDtls.
std::vector<Statement> camt_statements(const std::filesystem::path& p,
                                       std::int64_t* batch_mismatches = nullptr) {
    std::vector<Statement> out;
    std::string bal_code;
    std::int64_t bal_amount = 0, entry_amount = 0, tx_sum = 0, tx_count = 0;
    enum { none, bal, ntry } where = none;
    bool want_sign = false, in_tx_amt = false;
    for (const auto& raw : lines_of(p)) {
        const std::string line =
            raw.substr(raw.find_first_not_of(' ') == std::string::npos ? 0 : raw.find_first_not_of(' '));
        if (line == "<Stmt>") {
            out.emplace_back();
        } else if (line == "<Bal>") {
            where = bal;
        } else if (line == "<Ntry>") {
            where = ntry;
            entry_amount = 0;
            tx_sum = 0;
            tx_count = 0;
        } else if (line == "<TxAmt>") {
            in_tx_amt = true;
        } else if (line.rfind("<Cd>", 0) == 0 && where == bal) {
            bal_code = inner(line);
        } else if (line.rfind("<Amt ", 0) == 0) {
            if (in_tx_amt) {
                tx_sum += minor_units(inner(line));
                ++tx_count;
                in_tx_amt = false;
            } else if (where == bal) {
                bal_amount = minor_units(inner(line));
                want_sign = true;
            } else if (where == ntry && entry_amount == 0) {
                entry_amount = minor_units(inner(line));
                want_sign = true;
            }
        } else if (line.rfind("<CdtDbtInd>", 0) == 0 && want_sign) {
            want_sign = false;
            const std::int64_t sign = inner(line) == "DBIT" ? -1 : 1;
            if (where == bal && bal_code == "OPBD")
                out.back().opening = sign * bal_amount;
            else if (where == bal && bal_code == "CLBD")
                out.back().closing = sign * bal_amount;
            else if (where == ntry) {
                out.back().sum += sign * entry_amount;
                ++out.back().entries;
            }
        } else if (line == "</Ntry>") {
            if (batch_mismatches != nullptr && tx_count > 0 && tx_sum != entry_amount)
                ++*batch_mismatches;
            where = none;
        } else if (line == "</Bal>") {
            where = none;
        }
    }
    return out;
}

std::vector<Statement> mt940_statements(const std::filesystem::path& p) {
    std::vector<Statement> out;
    const std::regex line61(R"(^:61:(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d+,\d*)([NSF][A-Z0-9]{3}))");
    auto balance = [](const std::string& field) {
        // :60F:C231231GBP152,40
        const std::string v = field.substr(field.find(':', 1) + 1);
        return (v[0] == 'D' ? -1 : 1) * minor_units(v.substr(10));
    };
    for (const auto& line : lines_of(p)) {
        std::smatch m;
        if (line.rfind(":60F:", 0) == 0) {
            out.emplace_back();
            out.back().opening = balance(line);
        } else if (line.rfind(":62F:", 0) == 0) {
            out.back().closing = balance(line);
        } else if (std::regex_search(line, m, line61)) {
            const std::string mark = m[3];
            out.back().sum += (mark == "D" || mark == "RC" ? -1 : 1) * minor_units(m[5]);
            ++out.back().entries;
        }
    }
    return out;
}

// MT940 fields with their continuation lines glued back on: :86: wraps at 65 characters wherever that
// falls, even inside a sub-field marker ("?3" / "0DEMOROBU"), as German banks do.
std::vector<std::string> mt940_fields(const std::filesystem::path& p) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(p)) {
        if (line.empty() || line == "-")
            continue;
        if (line[0] == ':' || out.empty())
            out.push_back(line);
        else
            out.back() += line;
    }
    return out;
}

std::int64_t chat_messages(const std::filesystem::path& p) {
    const std::regex header(R"(^\d{2}/\d{2}/\d{4}, \d{2}:\d{2} - )");
    std::int64_t n = 0;
    for (const auto& line : lines_of(p))
        n += std::regex_search(line, header) ? 1 : 0;
    return n;
}

} // namespace

TEST_SUITE("demo") {
    TEST_CASE("the same seed writes byte-identical files; another seed writes different ones") {
        TempDir a, b, c;
        const auto ma = demo::write_demo_evidence(a.path(), {.seed = 7});
        const auto mb = demo::write_demo_evidence(b.path(), {.seed = 7});
        const auto mc = demo::write_demo_evidence(c.path(), {.seed = 8});
        REQUIRE(ma.files.size() == 6);
        REQUIRE(mb.files.size() == ma.files.size());
        for (std::size_t k = 0; k < ma.files.size(); ++k) {
            CAPTURE(ma.files[k].path);
            CHECK(std::filesystem::relative(ma.files[k].path, a.path()) ==
                  std::filesystem::relative(mb.files[k].path, b.path()));
            const auto ha = store::hash_file(ma.files[k].path).sha256;
            CHECK(ha == store::hash_file(mb.files[k].path).sha256);
            // The address book holds the cast only, which is the same for every seed.
            if (ma.files[k].format != "android-contacts")
                CHECK(ha != store::hash_file(mc.files[k].path).sha256);
        }
    }

    TEST_CASE("writing again into the same folder gives the same bytes") {
        TempDir a;
        const auto m1 = demo::write_demo_evidence(a.path(), {.seed = 3});
        std::vector<std::string> first;
        for (const auto& f : m1.files)
            first.push_back(store::hash_file(f.path).sha256);
        const auto m2 = demo::write_demo_evidence(a.path(), {.seed = 3});
        for (std::size_t k = 0; k < m2.files.size(); ++k)
            CHECK(store::hash_file(m2.files[k].path).sha256 == first[k]);
    }

    TEST_CASE("the controller's phone has SMS and calls with every victim, under several raw forms") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {});
        REQUIRE(m.victims.size() == 5);
        std::set<std::string> victims;
        for (const auto& v : m.victims)
            victims.insert(v.phone_e164);

        std::set<std::string> in_sms, in_calls, raw_forms;
        for (const auto& raw : column(file_of(m, "android-sms"), "SELECT address FROM sms")) {
            const auto n = store::normalize_phone(raw, "GB");
            if (victims.count(n.value) != 0) {
                in_sms.insert(n.value);
                raw_forms.insert(raw);
            }
        }
        for (const auto& raw :
             column(file_of(m, "android-calls"), "SELECT number FROM calls WHERE number <> ''"))
            if (const auto n = store::normalize_phone(raw, "GB"); victims.count(n.value) != 0)
                in_calls.insert(n.value);
        CHECK(in_sms == victims);
        CHECK(in_calls == victims);
        // "07700 900311", "+447700900311", "00447700900311", ...: normalisation has work to do.
        CHECK(raw_forms.size() > victims.size() * 2);

        // Both directions, and a thread per counterparty.
        const auto sms = file_of(m, "android-sms");
        CHECK(column(sms, "SELECT DISTINCT type FROM sms ORDER BY type") ==
              std::vector<std::string>{"1", "2"});
        store::Db db(sms.string(), store::OpenMode::ReadOnly);
        CHECK(db.scalar_int("SELECT count(*) FROM sms WHERE thread_id NOT IN (SELECT _id FROM threads)") ==
              0);
        CHECK(db.scalar_int("SELECT sum(message_count) FROM threads") ==
              db.scalar_int("SELECT count(*) FROM sms"));
        CHECK(db.scalar_int("PRAGMA user_version") > 0);
        CHECK(db.scalar_text("PRAGMA journal_mode").value() == "delete");
    }

    TEST_CASE("the call log has a withheld call and the address book knows the victims by nickname") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {});
        const auto calls = file_of(m, "android-calls");
        store::Db db(calls.string(), store::OpenMode::ReadOnly);
        CHECK(db.scalar_int("SELECT count(*) FROM calls WHERE number = '' AND presentation = 2") >= 1);
        CHECK(db.scalar_int("SELECT count(DISTINCT type) FROM calls") == 3);
        CHECK(db.scalar_int("SELECT count(*) FROM calls WHERE countryiso <> 'GB'") == 0);

        const auto contacts = file_of(m, "android-contacts");
        const auto names =
            column(contacts, "SELECT d.data1 FROM data d JOIN mimetypes t ON t._id = d.mimetype_id "
                             "WHERE t.mimetype = 'vnd.android.cursor.item/name'");
        const std::set<std::string> saved(names.begin(), names.end());
        CHECK(saved.count("Ana") == 1);
        CHECK(saved.count("Miha new") == 1);
        const auto e164 =
            column(contacts, "SELECT d.data4 FROM data d JOIN mimetypes t ON t._id = d.mimetype_id "
                             "WHERE t.mimetype = 'vnd.android.cursor.item/phone_v2'");
        for (const auto& v : m.victims)
            CHECK(std::count(e164.begin(), e164.end(), v.phone_e164) == 1);
        CHECK(count_rows(contacts, "data WHERE mimetype_id = (SELECT _id FROM mimetypes WHERE mimetype = "
                                   "'vnd.android.cursor.item/email_v2')") >= 2);
    }

    TEST_CASE("every phone number is in Ofcom's drama ranges and every IBAN passes mod 97") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {.events = 5000});
        std::vector<std::string> phones;
        for (const auto& col : {"SELECT address FROM sms",
                                "SELECT service_center FROM sms WHERE service_center "
                                "IS NOT NULL",
                                "SELECT address FROM canonical_addresses"})
            for (auto& v : column(file_of(m, "android-sms"), col))
                phones.push_back(v);
        for (const auto& col : {"SELECT number FROM calls WHERE number <> ''",
                                "SELECT normalized_number FROM calls WHERE number <> ''"})
            for (auto& v : column(file_of(m, "android-calls"), col))
                phones.push_back(v);
        for (auto& v : column(file_of(m, "android-contacts"),
                              "SELECT data1 FROM data WHERE mimetype_id = (SELECT _id FROM mimetypes WHERE "
                              "mimetype = 'vnd.android.cursor.item/phone_v2')"))
            phones.push_back(v);
        REQUIRE(phones.size() > 1000);
        std::size_t bad_phones = 0;
        for (const auto& p : phones) {
            const auto n = store::normalize_phone(p, "GB");
            if (n.status == store::IdStatus::raw || !in_drama_range(n.value)) {
                CAPTURE(p);
                ++bad_phones;
            }
        }
        CHECK(bad_phones == 0);

        std::vector<std::string> ibans;
        for (const auto& line : lines_of(file_of(m, "camt")))
            if (const auto at = line.find("<IBAN>"); at != std::string::npos)
                ibans.push_back(inner(line.substr(at)));
        const std::regex mt_iban(R"((?:^:25:|\?31)([A-Z]{2}\d{2}[A-Z0-9]+))");
        for (const auto& field : mt940_fields(file_of(m, "mt940")))
            for (std::sregex_iterator it(field.begin(), field.end(), mt_iban), end; it != end; ++it)
                ibans.push_back((*it)[1]);
        for (const auto& v : m.victims)
            ibans.push_back(v.iban);
        std::set<std::string> countries;
        std::size_t bad_ibans = 0;
        for (const auto& iban : ibans) {
            countries.insert(iban.substr(0, 2));
            if (!store::iban_checksum_ok(iban)) {
                CAPTURE(iban);
                ++bad_ibans;
            }
        }
        CHECK(bad_ibans == 0);
        CHECK(countries == std::set<std::string>{"BG", "DE", "GB", "RO"});
    }

    TEST_CASE("camt.053 statements add up: opening + entries = closing, batches = their transactions") {
        TempDir d;
        for (const std::int64_t events : {std::int64_t{0}, std::int64_t{30000}}) {
            CAPTURE(events);
            const auto m = demo::write_demo_evidence(d.path(), {.seed = 11, .events = events});
            std::int64_t batch_mismatches = 0;
            const auto stmts = camt_statements(file_of(m, "camt"), &batch_mismatches);
            REQUIRE(stmts.size() >= 3);
            for (std::size_t k = 0; k < stmts.size(); ++k) {
                CAPTURE(k);
                CHECK(stmts[k].opening + stmts[k].sum == stmts[k].closing);
                if (k > 0)
                    CHECK(stmts[k].opening == stmts[k - 1].closing);
            }
            CHECK(batch_mismatches == 0);
        }
    }

    TEST_CASE("MT940 statements add up: :60F: + :61: lines = :62F:") {
        TempDir d;
        for (const std::int64_t events : {std::int64_t{0}, std::int64_t{30000}}) {
            CAPTURE(events);
            const auto m = demo::write_demo_evidence(d.path(), {.seed = 5, .events = events});
            const auto stmts = mt940_statements(file_of(m, "mt940"));
            REQUIRE(stmts.size() >= 3);
            for (std::size_t k = 0; k < stmts.size(); ++k) {
                CAPTURE(k);
                CHECK(stmts[k].entries > 0);
                CHECK(stmts[k].opening + stmts[k].sum == stmts[k].closing);
                if (k > 0)
                    CHECK(stmts[k].opening == stmts[k - 1].closing);
            }
            for (const auto& line : lines_of(file_of(m, "mt940")))
                CHECK(line.size() <= 69); // ":86:" + 65
        }
    }

    TEST_CASE("the controller's account pays rent to three or more landlords every month") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {});
        // Payee IBAN per month for every debit whose remittance names a flat or rent ("Miete").
        std::map<std::string, std::set<std::string>> payees_by_month;
        std::string booked, creditor_iban;
        bool in_cdtr_acct = false, advert = false;
        int adverts = 0;
        for (const auto& raw : lines_of(file_of(m, "camt"))) {
            const std::string line = raw.substr(raw.find_first_not_of(' '));
            if (line.rfind("<Dt>", 0) == 0 && line.size() > 14)
                booked = inner(line).substr(0, 7);
            if (line == "<CdtrAcct>")
                in_cdtr_acct = true;
            if (in_cdtr_acct && line.rfind("<IBAN>", 0) == 0) {
                creditor_iban = inner(line);
                in_cdtr_acct = false;
            }
            if (line.rfind("<Nm>NIGHTLIST", 0) == 0)
                advert = true;
            if (line.rfind("<Ustrd>", 0) == 0) {
                const std::string text = inner(line);
                if (text.find("rent") != std::string::npos || text.find("Miete") != std::string::npos)
                    if (text.find("room") == std::string::npos)
                        payees_by_month[booked].insert(creditor_iban);
                if (advert)
                    ++adverts;
                advert = false;
            }
        }
        std::size_t months_with_three = 0;
        for (const auto& [month, payees] : payees_by_month)
            months_with_three += payees.size() >= 3 ? 1 : 0;
        CHECK(months_with_three >= 2);
        CHECK(adverts >= 4);
    }

    TEST_CASE("the mule's account takes many small cash deposits and sends money to RO and BG") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {});
        int cash = 0, under_500 = 0, ro = 0, bg = 0;
        for (const auto& line : mt940_fields(file_of(m, "mt940"))) {
            if (line.find("NCMI") != std::string::npos && line.rfind(":61:", 0) == 0) {
                ++cash;
                const auto c = line.find('C', 14);
                under_500 += minor_units(line.substr(c + 1, line.find("NCMI") - c - 1)) < 50000 ? 1 : 0;
            }
            ro += line.find("?31RO") != std::string::npos ? 1 : 0;
            bg += line.find("?31BG") != std::string::npos ? 1 : 0;
        }
        CHECK(cash >= 30);
        CHECK(under_500 == cash);
        CHECK(ro > 0);
        CHECK(bg > 0);
    }

    TEST_CASE("the WhatsApp export has the quirks of a real Android export") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {});
        const auto path = file_of(m, "whatsapp-txt");
        CHECK(path.filename() == "WhatsApp Chat with Boss.txt");
        const auto lines = lines_of(path);
        REQUIRE(!lines.empty());
        CHECK(lines[0].find(" - Messages and calls are end-to-end encrypted.") != std::string::npos);
        const std::regex header(R"(^\d{2}/\d{2}/\d{4}, \d{2}:\d{2} - )");
        int media = 0, continuation = 0, boss = 0, system = 0;
        for (const auto& line : lines) {
            if (!std::regex_search(line, header)) {
                ++continuation;
                continue;
            }
            const std::string body = line.substr(20);
            media += body == "Boss: <Media omitted>" ? 1 : 0;
            boss += body.rfind("Boss: ", 0) == 0 ? 1 : 0;
            system += body.find(": ") == std::string::npos ? 1 : 0;
        }
        CHECK(media >= 1);
        CHECK(continuation >= 2);
        CHECK(boss > 10);
        CHECK(system >= 2);
    }

    TEST_CASE("events = 20000 writes about 20000 events") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {.events = 20000});
        std::int64_t total = count_rows(file_of(m, "android-sms"), "sms") +
                             count_rows(file_of(m, "android-calls"), "calls") +
                             chat_messages(file_of(m, "whatsapp-txt"));
        for (const auto& line : lines_of(file_of(m, "camt")))
            total += line.find("<Ntry>") != std::string::npos ? 1 : 0;
        for (const auto& line : lines_of(file_of(m, "mt940")))
            total += line.rfind(":61:", 0) == 0 ? 1 : 0;
        CHECK(total >= 18000);
        CHECK(total <= 22000);
    }

    TEST_CASE("the manifest names the victims and suspects with their identifiers") {
        TempDir d;
        const auto m = demo::write_demo_evidence(d.path(), {});
        CHECK(m.region == "GB");
        CHECK(m.tz == "Europe/London");
        CHECK(m.suspects_e164.size() == 4);
        for (const auto& f : m.files)
            CHECK(std::filesystem::exists(f.path));
        for (const auto& v : m.victims) {
            CHECK(in_drama_range(v.phone_e164));
            CHECK(store::iban_checksum_ok(v.iban));
            CHECK(!v.name.empty());
        }
    }
}

TEST_SUITE("demo") {
    TEST_CASE("the bundled demo/evidence is exactly what the generator writes (seed 1, small scenario)") {
        TempDir d;
        const auto manifest = demo::write_demo_evidence(d.path(), {});
        const auto bundled = test::test_data_dir().parent_path() / "demo" / "evidence";
        REQUIRE(std::filesystem::is_directory(bundled));
        std::size_t compared = 0;
        for (const auto& f : manifest.files) {
            const auto rel = std::filesystem::relative(f.path, d.path() / "evidence");
            INFO("demo/evidence/" << rel.string() << " differs from the generator: run tools/regen-demo.sh");
            REQUIRE(std::filesystem::exists(bundled / rel));
            CHECK(store::hash_file(bundled / rel).sha256 == store::hash_file(f.path).sha256);
            ++compared;
        }
        std::size_t bundled_files = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(bundled))
            bundled_files += e.is_regular_file() ? 1 : 0;
        CHECK(bundled_files == compared);
    }
}
