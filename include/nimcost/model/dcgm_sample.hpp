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
};

std::optional<DcgmMetric> dcgm_metric(std::string_view name);
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
};

struct DcgmSample {
  DcgmMetric metric = DcgmMetric::gpu_util;
  const DcgmLabels* labels = nullptr;  // owned by the parser, stable for the whole read
  std::size_t series = 0;              // the parser's number for this label set (dense, from 0)
  double value = 0.0;
  std::optional<double> time_s;        // absent in a single scrape without timestamps
};

}  // namespace nimcost
