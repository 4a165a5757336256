// What a seed's month needs that does not depend on the seed: each realtime part's expected tokens
// per step at every hour of the week (normalized so the month's expectation is its volume), the AR(1)
// noise terms, and the batch jobs' arrival steps.
#include "fleet_month.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/units.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace nimcost::fleet_month {

namespace {

constexpr double k_seconds_per_day = 86400.0;
constexpr double k_eps = 1e-9;

double hour_of_week_factor(const TrafficProfile& p, int hour_of_week) {
  const int day = hour_of_week / 24;  // the month starts on a Monday at midnight
  const double day_factor = day >= 5 ? p.weekend_factor : p.weekday_factor;
  const double hourly = p.hourly.size() == 24 ? p.hourly[static_cast<std::size_t>(hour_of_week % 24)] : 1.0;
  return hourly * day_factor;
}

}  // namespace

Plan make_plan(const SimSetup& s) {
  Plan plan;
  plan.step_s = s.step_s;
  plan.month_s = s.hours * k_seconds_per_hour;
  plan.steps = static_cast<long long>(std::ceil(plan.month_s / s.step_s - k_eps));
  for (std::size_t i = 0; i < s.parts.size(); ++i) {
    const SimPart& part = s.parts[i];
    const TrafficProfile& p = part.profile;
    if (p.kind == "realtime") {
      Plan::Realtime r;
      r.part = i;
      r.growth_log = std::log1p(p.growth_per_month);
      // Normalize so that the month's expected demand is exactly tokens_per_month.
      double total = 0.0;
      for (long long t = 0; t < plan.steps; ++t) {
        const int how = static_cast<int>(std::fmod(static_cast<double>(t) * s.step_s / k_seconds_per_hour, 168.0));
        total += hour_of_week_factor(p, how) * std::exp(r.growth_log * static_cast<double>(t) / static_cast<double>(plan.steps));
      }
      for (int how = 0; how < 168; ++how) {
        r.level[static_cast<std::size_t>(how)] = total > 0.0 ? part.tokens_per_month * hour_of_week_factor(p, how) / total : 0.0;
      }
      r.rho = std::exp(-s.step_s / (p.burst_minutes * 60.0));
      r.innovation = std::sqrt(std::max(0.0, 1.0 - r.rho * r.rho));
      r.noise = Lognormal(p.burstiness);
      r.work_per_token = 1.0 / part.replica_tokens_per_s;
      r.usd_per_token = part.api_per_mtok_usd / 1e6;
      plan.realtime.push_back(r);
    } else if (p.arrival == "continuous") {
      plan.continuous.push_back({i, part.tokens_per_month / static_cast<double>(plan.steps), p.window_hours * k_seconds_per_hour,
                                 Lognormal(p.burstiness)});
    } else {
      const double period = p.arrival == "hourly" ? k_seconds_per_hour : k_seconds_per_day;
      const double offset = p.arrival == "hourly" ? 0.0 : p.start_hour * k_seconds_per_hour;
      std::vector<long long> steps;
      for (double at = offset; at < plan.month_s - k_eps; at += period) {
        steps.push_back(static_cast<long long>(std::floor(at / s.step_s + k_eps)));
      }
      if (steps.empty()) {
        throw usage_error(fmt::format("workload '{}': no {} batch job arrives within a month of {:g} hours", part.name,
                                      p.arrival, s.hours));
      }
      for (long long step : steps) {
        plan.arrivals.push_back({step, i, part.tokens_per_month / static_cast<double>(steps.size())});
      }
    }
  }
  std::stable_sort(plan.arrivals.begin(), plan.arrivals.end(),
                   [](const Arrival& a, const Arrival& b) { return a.step < b.step; });
  return plan;
}

}  // namespace nimcost::fleet_month
