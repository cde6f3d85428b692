// A small case for export tests, written through store::ImportWriter: a victim whose number, IBAN and
// name turn up inside message text in many written forms, a witness, a suspect, and awkward bodies
// (commas, quotes, newlines, <script>).
#pragma once

#include "store/case_file.hpp"
#include "support/case_helpers.hpp" // open_test_run
#include "support/test_support.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace casegraph::test {

struct ExportFixture {
    TempDir dir;
    std::filesystem::path case_path = dir / "op.case";
    std::filesystem::path evidence_dir = dir / "evidence";
    store::CaseFile cf;
    std::int64_t victim = 0, victim_account = 0, victim_email = 0, witness = 0, suspect = 0;

    ExportFixture();
};

// Every way the victim's identifiers are written in the fixture's messages and file names; none of
// them may survive in a redacted export (compared case-insensitively).
[[nodiscard]] const std::vector<std::string>& victim_forms();

// Members of a zip as path -> bytes.
[[nodiscard]] std::map<std::string, std::string> unzip(const std::filesystem::path& zip);

[[nodiscard]] std::string lower(std::string s);

} // namespace casegraph::test
