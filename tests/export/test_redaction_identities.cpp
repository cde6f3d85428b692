// Victim protection reaches every identity that IS the victim (docs/BUNDLES.md "Redaction"): the holder
// name a bank record gives for her account, merged duplicates, the person of her address-book card; and
// every name form of hers is masked whole and, for full names, word by word. What must not leak is taken
// from the demo generator's own cast (tools/demo), never from what casegraph recorded.
#include "demo/demo.hpp"
#include "export/bundle.hpp"
#include "export/chart_draw.hpp"
#include "export/redaction.hpp"
#include "export_fixture.hpp"
#include "store/annotations.hpp"
#include "store/case_file.hpp"
#include "store/evidence.hpp"
#include "store/time.hpp"
#include "store/writer.hpp"

#include <doctest/doctest.h>
#include <map>

using namespace casegraph;

namespace {
inline namespace redaction_identities {

bool word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80 ||
           c == '_';
}

// Where `needle` stands as a whole word in `hay` (both already lower case), or npos: "ana" in "[v1]
// ana" but not in "management".
std::size_t find_word(const std::string& hay, const std::string& needle) {
    for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
        const bool left = at == 0 || !word_byte(hay[at - 1]);
        const bool right = at + needle.size() == hay.size() || !word_byte(hay[at + needle.size()]);
        if (left && right)
            return at;
    }
    return std::string::npos;
}

std::vector<std::string> words_of(const std::string& s) {
    std::vector<std::string> out;
    std::string w;
    for (char c : s + " ") {
        if (c == ' ') {
            if (!w.empty())
                out.push_back(w);
            w.clear();
        } else {
            w += c;
        }
    }
    return out;
}

// What a redacted export of the demo must not hold, lower case: names and name parts as whole words,
// numbers and IBANs as any substring.
struct Leaks {
    std::vector<std::string> names, numbers;
};

Leaks demo_leaks(const demo::DemoManifest& m) {
    Leaks l;
    for (const auto& v : m.victims) {
        REQUIRE(!v.saved_as.empty());
        REQUIRE(!v.account_holder.empty());
        for (const auto& n : {v.name, v.saved_as, v.account_holder}) {
            l.names.push_back(test::lower(n));
            // The words of her full name (and of the holder name, the same name in capitals).
            if (n != v.saved_as)
                for (const auto& w : words_of(n))
                    if (w.size() >= 3)
                        l.names.push_back(test::lower(w));
        }
        REQUIRE(v.phone_e164.rfind("+44", 0) == 0);
        const auto nsn = v.phone_e164.substr(3); // 7700900311: inside +44…, 0…, 0044… alike
        for (const auto& n :
             {nsn, "0" + nsn.substr(0, 4) + " " + nsn.substr(4), nsn.substr(0, 4) + " " + nsn.substr(4),
              "0" + nsn.substr(0, 4) + "-" + nsn.substr(4)})
            l.numbers.push_back(n);
        std::string grouped; // GB25 NWBK 6016 1340 1188 32
        for (std::size_t i = 0; i < v.iban.size(); i += 4)
            grouped += (i ? " " : "") + v.iban.substr(i, 4);
        for (const auto& n : {v.iban, grouped, v.iban.substr(v.iban.size() - 8)}) // and the account number
            l.numbers.push_back(test::lower(n));
    }
    return l;
}

void check_no_leak(const Leaks& l, const std::string& what, const std::string& text) {
    const auto low = test::lower(text);
    for (const auto& n : l.names)
        CHECK_MESSAGE(find_word(low, n) == std::string::npos, what, " holds the name \"", n, "\" at ",
                      low.substr(low.find(n) > 40 ? low.find(n) - 40 : 0, 80));
    for (const auto& n : l.numbers)
        CHECK_MESSAGE(low.find(n) == std::string::npos, what, " holds ", n);
}

} // namespace redaction_identities
} // namespace

