// casegraph export | verify-bundle: evidence bundles, interchange files and the pseudonym key, and the
// independent check of a bundle against its manifest and the original evidence.
#include "cli.hpp"
#include "common.hpp"
#include "export/bundle.hpp"
#include "export/exhibit.hpp"
#include "export/interchange.hpp"
#include "export/verify_bundle.hpp"
#include "store/case_file.hpp"
#include "store/hash.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

namespace casegraph::cli {
namespace {

void write_text_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        throw std::runtime_error(p.string() + ": could not be written");
}

int cmd_export(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    const auto bundle = p.value("bundle");
    const auto format = p.value("format");
    const auto key = p.value("write-key");
    if (bundle && format)
        throw UsageError("give either --bundle OUT.zip or --format F OUT, not both");
    if (!bundle && !format && !key)
        throw UsageError("nothing to write: give --bundle OUT.zip, --format F OUT or --write-key FILE");
    if (format && p.positional.size() < 2)
        throw UsageError("--format " + *format + " needs an output file: export CASE --format F OUT");
    if (p.positional.size() > (format ? 2u : 1u))
        throw UsageError("unexpected argument '" + p.positional.back() + "'");
    const bool redact = !p.flag("no-redact");
    const auto reason = p.value_or("reason", "");
    if (!redact && reason.empty())
        throw UsageError("--no-redact needs --reason TEXT: an unredacted export is recorded with its reason");
    if (redact && !reason.empty())
        throw UsageError("--reason is only for --no-redact");
    if (format && !exporter::interchange_supported(*format))
        throw UsageError("--format " + *format + ": " + exporter::interchange_support_note(*format));

    exporter::BundleOptions o;
    o.select = p.value_or("select", "all");
    o.from = p.value_or("from", "");
    o.to = p.value_or("to", "");
    o.redact = redact;
    o.reason = reason;
    o.tool_version = CASEGRAPH_VERSION;
    o.actor = store::current_actor();
    try {
        o.at = exporter::creation_time(p.value_or("at", ""));
    } catch (const exporter::SelectionError& e) {
        throw UsageError(e.what());
    }

    const auto cf = store::CaseFile::open(p.positional[0]);
    try {
        if (bundle) {
            const auto r = exporter::export_bundle(cf, *bundle, o);
            std::cout << "Wrote " << *bundle << ": " << r.facts.entities.size() << " entities, "
                      << count_of(static_cast<long long>(r.facts.events.size()), "event") << ", "
                      << count_of(static_cast<long long>(r.facts.evidence.size()), "evidence file")
                      << (redact ? ", victims and witnesses pseudonymised" : ", NOT REDACTED") << "\n"
                      << "manifest sha256 " << r.manifest_sha256 << "\n";
            if (!o.at)
                std::cerr << "casegraph export: no --at or SOURCE_DATE_EPOCH: the bundle carries the current "
                             "time and will not be byte-identical to a later export\n";
        }
        if (format) {
            const auto r = exporter::export_interchange(cf, *format, p.positional[1], o);
            std::cout << "Wrote " << p.positional[1] << " (" << *format << "): " << r.nodes << " nodes, "
                      << r.edges << " edges"
                      << (redact ? ", victims and witnesses pseudonymised" : ", NOT REDACTED") << "\n";
        }
    } catch (const exporter::SelectionError& e) {
        throw UsageError(e.what());
    }
    if (key) {
        const auto pseudonyms = exporter::ensure_pseudonyms(cf.db(), o.actor);
        const auto text = exporter::pseudonym_key_csv(cf.db(), pseudonyms);
        write_text_file(*key, text);
        store::audit_append(cf.db(), o.actor, "key.write",
                            nlohmann::json{{"out", *key},
                                           {"sha256", store::sha256_hex(text)},
                                           {"pseudonyms", pseudonyms.size()}}
                                .dump());
        std::cout << "Wrote the pseudonym key (" << pseudonyms.size() << " entries) to " << *key
                  << ". Keep it apart from any bundle.\n";
    }
    return kOk;
}

// Every regular file under dir whose size is one the manifest names, by SHA-256.
std::map<std::string, std::filesystem::path> find_by_hash(const std::filesystem::path& dir,
                                                          const std::set<std::int64_t>& sizes) {
    std::map<std::string, std::filesystem::path> out;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        if (!sizes.count(static_cast<std::int64_t>(it->file_size(ec))))
            continue;
        try {
            out.emplace(store::hash_file(it->path()).sha256, it->path());
        } catch (const std::exception& e) {
            std::cerr << "casegraph verify-bundle: " << e.what() << "\n";
        }
    }
    return out;
}

