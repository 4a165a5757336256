// Scenarios: a workload (one or several named parts), the APIs it compares and the fleet that would
// serve it, as a scenario file describes them. `nimcost run` evaluates each one as a crossover of
// the whole, then splits the fleet's cost over the parts: by GPU time, or by MIG slice where the
// parts share GPUs through MIG.
#pragma once

#include <nimcost/model/diff.hpp>
#include <nimcost/report/common_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One part of a scenario's workload as written (a team, an application, a traffic class).
struct WorkloadPart {
  std::string name;
  std::optional<Tokens> tokens;          // per month
  std::optional<Tokens> tokens_per_day;  // x days in the month (hours per month / 24)
  std::optional<double> input_share;
  double cached_input_share = 0.0;
  std::optional<std::string> profile;      // "realtime" or "batch"
  std::optional<std::string> mig_profile;  // the MIG slice the part runs on ("3g.40gb")
  std::string origin;                      // "file:line:column" of its table
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string file;                // the file named on the command line
  std::vector<std::string> files;  // every file read, included ones first
  std::vector<WorkloadPart> parts;
  CrossoverRequest request;        // APIs and fleet; request.workload is derived from the parts
};

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
};

// `nimcost run`: every scenario named on the command line, and the gates checked on them.
struct RunReport {
  std::vector<ScenarioReport> scenarios;
  std::vector<std::vector<std::string>> catalog_sources;  // per scenario: built-in/--catalog, then its own files
  std::string base_report;                                // --base-report, when gates compare against one
  std::vector<GateResult> gates;
};

// The scenario's cost: the cheapest option's monthly cost (what the verdict recommends paying).
Usd scenario_monthly(const ScenarioReport& report);

// Each part's month of traffic (tokens_per_day resolved, mix defaults applied).
std::vector<Workload> scenario_part_workloads(const Catalog& catalog, const ScenarioSpec& spec);

// The scenario as one crossover request (for sweep): the parts' total at their weighted mix, and
// the profile when they share one (realtime when they differ, with a warning).
CrossoverRequest scenario_request(const Catalog& catalog, const ScenarioSpec& spec, std::vector<std::string>& warnings);

// Evaluates one scenario against a catalog (already merged with the scenario's overrides).
ScenarioReport evaluate_scenario(const Catalog& catalog, const ScenarioSpec& spec);

}  // namespace nimcost
