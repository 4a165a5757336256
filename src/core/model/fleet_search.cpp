// --optimize: searches fleet sizes under each policy with a few seeds, then runs the winner with
// all of them. A fixed fleet's cost rises with its size while its violations fall, so the best
// fixed fleet is the smallest that meets the target; a hybrid base trades GPU cost against API
// spill, so every base up to that size is tried; autoscaling tries floors from zero up. With a
// committed price or spot terms, the same shapes are tried on a committed or spot base.
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
constexpr int k_max_mix_candidates = 8;  // committed or spot bases tried under hybrid

bool meets_target(const SimResult& r, double max_slo_violation) {
  return r.slo_violation_fraction.mean <= max_slo_violation + 1e-12;
}

// The candidates tried so far, each simulated with the search's few seeds.
class PolicySearch {
public:
  PolicySearch(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation, int threads,
               const std::function<void(int, int)>& progress)
      : m_base(base), m_seed(seed), m_seeds(std::min(seeds, k_search_seeds)), m_max_slo(max_slo_violation),
        m_threads(threads), m_progress(progress) {}

  const Candidate& run(const PolicySpec& policy) {
    SimSetup setup = m_base;
    setup.policy = policy;
    Candidate c;
    c.policy = policy;
    c.result = simulate(setup, m_seed, m_seeds, m_threads);
    c.meets_slo = meets_target(c.result, m_max_slo);
    result.candidates.push_back(c);
    if (m_progress) m_progress(++m_tried, 0);
    return result.candidates.back();
  }

  const SimSetup& base() const { return m_base; }
  OptimizeResult result;

private:
  const SimSetup& m_base;
  std::uint64_t m_seed;
  int m_seeds;
  double m_max_slo;
  int m_threads;
  const std::function<void(int, int)>& m_progress;
  int m_tried = 0;
};

// Fixed: double until the target is met, then bisect for the smallest fleet that meets it.
int smallest_fixed_fleet(PolicySearch& search) {
  PolicySpec fixed = search.base().policy;
  fixed.policy = FleetPolicy::fixed;
  int lo = 0, hi = 1;
  for (;;) {
    fixed.replicas = hi;
    if (search.run(fixed).meets_slo) break;
    lo = hi;
    if (hi >= k_max_fixed) break;
    hi = std::min(hi * 2, k_max_fixed);
  }
  while (hi - lo > 1) {
    fixed.replicas = lo + (hi - lo) / 2;
    if (search.run(fixed).meets_slo) hi = fixed.replicas;
    else lo = fixed.replicas;
  }
  return hi;
}

// Hybrid: bases from 0 to the fixed fleet's size (a grid when that is large); with realtime and
// batch parts, also every realtime request on the API and the fleet for the batch alone.
void try_hybrids(PolicySearch& search, int fixed_size) {
  const SimSetup& base = search.base();
  PolicySpec hybrid = base.policy;
  hybrid.policy = FleetPolicy::hybrid;
  const int stride = std::max(1, (fixed_size + k_max_hybrid_candidates - 1) / k_max_hybrid_candidates);
  for (int n = 0; n <= fixed_size; n += stride) {
    hybrid.replicas = n;
    search.run(hybrid);
  }
  const bool mixed = std::any_of(base.parts.begin(), base.parts.end(), [](const SimPart& p) { return p.profile.kind == "batch"; }) &&
                     std::any_of(base.parts.begin(), base.parts.end(), [](const SimPart& p) { return p.profile.kind == "realtime"; });
  if (!mixed) return;
  hybrid.realtime_to_api = true;
  for (int n = 1; n <= fixed_size; n += stride) {
    hybrid.replicas = n;
    search.run(hybrid);
  }
}

// Autoscale: up to twice the fixed fleet (headroom for the scale-up delay), floors 0 to half of it.
void try_autoscaling(PolicySearch& search, int fixed_size) {
  PolicySpec scaled = search.base().policy;
  scaled.policy = FleetPolicy::autoscale;
  scaled.max_replicas = 2 * fixed_size;
  for (int floor : {0, 1, fixed_size / 4, fixed_size / 2}) {
    if (floor > fixed_size) continue;
    scaled.min_replicas = floor;
    const auto& tried = search.result.candidates;
    if (std::any_of(tried.begin(), tried.end(), [&](const Candidate& c) {
          return c.policy.policy == FleetPolicy::autoscale && c.policy.min_replicas == floor;
        })) {
      continue;
    }
    search.run(scaled);
  }
}

