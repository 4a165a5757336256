// `nimcost calibrate TABLE.csv`: fit the throughput model's efficiency factors to published
// measurements, print them with every row's error, and optionally write them as a catalog file.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/load/measurements_csv.hpp>
#include <nimcost/load/text_file.hpp>

#include <fmt/ranges.h>


namespace nimcost::cli {

namespace {

struct CalibrateOptions {
  OutputOptions output;
  CatalogOptions catalog;
  std::vector<std::string> tables;
  bool no_fit = false;
  std::string write_factors;
  std::string as_of;
};



int run_calibrate(CalibrateOptions o) {
  std::string as_of;
  ResolvedTable resolved;  // the report's row fits point into it
  const auto check = [&] {
    as_of = as_of_date(o.as_of);
    if (o.no_fit && !o.write_factors.empty()) throw usage_error("--write-factors needs a fit; drop --no-fit");
    for (const auto& t : o.tables) o.catalog.other_inputs.push_back(t);
    // Refuse a bad --write-factors or --output before a fit that takes seconds.
    if (!o.write_factors.empty()) refuse_input_as_output(o.write_factors, o.catalog, "--write-factors");
    if (!o.output.output.empty() && o.output.output != "-") refuse_input_as_output(o.output.output, o.catalog);
    refuse_same_outputs({{"--output", o.output.output}, {"--write-factors", o.write_factors}});
  };
  const auto evaluate = [&](const LoadedCatalog& loaded) {
    std::vector<MeasurementRow> rows;
    for (const auto& table : o.tables) {
      const std::string name = input_name(table);
      auto part = parse_measurements_csv(read_text_file(table, "the measurement table"), name);
      rows.insert(rows.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    CalibrationReport report;
    report.table = fmt::format("{}", fmt::join(o.tables, " "));
    report.rows_read = static_cast<int>(rows.size());
    report.fitted = !o.no_fit;
    resolved = resolve_measurements(loaded.catalog, rows);
    if (resolved.rows.empty()) {
      throw input_error(fmt::format("{}: none of the {} rows could be used; first reason: {}", report.table, rows.size(),
                                    resolved.skipped.empty() ? "none" : resolved.skipped.front()));
    }
    report.skipped = resolved.skipped;
    report.result = calibrate(loaded.catalog, resolved, report.fitted, report.table, as_of);
    return report;
  };
  const auto write_factors = [&](const CalibrationReport& report) {
    if (!o.write_factors.empty()) write_file(o.write_factors, factors_toml(report.result), o.catalog, "--write-factors");
  };
  run_report<CalibrationReport>(o.output, o.catalog,
                                {.check = check,
                                 .evaluate = evaluate,
                                 .json = calibration_json,
                                 .document = calibration_document,
                                 .write_extras = write_factors});
  return 0;
}

}  // namespace

Command calibrate_command() {
  return {"calibrate", "Fit the throughput model's efficiency factors to measured throughput",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<CalibrateOptions>();
            app.add_option("table", o->tables,
                           "CSVs of measurements in the layout of shared/reference/throughput-measured.csv (rows "
                           "with split = holdout are checked, never fitted)")
                ->required()
                ->type_name("TABLE.csv...");
            app.add_flag("--no-fit", o->no_fit, "Only check the catalog's factors against the table");
            app.add_option("--write-factors", o->write_factors,
                           "Write the fitted factors as a catalog file (data/engine_factors.toml)")
                ->type_name("FILE");
            app.add_option("--as-of", o->as_of, "Date to stamp on fitted factors (default today)")->type_name("DATE");
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("One set of factors per engine family and precision; dense models and mixtures of experts\n"
                       "get a set each (the second's ID ends in -moe) where both have at least 7 rows to fit.\n\n"
                       "Examples:\n"
                       "  nimcost calibrate shared/reference/throughput-measured.csv\n"
                       "  nimcost calibrate tests/data/throughput-*.csv --no-fit\n"
                       "  nimcost calibrate table.csv --write-factors data/engine_factors.toml\n"
                       "  nimcost calibrate table.csv --no-fit --format json");
            return [o] { return run_calibrate(*o); };
          }};
}

}  // namespace nimcost::cli
