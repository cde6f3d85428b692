// FollowTheMoney JSON lines and i2 ANX XML: golden files of the demo case, parsed back (nlohmann JSON,
// libxml2), every entity and event present with its evidence hash and locator; and victim protection in
// these files and in the timeline and money exhibits, in every written form.
#include "export/chart_draw.hpp"
#include "export/exhibit_money.hpp"
#include "export/exhibit_timeline.hpp"
#include "export/interchange.hpp"
#include "export_fixture.hpp"
#include "store/case_file.hpp"
#include "store/evidence.hpp"
#include "store/writer.hpp"

#include <cctype>
#include <cstdlib>
#include <doctest/doctest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using namespace casegraph;
using test::run_cli;

namespace {

struct GoldenEnv {
    GoldenEnv() {
        ::setenv("SOURCE_DATE_EPOCH", "1717200000", 1);
        ::setenv("CASEGRAPH_ANALYST", "DC Golden", 1);
    }
    ~GoldenEnv() {
        ::unsetenv("SOURCE_DATE_EPOCH");
        ::unsetenv("CASEGRAPH_ANALYST");
    }
    GoldenEnv(const GoldenEnv&) = delete;
    GoldenEnv& operator=(const GoldenEnv&) = delete;
};

void check_golden(const std::string& name, const std::string& bytes) {
    const auto path = test::test_data_dir() / "golden" / "export" / "demo" / name;
    if (std::getenv("CASEGRAPH_UPDATE_GOLDEN")) {
        test::write_file(path, bytes);
        return;
    }
    REQUIRE_MESSAGE(std::filesystem::exists(path), path.string(), " (CASEGRAPH_UPDATE_GOLDEN=1 creates it)");
    CHECK_MESSAGE(bytes == test::read_file(path), name, " differs from ", path.string());
}

// Every text-valued XML attribute and text node, for searching.
void xml_texts(xmlNode* n, std::string& out, std::map<std::string, int>& elements) {
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            ++elements[reinterpret_cast<const char*>(n->name)];
            for (xmlAttr* a = n->properties; a; a = a->next) {
                xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
                if (v) {
                    out += reinterpret_cast<const char*>(v);
                    out += "\n";
                    xmlFree(v);
                }
            }
        }
        xml_texts(n->children, out, elements);
    }
}

// Adds a payment from the victim's account to the suspect's, with the victim named in its text, so the
// money exhibit and the FtM Payment have a protected party.
void add_payment(test::ExportFixture& fx) {
    const auto file = fx.evidence_dir / "statement.csv";
    test::write_file(file, "stand-in statement bytes");
    const auto reg = store::register_evidence(fx.cf, file, "DC Test");
    const auto& db = fx.cf.db();
    store::Transaction tx(db);
    db.prepare("INSERT INTO import_run(evidence_id, importer, importer_version, params, started_at, status) "
               "VALUES (?1, 'test', '1', '{}', '2024-01-02T00:00:00.000Z', 'ok')")
        .bind(1, reg.info.id)
        .run();
    const auto run = db.last_insert_rowid();
    store::ImportWriter w(db, reg.info.id, run, reg.info.sha256);
    const auto src = w.source("csv:line=2");
    const auto boss = w.identifier("iban", "GB33BUKB20201555555555", src).entity_id;
    store::EventRecord e;
    e.kind = "transaction";
    e.time = store::time_from_date({2024, 1, 3}, "03/01/2024", "csv-date");
    e.amount_minor = -20000;
    e.currency = "GBP";
    e.body = "rent ANNA KOWALSKA GB82 WEST 1234 5698 7654 32";
    e.parties = {{fx.victim_account, "payer"}, {boss, "payee"}};
    w.event(e, src);
    store::update_links_for_run(db, run);
    tx.commit();
}

} // namespace

