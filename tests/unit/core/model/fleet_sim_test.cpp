// Unit tests of src/core/model/fleet_sim.cpp (doctest suite "core/model/fleet_sim"); split from a file that said:
//   The month simulation: hand-computed steady cases, overflow and spill, batch windows, billing,
//   determinism, and the article's utilization claims.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/evaluate/simulate.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/report/simulate_report.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <doctest/doctest.h>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_month_s = 730.0 * 3600.0;

TrafficProfile steady() { return builtin_catalog().traffic_profile("steady"); }

// One part of flat demand at 1,000 tokens/s per replica, $2/GPU-hour, no license, $5/M on the API.
SimSetup flat(double tokens_per_month, FleetPolicy policy, int replicas) {
  SimSetup s;
  s.parts.push_back({"flat", steady(), tokens_per_month, 1000.0, 5.0});
  s.policy.policy = policy;
  s.policy.replicas = replicas;
  s.usd_per_gpu_hour = 2.0;
  s.billing_granularity_s = 1.0;
  return s;
}

TrafficProfile nightly(double window_hours) {
  TrafficProfile p = builtin_catalog().traffic_profile("batch");
  p.burstiness = 0.0;
  p.window_hours = window_hours;
  return p;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/fleet_sim");

TEST_CASE("steady demand on a fixed fleet: utilization, cost and the API bill by hand") {
  const SimResult r = simulate(flat(1e9, FleetPolicy::fixed, 1), 1, 4);
  CHECK(r.steps == 43800);
  CHECK(r.demand_tokens == doctest::Approx(1e9));
  CHECK(r.utilization.mean == doctest::Approx(1e9 / (1000.0 * k_month_s)));
  CHECK(r.utilization.p5 == r.utilization.p95);  // no randomness in a flat profile
  CHECK(r.total_usd.p50 == doctest::Approx(730.0 * 2.0));
  CHECK(r.gpu_usd == doctest::Approx(1460.0));
  CHECK(r.api_only_usd == doctest::Approx(5000.0));
  CHECK(r.slo_violation_fraction.mean == 0.0);
  CHECK(r.spilled_tokens.mean == 0.0);
  CHECK(*r.effective_per_mtok_usd == doctest::Approx(1.46));
}

TEST_CASE("demand above capacity: a fixed fleet falls behind, a hybrid spills exactly the excess") {
  const double demand = 2.0 * 1000.0 * k_month_s;  // twice what one replica serves
  const SimResult fixed = simulate(flat(demand, FleetPolicy::fixed, 1), 1, 1);
  CHECK(fixed.slo_violation_fraction.mean == doctest::Approx(1.0));
  CHECK(fixed.utilization.mean == doctest::Approx(1.0));
  const SimResult hybrid = simulate(flat(demand, FleetPolicy::hybrid, 1), 1, 1);
  CHECK(hybrid.slo_violation_fraction.mean == 0.0);
  CHECK(hybrid.spilled_tokens.mean == doctest::Approx(demand / 2.0));
  CHECK(hybrid.api_spill_usd == doctest::Approx(demand / 2.0 * 5.0 / 1e6));
  CHECK(hybrid.total_usd.mean == doctest::Approx(1460.0 + demand / 2.0 * 5.0 / 1e6));
  // A hybrid of no GPUs is the API alone.
  const SimResult api = simulate(flat(demand, FleetPolicy::hybrid, 0), 1, 1);
  CHECK(api.total_usd.mean == doctest::Approx(api.api_only_usd));
  CHECK(api.gpu_usd == 0.0);
}

TEST_CASE("license terms: annual plans pay for the most GPUs held, hourly plans for billed hours") {
  SimSetup s = flat(1e9, FleetPolicy::fixed, 3);
  s.gpus_per_replica = 2;
  s.license_usd_per_gpu_month = 375.0;
  CHECK(simulate(s, 1, 1).license_usd == doctest::Approx(6 * 375.0));
  s.license_usd_per_gpu_month = 0.0;
  s.license_usd_per_gpu_hour = 1.0;
  CHECK(simulate(s, 1, 1).license_usd == doctest::Approx(6 * 730.0));
  CHECK(simulate(s, 1, 1).gpu_usd == doctest::Approx(6 * 730.0 * 2.0));
}

TEST_CASE("a nightly batch: a fixed fleet idles all day, an autoscaled one runs near full") {
  const double per_night = 4 * 1000.0 * 8 * 3600.0;  // four replicas' worth of 8 hours
  const double nights = 30.0;                        // 22:00 arrivals in 730 hours: days 0..29 (the 31st is past 730 h)
  SimSetup s;
  s.parts.push_back({"nightly", nightly(8.0), per_night * nights, 1000.0, 5.0});
  s.usd_per_gpu_hour = 2.0;
  s.billing_granularity_s = 1.0;
  s.policy.policy = FleetPolicy::fixed;
  s.policy.replicas = 4;
  SimResult r = simulate(s, 1, 1);
  CHECK(r.demand_tokens == doctest::Approx(per_night * nights));
  CHECK(r.slo_violation_fraction.mean == 0.0);
  CHECK(r.utilization.mean == doctest::Approx(per_night * nights / (4 * 1000.0 * k_month_s)));  // about 1/3

  s.policy.policy = FleetPolicy::autoscale;
  s.policy.min_replicas = 0;
  s.policy.max_replicas = 16;
  s.policy.scale_up_delay_s = 300.0;
  s.policy.scale_down_after_s = 600.0;
  r = simulate(s, 1, 1);
  CHECK(r.slo_violation_fraction.mean == 0.0);
  CHECK(r.utilization.mean > 0.85);  // billed only while the night's job runs
  CHECK(r.total_usd.mean < 0.45 * 4 * 730.0 * 2.0);

  // Billing by the hour rounds every session up: never cheaper than by the second.
  SimSetup hourly = s;
  hourly.billing_granularity_s = 3600.0;
  const SimResult h = simulate(hourly, 1, 1);
  CHECK(h.gpu_usd >= r.gpu_usd);
  CHECK(h.utilization.mean <= r.utilization.mean);

  // A window too short for the fleet: overdue jobs violate the SLO, or spill under hybrid.
  s.parts[0].profile = nightly(2.0);
  s.policy.policy = FleetPolicy::fixed;
  CHECK(simulate(s, 1, 1).slo_violation_fraction.mean > 0.0);
  s.policy.policy = FleetPolicy::hybrid;
  const SimResult spilled = simulate(s, 1, 1);
  CHECK(spilled.slo_violation_fraction.mean == 0.0);
  CHECK(spilled.spilled_tokens.mean == doctest::Approx(per_night * nights * 0.75).epsilon(0.01));  // 2 of 8 hours served
}

TEST_CASE("hybrid with realtime to the API: the fleet serves the batch, the API every realtime token") {
  const double per_night = 2 * 1000.0 * 8 * 3600.0;
  SimSetup s = flat(1e9, FleetPolicy::hybrid, 2);
  s.parts.push_back({"nightly", nightly(8.0), per_night * 30.0, 1000.0, 2.0});
  s.policy.realtime_to_api = true;
  const SimResult r = simulate(s, 1, 1);
  CHECK(r.spilled_tokens.mean == doctest::Approx(1e9));
  CHECK(r.api_spill_usd == doctest::Approx(1e9 * 5.0 / 1e6));
  CHECK(r.slo_violation_fraction.mean == 0.0);
  CHECK(r.utilization.mean == doctest::Approx(per_night * 30.0 / (2 * 1000.0 * k_month_s)));
}

TEST_CASE("the same seed gives the same month on any number of threads; another seed differs") {
  SimSetup s = flat(3e9, FleetPolicy::fixed, 2);
  s.parts[0].profile = builtin_catalog().traffic_profile("realtime");
  const SimResult a = simulate(s, 7, 40, 1);
  const SimResult b = simulate(s, 7, 40, 2);
  CHECK(a.total_usd.mean == b.total_usd.mean);
  CHECK(a.utilization.p5 == b.utilization.p5);
  CHECK(a.utilization_over_time.p95 == b.utilization_over_time.p95);
  CHECK(a.slo_violation_fraction.mean == b.slo_violation_fraction.mean);
  CHECK(a.demand_tokens == b.demand_tokens);
  const SimResult c = simulate(s, 8, 40, 2);
  CHECK(c.demand_tokens != a.demand_tokens);
  // The noise has mean 1: demand over many months averages to the month's volume.
  CHECK(a.demand_tokens == doctest::Approx(3e9).epsilon(0.01));
}

TEST_CASE("bursty realtime demand needs headroom; the step size does not change the statistics much") {
  SimSetup s = flat(1000.0 * k_month_s, FleetPolicy::fixed, 1);  // the mean fills one replica
  s.parts[0].profile = builtin_catalog().traffic_profile("realtime");
  CHECK(simulate(s, 1, 8).slo_violation_fraction.mean > 0.3);
  s.policy.replicas = 4;  // the weekday peak is 1.6x the mean; bursts on top of it rarely reach 4x
  CHECK(simulate(s, 1, 8).slo_violation_fraction.mean < 0.005);
  s.policy.replicas = 2;
  const double minute = simulate(s, 1, 8).utilization_over_time.p95;
  s.step_s = 10.0;
  const double ten_seconds = simulate(s, 1, 8).utilization_over_time.p95;
  CHECK(ten_seconds == doctest::Approx(minute).epsilon(0.1));
}

TEST_CASE("setups that cannot run are usage errors") {
  SimSetup s = flat(1e9, FleetPolicy::fixed, 1);
  s.step_s = 0.5;
  CHECK_THROWS_WITH_AS(simulate(s, 1, 1), doctest::Contains("--step must be from 1s to 1h"), Error);
  s.step_s = 60.0;
  s.policy.replicas = 0;
  CHECK_THROWS_AS(simulate(s, 1, 1), Error);
  s.policy.replicas = 1;
  CHECK_THROWS_WITH_AS(simulate(s, 1, 0), doctest::Contains("--seeds"), Error);
  CHECK_THROWS_AS(parse_policy("spot"), Error);
}

TEST_SUITE_END();
