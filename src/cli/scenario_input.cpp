// Scenario files to reports, and reports to diff snapshots: a saved JSON report read back, or
// scenario files evaluated now (their snapshot states figures as the JSON would, to the micro-dollar).
#include "scenario_input.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/diff.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/oldest_figure.hpp>
#include <nimcost/load/report_json.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/load/text_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace nimcost::cli {

RunReport evaluate_scenario_files(const std::vector<std::string>& files, CatalogOptions& catalog,
                                  const ReadText& read) {
  if (std::count(files.begin(), files.end(), "-") > 1) throw usage_error("stdin ('-') can be read once; give '-' once");
  const std::vector<CatalogSource> base = catalog_sources_for(catalog);
  RunReport report;
  std::map<std::string, std::string> named;  // scenario name -> the file that gave it
  for (const auto& file : files) {
    const LoadedScenario loaded = read ? load_scenario(file, read) : read_scenario_file(file);
    // diff pairs scenarios by name: two of one name would be indistinguishable rows summed twice.
    if (const auto [it, added] = named.emplace(loaded.spec.name, file); !added) {
      throw input_error(fmt::format("{}: scenario name '{}' is also the name of {}; give each scenario its own name",
                                    file, loaded.spec.name, it->second));
    }
    catalog.other_inputs.insert(catalog.other_inputs.end(), loaded.spec.files.begin(), loaded.spec.files.end());
    std::vector<CatalogSource> sources = base;
    sources.insert(sources.end(), loaded.catalog_sources.begin(), loaded.catalog_sources.end());
    std::vector<std::string> names;
    for (const auto& s : sources) names.push_back(s.name);
    try {
      report.scenarios.push_back(evaluate_scenario(load_catalog(sources), loaded.spec));
    } catch (const Error& e) {
      // Core messages speak of flags; in a scenario the file is what to fix.
      const std::string message = e.what();
      if (message.rfind(input_name(file), 0) == 0) throw;
      throw input_error(fmt::format("{}: {}", input_name(file), message));
    }
    report.catalog_sources.push_back(std::move(names));
  }
  return report;
}

RenderContext scenario_context(const CatalogOptions& catalog) {
  RenderContext context;
  context.version = nimcost_version();
  for (const auto& s : catalog_sources_for(catalog)) context.catalog_sources.push_back(s.name);
  return context;
}

nlohmann::ordered_json run_report_json(const RunReport& report, const CatalogOptions& catalog) {
  return run_json(report, scenario_context(catalog));
}

ReportSnapshot snapshot_of(const std::string& file, CatalogOptions& catalog) {
  // Read once: "-" (stdin) cannot be read again when the text turns out to be a scenario.
  const std::string text = read_text_file(file, "the report or scenario file");
  if (looks_like_json(text)) return read_report_json(text, input_name(file));
  const auto read = [&](const std::filesystem::path& path) {
    return path == file ? text : read_text_file(path, "the scenario file");
  };
  const RunReport report = evaluate_scenario_files({file}, catalog, read);
  ReportSnapshot snapshot = snapshot_of(report, input_name(file));
  snapshot.oldest_price = oldest_figure(run_report_json(report, catalog));
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    const ScenarioReport& x = report.scenarios[i];
    snapshot.scenarios[i].verdict = x.plan && x.plan->best ? plan_verdict_text(*x.plan) : crossover_verdict_text(x.crossover);
  }
  return snapshot;
}

ReportSnapshot base_snapshot_of(const std::string& file, bool allow_missing, CatalogOptions& catalog) {
  std::error_code ec;
  if (allow_missing && !std::filesystem::exists(std::filesystem::symlink_status(file, ec))) {
    ReportSnapshot empty;
    empty.origin = file + " (missing: no scenarios)";
    return empty;
  }
  return snapshot_of(file, catalog);
}

}  // namespace nimcost::cli
