// Scenarios: a workload (one or several named parts), the APIs it compares and the fleet that would
// serve it, as a scenario file (or a command's flags) describe them; and the parts resolved into
// months of traffic that add up to one workload.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/workload.hpp>
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

// A scenario's [plan] table: the targets and search limits of `nimcost plan` on it; `run` then
// reports (and its gates weigh) the planned cost.
struct PlanSettings {
  std::optional<std::string> model;
  std::optional<double> min_quality;
  std::vector<std::string> gpus;
  std::vector<std::string> precisions;
  std::vector<int> tps;
  LatencyTarget target;
  std::optional<double> max_slo_violation;
  std::optional<int> shortlist;
  std::optional<int> seeds;
  std::string origin;  // "file:line:column" of the table
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string file;                // the file named on the command line
  std::vector<std::string> files;  // every file read, included ones first
  std::vector<WorkloadPart> parts;
  CrossoverRequest request;        // APIs and fleet; request.workload is derived from the parts
  std::optional<PlanSettings> plan;
};

// Each part's month of traffic (tokens_per_day resolved, mix defaults applied).
std::vector<Workload> scenario_part_workloads(const Catalog& catalog, const ScenarioSpec& spec);

// The scenario as one crossover request (for sweep): the parts' total at their weighted mix, and
// the profile when they share one (realtime when they differ, with a warning).
CrossoverRequest scenario_request(const Catalog& catalog, const ScenarioSpec& spec, std::vector<std::string>& warnings);

// Each part's workload and profile kind ("realtime" or "batch"), and the whole at the parts' weighted mix.
struct ResolvedParts {
  std::vector<Workload> workloads;
  std::vector<std::string> kinds;
  Workload total;
};
ResolvedParts resolve_parts(const Catalog& catalog, const ScenarioSpec& spec);

// The parts as one month of traffic: the API bill is linear in input, cached and output tokens, so
// pricing the sum at the weighted mix gives the sum of the parts' bills.
Workload total_workload(const Catalog& catalog, const std::vector<Workload>& parts, bool batch_api);

}  // namespace nimcost
