// `nimcost crossover`: every API against the self-hosted fleet at one volume, and the verdict's fields.
#pragma once

#include <nimcost/report/common_report.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/break_even.hpp>
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
};

// The one-line answer: the cheapest option and by how much.
struct Verdict {
  std::string cheapest_id;  // an API model ID, or "selfhost"
  Usd cheapest_monthly;
  std::string runner_up_id;
  Usd runner_up_monthly;
  int apis_beaten_by_selfhost = 0;
  int apis_compared = 0;
};

struct CrossoverReport {
  Workload workload;
  SelfHostPlan plan;
  SelfHostCost selfhost;
  std::vector<ApiComparison> apis;
  Verdict verdict;
  std::vector<std::string> warnings;
};

}  // namespace nimcost