// A grid of at most `most` base sizes from 1 to `top`.
std::vector<int> base_sizes(int top, int most) {
  std::vector<int> sizes;
  const int stride = std::max(1, (top + most - 1) / most);
  for (int n = stride; n <= top; n += stride) sizes.push_back(n);
  if (!sizes.empty() && sizes.back() != top) sizes.push_back(top);
  return sizes;
}

// Committed capacity (when a committed price is given): the fixed fleet committed, committed bases
// under an on-demand burst, and committed bases spilling to the API.
void try_committed(PolicySearch& search, int fixed_size) {
  if (!(search.base().committed_usd_per_gpu_hour > 0.0)) return;
  PolicySpec p = search.base().policy;
  p.spot_replicas = 0;
  p.realtime_to_api = false;
  p.policy = FleetPolicy::fixed;
  p.replicas = 0;
  p.committed_replicas = fixed_size;
  search.run(p);
  p.policy = FleetPolicy::hybrid;
  for (int n : base_sizes(fixed_size, k_max_mix_candidates)) {
    p.committed_replicas = n;
    search.run(p);
  }
  p.policy = FleetPolicy::autoscale;
  p.min_replicas = 0;
  p.max_replicas = 2 * fixed_size;
  for (int n : base_sizes(fixed_size - 1, 4)) {
    p.committed_replicas = n;
    search.run(p);
  }
}

// Spot capacity (when a spot price and its interruptions are given): the smallest spot fleet that
// meets the target alone, spot bases spilling to the API, and spot bases under an on-demand burst
// that also stands in for interrupted replicas.
void try_spot(PolicySearch& search, int fixed_size) {
  if (!(search.base().spot_usd_per_gpu_hour > 0.0)) return;
  PolicySpec p = search.base().policy;
  p.committed_replicas = 0;
  p.realtime_to_api = false;
  p.policy = FleetPolicy::fixed;
  p.replicas = 0;
  // Interrupted replicas must be made up by more of them: grow from the on-demand fleet's size.
  int lo = fixed_size - 1, hi = fixed_size;
  for (;;) {
    p.spot_replicas = hi;
    if (search.run(p).meets_slo) break;
    lo = hi;
    if (hi >= 4 * fixed_size + 4) break;
    hi += std::max(1, hi - fixed_size + 1);
  }
  while (hi - lo > 1) {
    p.spot_replicas = lo + (hi - lo) / 2;
    if (search.run(p).meets_slo) hi = p.spot_replicas;
    else lo = p.spot_replicas;
  }
  p.policy = FleetPolicy::hybrid;
  for (int n : base_sizes(fixed_size, k_max_mix_candidates)) {
    p.spot_replicas = n;
    search.run(p);
  }
  p.policy = FleetPolicy::autoscale;
  p.min_replicas = 0;
  p.max_replicas = 2 * fixed_size;
  for (int n : base_sizes(fixed_size, 2)) {
    p.spot_replicas = n;
    search.run(p);
  }
}

}  // namespace

OptimizeResult optimize_policy(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation,
                               int threads, const std::function<void(int, int)>& progress) {
  check_setup(base);
  // Candidates are built from an on-demand fleet; committed and spot bases are tried on grids.
  SimSetup on_demand = base;
  on_demand.policy.committed_replicas = on_demand.policy.spot_replicas = 0;
  PolicySearch search(on_demand, seed, seeds, max_slo_violation, threads, progress);
  const int fixed_size = smallest_fixed_fleet(search);
  try_hybrids(search, fixed_size);
  try_autoscaling(search, fixed_size);
  try_committed(search, fixed_size);
  try_spot(search, fixed_size);

  OptimizeResult& out = search.result;
  for (std::size_t i = 0; i < out.candidates.size(); ++i) {
    const Candidate& c = out.candidates[i];
    if (!c.meets_slo) continue;
    if (!out.best || c.result.total_usd.mean < out.candidates[*out.best].result.total_usd.mean) out.best = i;
  }
  if (out.best && seeds > std::min(seeds, k_search_seeds)) {
    // The winner again with every seed, for the bands the report prints.
    SimSetup setup = base;
    setup.policy = out.candidates[*out.best].policy;
    out.candidates[*out.best].result = simulate(setup, seed, seeds, threads);
    out.candidates[*out.best].meets_slo = meets_target(out.candidates[*out.best].result, max_slo_violation);
  }
  out.api_only_usd = out.candidates.empty() ? 0.0 : out.candidates.front().result.api_only_usd;
  return std::move(out);
}

