// `nimcost run`: evaluates scenario files (workload, APIs, fleet, catalog overrides) and prints
// each one's crossover, the workloads' shares and the CI gates; exit 1 when a gate trips.
#include "commands.hpp"
#include "common.hpp"

#include <nimcost/evaluate/diff.hpp>
#include "scenario_input.hpp"

#include <nimcost/load/oldest_figure.hpp>
#include <nimcost/load/report_json.hpp>

#include <algorithm>

namespace nimcost::cli {

namespace {

struct RunOptions {
  OutputOptions output;
  CatalogOptions catalog;
  std::vector<std::string> files;
  std::string base_report;
  GateFlags gates;
  bool allow_missing_base = false;
  bool allow_empty = false;
};

int run_scenarios(RunOptions o) {
  check_output_options(o.output);
  if (o.files.empty() && !o.allow_empty) {
    throw usage_error("give scenario files (or --allow-empty for a report of none: a branch without cost files)");
  }
  const GateThresholds thresholds = make_gates(o.gates);
  if ((thresholds.cost_increase_fraction || thresholds.verdict_changes) && o.base_report.empty()) {
    throw usage_error("--fail-if-cost-increase-above and --fail-if-verdict-changes compare against a base: give "
                      "--base-report OLD.json (or use nimcost diff)");
  }
  if (o.base_report == "-" && std::count(o.files.begin(), o.files.end(), "-") > 0) {
    throw usage_error("stdin ('-') can be read once: give '-' for a scenario or for --base-report, not both");
  }
  o.catalog.other_inputs = o.files;
  if (!o.base_report.empty()) o.catalog.other_inputs.push_back(o.base_report);
  if (!o.output.output.empty() && o.output.output != "-") refuse_input_as_output(o.output.output, o.catalog);

  // The base is read (and checked) whether or not a gate asks: a missing or bad base is an error now,
  // not on the day a gate is added.
  std::optional<ReportSnapshot> base;
  if (!o.base_report.empty()) base = base_snapshot_of(o.base_report, o.allow_missing_base, o.catalog);
  RunReport report = evaluate_scenario_files(o.files, o.catalog);
  report.base_report = o.base_report;
  if (thresholds.any()) {
    const ReportSnapshot head = snapshot_of(report, "this run");
    if (!base) {
      report.gates = evaluate_gates(thresholds, head, nullptr);
    } else {
      const DiffReport diff = diff_reports(*base, head);
      report.gates = evaluate_gates(thresholds, head, &diff);
    }
  }
  if (!o.gates.prices_older_than.empty()) {  // the report's JSON holds every dated figure; built only when asked
    const auto oldest = oldest_figure(run_report_json(report, o.catalog));
    if (const auto stale = price_age_gate(o.gates.prices_older_than, oldest, o.output.age)) report.gates.push_back(*stale);
  }
  emit(o.output, o.catalog, [&] { return run_report_json(report, o.catalog); }, [&] { return run_document(report); });
  return gate_exit_code(report.gates);
}

}  // namespace

Command run_command() {
  return {"run", "Evaluate scenario files (workloads, APIs, fleet, prices); CI gates",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<RunOptions>();
            app.add_option("scenarios", o->files, "Scenario TOML files (see 'man nimcost', SCENARIO FILES)")
                ->type_name("SCENARIO.toml");
            app.add_flag("--allow-empty", o->allow_empty,
                         "No scenario files is a report of no scenarios (a branch that removed its cost files)");
            app.add_option("--base-report", o->base_report,
                           "Saved JSON report (or scenario) the gates compare against")
                ->type_name("OLD.json");
            app.add_flag("--allow-missing-base", o->allow_missing_base,
                         "A --base-report that does not exist is a base with no scenarios (the first pull request)");
            add_gate_flags(app, o->gates);
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Exit codes: 0 ok, 1 a --fail-* gate tripped, 2 usage, 3 bad scenario or catalog file.\n\n"
                       "Examples:\n"
                       "  nimcost run examples/chatbot-realtime.toml\n"
                       "  nimcost run examples/*.toml --format json --output report.json\n"
                       "  nimcost run head.toml --base-report base.json --fail-if-cost-increase-above 10");
            return [o] { return run_scenarios(*o); };
          }};
}

}  // namespace nimcost::cli
