// `nimcost diff`: what changed between two scenario revisions or two saved reports: monthly cost
// per option, break-even volumes, the cheapest option. Markdown output is a PR comment; the
// --fail-* gates exit 1.
#include "commands.hpp"
#include "common.hpp"

#include <nimcost/evaluate/diff.hpp>
#include "scenario_input.hpp"

namespace nimcost::cli {

namespace {

struct DiffOptions {
  OutputOptions output;
  CatalogOptions catalog;
  std::vector<std::string> files;
  std::string base_report;
  GateFlags gates;
  bool allow_missing_base = false;
};

int run_diff(DiffOptions o) {
  check_output_options(o.output);
  const GateThresholds thresholds = make_gates(o.gates);
  std::string base, head;
  if (!o.base_report.empty()) {
    if (o.files.size() != 1) throw usage_error("with --base-report give one head: a scenario file or a JSON report");
    base = o.base_report;
    head = o.files.front();
  } else {
    if (o.files.size() != 2) {
      throw usage_error(fmt::format("diff compares two files, BASE and HEAD (scenario .toml or report .json); got {}",
                                    o.files.size()));
    }
    base = o.files[0];
    head = o.files[1];
  }
  if (base == "-" && head == "-") throw usage_error("stdin ('-') can be read once: give '-' for BASE or HEAD, not both");
  o.catalog.other_inputs = {base, head};
  if (!o.output.output.empty() && o.output.output != "-") refuse_input_as_output(o.output.output, o.catalog);

  const ReportSnapshot base_snapshot = base_snapshot_of(base, o.allow_missing_base, o.catalog);
  const ReportSnapshot head_snapshot = snapshot_of(head, o.catalog);
  DiffReport report = diff_reports(base_snapshot, head_snapshot);
  report.gates = evaluate_gates(thresholds, head_snapshot, &report);
  if (const auto stale = price_age_gate(o.gates.prices_older_than, head_snapshot.oldest_price, o.output.age)) {
    report.gates.push_back(*stale);
  }
  const RenderContext context = scenario_context(o.catalog);
  emit(o.output, o.catalog, [&] { return diff_json(report, context); }, [&] { return diff_document(report); },
       [&] { return render_diff_markdown(report); });
  return gate_exit_code(report.gates);
}

}  // namespace

Command diff_command() {
  return {"diff", "Cost changes between two scenarios or reports; Markdown for PRs; CI gates",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<DiffOptions>();
            app.add_option("files", o->files, "BASE and HEAD: scenario TOML files or JSON reports of run/crossover")
                ->required()
                ->type_name("BASE HEAD");
            app.add_option("--base-report", o->base_report, "The base as a saved JSON report; then give only HEAD")
                ->type_name("OLD.json");
            app.add_flag("--allow-missing-base", o->allow_missing_base,
                         "A BASE file that does not exist is a base with no scenarios (the first pull request)");
            add_gate_flags(app, o->gates);
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Scenarios pair by name (one a side pair with each other); a scenario's cost is its cheapest "
                       "option's.\nExit codes: 0 ok, 1 a --fail-* gate tripped, 2 usage, 3 bad file.\n\n"
                       "Examples:\n"
                       "  nimcost diff base.toml head.toml\n"
                       "  nimcost diff --base-report main.json head.toml --format markdown --fail-if-cost-increase-above 10\n"
                       "  nimcost diff old.json new.json --fail-if-verdict-changes");
            return [o] { return run_diff(*o); };
          }};
}

}  // namespace nimcost::cli
