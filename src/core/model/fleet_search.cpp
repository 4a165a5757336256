// --optimize: searches fleet sizes under each policy with a few seeds, then runs the winner with
// all of them. A fixed fleet's cost rises with its size while its violations fall, so the best
// fixed fleet is the smallest that meets the target; a hybrid base trades GPU cost against API
// spill, so every base up to that size is tried; autoscaling tries floors from zero up.
#include <nimcost/base/error.hpp>
#include <nimcost/model/fleet_search.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace nimcost {

namespace {

constexpr int k_search_seeds = 16;
constexpr int k_max_fixed = 4096;
constexpr int k_max_hybrid_candidates = 24;

}  // namespace

OptimizeResult optimize_policy(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation,
                               int threads, const std::function<void(int, int)>& progress) {
  check_setup(base);
  OptimizeResult out;
  const int search_seeds = std::min(seeds, k_search_seeds);
  int tried = 0;
  auto run = [&](const PolicySpec& policy) -> const Candidate& {
    SimSetup setup = base;
    setup.policy = policy;
    Candidate c;
    c.policy = policy;
    c.result = simulate(setup, seed, search_seeds, threads);
    c.meets_slo = c.result.slo_violation_fraction.mean <= max_slo_violation + 1e-12;
    out.candidates.push_back(c);
    if (progress) progress(++tried, 0);
    return out.candidates.back();
  };

  // Fixed: double until the target is met, then bisect for the smallest fleet that meets it.
  PolicySpec fixed = base.policy;
  fixed.policy = FleetPolicy::fixed;
  int lo = 0, hi = 1;
  for (;;) {
    fixed.replicas = hi;
    if (run(fixed).meets_slo) break;
    lo = hi;
    if (hi >= k_max_fixed) break;
    hi = std::min(hi * 2, k_max_fixed);
  }
  while (hi - lo > 1) {
    fixed.replicas = lo + (hi - lo) / 2;
    if (run(fixed).meets_slo) hi = fixed.replicas;
    else lo = fixed.replicas;
  }
  const int fixed_size = hi;

  // Hybrid: bases from 0 to the fixed fleet's size (a grid when that is large).
  PolicySpec hybrid = base.policy;
  hybrid.policy = FleetPolicy::hybrid;
  const int stride = std::max(1, (fixed_size + k_max_hybrid_candidates - 1) / k_max_hybrid_candidates);
  for (int n = 0; n <= fixed_size; n += stride) {
    hybrid.replicas = n;
    run(hybrid);
  }
  // Hybrid with every realtime request on the API and the fleet for the batch alone.
  const bool mixed = std::any_of(base.parts.begin(), base.parts.end(), [](const SimPart& p) { return p.profile.kind == "batch"; }) &&
                     std::any_of(base.parts.begin(), base.parts.end(), [](const SimPart& p) { return p.profile.kind == "realtime"; });
  if (mixed) {
    hybrid.realtime_to_api = true;
    for (int n = 1; n <= fixed_size; n += stride) {
      hybrid.replicas = n;
      run(hybrid);
    }
  }

  // Autoscale: up to twice the fixed fleet, floors from 0 to half of it.
  PolicySpec scaled = base.policy;
  scaled.policy = FleetPolicy::autoscale;
  scaled.max_replicas = 2 * fixed_size;  // headroom for the scale-up delay
  for (int floor : {0, 1, fixed_size / 4, fixed_size / 2}) {
    if (floor > fixed_size) continue;
    scaled.min_replicas = floor;
    if (std::any_of(out.candidates.begin(), out.candidates.end(), [&](const Candidate& c) {
          return c.policy.policy == FleetPolicy::autoscale && c.policy.min_replicas == floor;
        })) {
      continue;
    }
    run(scaled);
  }

  for (std::size_t i = 0; i < out.candidates.size(); ++i) {
    const Candidate& c = out.candidates[i];
    if (!c.meets_slo) continue;
    if (!out.best || c.result.total_usd.mean < out.candidates[*out.best].result.total_usd.mean) out.best = i;
  }
  if (out.best && seeds > search_seeds) {
    // The winner again with every seed, for the bands the report prints.
    SimSetup setup = base;
    setup.policy = out.candidates[*out.best].policy;
    out.candidates[*out.best].result = simulate(setup, seed, seeds, threads);
    out.candidates[*out.best].meets_slo =
        out.candidates[*out.best].result.slo_violation_fraction.mean <= max_slo_violation + 1e-12;
  }
  out.api_only_usd = out.candidates.empty() ? 0.0 : out.candidates.front().result.api_only_usd;
  return out;
}

