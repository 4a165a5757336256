// `nimcost compare`: the $/M table across API models and hosting options at one volume.
#pragma once

#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One row of `compare`: an API model or a hosting option at one volume.
struct CompareRow {
  std::string kind;  // "api" or "selfhost"
  std::string id;
  std::string detail;  // provider, or GPU count and utilization
  PerMtok per_mtok;
  Usd monthly;
  std::optional<int> gpus;
  std::optional<double> utilization;
  std::string as_of;
  std::string source;
};

struct CompareReport {
  Workload workload;
  SelfHostPlan plan;  // the template each hosting option varies (GPU, rate and capacity change)
  std::vector<CompareRow> rows;  // cheapest first
  std::vector<std::string> warnings;
};

}  // namespace nimcost
