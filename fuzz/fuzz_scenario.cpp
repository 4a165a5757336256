// Fuzz target for scenario files (`nimcost run`): the input is a scenario whose includes all read a
// small fixed file; it is loaded, merged over the built-in catalog and evaluated. Anything may be
// refused with nimcost::Error; what evaluates must have finite figures and render a report that diff
// reads back unchanged.
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/diff.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/report_json.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/run_report.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "finite_figures.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto builtin = nimcost::embedded_catalog_sources();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto read = [&](const std::filesystem::path& path) -> std::string {
    if (path == "fuzz.toml") return text;
    return "[selfhost]\ngpus = 1\n[api]\nproviders = [\"gpt-4.1\"]\n";
  };
  nimcost::RunReport run;
  try {
    nimcost::LoadedScenario loaded = nimcost::load_scenario("fuzz.toml", read);
    if (loaded.spec.plan) {
      // A [plan] searches and simulates: keep each input to a fraction of a second.
      nimcost::PlanSettings& plan = *loaded.spec.plan;
      plan.seeds = std::min(plan.seeds.value_or(2), 2);
      plan.shortlist = std::min(plan.shortlist.value_or(2), 2);
      if (plan.gpus.empty()) plan.gpus = {"l40s"};
      if (plan.tps.empty()) plan.tps = {1, 2};
    }
    auto sources = builtin;
    sources.insert(sources.end(), loaded.catalog_sources.begin(), loaded.catalog_sources.end());
    run.scenarios.push_back(nimcost::evaluate_scenario(nimcost::load_catalog(sources), loaded.spec));
    run.catalog_sources.push_back({"built in"});
  } catch (const nimcost::Error&) {
    return 0;
  }
  const auto report = nimcost::run_json(run, {"fuzz", {"built in"}});
  nimcost::fuzz::require_finite(report);
  const std::string json = nimcost::render_json(report);
  try {
    const nimcost::ReportSnapshot snapshot = nimcost::read_report_json(json, "fuzz.json");
    if (nimcost::diff_reports(snapshot, snapshot).changed()) std::abort();
  } catch (const nimcost::Error&) {
    std::abort();  // run wrote a report diff cannot read
  }
  return 0;
}