namespace {

SimSetup scaled(const SimSetup& base, double factor) {
  SimSetup s = base;
  for (auto& part : s.parts) part.tokens_per_month *= factor;
  return s;
}

}  // namespace

BreakEvenVolume selfhost_break_even(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation,
                                    int threads, const std::function<void(int)>& progress) {
  check_setup(base);
  const int search_seeds = std::min(seeds, k_search_seeds / 2);
  double base_volume = 0.0;
  for (const auto& part : base.parts) base_volume += part.tokens_per_month;
  BreakEvenVolume out;
  if (!(base_volume > 0.0)) return out;

  // A fixed fleet's cost is a step per replica and the API's a line, so their difference is a saw:
  // self-hosting may win just below a step and lose just above it. What counts is the volume from
  // which it keeps winning. The largest volume N replicas serve within the SLO, V(N), fixes the
  // steps (the same seeds at every volume keep V monotone); self-hosting keeps winning from N on
  // once the API at V(N-1) already costs what N replicas cost.
  int runs = 0;
  auto meets = [&](int replicas, double volume, SimResult* result) {
    SimSetup setup = scaled(base, volume / base_volume);
    setup.policy.policy = FleetPolicy::fixed;
    setup.policy.replicas = replicas;
    SimResult r = simulate(setup, seed, search_seeds, threads);
    if (progress) progress(++runs);
    if (result != nullptr) *result = r;
    return r.slo_violation_fraction.mean <= max_slo_violation + 1e-12;
  };
  auto largest_served = [&](int replicas, double from) {
    double lo = from, hi = std::max(from * 2.0, base_volume * 1e-6);
    while (meets(replicas, hi, nullptr)) {
      lo = hi;
      hi *= 2.0;
      if (hi > base_volume * 1e8) return hi;  // effectively unbounded
    }
    while (hi / lo > 1.002) {
      const double mid = std::sqrt(std::max(lo, 1.0) * hi);
      if (meets(replicas, mid, nullptr)) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  SimSetup one = base;
  one.policy.policy = FleetPolicy::fixed;
  one.policy.replicas = 1;
  SimResult probe = simulate(scaled(one, 1.0), seed, search_seeds, threads);
  const double api_per_token = probe.demand_tokens > 0.0 ? probe.api_only_usd / probe.demand_tokens : 0.0;
  if (!(api_per_token > 0.0)) return out;
  auto fleet_cost = [&](int replicas, double volume) {
    SimSetup setup = scaled(one, volume / base_volume);
    setup.policy.replicas = replicas;
    return simulate(setup, seed, 1, threads).total_usd.mean;  // no spill: the cost does not depend on demand
  };

  constexpr int k_max_replicas_searched = 48;
  constexpr int k_confirm = 4;  // steps in a row that stay cheaper before the answer is trusted
  double previous = 0.0;        // V(N-1)
  double start = -1.0;          // where the current run of wins began; < 0: none
  int streak = 0;
  std::vector<double> shortfall{0.0};  // by replicas: the API-even volume over what the fleet serves
  for (int n = 1; n <= k_max_replicas_searched && streak < k_confirm; ++n) {
    const double served = largest_served(n, std::max(previous, base_volume * 1e-6));
    const double cost = fleet_cost(n, std::max(previous, 1.0));
    const double even = cost / api_per_token;  // the volume at which the API costs as much as n replicas
    shortfall.push_back(even / served);
    // Pooling more replicas absorbs bursts better, but with diminishing returns: when doubling the
    // fleet no longer narrows a shortfall, no larger fleet will close it.
    if (n >= 8 && shortfall[static_cast<std::size_t>(n)] > 1.0 &&
        shortfall[static_cast<std::size_t>(n)] > 0.98 * shortfall[static_cast<std::size_t>(n / 2)]) {
      break;
    }
    if (even <= previous && start >= 0.0) {
      ++streak;  // the whole step wins: the run goes on
    } else if (even <= served) {
      start = std::max(even, previous);  // wins from here to the step's end
      streak = 1;
      out.replicas = n;
      out.selfhost_usd = cost;
    } else {
      start = -1.0;  // loses through this whole step
      streak = 0;
    }
    previous = served;
    if (served > base_volume * 1e8) break;
  }
  if (start < 0.0 || streak < k_confirm) return out;
  out.found = true;
  out.monthly_tokens = start;
  out.api_usd = start * api_per_token;
  return out;
}

}  // namespace nimcost
