// DCGM exporter samples as the attribution core sees them: which metric, which GPU (or MIG slice),
// which Kubernetes workload, the value and when. Parsers (load/prometheus_*.hpp) produce them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace nimcost {

// The DCGM fields nimcost reads; every other metric is skipped.
enum class DcgmMetric {
  gpu_util,       // DCGM_FI_DEV_GPU_UTIL, percent 0-100
  engine_active,  // DCGM_FI_PROF_GR_ENGINE_ACTIVE, ratio 0-1 (preferred where present)
  fb_used,        // DCGM_FI_DEV_FB_USED, MiB
  power,          // DCGM_FI_DEV_POWER_USAGE, W
  // Not DCGM: the token counters NIM (prompt_tokens_total) and vLLM (vllm:prompt_tokens_total)
  // expose, read with attribute --tokens-from-metrics.
  prompt_tokens,
  generation_tokens,
};

inline bool is_token_counter(DcgmMetric m) { return m == DcgmMetric::prompt_tokens || m == DcgmMetric::generation_tokens; }

std::optional<DcgmMetric> dcgm_metric(std::string_view name);

// Whether a value is in the metric's range (percent 0-100, ratio 0-1, MiB and W at least 0): values
// outside are clamped and counted, and the report says how many.
bool dcgm_value_in_range(DcgmMetric metric, double value);

// The Unix times (s) of samples a month of metrics could hold, 2000-01-01 to 2100-01-01. A timestamp
// in the wrong unit lands far outside: seconds read as milliseconds fall in January 1970,
// milliseconds read as seconds after the year 30,000.
// Distinct label sets one read may hold: each costs kilobytes through attribution, so a million
// (pod churn over a year, or a hostile file) would need gigabytes.
constexpr long long k_max_series = 200'000;

constexpr double k_earliest_sample_s = 946684800.0;
constexpr double k_latest_sample_s = 4102444800.0;
inline bool plausible_sample_time(double unix_s) { return unix_s >= k_earliest_sample_s && unix_s <= k_latest_sample_s; }
std::string_view dcgm_metric_name(DcgmMetric m);

// The labels that place a sample. Missing labels are empty strings.
struct DcgmLabels {
  std::string node;          // Hostname (or hostname: exporters vary)
  std::string uuid;          // UUID
  std::string gpu;           // gpu (index on the node)
  std::string model;         // modelName
  std::string kube_namespace;
  std::string pod;
  std::string container;
  std::string mig_profile;   // GPU_I_PROFILE, e.g. "3g.40gb"
  std::string mig_instance;  // GPU_I_ID
  std::string served_model;  // model_name (NIM and vLLM token counters)
};

struct DcgmSample {
  DcgmMetric metric = DcgmMetric::gpu_util;
  const DcgmLabels* labels = nullptr;  // owned by the parser, stable for the whole read
  std::size_t series = 0;              // the parser's number for this label set (dense, from 0)
  double value = 0.0;
  std::optional<double> time_s;        // absent in a single scrape without timestamps
};

}  // namespace nimcost