TEST_SUITE("export") {
    TEST_CASE(
        "golden: FollowTheMoney and ANX files of the demo case, parsed back, every fact with its source") {
        test::TempDir d;
        const GoldenEnv env;
        REQUIRE(run_cli({"demo", (d / "demo").string()}).exit_code == 0);
        const auto c = (d / "demo" / "demo.case").string();
        REQUIRE(run_cli({"export", c, "--format", "ftm", (d / "demo.ftm.jsonl").string()}).exit_code == 0);
        REQUIRE(run_cli({"export", c, "--format", "anx", (d / "demo.anx").string()}).exit_code == 0);
        const auto ftm = test::read_file(d / "demo.ftm.jsonl");
        const auto anx = test::read_file(d / "demo.anx");
        check_golden("demo.ftm.jsonl", ftm);
        check_golden("demo.anx", anx);

        // What the case holds, read from the case file.
        const auto cf = store::CaseFile::open_read_only(c);
        std::map<std::int64_t, std::pair<std::string, std::string>> events; // id -> sha256, locator
        {
            auto st =
                cf.db().prepare("SELECT e.id, ev.sha256, s.locator FROM event e JOIN source s ON s.id = "
                                "e.source_id JOIN evidence_file ev ON ev.id = s.evidence_id");
            while (st.step())
                events[st.column_int64(0)] = {st.column_text(1), st.column_text(2)};
        }
        const auto entities = cf.db().scalar_int("SELECT count(*) FROM entity");
        const auto files = cf.db().scalar_int("SELECT count(DISTINCT s.evidence_id) FROM source s");
        REQUIRE(!events.empty());

        // FtM: one JSON object a line; documents, entities and events, each event citing its source.
        std::map<std::string, int> schemas;
        std::set<std::int64_t> seen;
        std::set<std::string> ids;
        std::size_t start = 0;
        while (start < ftm.size()) {
            const auto end = ftm.find('\n', start);
            REQUIRE(end != std::string::npos);
            const auto j = nlohmann::json::parse(ftm.substr(start, end - start));
            start = end + 1;
            const auto id = j.at("id").get<std::string>();
            CHECK(ids.insert(id).second);
            ++schemas[j.at("schema").get<std::string>()];
            const auto& p = j.at("properties");
            if (id.rfind("cg-event-", 0) == 0) {
                const auto eid = std::stoll(id.substr(9));
                REQUIRE(events.count(eid));
                seen.insert(eid);
                CHECK(p.at("recordId")[0] == events[eid].second);
                CHECK(p.at("proof")[0] == "cg-evidence-" + events[eid].first);
            } else if (id.rfind("cg-entity-", 0) == 0) {
                CHECK(p.contains("name"));
            }
        }
        CHECK(seen.size() == events.size());
        CHECK(schemas["Document"] == files);
        CHECK(schemas["Person"] + schemas["Organization"] + schemas["LegalEntity"] + schemas["UserAccount"] +
                  schemas["BankAccount"] ==
              entities);
        CHECK(schemas["Payment"] ==
              cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'transaction'"));
        CHECK(schemas["Call"] == cf.db().scalar_int("SELECT count(*) FROM event WHERE kind = 'call'"));
        // Phone numbers and emails are properties (FtM has no Phone schema).
        CHECK(ftm.find("\"phone\":[\"+4477009001") != std::string::npos);

        // ANX: well-formed XML; every entity an item, every event a card citing hash and locator.
        xmlDoc* doc =
            xmlReadMemory(anx.data(), static_cast<int>(anx.size()), "demo.anx", nullptr, XML_PARSE_NONET);
        REQUIRE(doc != nullptr);
        std::string texts;
        std::map<std::string, int> elements;
        xml_texts(xmlDocGetRootElement(doc), texts, elements);
        CHECK(std::string(reinterpret_cast<const char*>(xmlDocGetRootElement(doc)->name)) == "Chart");
        xmlFreeDoc(doc);
        CHECK(elements["Entity"] >= entities);
        CHECK(elements["Link"] == cf.db().scalar_int("SELECT count(*) FROM link"));
        for (const auto& [id, src] : events) {
            CHECK_MESSAGE(texts.find(" #" + std::to_string(id) + "\n") != std::string::npos, id);
            CHECK_MESSAGE(texts.find(src.first + " " + src.second + "\n") != std::string::npos, id);
        }
        // The demo's victims are tagged: no number or IBAN of theirs, as normalised or as seen, in either
        // file.
        auto st = cf.db().prepare("SELECT i.value FROM identifier i JOIN tag t ON t.entity_id = i.entity_id "
                                  "WHERE t.removed_at IS NULL "
                                  "AND t.tag IN ('victim', 'witness') UNION SELECT s.raw FROM "
                                  "identifier_source s JOIN identifier i ON "
                                  "i.id = s.identifier_id JOIN tag t ON t.entity_id = i.entity_id WHERE "
                                  "t.removed_at IS NULL AND t.tag "
                                  "IN ('victim', 'witness')");
        int forms = 0;
        while (st.step()) {
            const auto v = st.column_text(0);
            std::string digits;
            for (char ch : v)
                if (std::isalnum(static_cast<unsigned char>(ch)))
                    digits += ch;
            for (const auto& form :
                 {v, digits, v.size() > 3 && v.rfind("+44", 0) == 0 ? "0" + v.substr(3) : v}) {
                ++forms;
                CHECK_MESSAGE(ftm.find(form) == std::string::npos, "ftm holds ", form);
                CHECK_MESSAGE(anx.find(form) == std::string::npos, "anx holds ", form);
            }
        }
        CHECK(forms > 10);
    }

    TEST_CASE(
        "no identifier of a tagged victim survives in timeline, money, FtM or ANX, in any written form") {
        test::ExportFixture fx;
        add_payment(fx);
        const auto c = fx.case_path.string();
        for (const char* fmt : {"ftm", "anx"}) {
            const auto out = fx.dir / (std::string("x.") + fmt);
            REQUIRE(run_cli({"export", c, "--format", fmt, out.string()}).exit_code == 0);
            const auto low = test::lower(test::read_file(out));
            for (const auto& form : test::victim_forms())
                CHECK_MESSAGE(low.find(test::lower(form)) == std::string::npos, fmt, " holds ", form);
            CHECK_MESSAGE(low.find("nowak") == std::string::npos, fmt); // the witness
            CHECK(low.find("[v1]") != std::string::npos);               // masked, not dropped
        }
        // The exhibits: everything they print passes through the text log.
        const auto& db = fx.cf.db();
        const auto ps = exporter::ensure_pseudonyms(db, "t");
        const exporter::Redactor r(db, ps);
        const auto sel = exporter::parse_selection(db, "all", "GB", "", "");
        auto f = exporter::collect_facts(db, sel);
        exporter::redact_facts(f, r);
        exporter::ChartMeta m;
        m.case_id = "c";
        m.selection = "all";
        std::vector<std::string> drawn;
        exporter::draw::set_text_log(&drawn);
        const auto t = exporter::build_timeline(f, {}, std::nullopt, std::nullopt);
        (void)exporter::draw_timeline_chart(f, t, m, "svg");
        auto mm = exporter::build_money(f, {});
        exporter::apply_chain(mm, exporter::money_chain(db, sel, mm.start));
        (void)exporter::draw_money_chart(f, mm, m, "pdf");
        exporter::draw::set_text_log(nullptr);
        REQUIRE(mm.flows.size() == 1);
        std::string all;
        for (const auto& s : drawn)
            all += test::lower(s) + "\n";
        for (const auto& form : test::victim_forms())
            CHECK_MESSAGE(all.find(test::lower(form)) == std::string::npos, "an exhibit prints ", form);
        CHECK(all.find("nowak") == std::string::npos);
        CHECK(all.find("rent [v1] [v3]") == std::string::npos); // bodies are not printed on charts
        CHECK(all.find("v3 (#") != std::string::npos);          // the victim's account by pseudonym
        CHECK(all.find("holder withheld (protected)") != std::string::npos);
    }

    TEST_CASE("indicator:NAME selects the indicator's matches for bundles, exhibits and interchange") {
        test::TempDir d;
        REQUIRE(run_cli({"demo", (d / "demo").string()}).exit_code == 0);
        const auto c = (d / "demo" / "demo.case").string();
        const auto cf = store::CaseFile::open_read_only(c);
        auto sel = exporter::parse_selection(cf.db(), "indicator:controller_hub", "GB", "", "");
        CHECK(sel.indicator == "controller_hub");
        REQUIRE(!sel.indicator_entities.empty());
        REQUIRE(!sel.indicator_events.empty());
        const auto f = exporter::collect_facts(cf.db(), sel);
        // Exactly the matches' events: messages and calls of the hub with the tagged victims.
        CHECK(f.events.size() == sel.indicator_events.size());
        for (const auto& e : f.events)
            CHECK((e.kind == "message" || e.kind == "call"));
        const auto focus = exporter::focus_entities(sel, f);
        CHECK(focus.size() == sel.indicator_entities.size());
        CHECK_THROWS_AS((void)exporter::parse_selection(cf.db(), "indicator:no_such", "GB", "", ""),
                        exporter::SelectionError);
        const auto r = run_cli({"exhibit", c, "--chart", "timeline", (d / "t.svg").string(), "--select",
                                "indicator:controller_hub", "--at", "2024-06-01"});
        CHECK_MESSAGE(r.exit_code == 0, r.err);
        CHECK(run_cli({"export", c, "--bundle", (d / "b.zip").string(), "--select",
                       "indicator:controller_hub", "--at", "2024-06-01"})
                  .exit_code == 0);
        CHECK(run_cli({"export", c, "--format", "ftm", (d / "x.ftm").string(), "--select", "indicator:nope"})
                  .exit_code == 2);
    }
}
