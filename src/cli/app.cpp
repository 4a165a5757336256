// The command-line front end: a table of subcommands registered with CLI11, one catch for user
// errors that prints "nimcost: error: ..." and returns the documented exit code (2 usage, 3 input).
#include "commands.hpp"
#include "error_line.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/provenance.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#ifndef NIMCOST_VERSION
#define NIMCOST_VERSION "0.0.0"
#endif

namespace nimcost::cli {

namespace {

void print_error(const std::string& message) {
  std::fprintf(stderr, "nimcost: error: %s\n", error_line(message).c_str());
}

// The last resort for an exception that meets a noexcept boundary (a JSON value freed under memory
// pressure allocates its work stack in a destructor): still one line and exit 70, never an abort.
[[noreturn]] void on_terminate() {
  const char* what = "internal error: terminate called";
  try {
    if (const auto e = std::current_exception()) std::rethrow_exception(e);
  } catch (const std::bad_alloc&) {
    what = "out of memory (a smaller --points, --seeds or input helps)";
  } catch (...) {
  }
  std::fprintf(stderr, "nimcost: error: %s\n", what);
  std::fflush(stderr);
  std::_Exit(70);
}

// "; did you mean --provider?" for the first word that looks like a flag the command does not have.
std::string unknown_flag_hint(const CLI::App& sub, int argc, char** argv) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : sub.get_options()) {
    for (const auto& name : option->get_lnames()) flags.push_back("--" + name);
  }
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("--", 0) != 0 || word == "--") continue;
    word = word.substr(0, word.find('='));
    if (std::find(flags.begin(), flags.end(), word) != flags.end()) continue;
    const std::string hint = did_you_mean(word, flags);
    return hint.empty() ? "" : fmt::format("; {}", hint.substr(hint.find('(') + 1, hint.rfind(')') - hint.find('(') - 1));
  }
  return "";
}

// The newest as_of date in the built-in catalog: how fresh the prices a report uses are.
std::string newest_catalog_date() {
  const std::string newest = embedded_catalog_newest_as_of();
  return newest.empty() ? "unknown" : newest;
}

}  // namespace

int run(int argc, char** argv) {
  std::set_terminate(on_terminate);
  // The command table: each command, and what it reads besides its flags (every report also
  // names the catalog sources it priced with). One shared runner (runner.hpp) takes each report
  // from checked output options through loading and evaluation to the rendered output.
  struct Entry {
    Command command;
    const char* reads;
  };
  const std::vector<Entry> table = {
      {crossover_command(), "the catalog (built in, or --data), then --catalog files"},
      {compare_command(), "the catalog"},
      {prices_command(), "the catalog; import-litellm: a LiteLLM price table"},
      {throughput_command(), "the catalog (served models, GPUs, engine factors)"},
      {calibrate_command(), "the catalog and a throughput measurement table (CSV)"},
      {attribute_command(), "the catalog and DCGM exporter metrics (Prometheus text or query_range JSON, gzip, -)"},
      {sweep_command(), "the catalog, and with --scenario a scenario file and its includes"},
      {run_command(), "scenario files (each over the catalog); --base-report a saved JSON report"},
      {diff_command(), "two saved JSON reports or scenario files"},
      {simulate_command(), "the catalog, a scenario file or --profile FILE, and traffic profiles"},
      {plan_command(), "the catalog (served models, quality scores, GPUs, offers, traffic profiles), or a scenario file"},
      {completion_command(), "nothing (the command table it is generated from)"},
  };
  std::vector<Command> commands;
  for (const auto& entry : table) commands.push_back(entry.command);

  CLI::App app("nimcost: is a per-token LLM API or a self-hosted NIM fleet cheaper, and where is the line?",
               "nimcost");
  app.set_version_flag("--version", [] {
    return fmt::format("nimcost {} (built-in catalog as of {})", NIMCOST_VERSION, newest_catalog_date());
  });
  app.require_subcommand(1);
  app.footer("Run 'nimcost COMMAND --help' for a command's flags; 'man nimcost' for the model and the catalog.");

  // Only the command being run gets its flags (each add_option checks the names before it, so all
  // eleven commands' flags cost about a third of a short run); the others are names in the help.
  // `completion` reads every command's flags, so it sets them all up.
  const std::string invoked = argc > 2 && std::strcmp(argv[1], "help") == 0 ? argv[2] : argc > 1 ? argv[1] : "";
  const bool all = invoked == "completion";
  std::vector<std::pair<CLI::App*, std::function<int()>>> runners;
  for (const auto& entry : table) {
    CLI::App* sub = app.add_subcommand(entry.command.name, entry.command.description);
    if (!all && invoked != entry.command.name) {
      runners.emplace_back(sub, nullptr);
      continue;
    }
    runners.emplace_back(sub, entry.command.setup(*sub));
    sub->footer(fmt::format("Reads: {}.\n\n{}", entry.reads, sub->get_footer()));
  }

  // `nimcost` alone and `nimcost help [COMMAND]` print help, as gh and cargo do.
  if (argc == 1 || (argc >= 2 && std::strcmp(argv[1], "help") == 0)) {
    const std::string topic = argc > 2 ? argv[2] : "";
    if (topic.empty()) return std::fputs(app.help().c_str(), stdout) >= 0 ? 0 : 74;
    for (const auto& [sub, runner] : runners) {
      if (sub->get_name() == topic) return std::fputs(sub->help().c_str(), stdout) >= 0 ? 0 : 74;
    }
  }

  // An unknown first word is most likely a misspelt command: say which ones are close.
  const bool asks_help = argc > 2 && std::strcmp(argv[1], "help") == 0;
  if (argc > 1 && (argv[1][0] != '-' || asks_help)) {
    const char* word = asks_help ? argv[2] : argv[1];
    std::vector<std::string> names;
    for (const auto& command : commands) names.emplace_back(command.name);
    if (std::find(names.begin(), names.end(), word) == names.end()) {
      print_error(fmt::format("unknown command '{}'{}; commands: {}", word, did_you_mean(word, names),
                              fmt::join(names, ", ")));
      return 2;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where;
    std::string suggestion;
    for (const auto& [sub, runner] : runners) {
      if (!sub->parsed()) continue;
      where = fmt::format(" (see 'nimcost {} --help')", sub->get_name());
      suggestion = unknown_flag_hint(*sub, argc, argv);
    }
    if (where.empty()) where = " (see 'nimcost --help')";
    print_error(std::string(e.what()) + suggestion + where);
    return 2;
  }

  try {
    for (const auto& [sub, runner] : runners) {
      if (sub->parsed() && runner) return runner();
    }
    return 2;
  } catch (const Error& e) {
    print_error(e.what());
    return exit_code_for(e.kind());
  } catch (const std::bad_alloc&) {
    print_error("out of memory (a smaller --points, --seeds or input helps)");
    return 70;
  } catch (const std::exception& e) {
    // Anything else is a nimcost bug; still one line and a non-zero exit, never a crash.
    print_error(fmt::format("internal error: {}", e.what()));
    return 70;
  }
}

}  // namespace nimcost::cli
