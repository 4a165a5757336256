// `nimcost crossover`: every API against the self-hosted fleet at one volume, and the verdict's fields.
#pragma once

#include <nimcost/report/common_report.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/break_even.hpp>
#include <nimcost/model/quality_tier.hpp>
#include <nimcost/model/buy_vs_rent.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One API model against the self-hosted option at the report's volume.
struct ApiComparison {
  ApiModel model;
  ApiCost cost;
  BreakEven break_even;
  std::optional<double> required_utilization;
  Cheaper cheaper = Cheaper::api;
  Usd savings;  // what the cheaper side saves per month (>= 0)
  std::optional<double> quality_score;
  QualityTier tier = QualityTier::unrated;
  bool compared = true;  // in the set the verdict weighs (--compare-to, --min-quality)
};

// The one-line answer: the cheapest option among self-hosting and the compared APIs, and by how much.
struct Verdict {
  CompareTo compared_to = CompareTo::comparable;
  std::optional<double> min_quality;
  std::optional<double> selfhost_quality;  // the served model's score
  std::string cheapest_same_model;         // the cheapest API serving the same weights ("" if none)
  Usd cheapest_same_model_monthly;
  std::string cheapest_comparable;         // the cheapest API at or above the self-hosted quality
  Usd cheapest_comparable_monthly;
  int left_out_lower = 0;                  // rows outside the compared set, by tier
  int left_out_unrated = 0;
  int left_out_same_model = 0;             // --compare-to same-model leaves comparable ones out too
  int left_out_comparable = 0;
  std::string cheapest_id;  // an API model ID, or "selfhost"
  Usd cheapest_monthly;
  std::string runner_up_id;
  Usd runner_up_monthly;
  int apis_beaten_by_selfhost = 0;
  int apis_compared = 0;
};

// crossover --from-report: the fleet as an attribute report measured it.
struct MeasuredFleet {
  std::string report;            // the file read
  double period_hours = 0.0;
  double period_tokens = 0.0;
  double monthly_tokens = 0.0;   // period tokens scaled to the month's hours
  double input_share = 0.0;
  std::string tokens_from;       // "token counters" or "--tokens"
  double utilization = 0.0;      // busy over billed GPU time
  int gpus = 0;                  // GPU-hours over the period's hours, rounded up
  std::string gpu_model;         // the modelName with the most GPU-hours
  std::optional<std::string> rental;            // the rental the report priced GPUs at
  std::optional<double> usd_per_gpu_hour;       // or the typed rate
};

struct CrossoverReport {
  Workload workload;
  SelfHostPlan plan;
  SelfHostCost selfhost;
  std::optional<BuyVsRent> buy_vs_rent;  // the plan against its other way of paying, where the catalog has one
  std::vector<ApiComparison> apis;
  Verdict verdict;
  std::vector<std::string> warnings;
  std::optional<MeasuredFleet> measured;  // --from-report
};

}  // namespace nimcost
