// `nimcost crossover`: the fleet's cost at the volume, each API's bill, break-even and required
// utilization, the warnings a reviewer needs (rate limits, missing cache or batch prices), and the
// verdict's fields (cheapest, runner-up, APIs beaten).
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

// Minutes in the month the workload is spread over, for rate-limit checks.
double month_minutes(double hours) { return hours * 60.0; }

void add_rate_limit_warnings(const ApiModel& model, const Workload& workload, double hours,
                             std::vector<std::string>& warnings) {
  if (model.rate_limit_tpm) {
    const double average_tpm = workload.tokens.value / month_minutes(hours);
    if (average_tpm > *model.rate_limit_tpm) {
      warnings.push_back(fmt::format("{}: the average load of {:.0f} tokens/minute exceeds its listed limit of "
                                     "{:.0f} tokens/minute",
                                     model.id, average_tpm, *model.rate_limit_tpm));
    }
  }
}

Verdict make_verdict(const CrossoverReport& report) {
  Verdict v;
  struct Option {
    std::string id;
    Usd monthly;
  };
  std::vector<Option> options;
  options.push_back({"selfhost", report.selfhost.total});
  for (const auto& api : report.apis) options.push_back({api.model.id, api.cost.total});
  std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) { return a.monthly < b.monthly; });
  v.cheapest_id = options[0].id;
  v.cheapest_monthly = options[0].monthly;
  if (options.size() > 1) {
    v.runner_up_id = options[1].id;
    v.runner_up_monthly = options[1].monthly;
  }
  v.apis_compared = static_cast<int>(report.apis.size());
  for (const auto& api : report.apis) v.apis_beaten_by_selfhost += api.cheaper == Cheaper::selfhost ? 1 : 0;

  return v;
}

}  // namespace

CrossoverReport evaluate_crossover(const Catalog& catalog, const CrossoverRequest& request) {
  std::vector<std::string> warnings;
  const Workload workload = resolve_workload(catalog, matched_workload(request, warnings));
  SelfHostPlan plan = resolve_selfhost(catalog, request.selfhost, warnings);
  apply_replica(catalog, request.selfhost, workload, plan, warnings);
  return evaluate_crossover_for(catalog, workload, std::move(plan), request.providers, std::move(warnings));
}

CrossoverReport evaluate_crossover_for(const Catalog& catalog, const Workload& workload, SelfHostPlan plan,
                                       const std::vector<std::string>& providers, std::vector<std::string> warnings) {
  CrossoverReport report;
  report.workload = workload;
  report.plan = std::move(plan);
  report.warnings = std::move(warnings);
  const std::vector<ApiModel> models = resolve_api_models(catalog, providers, report.warnings);

  report.selfhost = selfhost_cost(report.plan, report.workload.tokens);
  check_license_fleet(report.plan, report.selfhost.gpus);
  if (report.selfhost.over_capacity) {
    report.warnings.push_back(fmt::format("the pinned fleet of {} GPUs serves at most {} tokens/month at 100% "
                                          "utilization; this volume needs {:.0f}% of it",
                                          report.selfhost.gpus,
                                          format_tokens(full_capacity_per_gpu(report.plan) * report.selfhost.gpus),
                                          report.selfhost.utilization * 100.0));
  } else if (report.selfhost.over_target) {
    report.warnings.push_back(fmt::format("the pinned fleet runs at {} utilization, above the {} target",
                                          format_percent(report.selfhost.utilization),
                                          format_percent(report.plan.max_utilization)));
  }

  for (const ApiModel& model : models) {
    ApiComparison row;
    row.model = model;
    row.cost = api_cost(model, report.workload);
    row.break_even = break_even(row.cost.blended, report.plan, report.plan.license.max_gpus);
    row.required_utilization = required_utilization(row.cost.blended, report.plan, report.workload.tokens);
    row.cheaper = report.selfhost.total <= row.cost.total ? Cheaper::selfhost : Cheaper::api;
    row.savings = row.cheaper == Cheaper::selfhost ? row.cost.total - report.selfhost.total
                                                   : report.selfhost.total - row.cost.total;
    if (!row.cost.cache_priced) {
      report.warnings.push_back(fmt::format("{}: no cached-input price in the catalog; cached tokens billed as input",
                                            model.id));
    }
    if (!row.cost.batch_priced) {
      report.warnings.push_back(fmt::format("{}: no batch discount in the catalog; billed at list price", model.id));
    }
    add_rate_limit_warnings(model, report.workload, report.plan.hours_per_month.value, report.warnings);
    report.apis.push_back(std::move(row));
  }
  report.verdict = make_verdict(report);
  return report;
}

}  // namespace nimcost
