// Two MT940 statement files holding the same statement (issue #6): one transaction read from both is one
// event with a sighting. What the tests expect (file hashes, the locators of the repeated lines) is
// computed here from the files' own bytes and lines, never from casegraph's output.
#pragma once

#include "support/test_support.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace casegraph::test {

struct SightingFiles {
    static constexpr const char* kOwn = "DE89370400440532013000";
    static constexpr const char* kPayee = "NL91ABNA0417164300";
    // a.sta: statement FEB (payments of 200,00 and 300,00). b.sta: statement JAN (50,00), then FEB again.
    std::filesystem::path a, b;
    std::string a_sha256, b_sha256;
    // "mt940:statement=S/line=L" of FEB's two :61: lines in each file, in file order.
    std::vector<std::string> a_feb_locators, b_feb_locators;

    // Writes the files into dir; `b_name` names the second file (a redaction test gives it a victim's name).
    SightingFiles(const std::filesystem::path& dir, const std::string& b_name = "b.sta");
};

// One MT940 statement of SightingFiles::kOwn numbered `seq` (":28C:") whose :61: lines all pay kPayee.
[[nodiscard]] std::string mt940_statement(const std::string& ref, const std::string& seq,
                                          const std::vector<std::string>& lines61);

// The places of the :61: lines with the given amounts ("200,00"), as MT940 locators: the statement is
// counted by its :20: lines, the line by its number in the file (1-based).
[[nodiscard]] std::vector<std::string> mt940_locators(const std::string& text,
                                                      const std::vector<std::string>& amounts);

} // namespace casegraph::test
