// Unit tests of the simulated month's typical week (src/core/model/fleet_week.cpp and its tallies in
// fleet_month.cpp; doctest suite "core/model/fleet_week"): flat demand against fixed and hybrid fleets
// by hand, a nightly batch's hours, a daily shape's peak, the bands, threads, the seed bound, and the
// week adding up to the month's busy time.
#include "helpers.hpp"

#include <nimcost/model/fleet_search.hpp>
#include <nimcost/model/fleet_sim.hpp>

#include <doctest/doctest.h>

#include <vector>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_month_s = 730.0 * 3600.0;

// Flat demand (the steady profile has no noise) of `replicas_of_demand` replicas at 1,000 tokens/s each.
SimSetup flat(double replicas_of_demand, FleetPolicy policy, int replicas) {
  SimSetup s;
  s.parts.push_back({"flat", builtin_catalog().traffic_profile("steady"), replicas_of_demand * 1000.0 * k_month_s, 1000.0, 5.0});
  s.policy.policy = policy;
  s.policy.replicas = replicas;
  s.usd_per_gpu_hour = 2.0;
  s.billing_granularity_s = 1.0;
  return s;
}

TrafficProfile nightly() {
  TrafficProfile p = builtin_catalog().traffic_profile("batch");  // 22:00, due by 06:00
  p.burstiness = 0.0;
  return p;
}

// Seconds of the month at each hour of the week: whole hours from Monday 00:00, then a partial one.
std::vector<double> seconds_per_hour_of_week(double hours) {
  std::vector<double> seconds(168, 0.0);
  for (int h = 0; h < static_cast<int>(hours); ++h) seconds[static_cast<std::size_t>(h % 168)] += 3600.0;
  const double partial = hours - static_cast<int>(hours);
  seconds[static_cast<std::size_t>(static_cast<int>(hours) % 168)] += partial * 3600.0;
  return seconds;
}

bool same(const Band& a, const Band& b) { return a.p5 == b.p5 && a.p50 == b.p50 && a.p95 == b.p95 && a.mean == b.mean; }

