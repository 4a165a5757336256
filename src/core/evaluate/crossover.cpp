// `nimcost crossover`: the fleet's cost at the volume, each API's bill, break-even and required
// utilization, the warnings a reviewer needs (rate limits, missing cache or batch prices), and the
// verdict's fields (cheapest, runner-up, APIs beaten).
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/suggest.hpp>
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

// The tier of each row, and whether the verdict weighs it.
void tier_rows(const Catalog& catalog, const CrossoverRequest& apis, CrossoverReport& report) {
  for (auto& row : report.apis) {
    if (const QualityScore* q = catalog.quality_of(row.model.id)) row.quality_score = q->score;
    row.tier = quality_tier(catalog, row.model, report.plan.served_model, apis.min_quality);
    row.compared = in_comparison(row.tier, apis.compare_to);
  }
}

// The cheapest option among self-hosting and the compared APIs, the runner-up, the cheapest
// same-model and comparable APIs, and what the comparison left out.
Verdict make_verdict(const Catalog& catalog, const CrossoverRequest& apis, const CrossoverReport& report) {
  Verdict v;
  v.compared_to = apis.compare_to;
  v.min_quality = apis.min_quality;
  if (const QualityScore* q = catalog.quality_of(report.plan.served_model)) v.selfhost_quality = q->score;
  struct Option {
    std::string id;
    Usd monthly;
  };
  std::vector<Option> options;
  options.push_back({"selfhost", report.selfhost.total});
  for (const auto& api : report.apis) {
    const auto cheaper_than = [&](const std::string& id, Usd monthly) { return id.empty() || api.cost.total < monthly; };
    if (api.tier == QualityTier::same_model && cheaper_than(v.cheapest_same_model, v.cheapest_same_model_monthly)) {
      v.cheapest_same_model = api.model.id;
      v.cheapest_same_model_monthly = api.cost.total;
    }
    if (api.tier == QualityTier::comparable && cheaper_than(v.cheapest_comparable, v.cheapest_comparable_monthly)) {
      v.cheapest_comparable = api.model.id;
      v.cheapest_comparable_monthly = api.cost.total;
    }
    if (!api.compared) {
      v.left_out_lower += api.tier == QualityTier::lower ? 1 : 0;
      v.left_out_unrated += api.tier == QualityTier::unrated ? 1 : 0;
      v.left_out_same_model += api.tier == QualityTier::same_model ? 1 : 0;
      v.left_out_comparable += api.tier == QualityTier::comparable ? 1 : 0;
      continue;
    }
    options.push_back({api.model.id, api.cost.total});
    ++v.apis_compared;
    v.apis_beaten_by_selfhost += api.cheaper == Cheaper::selfhost ? 1 : 0;
  }
  std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) { return a.monthly < b.monthly; });
  v.cheapest_id = options[0].id;
  v.cheapest_monthly = options[0].monthly;
  if (options.size() > 1) {
    v.runner_up_id = options[1].id;
    v.runner_up_monthly = options[1].monthly;
  }
  return v;
}

// The plan against its other way of paying: a rented plan against the first server to buy with its
// GPU, a bought one against that GPU's default (on-demand) rental. None for a pinned fleet (buying
// then only rounds it up to whole servers) or when the catalog has no counterpart.
std::optional<BuyVsRent> ownership(const Catalog& catalog, const SelfHostPlan& plan, Tokens volume) {
  if (plan.pinned_gpus) return std::nullopt;
  SelfHostPlan other = plan;
  if (plan.purchase) {
    const RentalOffer* offer = same_name(plan.gpu.id, catalog.defaults.gpu) ? &catalog.rental(catalog.defaults.rental)
                                                                             : catalog.first_rental_for(plan.gpu.id);
    if (offer == nullptr) return std::nullopt;
    other.purchase.reset();
    other.rental = *offer;
    other.usd_per_gpu_hour = offer->usd_per_gpu_hour;
    other.rate_source = "rental " + offer->id;
    return buy_vs_rent(plan, other, volume);
  }
  const auto offer = std::find_if(catalog.purchases.begin(), catalog.purchases.end(),
                                  [&](const PurchaseOffer& p) { return same_name(p.gpu, plan.gpu.id); });
  if (offer == catalog.purchases.end()) return std::nullopt;
  other.rental.reset();
  other.gpu_monthly_override.reset();
  other.purchase = *offer;
  other.rate_source = "purchase " + offer->id;
  BuyVsRent r = buy_vs_rent(other, plan, volume);
  if (!plan.rental) r.rental = plan.rate_source;  // a typed rate
  return r;
}

}  // namespace

CrossoverReport evaluate_crossover(const Catalog& catalog, const CrossoverRequest& asked) {
  CrossoverRequest request = asked;
  request.selfhost = with_served_model(catalog, request.selfhost);
  std::vector<std::string> warnings;
  const Workload workload = resolve_workload(catalog, matched_workload(request, warnings));
  SelfHostPlan plan = resolve_selfhost(catalog, request.selfhost, warnings);
  apply_replica(catalog, request.selfhost, workload, plan, warnings);
  return evaluate_crossover_for(catalog, workload, std::move(plan), request, std::move(warnings));
}

CrossoverReport evaluate_crossover_for(const Catalog& catalog, const Workload& workload, SelfHostPlan plan,
                                       const CrossoverRequest& apis, std::vector<std::string> warnings) {
  CrossoverReport report;
  report.workload = workload;
  report.plan = std::move(plan);
  report.warnings = std::move(warnings);
  const std::vector<ApiModel> models = resolve_api_models(catalog, apis.providers, report.warnings);

  report.selfhost = selfhost_cost(report.plan, report.workload.tokens);
  check_license_fleet(report.plan, report.selfhost.gpus);
  report.buy_vs_rent = ownership(catalog, report.plan, report.workload.tokens);
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
  tier_rows(catalog, apis, report);
  report.verdict = make_verdict(catalog, apis, report);
  return report;
}

}  // namespace nimcost
