// casegraph demo: write the fictional demo evidence and build a case from it with the real importers.
#include "cli.hpp"
#include "common.hpp"
#include "graph/indicators.hpp"
#include "ingest/ingest.hpp"
#include "store/annotations.hpp"
#include "store/case_file.hpp"
#include "store/reports.hpp"

#ifdef CASEGRAPH_HAVE_DEMO
#include "demo/demo.hpp"
#endif

#include <algorithm>
#include <iostream>

namespace casegraph::cli {
namespace {

#ifdef CASEGRAPH_HAVE_DEMO
int cmd_demo(const Parsed& p) {
    need_positionals(p, 1, "DIR");
    const std::filesystem::path dir = p.positional[0];
    demo::DemoOptions opt;
    opt.events = p.int_value_or("events", 0);
    opt.seed = static_cast<std::uint64_t>(p.int_value_or("seed", 1));
    opt.only = p.value_or("format", "");
    if (!opt.only.empty() && opt.events <= 0)
        throw UsageError("--format needs --events N (the number of records in that one file)");
    if (opt.events < 0)
        throw UsageError("--events must be 0 (the small scenario) or more");
    const auto case_path = dir / "demo.case";
    std::error_code ec;
    if (std::filesystem::exists(case_path, ec)) {
        // Only a case this command made may be replaced; anything else is someone's work.
        bool is_demo = false;
        try {
            const auto old = store::CaseFile::open_read_only(case_path);
            is_demo =
                old.db().scalar_text("SELECT value FROM case_info WHERE key = 'demo'").value_or("") == "true";
        } catch (const std::exception&) {
        }
        if (!is_demo)
            return fail(case_path.string() + " exists and is not a demo case; choose another DIR");
        for (const char* sfx : {"", "-wal", "-shm"})
            std::filesystem::remove(case_path.string() + sfx, ec);
        std::cout << "Replacing the earlier demo case " << case_path.string() << "\n";
    }
    std::filesystem::create_directories(dir);
    std::cout << "Writing demo evidence into " << (dir / "evidence").string() << " (seed " << opt.seed
              << (opt.events > 0 ? ", about " + thousands(opt.events) + " events"
                                 : std::string(", small scenario"))
              << ")\n";
    const auto manifest = demo::write_demo_evidence(dir, opt);
    const auto actor = store::current_actor();
    auto cf = store::CaseFile::create(case_path, {.region = manifest.region, .tz = manifest.tz}, actor);
    cf.set_setting("demo", "true");
    // The demo's ad site is fictional: the case's watchlist is the default list plus it, as an
    // investigator would set it (`casegraph query indicators` and the workstation both read it).
    std::string watchlist;
    for (const auto& w : graph::default_advert_watchlist())
        watchlist += (watchlist.empty() ? "" : ",") + w;
    for (const auto& w : manifest.advert_sites)
        watchlist += (watchlist.empty() ? "" : ",") + w;
    cf.set_setting("indicator.advert_payments.watchlist", watchlist);
    ingest::IngestOptions io;
    io.region = manifest.region;
    io.region_from = "case";
    io.tz = manifest.tz;
    io.tz_from = "case";
    TerminalProgress progress(manifest.files.size());
    // File by file, as an examiner would: each handset's files with its owner's number as --owner.
    ingest::IngestReport report;
    for (const auto& f : manifest.files) {
        io.owner = f.owner_e164;
        const auto r = ingest::ingest_paths(cf, {f.path}, io, actor, &progress);
        report.files.insert(report.files.end(), r.files.begin(), r.files.end());
    }
    for (const auto& f : report.files) {
        std::string status = f.status;
        std::string format = f.format.empty() ? "-" : f.format;
        status.resize(std::max<std::size_t>(status.size() + 1, 10), ' ');
        format.resize(std::max<std::size_t>(format.size() + 1, 18), ' ');
        std::cout << "  " << status << format << f.path << "\n";
    }
    // The demo ships with its victims tagged so that exports are redacted by default.
    int tagged = 0;
    for (const auto& v : manifest.victims)
        for (const auto& ident : {v.phone_e164, v.iban})
            if (!ident.empty())
                if (auto id = store::find_entity(cf.db(), ident, manifest.region))
                    tagged += store::add_tag(cf.db(), *id, "victim", actor) ? 1 : 0;
    for (const auto& s : manifest.suspects_e164)
        if (auto id = store::find_entity(cf.db(), s, manifest.region))
            tagged += store::add_tag(cf.db(), *id, "suspect", actor) ? 1 : 0;
    const auto st = store::read_stats(cf.db());
    std::int64_t events = 0;
    for (const auto& [k, v] : st.events)
        events += v;
    std::cout << "Demo case " << case_path.string() << ": " << st.evidence_files << " evidence files, "
              << thousands(events) << " events, " << st.links << " links, " << tagged << " tags, "
              << st.import_errors << " import errors/warnings.\n";
    return report.any_failed() ? kFailure : kOk;
}
#else
int cmd_demo(const Parsed&) {
    return fail("this build has no demo generator");
}
#endif

} // namespace

void add_demo_commands(std::vector<Command>& out) {
    out.push_back(
        {"demo",
         "DIR [--events N] [--seed S] [--format F]",
         "write the demo evidence and DIR/demo.case",
         "Writes the evidence of a small fictional trafficking network (phone extractions, chat\n"
         "exports, bank statements in their real formats; Ofcom drama numbers and test IBANs only) into\n"
         "DIR/evidence and builds DIR/demo.case from it with the ordinary importers. --events scales the\n"
         "scenario to about N events; the same --seed gives byte-identical evidence.",
         {{"events", "N", "scale to about N events (default: the small scenario)"},
          {"seed", "S", "generator seed (default 1)"},
          {"format", "F", "write only one evidence file (or export folder) of this --format with N records"}},
         cmd_demo});
}

} // namespace casegraph::cli
