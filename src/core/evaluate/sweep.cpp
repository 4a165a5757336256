// Sweeps on Eigen arrays: one vectorized expression per option over all volumes.
#include <nimcost/model/api_cost.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/sweep.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

namespace {

constexpr int k_max_points = 10'000'000;

}  // namespace

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
  if (plan.pinned_gpus) return Eigen::ArrayXd::Constant(volumes.size(), fixed + per_gpu * *plan.pinned_gpus);
  const double unit = std::max(1, plan.gpus_per_replica);
  const double capacity = full_capacity_per_gpu(plan).value * unit * utilization.value_or(plan.max_utilization);
  // The same rule as fleet_gpus(): whole replicas, at least one, a volume of exactly N replicas' worth
  // stays at N.
  const Eigen::ArrayXd replicas = (volumes / capacity * (1.0 - 1e-12)).ceil().max(1.0);
  return fixed + per_gpu * unit * replicas;
}

Eigen::ArrayXXd selfhost_monthly_grid(const SelfHostPlan& plan, const Eigen::ArrayXd& volumes,
                                      const Eigen::ArrayXd& utilizations) {
  Eigen::ArrayXXd grid(volumes.size(), utilizations.size());
  for (Eigen::Index j = 0; j < utilizations.size(); ++j) grid.col(j) = selfhost_monthly(plan, volumes, utilizations[j]);
  return grid;
}

SweepReport evaluate_sweep(const Catalog& catalog, const SweepRequest& request) {
  SweepReport report;
  const double from = request.from.value;
  const double to = request.to.value;
  if (!(from > 0.0) || !(to > from)) {
    throw usage_error(fmt::format("--from must be above 0 and below --to, got {} and {}", format_tokens(request.from),
                                  format_tokens(request.to)));
  }
  if (request.points < 2 || request.points > k_max_points) {
    throw usage_error(fmt::format("--points must be 2 to {}, got {}", k_max_points, request.points));
  }
  CrossoverRequest base = request.base;
  report.marked = request.mark_volume;
  if (!report.marked) base.workload.tokens = Tokens(0.0);
  report.workload = resolve_workload(catalog, base.workload);
  report.plan = resolve_selfhost(catalog, base.selfhost, report.warnings);
  apply_replica(catalog, base.selfhost, report.workload, report.plan, report.warnings);
  report.volumes = log_spaced(from, to, request.points);

  report.selfhost.id = report.plan.rental ? report.plan.rental->id : "selfhost-" + report.plan.gpu.id;
  report.selfhost.kind = "selfhost";
  report.selfhost.monthly = selfhost_monthly(report.plan, report.volumes);
  for (const ApiModel& model : resolve_api_models(catalog, base.providers, report.warnings)) {
    SweepSeries s;
    s.id = model.id;
    s.kind = "api";
    s.blended = api_cost(model, report.workload.at(Tokens(1e6))).blended;
    s.monthly = report.volumes * (s.blended.value / k_tokens_per_mtok);
    s.break_even = break_even(s.blended, report.plan, report.plan.license.max_gpus);
    report.apis.push_back(std::move(s));
  }
  if (request.util_from || request.util_to) {
    const double u0 = request.util_from.value_or(0.1);
    const double u1 = request.util_to.value_or(1.0);
    if (!(u0 > 0.0) || !(u1 >= u0) || u1 > 1.0) {
      throw usage_error(fmt::format("--util-from and --util-to must satisfy 0 < from <= to <= 1, got {} and {}", u0, u1));
    }
    if (request.util_points < 1 || static_cast<long long>(request.util_points) * request.points > k_max_points) {
      throw usage_error(fmt::format("--util-points must be at least 1 and points x util-points at most {}", k_max_points));
    }
    if (report.plan.pinned_gpus) report.warnings.push_back("a pinned fleet (--gpus) costs the same at every utilization");
    report.utilizations = lin_spaced(u0, u1, u1 > u0 ? request.util_points : 1);
    report.grid = selfhost_monthly_grid(report.plan, report.volumes, report.utilizations);
  }
  return report;
}

}  // namespace nimcost
