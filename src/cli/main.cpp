// nimcost's entry point: everything happens in the library (cli::run maps errors to exit codes).
#include "commands.hpp"

int main(int argc, char** argv) { return nimcost::cli::run(argc, argv); }
