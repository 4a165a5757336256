// Folding a seed's hours onto the week (see fleet_week.hpp).
#include "fleet_week.hpp"

#include <algorithm>

namespace nimcost::fleet_month {

void WeekTally::add(int hour_of_week, const HourTally& h, double duration_s) {
  if (duration_s <= 0.0) return;
  auto& sums = m_sums[static_cast<std::size_t>(hour_of_week)];
  // batch_served from busy: one addition less per step, and busy is what the histogram needs anyway.
  const std::array<double, k_week_figures.size()> hour = {
      h.realtime_demand, h.batch_demand, h.realtime_served, std::max(h.busy - h.realtime_served, 0.0),
      h.spilled,         h.capacity,     h.held,            h.violating_s,
      h.realtime_demand + h.batch_demand};
  for (std::size_t f = 0; f < hour.size(); ++f) sums[f] += hour[f];
  m_seconds[static_cast<std::size_t>(hour_of_week)] += duration_s;
}

WeekValues WeekTally::averages() const {
  WeekValues out{};
  for (std::size_t how = 0; how < out.size(); ++how) {
    if (m_seconds[how] <= 0.0) continue;
    for (std::size_t f = 0; f < out[how].size(); ++f) out[how][f] = m_sums[how][f] / m_seconds[how];
  }
  return out;
}

}  // namespace nimcost::fleet_month