int cmd_verify_bundle(const Parsed& p) {
    need_positionals(p, 1, "BUNDLE");
    const std::filesystem::path path = p.positional[0];
    if (!std::filesystem::exists(path))
        return fail(path.string() + ": no such file");
    const auto check = exporter::check_bundle(path);
    std::vector<std::string> problems = check.problems;
    if (!check.manifest_sha256.empty())
        std::cout << "manifest sha256 " << check.manifest_sha256 << "\n";
    if (check.ok())
        std::cout << "All " << check.manifest["files"].size() << " files match the manifest.\n";

    if (auto dir = p.value("evidence"); dir && check.manifest.is_object()) {
        std::set<std::int64_t> sizes;
        for (const auto& e : check.manifest["evidence"])
            sizes.insert(e.value("size", std::int64_t{-1}));
        const auto found = find_by_hash(*dir, sizes);
        const auto tmp =
            std::filesystem::temp_directory_path() /
            ("casegraph-verify-" + std::to_string(::getpid()) + "-" + check.manifest_sha256.substr(0, 8));
        std::filesystem::remove_all(tmp);
        std::filesystem::create_directories(tmp);
        struct Cleanup {
            std::filesystem::path p;
            ~Cleanup() {
                std::error_code ec;
                std::filesystem::remove_all(p, ec);
            }
        } cleanup{tmp};
        store::CaseSettings s;
        s.region = check.manifest["case_defaults"].value("region", "");
        s.tz = check.manifest["case_defaults"].value("tz", "");
        s.analyst = "verify-bundle";
        const auto cf = store::CaseFile::create(tmp / "rederived.case", s, "verify-bundle");
        std::size_t imported = 0;
        std::map<std::string, std::string> wal_of; // database sha -> its -wal's sha
        for (const auto& e : check.manifest["evidence"])
            if (!e.value("sidecar_of", "").empty())
                wal_of[e.value("sidecar_of", "")] = e.value("sha256", "");
        for (const auto& e : check.manifest["evidence"]) {
            const auto sha = e.value("sha256", "");
            auto it = found.find(sha);
            if (it == found.end()) {
                problems.push_back("evidence " + e.value("name", "") + " (" + sha +
                                   "): no file with this SHA-256 under " + *dir);
                continue;
            }
            if (!e.value("sidecar_of", "").empty())
                continue; // read together with its database below
            std::filesystem::path input = it->second;
            if (const auto w = wal_of.find(sha); w != wal_of.end() && found.count(w->second)) {
                // The import pairs a database with "<name>-wal" beside it; the examiner's copies may be
                // named or placed differently, so stage the pair under one name.
                const auto stage = tmp / ("stage-" + sha.substr(0, 16));
                std::filesystem::create_directories(stage);
                input = stage / it->second.filename();
                std::filesystem::copy_file(it->second, input);
                std::filesystem::copy_file(found.at(w->second), input.string() + "-wal");
                ++imported; // the -wal, read with its database
            }
            ingest::IngestOptions io;
            // Repeat the import as it was run: same region, zone, owner and format.
            if (e.contains("imports") && !e["imports"].empty() && e["imports"][0]["params"].is_object()) {
                const auto& prm = e["imports"][0]["params"];
                io.region = prm.value("region", "");
                io.region_from = prm.value("region_from", "");
                io.tz = prm.value("tz", "");
                io.tz_from = prm.value("tz_from", "");
                io.owner = prm.value("owner", "");
                io.date_order = prm.value("date_order", "");
                io.format = prm.value("format", "");
                // A masked owner ("[V1]") cannot be repeated; the import runs without one.
                if (io.owner.find('[') != std::string::npos)
                    io.owner.clear();
            }
            const auto rep = ingest::ingest_paths(cf, {input}, io, "verify-bundle");
            if (rep.any_failed())
                problems.push_back("evidence " + it->second.string() + ": import failed when repeated");
            ++imported;
        }
        exporter::Selection all;
        const auto re = exporter::collect_facts(cf.db(), all);
        for (auto& d : exporter::compare_with_rederived(check, re))
            problems.push_back(std::move(d));
        std::cout << "Re-imported " << imported << " of " << check.manifest["evidence"].size()
                  << " evidence files from " << *dir << " and compared " << re.events.size() << " events.\n";
    }
    for (const auto& pr : problems)
        std::cerr << "casegraph verify-bundle: " << path.string() << ": " << pr << "\n";
    if (problems.empty()) {
        std::cout << "Bundle verified.\n";
        return kOk;
    }
    std::cout << problems.size()
              << " problem(s) found; see above. Do not rely on this bundle until explained.\n";
    return kFailure;
}

