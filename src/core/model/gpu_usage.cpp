// GPU usage attribution: see attribution.hpp for the interval rules.
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace nimcost {

namespace {

constexpr std::array<std::pair<DcgmMetric, std::string_view>, 8> k_metrics = {{
    {DcgmMetric::gpu_util, "DCGM_FI_DEV_GPU_UTIL"},
    {DcgmMetric::engine_active, "DCGM_FI_PROF_GR_ENGINE_ACTIVE"},
    {DcgmMetric::fb_used, "DCGM_FI_DEV_FB_USED"},
    {DcgmMetric::power, "DCGM_FI_DEV_POWER_USAGE"},
    {DcgmMetric::prompt_tokens, "prompt_tokens_total"},  // NIM's name first: the one printed
    {DcgmMetric::prompt_tokens, "vllm:prompt_tokens_total"},
    {DcgmMetric::generation_tokens, "generation_tokens_total"},
    {DcgmMetric::generation_tokens, "vllm:generation_tokens_total"},
}};

constexpr std::array<std::pair<GroupBy, std::string_view>, 6> k_group_names = {{
    {GroupBy::kube_namespace, "namespace"},
    {GroupBy::pod, "pod"},
    {GroupBy::container, "container"},
    {GroupBy::gpu, "gpu"},
    {GroupBy::node, "node"},
    {GroupBy::model, "model"},
}};

constexpr const char* k_unattributed = "unattributed";

std::string or_unknown(const std::string& s, const char* fallback) { return s.empty() ? fallback : s; }

}  // namespace

std::optional<DcgmMetric> dcgm_metric(std::string_view name) {
  for (const auto& [metric, text] : k_metrics) {
    if (text == name) return metric;
  }
  return std::nullopt;
}

std::string_view dcgm_metric_name(DcgmMetric m) {
  for (const auto& [metric, text] : k_metrics) {
    if (metric == m) return text;
  }
  return "";
}

bool dcgm_value_in_range(DcgmMetric metric, double value) {
  switch (metric) {
    case DcgmMetric::gpu_util: return value >= 0.0 && value <= 100.0;
    case DcgmMetric::engine_active: return value >= 0.0 && value <= 1.0;
    case DcgmMetric::fb_used:
    case DcgmMetric::power:
    case DcgmMetric::prompt_tokens:
    case DcgmMetric::generation_tokens: return value >= 0.0;
  }
  return true;
}

GroupBy parse_group_by(std::string_view text) {
  for (const auto& [by, name] : k_group_names) {
    if (same_name(text, name)) return by;
  }
  std::vector<std::string> known;
  for (const auto& entry : k_group_names) known.emplace_back(entry.second);
  throw usage_error(fmt::format("--by must be namespace, pod, container, gpu, node or model, got '{}'{}", text,
                                did_you_mean(text, known)));
}

std::string_view group_by_name(GroupBy by) {
  for (const auto& [value, name] : k_group_names) {
    if (value == by) return name;
  }
  return "namespace";
}

std::string device_key(const DcgmLabels& l) {
  std::string key = or_unknown(l.node, "node?") + "/" + (l.uuid.empty() ? "gpu" + or_unknown(l.gpu, "?") : l.uuid);
  if (!l.mig_instance.empty() || !l.mig_profile.empty()) {
    key += "/mig" + or_unknown(l.mig_instance, "?");
    if (!l.mig_profile.empty()) key += "(" + l.mig_profile + ")";
  }
  return key;
}

std::string group_key(const DcgmLabels& l, GroupBy by) {
  switch (by) {
    case GroupBy::kube_namespace: return or_unknown(l.kube_namespace, k_unattributed);
    case GroupBy::pod:
      if (l.pod.empty()) return k_unattributed;
      return or_unknown(l.kube_namespace, "?") + "/" + l.pod;
    case GroupBy::container:
      if (l.pod.empty()) return k_unattributed;
      return or_unknown(l.kube_namespace, "?") + "/" + l.pod + "/" + or_unknown(l.container, "?");
    case GroupBy::gpu: return device_key(l);
    case GroupBy::node: return or_unknown(l.node, "unknown node");
    case GroupBy::model: return or_unknown(l.model, "unknown model");
  }
  return k_unattributed;
}

UsageAccumulator::UsageAccumulator(UsageOptions options, const Catalog& catalog)
    : m_options(options), m_catalog(&catalog) {}

const UsageAccumulator::Series& UsageAccumulator::series_for(const DcgmSample& sample) {
  if (sample.series >= m_series.size()) m_series.resize(sample.series + 1);
  std::optional<Series>& slot = m_series[sample.series];
  if (slot) return *slot;
  const DcgmLabels& l = *sample.labels;
  Series s;
  const std::string device = device_key(l);
  auto [it, added] = m_device_index.emplace(device, m_devices.size());
  if (added) {
    Device d;
    d.key = device;
    d.model = or_unknown(l.model, "unknown model");
    d.mig = !l.mig_instance.empty() || !l.mig_profile.empty();
    m_devices.push_back(std::move(d));
  }
  s.device = it->second;
  const std::string group = group_key(l, m_options.by);
  auto [git, gadded] = m_group_index.emplace(group, m_groups.size());
  if (gadded) m_groups.push_back(group);
  s.group = git->second;
  if (!l.mig_profile.empty()) {
    if (const MigProfile* p = m_catalog->mig_profile(l.mig_profile)) {
      s.share = p->share();
    } else {
      // An unknown profile "Ng.XXgb" still names its compute slices; anything else counts whole.
      int slices = 0;
      if (l.mig_profile.size() > 1 && l.mig_profile[1] == 'g') slices = l.mig_profile[0] - '0';
      s.share = slices >= 1 && slices <= 7 ? slices / 7.0 : 1.0;
      if (std::find(m_unknown_mig.begin(), m_unknown_mig.end(), l.mig_profile) == m_unknown_mig.end()) {
        m_unknown_mig.push_back(l.mig_profile);
      }
    }
  }
  slot = s;
  return *slot;
}

void UsageAccumulator::charge(Device& d, DcgmMetric metric, const Track& from, double seconds) {
  Cell& c = d.cells[from.group];
  const double hours = seconds / 3600.0 * from.share;
  switch (metric) {
    case DcgmMetric::gpu_util:
      c.util_hours += hours;
      c.util_active += hours * std::clamp(from.value / 100.0, 0.0, 1.0);
      break;
    case DcgmMetric::engine_active:
      c.engine_hours += hours;
      c.engine_active += hours * std::clamp(from.value, 0.0, 1.0);
      break;
    case DcgmMetric::fb_used:
      c.fb_mib_hours += seconds / 3600.0 * std::max(0.0, from.value);
      c.fb_hours += seconds / 3600.0;
      break;
    case DcgmMetric::power: c.energy_wh += hours * std::max(0.0, from.value); break;
    case DcgmMetric::prompt_tokens:
    case DcgmMetric::generation_tokens: break;  // counted by TokenCounter
  }
}

void UsageAccumulator::add(const DcgmSample& sample) {
  if (is_token_counter(sample.metric)) return;  // tokens are TokenCounter's
  if (!std::isfinite(sample.value)) {
    ++m_not_finite;
    return;
  }
  // Counted where the sample is used (not when it is skipped as out of order).
  const long long out_of_range = dcgm_value_in_range(sample.metric, sample.value) ? 0 : 1;
  const bool timestamped = sample.time_s.has_value();
  if (!m_timestamped) m_timestamped = timestamped;
  if (*m_timestamped != timestamped) {
    throw input_error("some samples have timestamps and others do not; concatenated scrapes need timestamps on "
                      "every sample");
  }
  const Series& s = series_for(sample);
  Device& d = m_devices[s.device];
  Track& track = d.tracks[static_cast<int>(sample.metric)];
  d.cells[s.group].samples += 1;
  ++m_used;
  if (!timestamped) {
    if (track.seen) {
      throw input_error(fmt::format("{} repeats for {} without timestamps; concatenated scrapes need timestamps",
                                    dcgm_metric_name(sample.metric), d.key));
    }
    if (!m_options.period_s) {
      throw usage_error("the samples have no timestamps (a single scrape): give --period, e.g. --period 30d");
    }
    track = Track{true, 0.0, sample.value, s.group, s.share};
    m_out_of_range += out_of_range;
    charge(d, sample.metric, track, *m_options.period_s);
    return;
  }
  const double t = *sample.time_s;
  m_start_s = m_start_s ? std::min(*m_start_s, t) : t;
  m_end_s = m_end_s ? std::max(*m_end_s, t) : t;
  if (track.seen) {
    const double dt = t - track.time_s;
    if (dt <= 0.0) {
      ++m_out_of_order;
      return;
    }
    if (dt > m_options.max_gap_s) {
      if (sample.metric == DcgmMetric::gpu_util || sample.metric == DcgmMetric::engine_active) {
        d.gaps += 1;
        d.gap_hours += dt / 3600.0 * track.share;
      }
    } else {
      charge(d, sample.metric, track, dt);
    }
  }
  track = Track{true, t, sample.value, s.group, s.share};
  m_out_of_range += out_of_range;
}

UsageTotals UsageAccumulator::finish() const {
  UsageTotals totals;
  totals.by = m_options.by;
  std::vector<UsageTally> groups(m_groups.size());
  for (std::size_t i = 0; i < m_groups.size(); ++i) groups[i].key = m_groups[i];
  totals.fleet.key = "fleet";
  for (const Device& d : m_devices) {
    // Activity from DCGM_FI_PROF_GR_ENGINE_ACTIVE where the device reports it, else GPU_UTIL.
    bool engine = false;
    for (const auto& [group, cell] : d.cells) engine = engine || cell.engine_hours > 0.0;
    totals.activity_source.push_back(fmt::format("{}: {}", d.key, engine ? "DCGM_FI_PROF_GR_ENGINE_ACTIVE"
                                                                          : "DCGM_FI_DEV_GPU_UTIL"));
    for (const auto& [group, cell] : d.cells) {
      UsageTally& g = groups[group];
      const double hours = engine ? cell.engine_hours : cell.util_hours;
      const double active = engine ? cell.engine_active : cell.util_active;
      for (UsageTally* t : {&g, &totals.fleet}) {
        t->gpu_hours += hours;
        t->active_gpu_hours += active;
        t->energy_kwh += cell.energy_wh / 1000.0;
        t->fb_mib_hours += cell.fb_mib_hours;
        t->fb_hours += cell.fb_hours;
        t->samples += cell.samples;
        if (hours > 0.0) t->gpu_hours_by_model[d.model] += hours;
      }
    }
    if (d.gaps > 0) {
      totals.gaps.push_back({d.key, d.gaps, d.gap_hours});
      totals.gap_count += d.gaps;
      totals.gap_hours += d.gap_hours;
    }
    totals.mig_slices += d.mig ? 1 : 0;
  }
  totals.devices = static_cast<int>(m_devices.size());
  for (auto& g : groups) {
    if (g.samples > 0) totals.groups.push_back(std::move(g));
  }
  std::stable_sort(totals.groups.begin(), totals.groups.end(),
                   [](const UsageTally& a, const UsageTally& b) { return a.gpu_hours > b.gpu_hours; });
  std::stable_sort(totals.gaps.begin(), totals.gaps.end(),
                   [](const GapReport& a, const GapReport& b) { return a.hours > b.hours; });
  totals.start_s = m_start_s;
  totals.end_s = m_end_s;
  if (m_timestamped.value_or(false)) {
    totals.period_hours = m_start_s && m_end_s ? (*m_end_s - *m_start_s) / 3600.0 : 0.0;
  } else if (m_options.period_s) {
    totals.period_hours = *m_options.period_s / 3600.0;
  }
  totals.samples_used = m_used;
  totals.samples_out_of_order = m_out_of_order;
  totals.samples_not_finite = m_not_finite;
  totals.samples_out_of_range = m_out_of_range;
  totals.unknown_mig_profiles = m_unknown_mig;
  if (m_out_of_order > 0) {
    totals.warnings.push_back(fmt::format("{} samples were not later than their series' previous sample and were "
                                          "skipped",
                                          m_out_of_order));
  }
  if (m_out_of_range > 0) {
    totals.warnings.push_back(fmt::format("{} samples were outside their metric's range (utilization 0-100 %, engine "
                                          "activity 0-1, memory and power at least 0) and were clamped to it",
                                          m_out_of_range));
  }
  if (m_not_finite > 0) totals.warnings.push_back(fmt::format("{} samples were NaN or infinite and were skipped", m_not_finite));
  if (totals.gap_count > 0) {
    totals.warnings.push_back(fmt::format("{} gaps longer than {:g} s on {} device(s): {:.2f} GPU-hours not observed "
                                          "and not charged",
                                          totals.gap_count, m_options.max_gap_s, totals.gaps.size(), totals.gap_hours));
  }
  for (const auto& p : m_unknown_mig) {
    totals.warnings.push_back(fmt::format("MIG profile '{}' is not in the catalog; charged by its compute slices", p));
  }
  if (m_timestamped.value_or(false) && totals.fleet.gpu_hours == 0.0 && m_used > 0) {
    totals.warnings.push_back("each series has a single sample: no interval to charge; give --period for a single "
                              "scrape, or concatenate scrapes with timestamps");
  }
  return totals;
}

}  // namespace nimcost
