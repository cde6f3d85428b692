// The casegraph command line: a table of commands, each a thin layer over the engine libraries.
#pragma once

#include "args.hpp"

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace casegraph::cli {

struct Command {
    std::string name;
    std::string synopsis; // "CASE FILE..."
    std::string summary;  // one line for the command list
    std::string details;  // paragraph(s) for --help
    std::vector<OptSpec> options;
    std::function<int(const Parsed&)> run;
};

// Exit codes (CONTRACTS.md): 0 ok, 1 failure, 2 usage error.
inline constexpr int kOk = 0;
inline constexpr int kFailure = 1;
inline constexpr int kUsage = 2;

void add_case_commands(std::vector<Command>& out);   // new, add, verify
void add_ingest_commands(std::vector<Command>& out); // ingest
void add_report_commands(std::vector<Command>& out); // stats, errors, log
void add_demo_commands(std::vector<Command>& out);   // demo
void add_query_commands(std::vector<Command>& out);  // query
// tag, untag, note, merge, unmerge, suggest-merges
void add_annotation_commands(std::vector<Command>& out);
void add_export_commands(std::vector<Command>& out); // export, exhibit, verify-bundle

// Prints "casegraph: message" to stderr and returns kFailure.
int fail(const std::string& message);
[[nodiscard]] bool stderr_is_terminal();
// "1,234,567"
[[nodiscard]] std::string thousands(long long n);
// "1 event", "1,234 events" (English plurals in "s" only).
[[nodiscard]] std::string count_of(long long n, std::string_view noun);

int run(int argc, char** argv);

} // namespace casegraph::cli
