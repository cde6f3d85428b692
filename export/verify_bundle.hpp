// verify-bundle: checks a bundle against its own manifest, and its facts against a case re-derived
// from the original evidence (the CLI does the re-import; this compares).
#pragma once

#include "facts.hpp"
#include "zip_io.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace casegraph::exporter {

struct BundleCheck {
    std::string manifest_sha256;
    nlohmann::json manifest;
    std::vector<ZipMember> members;
    std::vector<std::string> problems; // each names the member: "report.html: SHA-256 differs (...)"
    [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Reads the zip and checks every file the manifest lists (present, same size, same SHA-256) and that
// the zip holds nothing the manifest does not list. Throws only when the file is not a zip at all.
[[nodiscard]] BundleCheck check_bundle(const std::filesystem::path& bundle);

// True when `text` could be what `pattern` was before masking: each "[V<n>]"/"[W<n>]" in the pattern
// stands for one or more characters, everything else must be equal.
[[nodiscard]] bool matches_masked(std::string_view pattern, std::string_view text);

// Compares the bundle's facts/events.csv and facts/identifiers.csv with facts collected from a case
// re-imported from the same evidence. Returns one line per difference, naming file and locator.
[[nodiscard]] std::vector<std::string> compare_with_rederived(const BundleCheck& bundle,
                                                              const Facts& rederived);

} // namespace casegraph::exporter