bool same_week(const SimResult& a, const SimResult& b) {
  if (a.week.size() != b.week.size()) return false;
  for (std::size_t h = 0; h < a.week.size(); ++h) {
    const WeekHour& x = a.week[h];
    const WeekHour& y = b.week[h];
    if (!same(x.realtime_demand, y.realtime_demand) || !same(x.batch_demand, y.batch_demand) ||
        !same(x.realtime_served, y.realtime_served) || !same(x.batch_served, y.batch_served) ||
        !same(x.spilled, y.spilled) || !same(x.capacity, y.capacity) || !same(x.held, y.held) ||
        !same(x.slo_violating, y.slo_violating) || !same(x.demand, y.demand)) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/fleet_week");

TEST_CASE("flat demand under a fixed fleet: every hour holds N, demands the rate and serves it") {
  const SimResult r = simulate(flat(2.5, FleetPolicy::fixed, 3), 1, 2);
  REQUIRE(r.week.size() == 168);
  CHECK(r.week_seeds == 2);
  for (const WeekHour& h : r.week) {
    CHECK(h.capacity.mean == doctest::Approx(3.0));
    CHECK(h.held.p5 == doctest::Approx(3.0));
    CHECK(h.held.p95 == doctest::Approx(3.0));
    CHECK(h.realtime_demand.p50 == doctest::Approx(2.5));
    CHECK(h.realtime_served.mean == doctest::Approx(2.5));
    CHECK(h.batch_demand.mean == 0.0);
    CHECK(h.batch_served.mean == doctest::Approx(0.0));
    CHECK(h.spilled.mean == 0.0);
    CHECK(h.slo_violating.mean == 0.0);
  }
}

TEST_CASE("flat demand over a hybrid base: it serves the base and spills the excess; realtime to the API spills all") {
  const SimResult r = simulate(flat(2.5, FleetPolicy::hybrid, 2), 1, 1);
  for (const WeekHour& h : r.week) {
    CHECK(h.capacity.mean == doctest::Approx(2.0));
    CHECK(h.realtime_demand.mean == doctest::Approx(2.5));
    CHECK(h.realtime_served.mean == doctest::Approx(2.0));
    CHECK(h.spilled.mean == doctest::Approx(0.5));
    CHECK(h.slo_violating.mean == 0.0);
  }
  SimSetup s = flat(2.5, FleetPolicy::hybrid, 1);
  s.policy.realtime_to_api = true;
  const SimResult api = simulate(s, 1, 1);
  CHECK(api.week[40].realtime_demand.mean == doctest::Approx(2.5));
  CHECK(api.week[40].spilled.mean == doctest::Approx(2.5));
  CHECK(api.week[40].realtime_served.mean == 0.0);
  CHECK(api.week[40].held.mean == doctest::Approx(1.0));
  // Over capacity on a fixed fleet: every hour violates.
  CHECK(simulate(flat(2.5, FleetPolicy::fixed, 2), 1, 1).week[100].slo_violating.mean == doctest::Approx(1.0));
}

TEST_CASE("a month's last partial hour counts for its time: flat demand stays flat at every hour") {
  SimSetup s = flat(2.0, FleetPolicy::fixed, 4);
  s.hours = 730.5;  // hour 730, Tuesday 10:00 (hour of the week 58), lasts half an hour
  const SimResult r = simulate(s, 1, 1);
  CHECK(r.week[58].realtime_demand.mean == doctest::Approx(r.week[57].realtime_demand.mean));
  CHECK(r.week[58].capacity.mean == doctest::Approx(4.0));
}

TEST_CASE("a nightly batch on a fixed fleet: 22:00 brings 8 hours of 4 replicas, served until 06:00") {
  SimSetup s;
  const double per_night = 4 * 1000.0 * 8 * 3600.0;
  s.parts.push_back({"nightly", nightly(), per_night * 30.0, 1000.0, 5.0});  // 30 nights in 730 hours
  s.policy.replicas = 4;
  s.usd_per_gpu_hour = 2.0;
  const SimResult r = simulate(s, 1, 1);
  CHECK(r.week[22].batch_demand.mean == doctest::Approx(32.0));  // a night's work arrives in one step
  CHECK(r.week[23].batch_demand.mean == 0.0);
  CHECK(r.week[22].batch_served.mean == doctest::Approx(4.0));
  CHECK(r.week[24 + 2].batch_served.mean == doctest::Approx(4.0));  // Tuesday 02:00, after Monday's night
  CHECK(r.week[2].batch_served.mean == doctest::Approx(4.0 * 4.0 / 5.0));  // the first Monday had no night before
  CHECK(r.week[5 * 24 + 10].batch_served.mean == doctest::Approx(0.0));  // Saturday 10:00: idle
  CHECK(r.week[5 * 24 + 10].held.mean == doctest::Approx(4.0));
}

TEST_CASE("a daily shape shows its peak hour, and the weekend its factor") {
  SimSetup s = flat(1.0, FleetPolicy::fixed, 4);
  TrafficProfile& p = s.parts[0].profile;
  p.hourly.assign(24, 1.0);
  p.hourly[14] = 2.0;
  p.weekend_factor = 0.5;
  const SimResult r = simulate(s, 1, 1);
  std::size_t peak = 0;
  for (std::size_t h = 0; h < r.week.size(); ++h) {
    if (r.week[h].realtime_demand.mean > r.week[peak].realtime_demand.mean + 1e-9) peak = h;
  }
  CHECK(peak == 14);  // Monday 14:00, the first of the five weekday peaks
  CHECK(r.week[14].realtime_demand.mean == doctest::Approx(2.0 * r.week[13].realtime_demand.mean));
  CHECK(r.week[5 * 24 + 14].realtime_demand.mean == doctest::Approx(0.5 * r.week[14].realtime_demand.mean));
  CHECK(r.week[14].realtime_served.mean == doctest::Approx(r.week[14].realtime_demand.mean));
}

TEST_CASE("the week adds up to the month: busy time and demand, the partial hour included") {
  SimSetup s = flat(1.5, FleetPolicy::fixed, 3);
  s.parts[0].profile = builtin_catalog().traffic_profile("realtime");  // noisy, daily and weekly shape
  s.parts.push_back({"nightly", nightly(), 1000.0 * 3600.0 * 4 * 30, 1000.0, 5.0});
  s.hours = 730.5;
  const SimResult r = simulate(s, 3, 1);
  const std::vector<double> seconds = seconds_per_hour_of_week(s.hours);
  double served = 0.0, demand = 0.0;
  for (std::size_t h = 0; h < 168; ++h) {
    served += (r.week[h].realtime_served.mean + r.week[h].batch_served.mean) * seconds[h];
    demand += (r.week[h].realtime_demand.mean + r.week[h].batch_demand.mean) * seconds[h];
    // Demand together is banded as one figure: its mean is the parts' sum, its band at least the widest part's floor.
    CHECK(r.week[h].demand.mean == doctest::Approx(r.week[h].realtime_demand.mean + r.week[h].batch_demand.mean));
    CHECK(r.week[h].demand.p95 >= std::max(r.week[h].realtime_demand.p5, r.week[h].batch_demand.p5));
  }
  const double busy = r.utilization.mean * r.billed_gpu_hours * 3600.0;  // one GPU a replica, billed all month
  CHECK(served == doctest::Approx(busy).epsilon(1e-9));
  CHECK(demand * 1000.0 == doctest::Approx(r.demand_tokens).epsilon(1e-9));
}

TEST_CASE("bands over seeds are ordered, the same on any number of threads, and from the first 1000 seeds") {
  SimSetup s = flat(1.5, FleetPolicy::hybrid, 2);
  s.parts[0].profile = builtin_catalog().traffic_profile("realtime");
  const SimResult a = simulate(s, 7, 40, 1);
  const SimResult b = simulate(s, 7, 40, 2);
  CHECK(a.week_seeds == 40);
  CHECK(same_week(a, b));
  bool spread = false;
  for (const WeekHour& h : a.week) {
    for (const Band* band : {&h.realtime_demand, &h.realtime_served, &h.spilled, &h.capacity, &h.slo_violating}) {
      CHECK(band->p5 <= band->p50);
      CHECK(band->p50 <= band->p95);  // the mean may lie outside: spill comes in a few months' bursts
    }
    spread = spread || h.realtime_demand.p95 > h.realtime_demand.p5;
  }
  CHECK(spread);  // noisy demand differs between months

  // A week of hourly steps keeps a thousand seeds quick.
  s.hours = 168.0;
  s.step_s = 3600.0;
  const SimResult thousand = simulate(s, 7, 1000, 2);
  const SimResult more = simulate(s, 7, 1001, 2);
  CHECK(thousand.week_seeds == 1000);
  CHECK(more.week_seeds == 1000);
  CHECK(same_week(thousand, more));
  CHECK(more.total_usd.mean != thousand.total_usd.mean);  // the other figures take every seed
}

TEST_CASE("--optimize: the best policy's result, rerun with every seed, carries its week") {
  const OptimizeResult o = optimize_policy(flat(2.5, FleetPolicy::fixed, 1), 1, 20, 0.01, 2);
  REQUIRE(o.best);
  const SimResult& r = o.candidates[*o.best].result;
  CHECK(r.seeds == 20);
  CHECK(r.week_seeds == 20);
  REQUIRE(r.week.size() == 168);
  CHECK(r.week[0].realtime_demand.mean == doctest::Approx(2.5));
}

TEST_SUITE_END();
