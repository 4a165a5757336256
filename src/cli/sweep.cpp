// `nimcost sweep`: every option's monthly cost and $/M over a log-spaced volume range (and a grid of
// utilization targets), as a table, CSV or JSON, and with --plot an SVG of the cost curves.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/base/limits.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/sweep.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/report/sweep_report.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace nimcost::cli {

namespace {

struct SweepOptions {
  VolumeOptions volume;
  std::string from = "10M", to = "10B", points = "60";
  std::string util_from, util_to, util_points;
  std::string plot;
  std::string top;
  std::string scenario;
  bool chart = false;
};

int run_sweep(SweepOptions o) {
  SweepRequest request;
  int top = 0;  // the pictures draw the `top` cheapest APIs (0: all in the SVG, 8 in the chart)
  std::optional<LoadedScenario> scenario;
  const auto check = [&] {
    if (!o.scenario.empty()) {
      scenario = read_scenario_file(o.scenario);
      auto& inputs = o.volume.catalog.other_inputs;
      inputs.insert(inputs.end(), scenario->spec.files.begin(), scenario->spec.files.end());
    } else {
      request.base = make_request(o.volume);
    }
    request.from = flag_value("--from", o.from, [](const std::string& t) { return parse_tokens(t); });
    request.to = flag_value("--to", o.to, [](const std::string& t) { return parse_tokens(t); });
    request.points = optional_count("--points", o.points, 2, k_max_sweep_points).value_or(60);
    request.util_from = optional_fraction("--util-from", o.util_from);
    request.util_to = optional_fraction("--util-to", o.util_to);
    if (auto n = optional_count("--util-points", o.util_points, 1, static_cast<int>(k_max_sweep_grid))) request.util_points = *n;
    top = optional_count("--top", o.top, 1, 1000).value_or(0);
    if (!o.plot.empty()) refuse_input_as_output(o.plot, o.volume.catalog, "--plot");
    refuse_same_outputs({{"--output", o.volume.output.output}, {"--plot", o.plot}});
  };
  // The scenario's own catalog entries go over the built-in (or --data/--catalog) ones.
  const auto sources = [&] { return scenario ? scenario->catalog_sources : std::vector<CatalogSource>{}; };
  const auto evaluate = [&](const LoadedCatalog& loaded) {
    std::vector<std::string> scenario_warnings;
    if (scenario) request.base = scenario_request(loaded.catalog, scenario->spec, scenario_warnings);
    SweepReport report = evaluate_sweep(loaded.catalog, request);
    report.warnings.insert(report.warnings.begin(), scenario_warnings.begin(), scenario_warnings.end());
    return report;
  };
  const auto plot = [&](const SweepReport& report) {
    if (!o.plot.empty()) write_file(o.plot, render_sweep_svg(report, top), o.volume.catalog, "--plot");
  };
  const bool csv = parse_format(o.volume.output.format) == Format::csv;
  const auto document = [&](const SweepReport& report) { return csv ? sweep_csv_document(report) : sweep_document(report); };
  // On a terminal, the table is followed by a chart of the curves.
  const auto chart = [&](const SweepReport& report) {
    const bool to_terminal = o.volume.output.output.empty() || o.volume.output.output == "-";
    if (parse_format(o.volume.output.format) == Format::table && to_terminal && (isatty(1) != 0 || o.chart)) {
      const int width = static_cast<int>(std::clamp<std::size_t>(table_style(o.volume.output).width, 60, 160));
      const std::string text = render_sweep_chart(report, width, 18, top);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
  };
  run_report<SweepReport>(o.volume.output, o.volume.catalog,
                          {.check = check,
                           .sources = sources,
                           .evaluate = evaluate,
                           .json = sweep_json,
                           .document = document,
                           .write_extras = plot,
                           .after = chart});
  return 0;
}

}  // namespace

Command sweep_command() {
  return {"sweep", "Monthly cost of every option over a range of volumes; --plot draws the curves",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<SweepOptions>();
            app.add_option("--from", o->from, "Lowest monthly volume (default 10M)")->type_name("QTY");
            app.add_option("--to", o->to, "Highest monthly volume (default 10B)")->type_name("QTY");
            app.add_option("--points", o->points, "Volumes, log-spaced (default 60)")->type_name("N");
            app.add_option("--util-from", o->util_from, "Also a grid of fleet utilization targets from F")->type_name("F");
            app.add_option("--util-to", o->util_to, "... to F (default 1)")->type_name("F");
            app.add_option("--util-points", o->util_points, "Utilization targets in the grid (default 11)")->type_name("N");
            app.add_option("--plot", o->plot, "Write the cost curves as an SVG file")->type_name("FILE.svg");
            app.add_option("--top", o->top, "Draw only the N cheapest APIs (the plot draws all, the chart 8)")
                ->type_name("N");
            app.add_flag("--chart", o->chart, "Print a character chart after the table (automatic on a terminal)");
            CLI::Option* scenario =
                app.add_option("--scenario", o->scenario, "Sweep a scenario file's workload mix, APIs and fleet")
                    ->type_name("FILE.toml");
            const std::size_t before = add_scenario_flags(app, o->volume);
            app.add_option("--profile", o->volume.profile, "With --model: realtime (default) or batch")->type_name("P");
            exclude_with_scenario(app, before, scenario);
            add_catalog_options(app, o->volume.catalog);
            add_output_options(app, o->volume.output);
            app.footer("--tokens marks the current volume on the plot; the mix flags (--input-share ...) price the APIs.\n\n"
                       "Examples:\n"
                       "  nimcost sweep --from 10M --to 10B --points 60 --provider gpt-4.1,mistral-large-2411 --plot crossover.svg\n"
                       "  nimcost sweep --util-from 0.2 --util-to 1 --util-points 5 --format csv\n"
                       "  nimcost sweep --scenario examples/article.toml --plot article.svg");
            return [o] { return run_sweep(*o); };
          }};
}

}  // namespace nimcost::cli
