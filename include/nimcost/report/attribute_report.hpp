// `nimcost attribute`: DCGM usage per group, priced, and the fleet's tokens against the APIs.
#pragma once

#include <nimcost/report/common_report.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/model/token_counters.hpp>
#include <nimcost/model/workload.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// `nimcost attribute`: DCGM usage per group, priced.
struct GroupCost {
  UsageTally usage;
  Usd gpu;
  Usd license;
  Usd power;
  Usd total;
  Usd idle;  // GPU and license cost of the idle share
  std::optional<TokenTally> tokens;          // --tokens-from-metrics: what the group served
  std::optional<PerMtok> effective_per_mtok; // its cost over those tokens
  std::optional<Usd> api_cost;               // the same tokens on each model's cheapest like-for-like API
};

struct GpuPrice {
  std::string model;         // modelName as the exporter reports it
  double usd_per_gpu_hour = 0.0;
  std::string source;        // "rental runpod-h100-sxm", "--gpu-hourly-usd"
};

struct AttributionApiRow {
  ApiModel model;
  ApiCost cost;  // for the tokens served
  Cheaper cheaper = Cheaper::api;
};

// --tokens-from-metrics: one served model (the counters' model_name), its share of the GPU cost
// (each group's cost split by the tokens each model served in it) and the APIs' bills for its tokens.
struct ModelCost {
  std::string model;               // model_name as the counters report it
  std::optional<std::string> served_model;  // the catalog's served model it maps to, if any
  TokenTally tokens;
  double gpu_hours = 0.0;  // split as the cost is
  Usd cost;
  std::optional<PerMtok> effective_per_mtok;
  std::vector<AttributionApiRow> apis;  // like for like when the model is known; cheapest first
  bool selfhost_cheapest = true;
};

struct AttributionReport {
  std::string input;  // file name, or the server and range read
  long long lines = 0;
  long long requests = 0;  // --prometheus: query_range requests made
  long long other_metrics = 0;
  UsageTotals usage;
  std::vector<GroupCost> groups;
  GroupCost fleet;
  std::vector<GpuPrice> prices;
  LicensePlan license;
  double license_usd_per_gpu_hour = 0.0;
  std::optional<double> power_usd_per_kwh;
  double max_gap_s = 300.0;
  std::optional<Workload> workload;                  // with --tokens
  std::optional<PerMtok> effective_per_mtok;         // fleet cost / tokens served
  double target_utilization = 0.6;
  std::optional<PerMtok> per_mtok_at_target;         // the same tokens at the target utilization
  std::vector<AttributionApiRow> apis;               // cheapest first
  std::optional<TokenTotals> measured_tokens;        // --tokens-from-metrics
  std::vector<ModelCost> models;                     // --tokens-from-metrics, most tokens first
  std::vector<std::string> warnings;
};

}  // namespace nimcost
