// Export dialog view model (see export_model.hpp).
#include "export_model.hpp"

#include "export/exhibit.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace casegraph::ui {

std::string selection_spec(const std::vector<std::int64_t>& entities) {
    if (entities.empty())
        return "all";
    std::string s = "entity:";
    for (std::size_t i = 0; i < entities.size(); ++i)
        s += (i ? ",#" : "#") + std::to_string(entities[i]);
    return s;
}

std::string iso_utc(std::int64_t ms) {
    const auto secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string export_problem(const ExportRequest& r) {
    if (r.bundle.empty())
        return "Give a path for the bundle (.zip).";
    if (r.bundle.extension() != ".zip")
        return "The bundle is a zip: its path must end in .zip.";
    if (!r.exhibit.empty() && !exporter::exhibit_chart_supported("link"))
        return "Link-chart exhibits are not available in this build.";
    const auto blank =
        std::all_of(r.reason.begin(), r.reason.end(), [](unsigned char c) { return std::isspace(c) != 0; });
    if (!r.redact && blank)
        return "An un-redacted export needs a reason: type why victims and witnesses must be named.";
    if (std::error_code ec; std::filesystem::is_directory(r.bundle, ec))
        return r.bundle.string() + " is a folder: give the bundle a file name ending in .zip.";
    if (r.bundle.has_parent_path() && !std::filesystem::is_directory(r.bundle.parent_path()))
        return "No such folder: " + r.bundle.parent_path().string();
    return "";
}

std::filesystem::path default_bundle_path(const std::filesystem::path& case_path) {
    auto p = case_path;
    p.replace_filename(case_path.stem().string() + "-export.zip");
    return p;
}

ExportOutcome run_export(const store::CaseFile& cf, const ExportRequest& r) {
    ExportJob job;
    if (job.start(cf, r)) {
        job.wait();
        (void)job.poll(cf);
    }
    return job.outcome();
}

} // namespace casegraph::ui
