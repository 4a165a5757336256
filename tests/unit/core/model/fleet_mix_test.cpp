// Unit tests of committed and spot capacity in the month simulation (src/core/model/fleet_month.cpp,
// fleet_spot.cpp; doctest suite "core/model/fleet_mix"): bills by hand, the autoscaler sizing above
// the base, and spot availability and spill against their analytic expectations.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/model/fleet_search.hpp>
#include <nimcost/model/fleet_sim.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_month_s = 730.0 * 3600.0;

// Flat demand (the steady profile has no noise) at 1,000 tokens/s per replica; on-demand $2,
// committed $1.2, spot $0.8 per GPU-hour; the API $5/M.
SimSetup flat(double replicas_of_demand, FleetPolicy policy) {
  SimSetup s;
  s.parts.push_back({"flat", builtin_catalog().traffic_profile("steady"), replicas_of_demand * 1000.0 * k_month_s, 1000.0, 5.0});
  s.policy.policy = policy;
  s.policy.replicas = 0;
  s.usd_per_gpu_hour = 2.0;
  s.committed_usd_per_gpu_hour = 1.2;
  s.spot_usd_per_gpu_hour = 0.8;
  s.billing_granularity_s = 1.0;
  return s;
}

// P(X = k) for X ~ Binomial(n, p).
double binomial(int n, int k, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) +
                  (n - k) * std::log1p(-p));
}

}  // namespace

TEST_SUITE_BEGIN("core/model/fleet_mix");

TEST_CASE("a committed base is billed every hour of the month, busy or not; on-demand on top at its rate") {
  SimSetup s = flat(0.0, FleetPolicy::fixed);
  s.policy.committed_replicas = 3;
  s.gpus_per_replica = 2;
  const SimResult idle = simulate(s, 1, 2);
  CHECK(idle.committed_usd == doctest::Approx(730.0 * 3 * 2 * 1.2));
  CHECK(idle.gpu_usd == doctest::Approx(idle.committed_usd));
  CHECK(idle.billed_gpu_hours == doctest::Approx(730.0 * 6));
  CHECK(idle.utilization.mean == 0.0);

  s = flat(2.5, FleetPolicy::fixed);
  s.policy.committed_replicas = 2;
  s.policy.replicas = 1;
  const SimResult mixed = simulate(s, 1, 2);
  CHECK(mixed.committed_usd == doctest::Approx(730.0 * 2 * 1.2));
  CHECK(mixed.gpu_usd == doctest::Approx(730.0 * (2 * 1.2 + 2.0)));
  CHECK(mixed.utilization.mean == doctest::Approx(2.5 / 3.0));
  CHECK(mixed.slo_violation_fraction.mean == 0.0);
  CHECK(mixed.peak_replicas == 3.0);
}

TEST_CASE("autoscaling above a committed base: the burst is on-demand, the base is never released") {
  // 2.1 replicas of flat demand at a 70% target: the autoscaler wants 3; two are committed.
  SimSetup s = flat(2.1 * 0.7, FleetPolicy::autoscale);
  s.policy.target_utilization = 0.7;
  s.policy.committed_replicas = 2;
  s.policy.min_replicas = 0;
  s.policy.max_replicas = 4;
  s.policy.scale_up_delay_s = 0.0;
  const SimResult r = simulate(s, 1, 1);
  CHECK(r.committed_usd == doctest::Approx(730.0 * 2 * 1.2));
  // One on-demand replica from the first step's end to the month's end.
  CHECK(r.gpu_usd - r.committed_usd == doctest::Approx((k_month_s - 60.0) / 3600.0 * 2.0));
  CHECK(r.peak_replicas == 3.0);
  // Under the base's capacity, the autoscaler holds no on-demand replica at all.
  s = flat(1.0 * 0.7, FleetPolicy::autoscale);
  s.policy.target_utilization = 0.7;
  s.policy.committed_replicas = 2;
  const SimResult under = simulate(s, 1, 1);
  CHECK(under.gpu_usd == doctest::Approx(under.committed_usd));
}

TEST_CASE("spot replicas: time serving, interruptions and the bill match the renewal process's expectation") {
  SimSetup s = flat(0.0, FleetPolicy::fixed);
  s.policy.spot_replicas = 20;
  s.policy.scale_up_delay_s = 300.0;
  s.spot_interruptions_per_day = 4.0;          // 6 h serving on average
  s.spot_mean_interruption_s = 3600.0;         // 1 h away, then 5 min starting up
  const double up = 86400.0 / 4.0, cycle = up + 3600.0 + 300.0;
  const SimResult r = simulate(s, 7, 8);
  CHECK(r.spot_serving_fraction == doctest::Approx(up / cycle).epsilon(0.01));
  CHECK(r.spot_interruptions == doctest::Approx(20 * k_month_s / cycle).epsilon(0.03));
  // Billed while serving or starting up, not while away.
  CHECK(r.spot_usd == doctest::Approx(20 * 730.0 * 0.8 * (up + 300.0) / cycle).epsilon(0.01));
  CHECK(r.gpu_usd == doctest::Approx(r.spot_usd));
  // No interruptions: spot is an always-on fleet at the spot price.
  s.spot_interruptions_per_day = 0.0;
  const SimResult calm = simulate(s, 7, 1);
  CHECK(calm.spot_usd == doctest::Approx(20 * 730.0 * 0.8));
  CHECK(calm.spot_interruptions == 0.0);
}

