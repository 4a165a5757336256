// What a user asked for (IDs and numbers, as typed) for a workload, the APIs and the self-hosted
// side; unset fields take the catalog's defaults. The resolvers here and in selfhost_plan.hpp look
// IDs up, apply defaults and check combinations, so the models take only valid inputs.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/quality_tier.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/model/workload.hpp>
#include <nimcost/resolve/replica.hpp>

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
  std::optional<std::string> purchase;  // bought servers instead of a rental
  std::optional<double> usd_per_kwh;         // overrides of the purchase's figures
  std::optional<double> pue;
  std::optional<double> depreciation_years;
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
  std::optional<Tokens> tokens;  // per month; absent when not given (sweep then marks no volume)
  std::optional<double> input_share;
  double cached_input_share = 0.0;
  bool batch_api = false;
};

struct CrossoverRequest {
  WorkloadRequest workload;
  SelfHostRequest selfhost;
  std::vector<std::string> providers;  // IDs, aliases or provider names; empty: the whole catalog
  CompareTo compare_to = CompareTo::comparable;  // which APIs the verdict weighs against self-hosting
  std::optional<double> min_quality;             // the quality score an API must reach to be comparable
};

// The workload with the catalog's default mix applied.
Workload resolve_workload(const Catalog& catalog, const WorkloadRequest& request);

// The share of input tokens in the mix the GPUs serve (--isl / (--isl + --osl)), when both
// lengths are given: the APIs then price the same mix.
std::optional<double> serving_input_share(const std::optional<ReplicaRequest>& replica);

// The workload request with the serving mix as its input share when none is given; a warning when
// an explicit --input-share differs from it.
WorkloadRequest matched_workload(const CrossoverRequest& request, std::vector<std::string>& warnings);

// The API models the providers list names (deduplicated, catalog order); the production models of
// the whole catalog when the list is empty.
std::vector<ApiModel> resolve_api_models(const Catalog& catalog,
                                         const std::vector<std::string>& providers,
                                         std::vector<std::string>& warnings);

}  // namespace nimcost
