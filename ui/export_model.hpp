// The export dialog's view model: a bundle (and optionally a link-chart exhibit) for the current
// selection and time brush through export/, redaction on by default, an un-redacted export only with a
// typed reason; the outcome keeps the written paths, the manifest hash and any error in full.
#pragma once

#include "store/case_file.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace casegraph::ui {

struct ExportRequest {
    std::filesystem::path bundle;                                // OUT.zip
    std::filesystem::path exhibit;                               // OUT.pdf|.svg|.png; empty = no exhibit
    std::vector<std::int64_t> entities;                          // empty = the whole case
    std::optional<std::pair<std::int64_t, std::int64_t>> window; // UTC ms [from, to)
    bool redact = true;
    std::string reason; // required (non-blank) when !redact
    std::string actor;
};

struct ExportOutcome {
    bool ok = false;
    std::string bundle, exhibit; // paths written
    std::string manifest_sha256;
    std::size_t entities = 0, events = 0, evidence = 0;
    std::string error; // the exception text, in full
};

// "entity:#3,#7" for the selection, "all" for none (the SEL syntax of CONTRACTS.md).
[[nodiscard]] std::string selection_spec(const std::vector<std::int64_t>& entities);
// "2024-01-08T10:00:00Z"
[[nodiscard]] std::string iso_utc(std::int64_t ms);
// Why the request cannot run, or "" when it can.
[[nodiscard]] std::string export_problem(const ExportRequest& r);
// Writes the bundle (and exhibit); both are audited by export/. Never throws: errors land in .error.
[[nodiscard]] ExportOutcome run_export(const store::CaseFile& cf, const ExportRequest& r);
// CASE.case → CASE-export.zip beside it.
[[nodiscard]] std::filesystem::path default_bundle_path(const std::filesystem::path& case_path);

// What the dialog edits between frames.
struct ExportForm {
    std::string bundle_path;
    bool with_exhibit = true;
    std::string exhibit_ext = ".pdf";
    std::string reason;
    std::optional<ExportOutcome> last;
};

} // namespace casegraph::ui
