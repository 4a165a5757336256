// Reports: what each command computed, as plain structs. The core fills them; renderers turn them
// into text, JSON, CSV or Markdown. A report holds every resolved input so that each printed figure
// can be traced back to a catalog entry or a flag.
#pragma once

#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/model/calibration_fit.hpp>
#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/break_even.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/model/workload.hpp>

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

// `nimcost throughput`: one replica's memory fit and operating point.
enum class ThroughputMode { offline_max, concurrency, latency_target };

struct ThroughputReport {
  ReplicaSpec spec;
  SequenceShape shape;
  std::string tp_source;         // "--tp" or "the smallest that fits"
  std::string precision_source;  // "--precision" or why the default
  MemoryFit memory;
  std::optional<int> gpus_needed;  // the smallest tensor-parallel degree that fits; none up to 64
  ThroughputMode mode = ThroughputMode::offline_max;
  std::optional<double> concurrency;  // as asked
  LatencyTarget target;
  std::optional<OperatingPoint> point;           // absent when nothing fits or meets the target
  std::optional<OperatingPoint> best_achievable; // one request alone, when the target is missed
  double prefill_tokens_per_s = 0.0;             // prompt tokens/s of a full prefill iteration
  double decode_tokens_per_s = 0.0;              // output tokens/s of the point's decode iterations
  std::vector<OperatingPoint> sweep;             // --sweep-concurrency
  std::vector<std::string> warnings;
};

// `nimcost calibrate`: fitted (or checked) factors and the per-row errors.
struct CalibrationReport {
  std::string table;  // the file name
  int rows_read = 0;
  bool fitted = true;
  CalibrationResult result;
  std::vector<std::string> skipped;
};

// `nimcost attribute`: DCGM usage per group, priced.
struct GroupCost {
  UsageTally usage;
  Usd gpu;
  Usd license;
  Usd power;
  Usd total;
  Usd idle;  // GPU and license cost of the idle share
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

struct AttributionReport {
  std::string input;  // file name
  long long lines = 0;
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
  std::string verdict;
  std::vector<std::string> warnings;
};

struct PricesReport {
  std::string kind;  // "all", "api", "gpu", "rental", "license", "model" or "profile"
  std::vector<const ApiModel*> api_models;
  std::vector<const GpuSku*> gpus;
  std::vector<const RentalOffer*> rentals;
  std::vector<const LicensePlan*> licenses;
  std::vector<const ServedModel*> models;
  std::vector<const TrafficProfile*> profiles;
  const Defaults* defaults = nullptr;
};

}  // namespace nimcost
