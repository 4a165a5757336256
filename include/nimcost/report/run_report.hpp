// `nimcost run`: each scenario's crossover of the whole, the parts' shares, and the CI gates.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/report/diff_report.hpp>
#include <nimcost/report/plan_report.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One part's share of the answer.
struct PartReport {
  WorkloadPart part;
  Workload workload;  // resolved
  std::string profile;
  std::optional<MigProfile> mig;
  double gpu_share = 0.0;  // of the fleet's GPU-months: by GPU time, or slices / 7 per GPU
  Usd selfhost;            // its share of the fleet's monthly cost
  std::optional<PerMtok> selfhost_per_mtok;
  double utilization = 0.0;  // of its share of the fleet
  double slice_tokens_per_s = 0.0;  // MIG: what its slice serves (throughput model on the slice)
  std::string cheapest_api;  // for this part's own mix ("" when no API is compared)
  Usd cheapest_api_monthly;
  Cheaper cheaper = Cheaper::api;
};

struct ScenarioReport {
  ScenarioSpec spec;
  CrossoverReport crossover;  // the whole workload
  std::vector<PartReport> parts;
  std::string capacity_note;  // how parts with different profiles were blended, if they were
  double unallocated_gpu_share = 0.0;  // MIG slices no part uses, as a share of the fleet
  Usd unallocated;                     // what those slices cost
  std::optional<PlanReport> plan;      // the scenario's [plan]: the cheapest configuration searched
};

// `nimcost run`: every scenario named on the command line, and the gates checked on them.
struct RunReport {
  std::vector<ScenarioReport> scenarios;
  std::vector<std::vector<std::string>> catalog_sources;  // per scenario: built-in/--catalog, then its own files
  std::string base_report;                                // --base-report, when gates compare against one
  std::vector<GateResult> gates;
};

// The scenario's cost: what it recommends paying: the planned winner's monthly cost with a [plan]
// table, else the crossover verdict's cheapest option's.
inline Usd scenario_monthly(const ScenarioReport& report) {
  if (report.plan && report.plan->best) return Usd(report.plan->candidates[*report.plan->best].monthly_usd.mean);
  return report.crossover.verdict.cheapest_monthly;
}

// What a planned scenario's verdict names: the API model, or the self-hosted configuration in one line
// ("llama-3.3-70b on 2x h100-sxm fp8 TP1, hybrid, on-demand").
inline std::string planned_choice(const PlanCandidate& c) {
  if (c.kind == "api") return c.model;
  return c.model + " on " + std::to_string(c.gpus) + "x " + c.gpu + " " + c.precision + " TP" + std::to_string(c.tp) + ", " +
         c.policy + ", " + c.term;
}

}  // namespace nimcost
