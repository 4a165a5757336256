// Cost curves on Eigen arrays: one vectorized expression per option over all volumes.
#include <nimcost/model/cost_curves.hpp>

#include <cmath>

namespace nimcost {

Eigen::ArrayXd log_spaced(double from, double to, int n) {
  if (n == 1) return Eigen::ArrayXd::Constant(1, from);
  return Eigen::pow(10.0, Eigen::ArrayXd::LinSpaced(n, std::log10(from), std::log10(to)));
}

Eigen::ArrayXd lin_spaced(double from, double to, int n) {
  if (n == 1) return Eigen::ArrayXd::Constant(1, from);
  return Eigen::ArrayXd::LinSpaced(n, from, to);
}

Eigen::ArrayXd selfhost_monthly(const SelfHostPlan& plan, const Eigen::ArrayXd& volumes,
                                std::optional<double> utilization) {
  const double per_gpu = per_gpu_monthly_cost(plan).value;
  const double fixed = plan.ops_monthly.value;
  const double marginal = marginal_usd_per_token(plan);  // bought servers' power above idle
  // Power stops at full load: a pinned fleet past its capacity draws no more (as selfhost_cost).
  if (plan.pinned_gpus) {
    const double full = full_capacity_per_gpu(plan).value * *plan.pinned_gpus;
    return fixed + per_gpu * *plan.pinned_gpus + marginal * volumes.min(full);
  }
  const double unit = fleet_unit(plan);
  const double capacity = full_capacity_per_gpu(plan).value * unit * utilization.value_or(plan.max_utilization);
  // The same rule as fleet_gpus(): whole replicas, at least one, a volume of exactly N replicas' worth
  // stays at N.
  const Eigen::ArrayXd replicas = (volumes / capacity * (1.0 - 1e-12)).ceil().max(1.0);
  return fixed + per_gpu * unit * replicas + marginal * volumes;
}

Eigen::ArrayXXd selfhost_monthly_grid(const SelfHostPlan& plan, const Eigen::ArrayXd& volumes,
                                      const Eigen::ArrayXd& utilizations) {
  Eigen::ArrayXXd grid(volumes.size(), utilizations.size());
  for (Eigen::Index j = 0; j < utilizations.size(); ++j) grid.col(j) = selfhost_monthly(plan, volumes, utilizations[j]);
  return grid;
}

}  // namespace nimcost
