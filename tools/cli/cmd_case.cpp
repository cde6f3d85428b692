// casegraph new | add | verify: create a case, register evidence, re-hash evidence.
#include "cli.hpp"
#include "common.hpp"
#include "store/case_file.hpp"
#include "store/evidence.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace casegraph::cli {
namespace {

int cmd_new(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    store::CaseSettings s;
    if (auto r = p.value("region"))
        s.region = checked_region(*r);
    if (auto z = p.value("tz"))
        s.tz = checked_zone(*z);
    s.analyst = p.value_or("analyst", store::current_actor());
    const auto cf = store::CaseFile::create(p.positional[0], s, s.analyst);
    const auto got = cf.settings();
    std::cout << "Created case " << p.positional[0] << " (id " << got.case_id << ", region "
              << (got.region.empty() ? "none" : got.region) << ", time zone "
              << (got.tz.empty() ? "none" : got.tz) << ", analyst " << got.analyst << ")\n";
    if (got.region.empty())
        std::cout
            << "Note: no --region: national phone numbers (07700 900123) stay raw unless ingest gives one.\n";
    return kOk;
}

int cmd_add(const Parsed& p) {
    need_positionals(p, 2, "CASE FILE...");
    const auto cf = store::CaseFile::open(p.positional[0]);
    const auto actor = store::current_actor();
    int failures = 0;
    std::vector<std::filesystem::path> files;
    for (std::size_t i = 1; i < p.positional.size(); ++i) {
        const std::filesystem::path path = p.positional[i];
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            for (const auto& w : ingest::walk(path))
                files.push_back(w.path);
        } else {
            files.push_back(path);
        }
    }
    TerminalProgress progress(files.size());
    for (const auto& f : files) {
        try {
            const auto r = store::register_evidence(cf, f, actor, {}, [&](std::uint64_t d, std::uint64_t t) {
                progress.hashing(f.string(), d, t);
            });
            ingest::FileOutcome o;
            progress.file_done(o);
            if (r.newly_registered)
                std::cout << "registered  " << r.info.sha256 << "  " << thousands(r.info.size) << " bytes  "
                          << f.string() << "\n";
            else
                std::cout << "known       " << r.info.sha256 << "  same bytes as evidence #" << r.info.id
                          << " (" << r.info.original_path << "); not registered twice\n";
        } catch (const std::exception& e) {
            progress.file_done({});
            std::cerr << "casegraph add: " << e.what() << "\n";
            ++failures;
        }
    }
    return failures == 0 ? kOk : kFailure;
}

int cmd_verify(const Parsed& p) {
    need_positionals(p, 1, "CASE");
    const auto cf = store::CaseFile::open(p.positional[0]);
    TerminalProgress progress(0);
    const auto results =
        store::verify_evidence(cf, store::current_actor(),
                               [&](std::uint64_t d, std::uint64_t t) { progress.hashing("evidence", d, t); });
    progress.file_done({});
    std::size_t bad = 0;
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : results) {
        if (r.state != store::VerifyState::unchanged)
            ++bad;
        j.push_back({{"evidence_id", r.info.id},
                     {"name", r.info.original_name},
                     {"path", r.info.original_path},
                     {"sha256", r.info.sha256},
                     {"state", to_string(r.state)},
                     {"actual_sha256", r.actual_sha256},
                     {"detail", r.detail}});
        if (p.flag("json"))
            continue;
        std::string state(to_string(r.state));
        if (r.state != store::VerifyState::unchanged)
            for (auto& c : state)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        state.resize(11, ' ');
        std::cout << state << r.info.sha256 << "  " << r.info.original_path;
        if (!r.detail.empty())
            std::cout << "\n           " << r.detail;
        std::cout << "\n";
    }
    if (p.flag("json"))
        std::cout << j.dump(2) << "\n";
    else if (bad == 0)
        std::cout << "All " << results.size() << " evidence files are unchanged.\n";
    else
        std::cout
            << bad << " of " << results.size()
            << " evidence files are changed, missing or unreadable. Do not rely on them until explained.\n";
    return bad == 0 ? kOk : kFailure;
}

} // namespace

void add_case_commands(std::vector<Command>& out) {
    out.push_back(
        {"new",
         "CASE [--region CC] [--tz ZONE] [--analyst NAME]",
         "create an empty case file",
         "CASE is created as a new SQLite file; it must not exist. --region (e.g. GB) is the default\n"
         "country for reading national phone numbers; --tz (e.g. Europe/London) the default zone for\n"
         "local times that carry no offset. Both can be overridden per evidence on ingest.",
         {{"region", "CC", "default phone region (ISO 3166 alpha-2)"},
          {"tz", "ZONE", "default IANA time zone for local times"},
          {"analyst", "NAME", "analyst responsible for the case"}},
         cmd_new});
    out.push_back(
        {"add",
         "CASE FILE...",
         "register evidence (hash) without importing",
         "Each FILE (or every file under a folder) is opened read-only, hashed with SHA-256 and recorded\n"
         "with its size, path and the time of registration. Nothing is written to or beside the evidence.\n"
         "The same bytes registered again are recognised and not recorded twice.",
         {},
         cmd_add});
    out.push_back(
        {"verify",
         "CASE [--json]",
         "re-hash all evidence",
         "Re-hashes every registered evidence file at its original path and reports unchanged, changed,\n"
         "missing or unreadable. Exits 1 when any file is not unchanged. The result is audited.",
         {{"json", "", "print the results as JSON"}},
         cmd_verify});
}

} // namespace casegraph::cli
