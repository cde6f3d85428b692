// A small hand-built case for the UI view-model tests: known entities, events, links and search rows,
// so every count a test asserts can be checked by reading this file.
#pragma once

#include "store/case_file.hpp"

#include <filesystem>

namespace casegraph::test {

// Three phones (#1 Alice, #2 Bob, #3 Carol) and two accounts (#4, #5). Events, all 2024-01-08 UTC:
//   101 sms Alice→Bob 10:00 "rent is due friday"
//   102 sms Bob→Alice 10:30 "paid the rent"      (deleted = 1)
//   103 sms Alice→Carol 12:00 "meet at the station"
//   104 transaction #4→#5 2024-01-09 09:00 125.50 GBP
// Links: 1 = Alice–Bob sms (101, 102), 2 = Alice–Carol sms (103), 3 = #4→#5 transaction (104).
store::CaseFile make_ui_fixture(const std::filesystem::path& path);

constexpr std::int64_t kJan8 = 1704672000000; // 2024-01-08T00:00:00Z in ms
constexpr std::int64_t kHourMs = 3600000;

} // namespace casegraph::test