namespace {

SimSetup scaled(const SimSetup& base, double factor) {
  SimSetup s = base;
  for (auto& part : s.parts) part.tokens_per_month *= factor;
  return s;
}

// A fixed fleet's cost is a step per replica and the API's a line, so their difference is a saw:
// self-hosting may win just below a step and lose just above it. What counts is the volume from
// which it keeps winning. The largest volume N replicas serve within the SLO, V(N), fixes the
// steps (the same seeds at every volume keep V monotone); self-hosting keeps winning from N on
// once the API at V(N-1) already costs what N replicas cost.
class StepSearch {
public:
  StepSearch(const SimSetup& base, double base_volume, std::uint64_t seed, int seeds, double max_slo_violation,
             int threads, const std::function<void(int)>& progress)
      : m_base(base), m_base_volume(base_volume), m_seed(seed), m_seeds(seeds), m_max_slo(max_slo_violation),
        m_threads(threads), m_progress(progress) {
    m_one = base;
    m_one.policy.policy = FleetPolicy::fixed;
    m_one.policy.replicas = 1;
  }

  // What the API charges per token of this traffic (0 when it charges nothing).
  double api_per_token() const {
    const SimResult probe = simulate(scaled(m_one, 1.0), m_seed, m_seeds, m_threads);
    return probe.demand_tokens > 0.0 ? probe.api_only_usd / probe.demand_tokens : 0.0;
  }

  // V(N): the largest monthly volume `replicas` serve within the SLO, from `from` up.
  double largest_served(int replicas, double from) {
    double lo = from, hi = std::max(from * 2.0, m_base_volume * 1e-6);
    while (meets(replicas, hi)) {
      lo = hi;
      hi *= 2.0;
      if (hi > m_base_volume * 1e8) return hi;  // effectively unbounded
    }
    while (hi / lo > 1.002) {
      const double mid = std::sqrt(std::max(lo, 1.0) * hi);
      if (meets(replicas, mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  // A fixed fleet's monthly cost (no spill: it does not depend on demand).
  double fleet_cost(int replicas, double volume) const {
    SimSetup setup = scaled(m_one, volume / m_base_volume);
    setup.policy.replicas = replicas;
    return simulate(setup, m_seed, 1, m_threads).total_usd.mean;
  }

private:
  bool meets(int replicas, double volume) {
    SimSetup setup = scaled(m_base, volume / m_base_volume);
    setup.policy.policy = FleetPolicy::fixed;
    setup.policy.replicas = replicas;
    const SimResult r = simulate(setup, m_seed, m_seeds, m_threads);
    if (m_progress) m_progress(++m_runs);
    return meets_target(r, m_max_slo);
  }

  const SimSetup& m_base;
  SimSetup m_one;
  double m_base_volume;
  std::uint64_t m_seed;
  int m_seeds;
  double m_max_slo;
  int m_threads;
  const std::function<void(int)>& m_progress;
  int m_runs = 0;
};

}  // namespace

BreakEvenVolume selfhost_break_even(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation,
                                    int threads, const std::function<void(int)>& progress) {
  check_setup(base);
  double base_volume = 0.0;
  for (const auto& part : base.parts) base_volume += part.tokens_per_month;
  BreakEvenVolume out;
  if (!(base_volume > 0.0)) return out;
  StepSearch steps(base, base_volume, seed, std::min(seeds, k_search_seeds / 2), max_slo_violation, threads, progress);
  const double api_per_token = steps.api_per_token();
  if (!(api_per_token > 0.0)) return out;

  constexpr int k_max_replicas_searched = 48;
  constexpr int k_confirm = 4;  // steps in a row that stay cheaper before the answer is trusted
  double previous = 0.0;        // V(N-1)
  double start = -1.0;          // where the current run of wins began; < 0: none
  int streak = 0;
  std::vector<double> shortfall{0.0};  // by replicas: the API-even volume over what the fleet serves
  for (int n = 1; n <= k_max_replicas_searched && streak < k_confirm; ++n) {
    const double served = steps.largest_served(n, std::max(previous, base_volume * 1e-6));
    const double cost = steps.fleet_cost(n, std::max(previous, 1.0));
    const double even = cost / api_per_token;  // the volume at which the API costs as much as n replicas
    shortfall.push_back(even / served);
    // Pooling more replicas absorbs bursts better, but with diminishing returns: when doubling the
    // fleet no longer narrows a shortfall, no larger fleet will close it.
    const auto at = [&](int k) { return shortfall[static_cast<std::size_t>(k)]; };
    if (n >= 8 && at(n) > 1.0 && at(n) > 0.98 * at(n / 2)) break;
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
