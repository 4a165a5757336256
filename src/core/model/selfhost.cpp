// Self-host cost per month = GPUs x (rental + license per GPU) + operations overhead. GPUs come in
// whole units, so cost is a step function of volume; utilization is what the fleet serves over
// what it could serve in the billed hours.
#include <nimcost/model/selfhost.hpp>

#include <algorithm>
#include <cmath>

namespace nimcost {

Usd gpu_monthly_cost_per_gpu(const SelfHostPlan& plan) {
  if (plan.gpu_monthly_override) return *plan.gpu_monthly_override;
  return Usd(plan.usd_per_gpu_hour * plan.hours_per_month.value);
}

Usd license_monthly_cost_per_gpu(const SelfHostPlan& plan) {
  return Usd(license_usd_per_gpu_month(plan.license, plan.hours_per_month.value));
}

Usd per_gpu_monthly_cost(const SelfHostPlan& plan) {
  return gpu_monthly_cost_per_gpu(plan) + license_monthly_cost_per_gpu(plan);
}

Tokens full_capacity_per_gpu(const SelfHostPlan& plan) {
  return Tokens(plan.capacity_tokens_per_s_per_gpu * k_seconds_per_hour * plan.hours_per_month.value);
}

Tokens target_capacity_per_gpu(const SelfHostPlan& plan) {
  return full_capacity_per_gpu(plan) * plan.max_utilization;
}

int fleet_gpus(const SelfHostPlan& plan, Tokens volume) {
  if (plan.pinned_gpus) return *plan.pinned_gpus;
  const int unit = std::max(1, plan.gpus_per_replica);
  const double per_replica = target_capacity_per_gpu(plan).value * unit;
  if (!(per_replica > 0.0) || !(volume.value > 0.0)) return unit;
  // A relative tolerance keeps a volume that is exactly N replicas' worth from rounding up to N+1.
  const double needed = std::ceil(volume.value / per_replica * (1.0 - 1e-12));
  return static_cast<int>(std::clamp(needed, 1.0, 1e9 / unit)) * unit;
}

Usd fleet_monthly_cost(const SelfHostPlan& plan, int gpus) {
  return per_gpu_monthly_cost(plan) * static_cast<double>(gpus) + plan.ops_monthly;
}

SelfHostCost selfhost_cost(const SelfHostPlan& plan, Tokens volume) {
  SelfHostCost cost;
  cost.gpus = fleet_gpus(plan, volume);
  const double n = static_cast<double>(cost.gpus);
  cost.gpu = gpu_monthly_cost_per_gpu(plan) * n;
  cost.license = license_monthly_cost_per_gpu(plan) * n;
  cost.ops = plan.ops_monthly;
  cost.total = cost.gpu + cost.license + cost.ops;
  const double capacity = full_capacity_per_gpu(plan).value * n;
  cost.utilization = capacity > 0.0 ? volume.value / capacity : 0.0;
  if (volume.value > 0.0) cost.per_mtok = rate_of(cost.total, volume);
  cost.over_capacity = cost.utilization > 1.0 + 1e-12;
  cost.over_target = cost.utilization > plan.max_utilization + 1e-12;
  return cost;
}

}  // namespace nimcost