TEST_SUITE("export") {
    TEST_CASE("demo case: no victim name form, holder name, number or IBAN survives; the controller keeps "
              "his name") {
        test::TempDir d;
        REQUIRE(test::run_cli({"demo", (d / "demo").string()}).exit_code == 0);
        const auto truth = demo::write_demo_evidence(d / "truth", {});
        REQUIRE(truth.victims.size() == 5);
        const auto leaks = demo_leaks(truth);
        const auto c = (d / "demo" / "demo.case").string();

        // The bundle built in-process so every text its exhibits draw is logged too.
        std::map<std::string, std::string> members;
        std::vector<std::string> drawn;
        {
            const auto cf = store::CaseFile::open(c);
            exporter::BundleOptions o;
            o.at = 1'717'200'000;
            o.actor = "DC Test";
            o.tool_version = "test";
            exporter::draw::set_text_log(&drawn);
            exporter::export_bundle(cf, d / "b.zip", o);
            exporter::draw::set_text_log(nullptr);
            members = test::unzip(d / "b.zip");
        }
        std::string exhibits;
        for (const auto& s : drawn)
            exhibits += s + "\n";
        REQUIRE(exhibits.size() > 1000);
        check_no_leak(leaks, "an exhibit", exhibits);
        for (const auto& [path, bytes] : members) {
            // Charts are checked through what they draw: PDF and PNG bytes hold glyphs and compressed data.
            if (path.size() > 4 &&
                (path.substr(path.size() - 4) == ".png" || path.substr(path.size() - 4) == ".pdf"))
                continue;
            check_no_leak(leaks, path, bytes);
        }
        for (const char* fmt : {"ftm", "anx"}) {
            const auto out = d / (std::string("x.") + fmt);
            REQUIRE(test::run_cli({"export", c, "--format", fmt, out.string()}).exit_code == 0);
            check_no_leak(leaks, fmt, test::read_file(out));
        }

        // Masked, not dropped: the holder names are the victims' pseudonyms.
        const auto entities = members.at("facts/entities.csv");
        const auto cf = store::CaseFile::open_read_only(c);
        for (const auto& v : truth.victims) {
            const auto id = cf.db().scalar_int("SELECT id FROM entity WHERE kind = 'person' AND label = '" +
                                               v.account_holder + "'");
            CHECK_MESSAGE(entities.find("\r\n" + std::to_string(id) + ",person,V") != std::string::npos,
                          v.account_holder);
        }
        // Each victim is also the person of the controller's address-book card with her number: with the
        // holder names, two pseudonymised persons a victim.
        std::size_t pseudonymised_persons = 0;
        for (auto at = entities.find(",person,V"); at != std::string::npos;
             at = entities.find(",person,V", at + 1)) {
            auto k = at + 9; // the label is a bare pseudonym: V and digits
            while (k < entities.size() && entities[k] >= '0' && entities[k] <= '9')
                ++k;
            pseudonymised_persons += k > at + 9 && entities[k] == ',' ? 1 : 0;
        }
        CHECK(pseudonymised_persons == 2 * truth.victims.size());
        // The near miss: the controller is paid by every victim and holds the statement; he is not one of
        // them, so his name stays in the facts, the FtM payments and the exhibits.
        CHECK(entities.find(",person,MAREK DUNMORE,") != std::string::npos);
        CHECK(test::read_file(d / "x.ftm").find("MAREK DUNMORE") != std::string::npos);
        CHECK(exhibits.find("MAREK DUNMORE") != std::string::npos);
    }

    TEST_CASE("the holder name on a protected account's side is hers; who paid her keeps his name") {
        test::ExportFixture fx;
        const auto file = fx.evidence_dir / "statement.xml";
        test::write_file(file, "stand-in statement bytes");
        const auto reg = store::register_evidence(fx.cf, file, "DC Test");
        const auto& db = fx.cf.db();
        std::int64_t holder = 0, statement_holder = 0, payer_name = 0, payer_owner = 0, duplicate = 0;
        {
            store::Transaction tx(db);
            const auto run = test::open_test_run(db, reg.info.id);
            store::ImportWriter w(db, reg.info.id, run, reg.info.sha256);
            const auto src = w.source("xml:/Document/Stmt[1]");
            const auto victim_iban = *db.scalar_text("SELECT value FROM identifier WHERE entity_id = " +
                                                     std::to_string(fx.victim_account));
            const auto payer_acct = w.identifier("iban", "GB33BUKB20201555555555", src).entity_id;
            // A statement of the payer's account: its holder is the payer; on the other side the
            // victim's account with the name the bank gives for it.
            payer_owner =
                w.entity("person", "holder:" + reg.info.sha256 + ":GB33BUKB20201555555555:KAROL ZIELINSKI",
                         "KAROL ZIELINSKI", src, "holder");
            holder = w.entity("person", "bank-name:" + reg.info.sha256 + ":MARTA KOWALSKA-NOWICKA",
                              "MARTA KOWALSKA-NOWICKA", src, "counterparty");
            const auto pay = [&](std::int64_t minor, const char* body, std::vector<store::Party> parties,
                                 const char* at) {
                store::EventRecord e;
                e.kind = "transaction";
                e.time = store::time_from_date({2024, 1, 3}, "2024-01-03", "camt-date");
                e.amount_minor = minor;
                e.currency = "GBP";
                e.body = body;
                e.parties = std::move(parties);
                w.event(e, w.source(at));
            };
            pay(-5000, "for MARTA KOWALSKA-NOWICKA",
                {{payer_acct, "payer"},
                 {payer_owner, "owner"},
                 {fx.victim_account, "payee"},
                 {holder, "payee"}},
                "xml:/Document/Stmt[1]/Ntry[1]");
            // A statement of her own account: its holder is her; who paid her is the counterparty.
            statement_holder = w.entity("person", "holder:" + reg.info.sha256 + ":" + victim_iban + ":ANIA K",
                                        "ANIA K", src, "holder");
            payer_name = w.entity("person", "bank-name:" + reg.info.sha256 + ":PIOTR WISNIEWSKI",
                                  "PIOTR WISNIEWSKI", src, "counterparty");
            pay(7000, "from PIOTR WISNIEWSKI",
                {{fx.victim_account, "payee"},
                 {statement_holder, "owner"},
                 {payer_acct, "payer"},
                 {payer_name, "payer"}},
                "xml:/Document/Stmt[2]/Ntry[1]");
            duplicate = w.entity("person", "analyst:dup", "Anka Kowalsky", src, "participant");
            store::update_links_for_run(db, run);
            tx.commit();
        }
        db.prepare("INSERT INTO merge(entity_a, entity_b, reason, analyst, at) VALUES (?1, ?2, 'same woman', "
                   "'t', '2024-01-04')")
            .bind(1, duplicate)
            .bind(2, fx.victim)
            .run();

        // The same IBAN held by another entity under another scope is hers; the same handle text in another
        // app's scope is not known to be.
        const auto insert_entity = [&](const char* kind, const char* key) {
            db.prepare("INSERT INTO entity(kind, key, label) VALUES (?1, ?2, '')")
                .bind(1, kind)
                .bind(2, key)
                .run();
            return db.last_insert_rowid();
        };
        const auto same_iban = insert_entity("account", "test:same-iban");
        const auto other_handle = insert_entity("handle", "test:other-handle");
        const auto her_handle = insert_entity("handle", "test:her-handle");
        const auto victim_iban = *db.scalar_text("SELECT value FROM identifier WHERE entity_id = " +
                                                 std::to_string(fx.victim_account));
        const auto add_id = [&](std::int64_t entity, const char* type, const char* scope,
                                const std::string& value) {
            db.prepare(
                  "INSERT INTO identifier(entity_id, type, scope, value, status, rule) VALUES (?1, ?2, ?3, "
                  "?4, 'valid', 'test')")
                .bind(1, entity)
                .bind(2, type)
                .bind(3, scope)
                .bind(4, value)
                .run();
        };
        add_id(same_iban, "iban", "bank-x", victim_iban);
        add_id(her_handle, "handle", "telegram", "annak");
        add_id(other_handle, "handle", "signal", "annak");
        store::add_tag(db, her_handle, "victim", "DC Test");

        const auto ps = exporter::ensure_pseudonyms(db, "t");
        const auto all = exporter::protected_identities(db, ps);
        std::map<std::int64_t, std::string> who;
        for (const auto& p : all)
            who[p.entity_id] = p.name;
        const auto account_pseudonym = who.at(fx.victim_account);
        CHECK(who[holder] == account_pseudonym);
        CHECK(who[statement_holder] == account_pseudonym);
        CHECK(who[duplicate] == who.at(fx.victim));
        CHECK(who.count(payer_name) == 0);  // paid her: not her
        CHECK(who.count(payer_owner) == 0); // holds the statement she appears in: not her
        CHECK(who.count(fx.suspect) == 0);
        CHECK(who[same_iban] == account_pseudonym);
        CHECK(who.count(other_handle) == 0);

        const exporter::Redactor r(db, ps);
        CHECK(r.pseudonym_of(holder) == account_pseudonym);
        CHECK(r.pseudonym_of(payer_name).empty());
        // Every name form, longest first and in any case; the surname alone too, but not "new" words.
        const auto p = "[" + account_pseudonym + "]";
        CHECK(r.mask("for marta kowalska-nowicka") == "for " + p);
        CHECK(r.mask("NOWICKA called") == p + " called");
        CHECK(r.mask("Anka Kowalsky and ania k") == "[V1] and " + p);
        CHECK(r.mask("from PIOTR WISNIEWSKI") == "from PIOTR WISNIEWSKI");
        CHECK(r.mask("KAROL ZIELINSKI") == "KAROL ZIELINSKI");

        const auto out = fx.dir / "b.zip";
        exporter::BundleOptions o;
        o.at = 1'717'200'000;
        o.actor = "DC Test";
        o.tool_version = "test";
        exporter::export_bundle(fx.cf, out, o);
        const auto members = test::unzip(out);
        const auto& entities = members.at("facts/entities.csv");
        CHECK(entities.find("PIOTR WISNIEWSKI") != std::string::npos);
        CHECK(entities.find("KAROL ZIELINSKI") != std::string::npos);
        for (const auto& [path, bytes] : members) {
            const auto low = test::lower(bytes);
            for (const char* leak : {"nowicka", "marta", "ania k", "anka kowalsky"})
                CHECK_MESSAGE(low.find(leak) == std::string::npos, path, " holds ", leak);
        }
    }
}
