// GPU usage attribution from DCGM samples (pure; no I/O). Samples stream in one at a time, in time
// order per GPU; each interval between two samples of a GPU's metric is charged to the workload the
// earlier sample names, at the earlier sample's value (Prometheus step semantics). An interval longer
// than the gap limit is not charged to anyone: it is reported as a gap. Without timestamps (one
// scrape), each sample covers the period the caller gives.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/dcgm_sample.hpp>

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace nimcost {

enum class GroupBy { kube_namespace, pod, container, gpu, node, model };

// "namespace", "pod", "container", "gpu", "node", "model"; a usage error otherwise.
GroupBy parse_group_by(std::string_view text);
std::string_view group_by_name(GroupBy by);
// The group a sample belongs to: "unattributed" when the Kubernetes labels are missing.
std::string group_key(const DcgmLabels& labels, GroupBy by);
// One physical GPU or MIG slice: node/UUID (or index)[/mig instance].
std::string device_key(const DcgmLabels& labels);

struct UsageOptions {
  GroupBy by = GroupBy::kube_namespace;
  double max_gap_s = 300.0;            // Prometheus marks a series stale after 5 minutes
  std::optional<double> period_s;      // what one sample covers when there are no timestamps
};

// Usage of one group (or of the fleet). GPU-hours are whole-GPU equivalents: a MIG slice's hours
// count at its share of the GPU.
struct UsageTally {
  std::string key;
  double gpu_hours = 0.0;
  double active_gpu_hours = 0.0;
  double energy_kwh = 0.0;
  double fb_mib_hours = 0.0;  // for the mean memory used
  double fb_hours = 0.0;
  long long samples = 0;
  std::map<std::string, double> gpu_hours_by_model;  // modelName -> GPU-hours, for pricing

  double utilization() const { return gpu_hours > 0.0 ? active_gpu_hours / gpu_hours : 0.0; }
  double mean_fb_used_mib() const { return fb_hours > 0.0 ? fb_mib_hours / fb_hours : 0.0; }
};

struct GapReport {
  std::string device;
  int count = 0;
  double hours = 0.0;  // whole-GPU-equivalent hours not observed
};

struct UsageTotals {
  GroupBy by = GroupBy::kube_namespace;
  std::vector<UsageTally> groups;  // largest GPU-hours first
  UsageTally fleet;
  int devices = 0;        // GPUs and MIG slices seen
  int mig_slices = 0;
  std::vector<std::string> activity_source;  // per device: which metric measured activity
  std::vector<GapReport> gaps;               // devices with gaps, most hours first
  double gap_hours = 0.0;
  int gap_count = 0;
  std::optional<double> start_s;
  std::optional<double> end_s;
  double period_hours = 0.0;
  long long samples_used = 0;
  long long samples_out_of_order = 0;
  long long samples_not_finite = 0;
  long long samples_out_of_range = 0;  // used, clamped to the metric's range
  std::vector<std::string> unknown_mig_profiles;
  std::vector<std::string> warnings;
};

class UsageAccumulator {
public:
  UsageAccumulator(UsageOptions options, const Catalog& catalog);

  // Adds one sample; an input error when the stream contradicts itself (a series repeating without
  // timestamps, timestamps on some samples and not others).
  void add(const DcgmSample& sample);

  UsageTotals finish() const;

private:
  struct Series {  // one parser label set
    std::size_t device = 0;
    std::size_t group = 0;
    double share = 1.0;
  };
  struct Track {  // one device's one metric
    bool seen = false;
    double time_s = 0.0;
    double value = 0.0;
    std::size_t group = 0;
    double share = 1.0;
  };
  struct Cell {  // one device x one group
    double util_hours = 0.0, util_active = 0.0;
    double engine_hours = 0.0, engine_active = 0.0;
    double energy_wh = 0.0, fb_mib_hours = 0.0, fb_hours = 0.0;
    long long samples = 0;
  };
  struct Device {
    std::string key;
    std::string model;
    bool mig = false;
    Track tracks[4];
    std::unordered_map<std::size_t, Cell> cells;  // by group
    int gaps = 0;
    double gap_hours = 0.0;
  };

  const Series& series_for(const DcgmSample& sample);
  void charge(Device& d, DcgmMetric metric, const Track& from, double seconds);

  UsageOptions m_options;
  const Catalog* m_catalog;
  std::vector<std::optional<Series>> m_series;
  std::vector<Device> m_devices;
  std::unordered_map<std::string, std::size_t> m_device_index;
  std::vector<std::string> m_groups;
  std::unordered_map<std::string, std::size_t> m_group_index;
  std::optional<bool> m_timestamped;
  std::optional<double> m_start_s, m_end_s;
  long long m_used = 0, m_out_of_order = 0, m_not_finite = 0, m_out_of_range = 0;
  std::vector<std::string> m_unknown_mig;
};

}  // namespace nimcost
