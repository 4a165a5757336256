// `nimcost compare`: the $/M table across API models and hosting options at one volume.
#pragma once

#include <nimcost/model/quality_tier.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One row of `compare`: an API model or a hosting option at one volume.
struct CompareRow {
  std::string kind;  // "api", "rental" or "purchase"
  std::string id;
  std::string term;  // rental: on-demand, 1-year, 3-year or spot; empty otherwise
  std::string detail;  // provider, or GPU count and utilization
  PerMtok per_mtok;
  Usd monthly;
  std::optional<int> gpus;
  std::optional<double> utilization;
  std::string as_of;
  std::string source;
  std::string model;                    // selfhost: the served model
  std::string precision_tp;             // selfhost: "fp8 TP1" where the throughput model sized it
  std::optional<double> quality_score;  // api: its score; selfhost: the served model's
  QualityTier tier = QualityTier::unrated;  // api: against the served model
  bool compared = true;                 // in the set the verdict weighs
};

struct CompareReport {
  CompareTo compared_to = CompareTo::comparable;
  Workload workload;
  SelfHostPlan plan;  // the template each hosting option varies (GPU, rate and capacity change)
  std::vector<CompareRow> rows;  // cheapest first
  std::vector<std::string> warnings;
};

// `nimcost compare A.toml B.toml`: scenario files side by side, one column each.
struct ScenarioColumn {
  std::string name;
  std::string file;
  double volume_tokens = 0.0;
  std::string cheapest;             // the option the scenario's verdict picks
  double monthly_usd = 0.0;         // what that option costs a month
  std::optional<double> change_usd;       // against the first column (absent in the first)
  std::optional<double> change_fraction;  // absent when the first column costs nothing
};

// One option across the scenarios: its monthly cost in each (absent where a scenario lacks it).
struct OptionAcross {
  std::string id;
  std::string kind;  // "api" or "selfhost"
  std::vector<std::optional<double>> monthly_usd;  // in the order of the columns
};

struct ScenarioCompareReport {
  std::vector<ScenarioColumn> scenarios;
  std::vector<OptionAcross> options;  // self-hosting first, then APIs in first-seen order
};

}  // namespace nimcost