int cmd_exhibit(const Parsed& p) {
    need_positionals(p, 2, "CASE OUT.pdf|OUT.svg|OUT.png");
    exporter::ExhibitOptions o;
    o.chart = p.value_or("chart", "link");
    if (o.chart != "link" && o.chart != "timeline" && o.chart != "money")
        throw UsageError("--chart must be link, timeline or money");
    o.exhibit_ref = p.value_or("ref", "");
    o.base.select = p.value_or("select", "all");
    o.base.from = p.value_or("from", "");
    o.base.to = p.value_or("to", "");
    o.base.redact = !p.flag("no-redact");
    o.base.reason = p.value_or("reason", "");
    if (!o.base.redact && o.base.reason.empty())
        throw UsageError(
            "--no-redact needs --reason TEXT: an unredacted exhibit is recorded with its reason");
    o.base.tool_version = CASEGRAPH_VERSION;
    o.base.actor = store::current_actor();
    try {
        o.base.at = exporter::creation_time(p.value_or("at", ""));
        const auto cf = store::CaseFile::open(p.positional[0]);
        const auto r = exporter::render_exhibit(cf, p.positional[1], o);
        std::cout << "Wrote " << p.positional[1] << ": " << r.summary
                  << (o.base.redact ? ", victims and witnesses pseudonymised" : ", NOT REDACTED") << "\n";
    } catch (const exporter::SelectionError& e) {
        throw UsageError(e.what());
    }
    return kOk;
}

} // namespace

