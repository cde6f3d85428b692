// Evidence bundles (CONTRACTS.md "Bundles"): one zip with the manifest, the sourced facts as CSV, an
// offline HTML report and the chain of custody, byte-identical for the same case state, selection and
// --at. Victims and witnesses are pseudonymised unless the export says why not.
#pragma once

#include "cancel.hpp"
#include "facts.hpp"
#include "redaction.hpp"
#include "store/audit.hpp"
#include "store/case_file.hpp"
#include "zip_io.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace casegraph::exporter {

// Where a long export is: called before each stage ("collecting facts", "drawing the link chart", …)
// with the stage's number (from 1) and how many there are. It may throw to stop the export; nothing
// has been written at that point. Not part of the bundle: two exports with and without it are identical.
using ExportProgress = std::function<void(const std::string& stage, int number, int stages)>;

struct BundleOptions {
    std::string select = "all";
    std::string from, to;           // --from / --to, ISO 8601
    std::optional<std::int64_t> at; // Unix seconds: --at, else SOURCE_DATE_EPOCH, else now
    bool redact = true;
    std::string reason;       // required when !redact
    std::string tool_version; // "0.1.0"
    std::string actor;
    ExportProgress progress; // optional
    // Optional: polled within the long stages (fact rows, fact tables, charts, hashing); when it returns
    // true the build throws ExportCancelled. Not part of the bundle.
    CancelCheck cancelled;
};

// --at T, else SOURCE_DATE_EPOCH, else nullopt (the caller then uses the current time and the bundle
// is no longer reproducible). Throws SelectionError on a bad value.
[[nodiscard]] std::optional<std::int64_t> creation_time(const std::string& at_option);

// The custody section: audit rows that are registrations, ingests, verifications and analyst
// decisions. Exports, key writes and pseudonym assignments are left out so exporting does not
// change the next export.
[[nodiscard]] bool is_custody_action(const std::string& action);

struct BundleResult {
    std::string manifest_sha256;
    std::int64_t at = 0; // creation time used (Unix seconds), also every zip member's mtime
    std::vector<ZipMember> members;
    Facts facts; // after redaction
};

// Applies the pseudonyms and the masker to every text the facts carry.
void redact_facts(Facts& facts, const Redactor& r);

// Builds the members (no file written, nothing audited). Reads only, once the victims and witnesses
// have their pseudonyms (ensure_pseudonyms), so a read-only connection serves a worker thread.
[[nodiscard]] BundleResult build_bundle(const store::CaseFile& cf, const BundleOptions& opts);

// Builds, writes OUT (write_zip polls opts.cancelled too) and records export.bundle (manifest hash,
// selection, redaction) in the audit log.
BundleResult export_bundle(const store::CaseFile& cf, const std::filesystem::path& out,
                           const BundleOptions& opts);
// The export.bundle audit row export_bundle writes, for callers that build and write the zip themselves.
void audit_bundle(const store::Db& db, const std::filesystem::path& out, const BundleOptions& opts,
                  const std::string& manifest_sha256);

} // namespace casegraph::exporter
