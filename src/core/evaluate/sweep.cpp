// Sweeps on Eigen arrays: one vectorized expression per option over all volumes.
#include <nimcost/base/limits.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/sweep.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/cost_curves.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

namespace {

constexpr int k_max_points = k_max_sweep_points;

// The fleet's cost as the plot draws it: a step function with its steps exactly where whole replicas
// are added, when there are few enough of them; else through the sampled volumes as steps.
std::vector<std::pair<double, double>> selfhost_outline(const SweepReport& report) {
  const double lo = report.volumes[0], hi = report.volumes[report.volumes.size() - 1];
  const auto cost_at = [&](double v) { return selfhost_monthly(report.plan, Eigen::ArrayXd::Constant(1, v))[0]; };
  const double unit = fleet_unit(report.plan);
  const double step = full_capacity_per_gpu(report.plan).value * unit * report.plan.max_utilization;
  std::vector<std::pair<double, double>> pts;
  pts.emplace_back(lo, cost_at(lo));
  if (!report.plan.pinned_gpus && step > 0.0 && hi / step < 5000.0) {
    for (double b = std::ceil(lo / step) * step; b < hi; b += step) {
      if (b <= lo) continue;
      pts.emplace_back(b, cost_at(b));
      pts.emplace_back(b, cost_at(b * (1.0 + 1e-9)));
    }
  } else {
    for (Eigen::Index i = 1; i < report.volumes.size(); ++i) {
      pts.emplace_back(report.volumes[i], report.selfhost.monthly[i - 1]);
      pts.emplace_back(report.volumes[i], report.selfhost.monthly[i]);
    }
  }
  pts.emplace_back(hi, cost_at(hi));
  return pts;
}

}  // namespace

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
  base.selfhost = with_served_model(catalog, base.selfhost);
  report.marked = base.workload.tokens.has_value();
  if (!report.marked) base.workload.tokens = Tokens(0.0);  // the mix alone prices the APIs
  report.workload = resolve_workload(catalog, base.workload);
  report.plan = resolve_selfhost(catalog, base.selfhost, report.warnings);
  apply_replica(catalog, base.selfhost, report.workload, report.plan, report.warnings);
  report.volumes = log_spaced(from, to, request.points);

  report.selfhost.id = report.plan.purchase ? report.plan.purchase->id
                       : report.plan.rental ? report.plan.rental->id
                                            : "selfhost-" + report.plan.gpu.id;
  report.selfhost.kind = "selfhost";
  if (report.plan.purchase) report.selfhost.provenance = report.plan.purchase->provenance;
  else if (report.plan.rental) report.selfhost.provenance = report.plan.rental->provenance;
  else report.selfhost.provenance.source = report.plan.rate_source;
  report.selfhost.monthly = selfhost_monthly(report.plan, report.volumes);
  report.selfhost_outline = selfhost_outline(report);
  int left_out = 0;
  for (const ApiModel& model : resolve_api_models(catalog, base.providers, report.warnings)) {
    // Like for like: the APIs of the self-hosted model's quality (--compare-to all draws every one).
    if (!in_comparison(quality_tier(catalog, model, report.plan.served_model, base.min_quality), base.compare_to)) {
      ++left_out;
      continue;
    }
    SweepSeries s;
    s.id = model.id;
    s.kind = "api";
    s.blended = api_cost(model, report.workload.at(Tokens(1e6))).blended;
    s.monthly = report.volumes * (s.blended.value / k_tokens_per_mtok);
    s.break_even = break_even(s.blended, report.plan, report.plan.license.max_gpus);
    s.provenance = model.provenance;
    report.apis.push_back(std::move(s));
  }
  if (left_out > 0) {
    report.warnings.push_back(fmt::format("{} API{} outside the compared set ({}, against {}) left out (--compare-to all "
                                          "draws them)",
                                          left_out, left_out == 1 ? "" : "s", compare_to_name(base.compare_to),
                                          report.plan.served_model));
  }
  if (request.util_from || request.util_to) {
    const double u0 = request.util_from.value_or(0.1);
    const double u1 = request.util_to.value_or(1.0);
    if (!(u0 > 0.0) || !(u1 >= u0) || u1 > 1.0) {
      throw usage_error(fmt::format("--util-from and --util-to must satisfy 0 < from <= to <= 1, got {} and {}", u0, u1));
    }
    if (request.util_points < 1 || static_cast<long long>(request.util_points) * request.points > k_max_sweep_grid) {
      throw usage_error(fmt::format("--util-points must be at least 1 and points x util-points at most {}", k_max_sweep_grid));
    }
    if (report.plan.pinned_gpus) report.warnings.push_back("a pinned fleet (--gpus) costs the same at every utilization");
    report.utilizations = lin_spaced(u0, u1, u1 > u0 ? request.util_points : 1);
    report.grid = selfhost_monthly_grid(report.plan, report.volumes, report.utilizations);
  }
  return report;
}

}  // namespace nimcost
