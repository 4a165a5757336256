// The subcommands, one file each; app.cpp lists them in this order.
#pragma once

#include "common.hpp"

namespace nimcost::cli {

Command crossover_command();
Command compare_command();
Command prices_command();
Command throughput_command();
Command calibrate_command();
Command attribute_command();
Command sweep_command();
Command run_command();
Command diff_command();
Command simulate_command();
Command plan_command();
Command completion_command();

// Parses argv, runs the chosen subcommand and returns the exit code; never throws.
int run(int argc, char** argv);

}  // namespace nimcost::cli
