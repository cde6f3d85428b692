// casegraph stats | errors | log: what the case holds, what could not be read, and its history.
#include "cli.hpp"
#include "common.hpp"
#include "export/report_json.hpp"
#include "store/audit.hpp"
#include "store/case_file.hpp"
#include "store/reports.hpp"

#include <iostream>

namespace casegraph::cli {
namespace {

std::string kinds(const std::map<std::string, std::int64_t>& m) {
    std::string s;
    for (const auto& [k, v] : m)
        s += (s.empty() ? "" : ", ") + k + " " + thousands(v);
    return s;
}

std::int64_t total(const std::map<std::string, std::int64_t>& m) {
    std::int64_t t = 0;
    for (const auto& [k, v] : m)
        t += v;
    return t;
}

int cmd_stats(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    const auto cf = store::CaseFile::open_read_only(p.positional[0]);
    const auto s = store::read_stats(cf.db());
    if (p.flag("json")) {
        std::cout << exporter::stats_json(s).dump() << "\n";
        return kOk;
    }
    const auto settings = cf.settings();
    std::cout << "Case            " << p.positional[0] << "\n"
              << "Case id         " << settings.case_id << " (schema version " << s.schema_version << ")\n"
              << "Defaults        region " << (settings.region.empty() ? "none" : settings.region)
              << ", time zone " << (settings.tz.empty() ? "none" : settings.tz) << "\n"
              << "Evidence files  " << thousands(s.evidence_files) << "\n"
              << "Sources         " << thousands(s.sources) << "\n"
              << "Entities        " << thousands(total(s.entities)) << (s.entities.empty() ? "" : " (")
              << kinds(s.entities) << (s.entities.empty() ? "" : ")") << "\n"
              << "Identifiers     " << thousands(s.identifiers) << "\n"
              << "Events          " << thousands(total(s.events)) << (s.events.empty() ? "" : " (")
              << kinds(s.events) << (s.events.empty() ? "" : ")") << "\n"
              << "Links           " << thousands(s.links) << "\n"
              << "Import errors   " << thousands(s.import_errors)
              << (s.import_errors > 0 ? " (casegraph errors " + p.positional[0] + ")" : "") << "\n";
    return kOk;
}

int cmd_errors(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    const auto cf = store::CaseFile::open_read_only(p.positional[0]);
    const auto rows = store::read_errors(cf.db());
    if (p.flag("json")) {
        std::cout << exporter::errors_json(rows).dump(2) << "\n";
        return kOk;
    }
    if (rows.empty()) {
        std::cout << "No import errors or warnings.\n";
        return kOk;
    }
    for (const auto& r : rows)
        std::cout << (r.severity == "error" ? "ERROR   " : "warning ") << r.evidence_name
                  << (r.locator.empty() ? "" : " at " + r.locator) << ": " << r.message << "\n";
    std::cout << rows.size() << " rows.\n";
    return kOk;
}

int cmd_log(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    const auto cf = store::CaseFile::open_read_only(p.positional[0]);
    const auto entries = store::audit_read(cf.db());
    const auto chain = store::audit_verify(cf.db());
    if (p.flag("json")) {
        std::cout << exporter::audit_json(entries, chain).dump(2) << "\n";
    } else {
        for (const auto& e : entries)
            std::cout << e.seq << "  " << e.at << "  " << e.actor << "  " << e.action << "  " << e.params
                      << "\n";
        if (chain.intact)
            std::cout << "\nAudit chain intact: " << chain.rows << " rows, head hash " << chain.head_hash
                      << "\n";
        else
            std::cout << "\nAUDIT CHAIN BROKEN at row " << *chain.first_bad_seq << ": " << chain.problem
                      << ". The history of this case has been altered after it was written.\n";
    }
    if (!chain.intact)
        std::cerr << "casegraph log: " << p.positional[0] << ": audit chain broken at row "
                  << *chain.first_bad_seq << ": " << chain.problem << "\n";
    return chain.intact ? kOk : kFailure;
}

} // namespace

void add_report_commands(std::vector<Command>& out) {
    out.push_back({"stats",
                   "CASE [--json]",
                   "what the case holds",
                   "",
                   {{"json", "", "print CONTRACTS.md JSON"}},
                   cmd_stats});
    out.push_back({"errors",
                   "CASE [--json]",
                   "records that could not be read, with file and locator",
                   "",
                   {{"json", "", "print CONTRACTS.md JSON"}},
                   cmd_errors});
    out.push_back(
        {"log",
         "CASE [--json]",
         "the audit log and whether its hash chain is intact",
         "Every registration, ingest, verification and analyst decision is a row whose hash covers the\n"
         "row before it. Exits 1 when the chain is broken, naming the first altered row.",
         {{"json", "", "print the log and the chain check as JSON"}},
         cmd_log});
}

} // namespace casegraph::cli
