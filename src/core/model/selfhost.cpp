// Self-host cost per month = GPUs x (rental + license per GPU) + operations overhead. GPUs come in
// whole units, so cost is a step function of volume; utilization is what the fleet serves over
// what it could serve in the billed hours.
#include <nimcost/model/selfhost.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nimcost {

Usd gpu_monthly_cost_per_gpu(const SelfHostPlan& plan) {
  if (plan.purchase) return owned_fixed_per_gpu(*plan.purchase, plan.hours_per_month.value);
  if (plan.gpu_monthly_override) return *plan.gpu_monthly_override;
  return Usd(plan.usd_per_gpu_hour * plan.hours_per_month.value);
}

double marginal_usd_per_token(const SelfHostPlan& plan) {
  if (!plan.purchase) return 0.0;
  const double full = full_capacity_per_gpu(plan).value;
  return full > 0.0 ? owned_full_load_extra_per_gpu(*plan.purchase, plan.hours_per_month.value).value / full : 0.0;
}

int unit_gpus(const SelfHostPlan& plan) {
  if (plan.purchase) return std::max(1, plan.purchase->gpus_per_server);
  return plan.rental ? std::max(1, plan.rental->gpus_per_instance) : 1;
}

const char* unit_name(const SelfHostPlan& plan) { return plan.purchase ? "servers" : "instances"; }

int fleet_unit(const SelfHostPlan& plan) { return std::lcm(std::max(1, plan.gpus_per_replica), unit_gpus(plan)); }

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
  const int unit = fleet_unit(plan);
  const double per_replica = target_capacity_per_gpu(plan).value * unit;
  if (!(per_replica > 0.0) || !(volume.value > 0.0)) return unit;
  // A relative tolerance keeps a volume that is exactly N replicas' worth from rounding up to N+1.
  const double needed = std::ceil(volume.value / per_replica * (1.0 - 1e-12));
  return static_cast<int>(std::clamp(needed, 1.0, 1e9 / unit)) * unit;
}

Usd fleet_monthly_cost(const SelfHostPlan& plan, int gpus) {
  return per_gpu_monthly_cost(plan) * static_cast<double>(gpus) + plan.ops_monthly;
}

namespace {

// Bought servers: whole servers, power at the fleet's utilization.
void add_owned(const SelfHostPlan& plan, SelfHostCost& cost) {
  const PurchaseOffer& offer = *plan.purchase;
  cost.servers = servers_for(offer, cost.gpus);
  // Power follows the busy share of the servers' GPUs; GPUs bought but not in the fleet stay idle.
  const double per_server_busy = std::min(1.0, cost.utilization) * cost.gpus / (cost.servers * offer.gpus_per_server);
  cost.owned = owned_server_monthly(offer, per_server_busy, plan.hours_per_month.value) * cost.servers;
  cost.gpu = cost.owned->total();
}

}  // namespace

SelfHostCost selfhost_cost(const SelfHostPlan& plan, Tokens volume) {
  SelfHostCost cost;
  cost.gpus = fleet_gpus(plan, volume);
  const double n = static_cast<double>(cost.gpus);
  cost.gpu = gpu_monthly_cost_per_gpu(plan) * n;
  cost.license = license_monthly_cost_per_gpu(plan) * n;
  cost.ops = plan.ops_monthly;
  const double capacity = full_capacity_per_gpu(plan).value * n;
  cost.utilization = capacity > 0.0 ? volume.value / capacity : 0.0;
  if (plan.purchase) add_owned(plan, cost);
  cost.total = cost.gpu + cost.license + cost.ops;
  if (volume.value > 0.0) cost.per_mtok = rate_of(cost.total, volume);
  cost.over_capacity = cost.utilization > 1.0 + 1e-12;
  cost.over_target = cost.utilization > plan.max_utilization + 1e-12;
  return cost;
}

}  // namespace nimcost