void add_export_commands(std::vector<Command>& out) {
    out.push_back(
        {"exhibit",
         "CASE --chart link|timeline|money OUT.pdf|OUT.svg|OUT.png [--select SEL] [--from T] [--to T] [--ref "
         "AB/1] "
         "[--at T]",
         "draw a court exhibit (link chart, timeline, money flows)",
         "A4 landscape exhibit: title, exhibit reference, case, analyst, date, selection and time window,\n"
         "a legend and numbered notes resolving to facts and evidence (file hash and locator).\n"
         "link: entities and links, notes point to the bundle's facts/links.csv.\n"
         "timeline: events on lanes (entities; a single selected entity's counterparties), an axis from\n"
         "years to minutes on the calendar of the case's --tz, bookings on their day there, undated\n"
         "records listed apart; source pages list every\n"
         "record behind each mark. money: payments as flows between accounts with amounts, the time-\n"
         "respecting chain from the start account (the selected account, else the one with most\n"
         "counterparties), every payment listed. PDF has one page per page; SVG and PNG stack them.\n"
         "Victims and witnesses are pseudonymised unless --no-redact --reason.",
         {{"chart", "KIND", "link (default), timeline or money"},
          {"ref", "REF", "exhibit reference, e.g. AB/1"},
          {"select", "SEL", "what to chart (as for export)"},
          {"from", "T", "only events at or after T (a date: from its start in the case's --tz)"},
          {"to", "T", "only events at or before T (a date: to its end in the case's --tz)"},
          {"at", "T", "date printed as produced (default SOURCE_DATE_EPOCH, else now)"},
          {"no-redact", "", "show victims' and witnesses' identities (needs --reason)"},
          {"reason", "TEXT", "why an unredacted exhibit is needed (recorded)"}},
         cmd_exhibit});
    out.push_back(
        {"export",
         "CASE --bundle OUT.zip | --format F OUT [--select SEL] [--from T] [--to T] [--at T] [--no-redact "
         "--reason TEXT] [--write-key FILE]",
         "write an evidence bundle or an interchange file",
         "--bundle writes a zip with manifest.json, facts/*.csv, report.html, custody.csv and exhibits/.\n"
         "The same case state, selection and --at (or SOURCE_DATE_EPOCH) give the same bytes. The "
         "manifest's\n"
         "SHA-256 is printed and recorded in the audit log.\n"
         "--format graphml|gexf|csv writes nodes (entities) and edges (links); ftm writes FollowTheMoney\n"
         "entities as JSON lines (Aleph); anx writes an i2 Analyst's Notebook chart (ANX XML); both cite\n"
         "each record's evidence file hash and locator.\n"
         "SEL: all (default), entity:E[,E...], tag:NAME, indicator:NAME (the matches of `query CASE\n"
         "indicators NAME`), hops:N (with entity:, tag: or indicator:), joined by ';' "
         "(\"entity:#12;hops:2\").\n"
         "Victims and witnesses (tags victim, witness) are pseudonymised (V1, W1...) in everything written,\n"
         "including inside messages and file names. --no-redact needs --reason and is audited. --write-key\n"
         "writes the pseudonym key to a separate file (audited); it never goes into a bundle.\n"
         "--from/--to: a date is a day in the case's --tz (UTC when none); a date-only record (a bank\n"
         "booking day) is in the window when its day starts inside it in that zone, as on the UI timeline.",
         {{"bundle", "OUT.zip", "write an evidence bundle"},
          {"format", "F", "graphml, gexf, csv, ftm or anx; OUT follows CASE"},
          {"select", "SEL", "what to export (default all)"},
          {"from", "T", "only events at or after T (a date: from its start in the case's --tz)"},
          {"to", "T", "only events at or before T (a date: to its end in the case's --tz)"},
          {"at", "T", "creation time written into the bundle (default SOURCE_DATE_EPOCH, else now)"},
          {"no-redact", "", "show victims' and witnesses' identities (needs --reason)"},
          {"reason", "TEXT", "why an unredacted export is needed (recorded)"},
          {"write-key", "FILE", "write the pseudonym key to FILE"}},
         cmd_export});
    out.push_back(
        {"verify-bundle",
         "BUNDLE [--evidence DIR]",
         "check a bundle's hashes and, given the evidence, re-derive its facts",
         "Checks every file against manifest.json and prints the manifest's SHA-256 (compare it with the "
         "one\n"
         "printed by export). With --evidence, finds each evidence file under DIR by SHA-256, imports it\n"
         "again into a temporary case and compares every event and identifier by locator. Exits 1 naming\n"
         "each file or fact that differs.",
         {{"evidence", "DIR", "folder holding the original evidence files"}},
         cmd_verify_bundle});
}

} // namespace casegraph::cli
