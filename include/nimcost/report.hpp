// Reports: what each command computed, as plain structs. The core fills them; renderers turn them
// into text, JSON, CSV or Markdown. A report holds every resolved input so that each printed figure
// can be traced back to a catalog entry or a flag.
#pragma once

#include <nimcost/api_cost.hpp>
#include <nimcost/catalog.hpp>
#include <nimcost/crossover.hpp>
#include <nimcost/selfhost.hpp>
#include <nimcost/workload.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

enum class Cheaper { api, selfhost };

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
  std::string text;
};

struct CrossoverReport {
  Workload workload;
  SelfHostPlan plan;
  SelfHostCost selfhost;
  std::vector<ApiComparison> apis;
  Verdict verdict;
  std::vector<std::string> warnings;
};

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

struct PricesReport {
  std::string kind;  // "all", "api", "gpu", "rental" or "license"
  std::vector<const ApiModel*> api_models;
  std::vector<const GpuSku*> gpus;
  std::vector<const RentalOffer*> rentals;
  std::vector<const LicensePlan*> licenses;
  const Defaults* defaults = nullptr;
};

}  // namespace nimcost
