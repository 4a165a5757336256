// `nimcost compare`: one $/M-token table across every API model and every rental offer in the
// catalog at one volume, cheapest first; or, given scenario files, those scenarios side by side.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"
#include "scenario_input.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/compare.hpp>
#include <nimcost/evaluate/diff.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/report/compare_report.hpp>

namespace nimcost::cli {

namespace {

struct CompareOptions {
  VolumeOptions volume;
  std::vector<std::string> scenarios;
};

int run_compare(const VolumeOptions& o) {
  if (o.workload.tokens.empty()) {
    throw usage_error("give --tokens (one volume, every option) or scenario files (side by side)");
  }
  run_report<CompareReport>(o.output, o.catalog,
                            {.evaluate = [&](const LoadedCatalog& l) { return evaluate_compare(l.catalog, make_request(o)); },
                             .json = compare_json,
                             .document = compare_document});
  return 0;
}

// Scenario files side by side: each evaluated as `run` does (its own workload and catalog entries).
int run_compare_scenarios(CompareOptions o) {
  check_output_options(o.volume.output);
  if (o.scenarios.size() < 2) throw usage_error("compare takes two or more scenario files to set side by side");
  CatalogOptions& catalog = o.volume.catalog;
  catalog.other_inputs = o.scenarios;
  const auto& output = o.volume.output.output;
  if (!output.empty() && output != "-") refuse_input_as_output(output, catalog);
  const RunReport run = evaluate_scenario_files(o.scenarios, catalog);
  std::vector<std::string> names;
  for (const auto& file : o.scenarios) names.push_back(input_name(file));
  const ScenarioCompareReport report = compare_scenarios(snapshot_of(run, "compare"), names);
  emit(o.volume.output, catalog, [&] { return compare_scenarios_json(report, scenario_context(catalog)); },
       [&] { return compare_scenarios_document(report); });
  return 0;
}

}  // namespace

Command compare_command() {
  return {"compare", "$/M tokens across all API models and hosting options at one volume, or scenario files side by side",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<CompareOptions>();
            const std::size_t first = app.get_options().size();
            add_volume_options(app, o->volume, false);
            auto* scenarios = app.add_option("scenarios", o->scenarios, "Scenario TOML files to set side by side")
                                  ->type_name("SCENARIO.toml");
            // With scenario files, the workload, APIs and fleet come from the files.
            exclude_with_scenario(app, first, scenarios,
                                  {"--data", "--catalog", "--format", "--output", "--color", "scenarios"});
            app.footer("Examples:\n"
                       "  nimcost compare --tokens 1B\n"
                       "  nimcost compare --tokens 1B --provider openai --format markdown\n"
                       "  nimcost compare examples/chatbot-realtime.toml examples/mixed-workload.toml");
            return [o] { return o->scenarios.empty() ? run_compare(o->volume) : run_compare_scenarios(*o); };
          }};
}

}  // namespace nimcost::cli
