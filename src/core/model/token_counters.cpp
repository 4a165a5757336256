// Counter increases per series, then sums per group and per model.
#include <nimcost/model/token_counters.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

void TokenCounter::add(const DcgmSample& s) {
  if (!is_token_counter(s.metric) || !std::isfinite(s.value) || s.value < 0.0) return;
  // A label set names a device or a pod, not a counter: prompt and generation counters often share
  // one, so each counter is its own series here.
  const std::size_t index = s.series * 2 + (s.metric == DcgmMetric::prompt_tokens ? 0 : 1);
  if (index >= m_series.size()) m_series.resize(index + 1);
  std::optional<Series>& slot = m_series[index];
  if (!slot) {
    Series series;
    series.group = group_key(*s.labels, m_by);
    series.model = s.labels->served_model.empty() ? "unknown model" : s.labels->served_model;
    series.input = s.metric == DcgmMetric::prompt_tokens;
    slot = std::move(series);
  }
  Series& series = *slot;
  if (series.last_time_s && s.time_s && *s.time_s <= *series.last_time_s) {
    ++m_out_of_order;
    return;
  }
  ++m_samples;
  ++series.samples;
  if (series.last_value) {
    // increase(): a drop is a restart from 0, so everything counted since is new.
    if (s.value >= *series.last_value) {
      series.increase += s.value - *series.last_value;
    } else {
      series.increase += s.value;
      ++m_resets;
    }
  }
  series.last_value = s.value;
  series.last_time_s = s.time_s;
}

TokenTotals TokenCounter::finish() const {
  TokenTotals t;
  long long single = 0;
  for (const auto& slot : m_series) {
    if (!slot) continue;
    const Series& s = *slot;
    ++t.series;
    if (s.samples < 2) ++single;
    const auto add = [&](TokenTally& tally) { (s.input ? tally.input : tally.output) += s.increase; };
    add(t.by_group[s.group]);
    add(t.by_model[s.model]);
    add(t.by_group_and_model[s.group][s.model]);
    add(t.total);
  }
  t.samples = m_samples;
  t.resets = m_resets;
  if (single > 0) {
    t.warnings.push_back(fmt::format("{} token counter series have a single sample: no increase to count (a counter "
                                     "needs two samples in the period)",
                                     single));
  }
  if (m_out_of_order > 0) {
    t.warnings.push_back(fmt::format("{} token counter samples were not later than their series' previous one and "
                                     "were skipped",
                                     m_out_of_order));
  }
  return t;
}

}  // namespace nimcost
