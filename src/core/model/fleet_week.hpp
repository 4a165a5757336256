// The typical week of one seed's month (internal to the fleet simulation): each hour's tallies of
// demand, service, spill and fleet size, folded onto the 168 hours of the week (the month starts on
// a Monday at midnight) and averaged over the month's occurrences of each hour, weighted by time, so
// that a last partial hour counts for what it lasted.
#pragma once

#include <nimcost/model/fleet_sim.hpp>

#include <array>
#include <cstddef>

namespace nimcost::fleet_month {

inline constexpr int k_hours_per_week = 168;

// One hour of the month so far, in replica-seconds (violating_s: seconds with a violating step).
// busy and held also feed the utilization histogram.
struct HourTally {
  double realtime_demand = 0.0, batch_demand = 0.0, realtime_served = 0.0, busy = 0.0, spilled = 0.0,
         capacity = 0.0, held = 0.0, violating_s = 0.0;
};

// WeekHour's figures in one order, shared by the per-seed averages and the bands across seeds.
inline constexpr std::array<Band WeekHour::*, 9> k_week_figures = {
    &WeekHour::realtime_demand, &WeekHour::batch_demand, &WeekHour::realtime_served, &WeekHour::batch_served,
    &WeekHour::spilled,         &WeekHour::capacity,     &WeekHour::held,            &WeekHour::slo_violating,
    &WeekHour::demand};

// One seed's week: per hour of the week, each figure of k_week_figures (replicas; a fraction for
// slo_violating).
using WeekValues = std::array<std::array<double, k_week_figures.size()>, k_hours_per_week>;

class WeekTally {
public:
  // Adds an hour of the month that began at hour `hour_of_week` and lasted `duration_s`.
  void add(int hour_of_week, const HourTally& hour, double duration_s);
  // The time-weighted averages; 0 for an hour of the week the month never reached.
  WeekValues averages() const;

private:
  WeekValues m_sums{};
  std::array<double, k_hours_per_week> m_seconds{};
};

}  // namespace nimcost::fleet_month
