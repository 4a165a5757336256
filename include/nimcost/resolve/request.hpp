// From what a user asked for (IDs and numbers, as typed) to resolved plans and reports. This is the
// core's front door for the CLI: it looks IDs up in the catalog, applies defaults, checks the
// combinations that make no sense (a dev-only license in production), and runs the models.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/report/common_report.hpp>
#include <nimcost/model/workload.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// The self-hosting side as asked for; unset fields take the catalog's defaults.
struct SelfHostRequest {
  std::optional<std::string> gpu;
  std::optional<std::string> rental;
  std::optional<double> gpu_hourly_usd;
  std::optional<double> gpu_monthly_usd;
  std::optional<int> gpus;
  std::optional<double> hours_per_month;
  std::optional<std::string> license;
  double ops_monthly_usd = 0.0;
  std::optional<double> capacity_tokens_per_s;
  std::optional<double> max_utilization;
  bool production = true;
  // --model and friends: size capacity with the throughput model instead of a per-GPU figure.
  std::optional<ReplicaRequest> replica;
  std::optional<std::string> profile;  // "realtime" or "batch"
  LatencyTarget target;                // realtime latency target (default: the catalog's)
};

struct WorkloadRequest {
  Tokens tokens;
  std::optional<double> input_share;
  double cached_input_share = 0.0;
  bool batch_api = false;
};

struct CrossoverRequest {
  WorkloadRequest workload;
  SelfHostRequest selfhost;
  std::vector<std::string> providers;  // IDs, aliases or provider names; empty: the whole catalog
};

// The workload with the catalog's default mix applied.
Workload resolve_workload(const Catalog& catalog, const WorkloadRequest& request);

// The self-hosting plan, or a usage error naming the bad ID or combination.
SelfHostPlan resolve_selfhost(const Catalog& catalog, const SelfHostRequest& request,
                              std::vector<std::string>& warnings);

// With a --model request, sizes the plan's capacity and replica from the throughput model on the
// plan's GPU (unless --capacity-tokens-per-s pins capacity by hand); the default sequence lengths
// follow the workload's input share. A usage error when the model does not fit or no concurrency
// meets the latency target.
void apply_replica(const Catalog& catalog, const SelfHostRequest& request, const Workload& workload,
                   SelfHostPlan& plan, std::vector<std::string>& warnings);

// The API models the providers list names (deduplicated, catalog order); the production models of
// the whole catalog when the list is empty.
std::vector<ApiModel> resolve_api_models(const Catalog& catalog,
                                         const std::vector<std::string>& providers,
                                         std::vector<std::string>& warnings);

// `nimcost crossover`: every API against the self-hosted fleet at one volume, with break-evens.
CrossoverReport evaluate_crossover(const Catalog& catalog, const CrossoverRequest& request);

// The crossover for a workload and plan resolved already (a scenario blends its own), adding to
// `warnings`.
CrossoverReport evaluate_crossover_for(const Catalog& catalog, const Workload& workload, SelfHostPlan plan,
                                       const std::vector<std::string>& providers, std::vector<std::string> warnings);

// `nimcost compare`: the $/M table across API models and every rental offer at one volume.
CompareReport evaluate_compare(const Catalog& catalog, const CrossoverRequest& request);

// `nimcost prices`: the catalog, filtered by kind ("all", "api", "gpu", "rental", "license") and
// an optional case-insensitive substring of the ID, provider or vendor.
PricesReport evaluate_prices(const Catalog& catalog, const std::string& kind,
                             const std::string& filter);

}  // namespace nimcost
