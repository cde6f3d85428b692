// casegraph ingest: register and import evidence (creating the case when it does not exist).
#include "cli.hpp"
#include "common.hpp"
#include "ingest/ingest.hpp"
#include "store/case_file.hpp"

#include <iostream>
#include <map>

namespace casegraph::cli {
namespace {

std::string pad(std::string s, std::size_t n) {
    if (s.size() < n)
        s.append(n - s.size(), ' ');
    return s;
}

int cmd_ingest(const Parsed& p) {
    need_positionals(p, 2, "CASE PATH...");
    const std::filesystem::path case_path = p.positional[0];
    ingest::IngestOptions o;
    if (auto r = p.value("region"))
        o.region = checked_region(*r);
    if (auto z = p.value("tz"))
        o.tz = checked_zone(*z);
    o.owner = p.value_or("owner", "");
    o.date_order = p.value_or("date-order", "");
    if (!o.date_order.empty() && o.date_order != "dmy" && o.date_order != "mdy" && o.date_order != "ymd")
        throw UsageError("--date-order must be dmy, mdy or ymd");
    o.profile = p.value_or("profile", "");
    if (!o.profile.empty() && !std::filesystem::is_regular_file(o.profile))
        throw UsageError("--profile " + o.profile + ": no such file");
    o.format = p.value_or("format", "");
    if (!o.format.empty() && ingest::find_importer(o.format) == nullptr) {
        std::string known;
        for (const auto* i : ingest::importers())
            known += (known.empty() ? "" : ", ") + std::string(i->format());
        throw UsageError("--format " + o.format + " is not a format this build imports (known: " + known +
                         ")");
    }
    const auto actor = store::current_actor();
    std::error_code ec;
    const bool existed = std::filesystem::exists(case_path, ec);
    auto cf = existed ? store::CaseFile::open(case_path)
                      : store::CaseFile::create(case_path, {.region = o.region, .tz = o.tz}, actor);
    if (!existed)
        std::cout << "Created case " << case_path.string() << "\n";
    const auto settings = cf.settings();
    if (!o.region.empty())
        o.region_from = "evidence";
    else if (!settings.region.empty()) {
        o.region = settings.region;
        o.region_from = "case";
    }
    if (!o.tz.empty())
        o.tz_from = "evidence";
    else if (!settings.tz.empty()) {
        o.tz = settings.tz;
        o.tz_from = "case";
    }
    std::vector<std::filesystem::path> paths(p.positional.begin() + 1, p.positional.end());
    TerminalProgress progress(paths.size());
    const auto report = ingest::ingest_paths(cf, paths, o, actor, &progress);

    std::map<std::string, int> by_status;
    std::int64_t events = 0;
    std::int64_t errors = 0;
    std::int64_t warnings = 0;
    for (const auto& f : report.files) {
        ++by_status[f.status];
        events += f.events;
        errors += f.errors;
        warnings += f.warnings;
        std::cout << pad(f.status, 17) << pad(f.format.empty() ? "-" : f.format, 19);
        if (f.status == "imported" || f.status == "partial")
            std::cout << count_of(f.records, "record") << ", " << count_of(f.events, "event") << ", "
                      << count_of(f.errors, "error") << ", " << count_of(f.warnings, "warning") << "  ";
        std::cout << f.path << "\n";
        if (!f.message.empty() && f.status != "already-imported")
            std::cout << "                 " << f.message << "\n";
        if (f.status == "failed")
            std::cerr << "casegraph ingest: " << f.message << "\n";
    }
    std::cout << "\n" << count_of(static_cast<long long>(report.files.size()), "file") << ": ";
    bool first = true;
    for (const auto& [status, n] : by_status) {
        std::cout << (first ? "" : ", ") << n << " " << status;
        first = false;
    }
    std::cout << ". " << count_of(events, "event") << " added.";
    if (errors + warnings > 0)
        std::cout << " " << count_of(errors, "error") << " and " << count_of(warnings, "warning")
                  << " recorded: casegraph errors " << case_path.string();
    std::cout << "\n";
    return report.any_failed() ? kFailure : kOk;
}

} // namespace

void add_ingest_commands(std::vector<Command>& out) {
    out.push_back(
        {"ingest",
         "CASE PATH... [--format F] [--region CC] [--tz ZONE] [--owner ID] [--date-order dmy|mdy|ymd] "
         "[--profile FILE]",
         "register and import evidence (creates CASE if missing)",
         "Each PATH is a file, a folder (walked) or an archive (zip, tar, tar.gz: each member is read from "
         "a\n"
         "private copy). Every evidence file is hashed, registered and imported in one transaction: an\n"
         "interrupted ingest leaves the case as it was before that file, and running the same ingest again\n"
         "adds nothing twice. Formats are detected by content; --format forces one. A record that cannot be\n"
         "read is reported with its locator (casegraph errors) and the rest of the file is still imported.\n"
         "SQLite evidence is never opened in place.",
         {{"format", "F", "force an importer (android-sms, whatsapp-txt, camt, ...)"},
          {"region", "CC", "phone region of this evidence (overrides the case default)"},
          {"tz", "ZONE", "time zone of local times in this evidence"},
          {"owner", "ID", "the device owner's identifier (e.g. +447700900123)"},
          {"date-order", "ORDER", "dmy, mdy or ymd for exports whose date order is ambiguous"},
          {"profile", "FILE", "bank CSV mapping profile"}},
         cmd_ingest});
}

} // namespace casegraph::cli
