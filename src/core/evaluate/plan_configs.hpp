// The plan's configurations (internal to evaluate/plan.cpp): each served model x GPU x precision x
// TP sized by the throughput model for every part's traffic, and priced analytically so that the
// search simulates the promising ones first and can say which it may skip.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/evaluate/plan.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// What the analytic stage needs about the workload: each part's month, profile and API price.
struct PlanWorkload {
  std::vector<Workload> parts;
  std::vector<TrafficProfile> profiles;
  std::vector<double> api_usd_per_token;  // the cheapest API of the quality, on each part's mix (0: none)
  double hours = 730.0;
};

struct PlanConfig {
  std::string model, gpu, precision;
  int tp = 1;
  int gpus_per_replica = 1;
  std::string on_demand;               // the offers it is simulated on (plan_offers.hpp); empty: none
  std::string committed;
  std::string spot;
  std::vector<double> replica_tokens_per_s;  // per part
  double estimate_usd = 0.0;           // a fleet for the peak on the cheapest term (bought included)
  double lower_bound_usd = 0.0;        // no fleet of this configuration can cost less
};

struct PlanSpace {
  std::vector<PlanConfig> configs;  // fitting and meeting the latency target, by estimate
  std::optional<PlanMiss> closest;  // the nearest miss of the latency target
};

// Sizes and prices every configuration the request allows, counting them in `search`.
PlanSpace plan_space(const Catalog& catalog, const PlanRequest& request, const std::vector<std::string>& models,
                     const std::vector<std::string>& gpus, const std::vector<std::string>& precisions,
                     const std::vector<int>& tps, const PlanWorkload& workload, PlanSearch& search,
                     std::vector<std::string>& warnings);


}  // namespace nimcost
