// casegraph: the command-line front end (a thin main; everything lives in the libraries).
#include "cli/cli.hpp"

int main(int argc, char** argv) {
    return casegraph::cli::run(argc, argv);
}