TEST_CASE("hybrid on spot: what the missing replicas would have served spills, as the binomial says") {
  // 15 replicas of flat demand on 20 spot replicas, each serving independently with probability p.
  SimSetup s = flat(15.0, FleetPolicy::hybrid);
  s.policy.spot_replicas = 20;
  s.policy.scale_up_delay_s = 0.0;
  s.spot_interruptions_per_day = 12.0;         // 2 h serving
  s.spot_mean_interruption_s = 1800.0;         // 30 min away
  const double p = 7200.0 / 9000.0;
  double short_replicas = 0.0;
  for (int k = 0; k < 15; ++k) short_replicas += binomial(20, k, p) * (15 - k);
  const SimResult r = simulate(s, 3, 8);
  CHECK(r.spilled_tokens.mean == doctest::Approx(short_replicas * 1000.0 * k_month_s).epsilon(0.05));
  CHECK(r.slo_violation_fraction.mean == 0.0);
  CHECK(r.api_spill_usd == doctest::Approx(r.spilled_tokens.mean * 5.0 / 1e6));
  // The same fleet without the API falls behind whenever fewer than 15 serve.
  s.policy.policy = FleetPolicy::fixed;
  const SimResult fixed = simulate(s, 3, 8);
  double p_short = 0.0;
  for (int k = 0; k < 15; ++k) p_short += binomial(20, k, p);
  CHECK(fixed.slo_violation_fraction.mean >= p_short * 0.9);
}

TEST_CASE("autoscaling above spot: on-demand replicas stand in while spot capacity is away") {
  SimSetup s = flat(6.0 * 0.8, FleetPolicy::autoscale);
  s.policy.target_utilization = 0.8;
  s.policy.spot_replicas = 6;
  s.policy.max_replicas = 6;
  s.policy.scale_up_delay_s = 120.0;
  s.spot_interruptions_per_day = 6.0;
  s.spot_mean_interruption_s = 3600.0;
  const SimResult scaled = simulate(s, 5, 4);
  s.policy.policy = FleetPolicy::fixed;
  const SimResult alone = simulate(s, 5, 4);
  CHECK(scaled.gpu_usd > scaled.spot_usd);  // on-demand replicas were bought
  CHECK(alone.gpu_usd == doctest::Approx(alone.spot_usd));
  CHECK(scaled.slo_violation_fraction.mean < alone.slo_violation_fraction.mean / 2.0);
}

TEST_CASE("--optimize weighs committed and spot mixes: never dearer than on-demand alone, committed when it pays") {
  SimSetup s = flat(2.5, FleetPolicy::fixed);
  s.policy.replicas = 1;
  s.committed_usd_per_gpu_hour = 0.0;
  s.spot_usd_per_gpu_hour = 0.0;
  const OptimizeResult plain = optimize_policy(s, 1, 4, 0.01);
  REQUIRE(plain.best);
  for (const Candidate& c : plain.candidates) CHECK(c.policy.committed_replicas + c.policy.spot_replicas == 0);

  s.committed_usd_per_gpu_hour = 1.2;
  const OptimizeResult committed = optimize_policy(s, 1, 4, 0.01);
  REQUIRE(committed.best);
  const Candidate& best = committed.candidates[*committed.best];
  // Flat demand of 2.5 replicas: three committed replicas at $1.2 beat anything on-demand at $2.
  CHECK(best.policy.committed_replicas == 3);
  CHECK(best.result.total_usd.mean == doctest::Approx(730.0 * 3 * 1.2));
  CHECK(best.result.total_usd.mean < plain.candidates[*plain.best].result.total_usd.mean);

  // Spot at $0.8 with rare, short interruptions: a spot fleet with a spare or a spot base spilling
  // to the API wins; whatever wins, it meets the target and costs no more than the committed best.
  s.spot_usd_per_gpu_hour = 0.8;
  s.spot_interruptions_per_day = 0.5;
  s.spot_mean_interruption_s = 1200.0;
  const OptimizeResult spot = optimize_policy(s, 1, 4, 0.01);
  REQUIRE(spot.best);
  const Candidate& cheapest = spot.candidates[*spot.best];
  CHECK(cheapest.policy.spot_replicas > 0);
  CHECK(cheapest.meets_slo);
  CHECK(cheapest.result.total_usd.mean <= best.result.total_usd.mean);
}

TEST_CASE("a mix is checked: negative counts and spot terms that are not numbers are usage errors") {
  SimSetup s = flat(1.0, FleetPolicy::fixed);
  s.policy.committed_replicas = -1;
  CHECK_THROWS_AS(check_setup(s), Error);
  s.policy.committed_replicas = 0;
  CHECK_THROWS_AS(check_setup(s), Error);  // a fixed fleet of nothing
  s.policy.spot_replicas = 1;
  s.spot_mean_interruption_s = std::nan("");
  CHECK_THROWS_AS(check_setup(s), Error);
}

TEST_SUITE_END();
