// Command dispatch and help for the casegraph CLI (see cli.hpp).
#include "cli.hpp"

#include <iostream>
#include <unistd.h>

namespace casegraph::cli {

int fail(const std::string& message) {
    std::cerr << "casegraph: " << message << "\n";
    return kFailure;
}

bool stderr_is_terminal() {
    return ::isatty(2) == 1;
}

std::string thousands(long long n) {
    std::string s = std::to_string(n < 0 ? -n : n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return n < 0 ? "-" + s : s;
}

std::string count_of(long long n, std::string_view noun) {
    return thousands(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

namespace {

const std::vector<Command>& all_commands() {
    static const std::vector<Command> cmds = [] {
        std::vector<Command> c;
        add_case_commands(c);
        add_ingest_commands(c);
        add_report_commands(c);
        add_demo_commands(c);
        add_query_commands(c);
        add_annotation_commands(c);
        add_export_commands(c);
        return c;
    }();
    return cmds;
}

void print_overview(std::ostream& os) {
    os << "casegraph — turn phone extractions, chat exports and bank records into a sourced case graph.\n\n"
          "Usage: casegraph COMMAND [ARGS...]   (casegraph COMMAND --help for details)\n\nCommands:\n";
    for (const auto& c : all_commands()) {
        std::string head = "  " + c.name + " " + c.synopsis;
        if (head.size() < 44)
            head.append(44 - head.size(), ' ');
        else
            head += "\n" + std::string(44, ' ');
        os << head << c.summary << "\n";
    }
    os << "\nExit codes: 0 ok, 1 failure (including changed evidence), 2 usage error.\n"
          "The analyst recorded in the audit log is $CASEGRAPH_ANALYST, else the login name.\n";
}

void print_help(std::ostream& os, const Command& c) {
    os << "Usage: casegraph " << c.name << " " << c.synopsis << "\n\n" << c.summary << "\n";
    if (!c.details.empty())
        os << "\n" << c.details << "\n";
    if (!c.options.empty()) {
        os << "\nOptions:\n";
        for (const auto& o : c.options) {
            std::string head = "  --" + o.name + (o.value_name.empty() ? "" : " " + o.value_name);
            if (head.size() < 26)
                head.append(26 - head.size(), ' ');
            else
                head += "\n" + std::string(26, ' ');
            os << head << o.help << "\n";
        }
    }
    os << "  --help                  show this help\n";
}

} // namespace

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        if (args.size() >= 2 && args[0] == "help") {
            for (const auto& c : all_commands())
                if (c.name == args[1]) {
                    print_help(std::cout, c);
                    return kOk;
                }
            std::cerr << "casegraph: no command '" << args[1] << "'\n";
            return kUsage;
        }
        print_overview(args.empty() ? std::cerr : std::cout);
        return args.empty() ? kUsage : kOk;
    }
    if (args[0] == "--version") {
        std::cout << "casegraph " << CASEGRAPH_VERSION << "\n";
        return kOk;
    }
    for (const auto& c : all_commands()) {
        if (c.name != args[0])
            continue;
        Parsed p;
        try {
            p = parse_args({args.begin() + 1, args.end()}, c.options);
        } catch (const UsageError& e) {
            std::cerr << "casegraph " << c.name << ": " << e.what() << "\nUsage: casegraph " << c.name << " "
                      << c.synopsis << "   (see casegraph " << c.name << " --help)\n";
            return kUsage;
        }
        if (p.help) {
            print_help(std::cout, c);
            return kOk;
        }
        try {
            return c.run(p);
        } catch (const UsageError& e) {
            std::cerr << "casegraph " << c.name << ": " << e.what() << "\nUsage: casegraph " << c.name << " "
                      << c.synopsis << "   (see casegraph " << c.name << " --help)\n";
            return kUsage;
        } catch (const std::exception& e) {
            std::cerr << "casegraph " << c.name << ": " << e.what() << "\n";
            return kFailure;
        }
    }
    std::cerr << "casegraph: no command '" << args[0] << "' (casegraph --help lists them)\n";
    return kUsage;
}

} // namespace casegraph::cli
