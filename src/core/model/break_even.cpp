// Exact break-even over the fleet's step function. With API rate p (per token), per-GPU cost g,
// fixed overhead F and per-GPU capacity K at the utilization target, the fleet has n GPUs on the
// volume interval ((n-1)K, nK] and costs F + g n there; the API costs p T. On interval n the API is
// cheaper below c_n = (F + g n) / p. The sustained break-even is c_N for the last interval N whose
// start lies below c_n (so that from c_N on self-hosting never loses again); the first break-even
// is c_n for the first interval that contains c_n. Both are found by walking n from closed-form
// starting points, so the answer is exact and takes a handful of steps. Bought servers add a cost per
// token served (power above idle, m): the self-hosted side costs F + g n + m T, so p becomes p - m.
#include <nimcost/model/break_even.hpp>

#include <cmath>
#include <limits>

namespace nimcost {

namespace {

struct Step {
  double per_token;  // API $ per token
  double fixed;      // F
  double per_gpu;    // g
  double capacity;   // K, tokens per GPU at the utilization target

  double crossing(double n) const { return (fixed + per_gpu * n) / per_token; }
  // Does interval n start below its own crossing (the API is cheaper somewhere in it)?
  bool api_cheaper_somewhere(double n) const { return (n - 1.0) * capacity < crossing(n) * (1.0 - 1e-12); }
  // Does interval n contain its crossing?
  bool contains_crossing(double n) const { return crossing(n) <= n * capacity * (1.0 + 1e-12); }
};

// A pinned fleet breaks even where the API bill meets its cost, if it can serve that volume at all
// (at full load: pinning accepts a busier fleet than the sizing target).
BreakEven pinned_break_even(const Step& s, int gpus, double full_capacity_per_gpu) {
  BreakEven result;
  if (!(s.per_token > 0.0)) return result;
  if (s.crossing(gpus) > gpus * full_capacity_per_gpu * (1.0 + 1e-12)) return result;
  const Tokens t(s.crossing(gpus));
  result.sustained = t;
  result.first = t;
  result.gpus_at_sustained = gpus;
  return result;
}

}  // namespace

BreakEven break_even(PerMtok api_rate, const SelfHostPlan& plan, std::optional<int> max_gpus) {
  // The fleet grows in replicas: the step function's unit is one replica of `unit` GPUs.
  const int unit = fleet_unit(plan);
  const double net_per_token = api_rate.value / k_tokens_per_mtok - marginal_usd_per_token(plan);
  if (plan.pinned_gpus) {
    const Step pinned{net_per_token, plan.ops_monthly.value, per_gpu_monthly_cost(plan).value,
                      target_capacity_per_gpu(plan).value};
    return pinned_break_even(pinned, *plan.pinned_gpus, full_capacity_per_gpu(plan).value);
  }
  const Step s{net_per_token, plan.ops_monthly.value, per_gpu_monthly_cost(plan).value * unit,
               target_capacity_per_gpu(plan).value * unit};
  if (max_gpus) max_gpus = *max_gpus / unit;

  BreakEven result;
  if (!(s.per_token > 0.0) || !(s.capacity > 0.0)) return result;
  const double margin = s.per_token * s.capacity - s.per_gpu;  // what one full GPU saves vs the API
  const double limit = max_gpus ? *max_gpus : std::numeric_limits<double>::infinity();

  // First break-even: the first n with c_n <= nK, i.e. F/n <= pK - g.
  if (margin > 0.0 || (margin == 0.0 && s.fixed == 0.0)) {
    double n = margin > 0.0 ? std::max(1.0, std::ceil(s.fixed / margin)) : 1.0;
    while (n > 1.0 && s.contains_crossing(n - 1.0)) n -= 1.0;  // guard rounding in the closed form
    while (!s.contains_crossing(n) && n < limit) n += 1.0;
    if (n <= limit && s.contains_crossing(n)) result.first = Tokens(std::max(s.crossing(n), (n - 1.0) * s.capacity));
  }
  if (!result.first) return result;

  // Sustained break-even: the last n where the API is cheaper somewhere: n (pK - g) < F + pK.
  if (margin > 0.0) {
    double n = std::max(1.0, std::ceil((s.fixed + s.per_token * s.capacity) / margin) - 1.0);
    while (!s.api_cheaper_somewhere(n) && n > 1.0) n -= 1.0;
    while (s.api_cheaper_somewhere(n + 1.0)) n += 1.0;
    if (n <= limit) {
      result.sustained = Tokens(std::max(s.crossing(n), (n - 1.0) * s.capacity));
      result.gpus_at_sustained = static_cast<int>(n) * unit;
    }
  } else {
    // margin == 0 and no overhead: costs tie at every full GPU and never separate.
    result.sustained = result.first;
    result.gpus_at_sustained = unit;
  }
  return result;
}

std::optional<double> required_utilization(PerMtok api_rate, const SelfHostPlan& plan, Tokens volume) {
  // Per replica: the fleet can only afford whole replicas.
  const int unit = plan.pinned_gpus ? 1 : fleet_unit(plan);
  const double full = full_capacity_per_gpu(plan).value * unit;
  const double g = per_gpu_monthly_cost(plan).value * unit;
  const double net_per_token = api_rate.value / k_tokens_per_mtok - marginal_usd_per_token(plan);
  if (!(full > 0.0) || !(net_per_token > 0.0)) return std::nullopt;
  if (plan.pinned_gpus) {
    // A fixed fleet breaks even at the volume whose API bill equals its cost.
    const double n = *plan.pinned_gpus;
    const double u = (plan.ops_monthly.value + g * n) / net_per_token / (n * full);
    return u <= 1.0 ? std::optional<double>(u) : std::nullopt;
  }
  if (!(volume.value > 0.0) || !(g > 0.0)) return std::nullopt;
  // What the API bill leaves for the fleet's fixed part once the tokens' own cost is paid.
  const double budget = net_per_token * volume.value;
  const double affordable = std::floor((budget - plan.ops_monthly.value) / g * (1.0 + 1e-12));
  if (affordable < 1.0) return std::nullopt;
  const double u = volume.value / (affordable * full);
  return u <= 1.0 ? std::optional<double>(u) : std::nullopt;
}

}  // namespace nimcost
