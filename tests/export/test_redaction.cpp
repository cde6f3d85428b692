// Victim and witness protection: stable pseudonyms, every written form masked in every bundle member,
// and the key kept out of bundles.
#include "export/bundle.hpp"
#include "export/redaction.hpp"
#include "export_fixture.hpp"
#include "store/case_file.hpp"
#include "store/writer.hpp"

#include <doctest/doctest.h>

using namespace casegraph;
using test::ExportFixture;

namespace {

exporter::BundleOptions options() {
    exporter::BundleOptions o;
    o.at = 1'717'200'000; // 2024-06-01
    o.actor = "DC Test";
    o.tool_version = "test";
    return o;
}

} // namespace

TEST_SUITE("export") {
    TEST_CASE("the masker finds a protected number, IBAN and name in every written form") {
        exporter::Redactor r;
        // A Redactor built by hand: the same calls the case-based constructor makes.
        exporter::Redactor manual = [] {
            ExportFixture f;
            const auto ps = exporter::ensure_pseudonyms(f.cf.db(), "t");
            return exporter::Redactor(f.cf.db(), ps);
        }();
        CHECK(r.mask("07700 900123") == "07700 900123"); // the default masker masks nothing
        for (const auto& form : test::victim_forms()) {
            const auto masked = manual.mask("x " + form + " y");
            CHECK_MESSAGE(masked.find("[V") != std::string::npos, form, " -> ", masked);
            CHECK_MESSAGE(test::lower(masked).find(test::lower(form)) == std::string::npos, form, " -> ",
                          masked);
        }
        CHECK(manual.mask("Call +44 7700 900123 now") == "Call [V1] now");
        CHECK(manual.mask("07700 900123, 07700 900999") == "[V1], 07700 900999");
        CHECK(manual.mask("Annabel and Joanna") == "Annabel and Joanna"); // whole words only for name parts
        CHECK(manual.mask("ref 177009001234") == "ref 177009001234");     // not inside a longer number
        CHECK(manual.mask("Jan Nowak and JAN NOWAK") == "[W1] and [W1]");
        CHECK(manual.mask("ANNA") == "[V1]");
    }

    TEST_CASE("pseudonyms are assigned once in entity order and stay the same across exports") {
        ExportFixture f;
        const auto a = exporter::ensure_pseudonyms(f.cf.db(), "t");
        REQUIRE(a.size() == 4);
        CHECK(a[0].entity_id == f.victim);
        CHECK(a[0].name == "V1");
        CHECK(a[1].name == "V2");
        CHECK(a[1].entity_id == f.victim_email);
        CHECK(a[2].entity_id == f.victim_account);
        const auto w =
            std::find_if(a.begin(), a.end(), [&](const auto& p) { return p.entity_id == f.witness; });
        REQUIRE(w != a.end());
        CHECK(w->name == "W1");
        const auto b = exporter::ensure_pseudonyms(f.cf.db(), "t");
        REQUIRE(b.size() == a.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            CHECK(a[i].name == b[i].name);
        CHECK(f.cf.db().scalar_int("SELECT count(*) FROM audit_log WHERE action = 'pseudonym.assign'") == 4);
    }

    TEST_CASE(
        "no identifier of a tagged victim survives anywhere in a redacted bundle, in any written form") {
        ExportFixture f;
        const auto out = f.dir / "b.zip";
        exporter::export_bundle(f.cf, out, options());
        const auto members = test::unzip(out);
        REQUIRE(members.count("facts/events.csv") == 1);
        for (const auto& [path, bytes] : members) {
            const auto low = test::lower(bytes);
            for (const auto& form : test::victim_forms())
                CHECK_MESSAGE(low.find(test::lower(form)) == std::string::npos, path, " holds ", form);
            // The witness too, and the name parts on their own.
            CHECK_MESSAGE(low.find("nowak") == std::string::npos, path);
            CHECK_MESSAGE(low.find("7700 900555") == std::string::npos, path);
            CHECK_MESSAGE(low.find("anna") == std::string::npos, path);
        }
        // The masks are there, so the redaction did not simply drop the rows.
        CHECK(members.at("facts/events.csv").find("Call [V1] now") != std::string::npos);
        CHECK(members.at("facts/events.csv").find("pay to [V3] today") != std::string::npos);
        CHECK(members.at("manifest.json").find("[V1] [V1].db") !=
              std::string::npos); // the evidence file name
        // The suspect is not protected.
        CHECK(members.at("facts/entities.csv").find("Boss") != std::string::npos);
    }

    TEST_CASE("an unredacted bundle shows the identities and records why") {
        ExportFixture f;
        auto o = options();
        o.redact = false;
        CHECK_THROWS_AS((void)exporter::build_bundle(f.cf, o), exporter::SelectionError);
        o.reason = "disclosure to the defence ordered 2024-05-30";
        const auto out = f.dir / "full.zip";
        exporter::export_bundle(f.cf, out, o);
        const auto members = test::unzip(out);
        CHECK(members.at("facts/events.csv").find("Call +44 7700 900123 now") != std::string::npos);
        const auto manifest = nlohmann::json::parse(members.at("manifest.json"));
        CHECK(manifest["redaction"]["enabled"] == false);
        CHECK(manifest["redaction"]["reason"] == o.reason);
        CHECK(members.at("report.html").find("NOT REDACTED") != std::string::npos);
        const auto audit =
            f.cf.db().scalar_text("SELECT params FROM audit_log WHERE action = 'export.bundle'");
        REQUIRE(audit);
        CHECK(audit->find(o.reason) != std::string::npos);
    }

    TEST_CASE("the pseudonym key names each protected identity and is never inside a bundle") {
        ExportFixture f;
        const auto ps = exporter::ensure_pseudonyms(f.cf.db(), "t");
        const auto key = exporter::pseudonym_key_csv(f.cf.db(), ps);
        CHECK(key.find("V1") != std::string::npos);
        CHECK(key.find("+447700900123") != std::string::npos);
        CHECK(key.find("Anna Kowalska") != std::string::npos);
        const auto out = f.dir / "b.zip";
        exporter::export_bundle(f.cf, out, options());
        for (const auto& [path, bytes] : test::unzip(out)) {
            CHECK_MESSAGE(bytes.find("pseudonym,role,entity_id") == std::string::npos, path);
            CHECK_MESSAGE(bytes.find(key) == std::string::npos, path);
        }
    }
}

TEST_SUITE("export") {
    TEST_CASE("names in Polish and Cyrillic are masked in any letter case") {
        exporter::Redactor r;
        test::TempDir d;
        const auto cf = store::CaseFile::create(d / "n.case", {.region = "GB"}, "t");
        // Built by hand: add_text is what the case-based constructor calls for labels and name identifiers.
        r.add_text("Łucja Świątek", "[V1]", false);
        r.add_text("Świątek", "[V1]", true);
        r.add_text("Анна", "[V2]", true);
        CHECK(r.mask("ŁUCJA ŚWIĄTEK is here") == "ŁUCJA ŚWIĄTEK is here"); // a default Redactor is disabled
        exporter::Redactor on(cf.db(), {});
        on.add_text("Łucja Świątek", "[V1]", false);
        on.add_text("Świątek", "[V1]", true);
        on.add_text("Анна", "[V2]", true);
        CHECK(on.mask("ŁUCJA ŚWIĄTEK is here") == "[V1] is here");
        CHECK(on.mask("łucja świątek") == "[V1]");
        CHECK(on.mask("pani ŚWIĄTEK") == "pani [V1]");
        CHECK(on.mask("АННА и анна") == "[V2] и [V2]");
        CHECK(on.mask("Аннушка") == "Аннушка"); // whole words only
    }
}

TEST_SUITE("export") {
    TEST_CASE("only name-shaped labels are masked word by word") {
        ExportFixture f;
        f.cf.db()
            .prepare("UPDATE entity SET label = 'girl from the club' WHERE id = ?1")
            .bind(1, f.victim)
            .run();
        const auto ps = exporter::ensure_pseudonyms(f.cf.db(), "t");
        const exporter::Redactor r(f.cf.db(), ps);
        CHECK(r.mask("the girl from the club called") == "the [V1] called");
        CHECK(r.mask("meet at the club") == "meet at the club");
        CHECK(r.mask("Jan and Nowak") == "[W1] and [W1]"); // "Jan Nowak" is name-shaped
    }
}
