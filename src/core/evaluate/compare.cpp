// `nimcost compare`: every API and every hosting option in the catalog at one volume, cheapest first.
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/compare.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

// `plan` moved to `gpu`: capacity carried over by bandwidth, or with a served model each GPU sizes its
// own replica with the throughput model; one the model cannot fit is left out with a warning.
std::optional<SelfHostPlan> on_gpu(const Catalog& catalog, const CrossoverRequest& request, CompareReport& report,
                                   SelfHostPlan plan, const std::string& gpu, const std::string& id) {
  plan.gpu = catalog.gpu(gpu);
  plan.gpu_monthly_override.reset();
  plan.capacity_tokens_per_s_per_gpu =
      scaled_capacity(catalog, report.plan.capacity_tokens_per_s_per_gpu, report.plan.gpu.id, plan.gpu);
  if (plan.purchase) plan.usd_per_gpu_hour = gpu_monthly_cost_per_gpu(plan).value / plan.hours_per_month.value;
  if (!report.plan.sizing) return plan;
  plan.sizing.reset();
  plan.gpus_per_replica = 1;
  SelfHostRequest per_gpu = request.selfhost;
  if (report.plan.sizing->tp_source != "--tp") per_gpu.replica->tp.reset();
  try {
    apply_replica(catalog, per_gpu, report.workload, plan, report.warnings);
  } catch (const Error& e) {
    report.warnings.push_back(fmt::format("{}: left out: {}", id, e.what()));
    return std::nullopt;
  }
  return plan;
}

// A hosting option's row: kind "rental" (a typed rate is one too) or "purchase", with the term.
CompareRow hosting_row(const Catalog& catalog, const SelfHostPlan& plan, Tokens volume) {
  const SelfHostCost cost = selfhost_cost(plan, volume);
  CompareRow row;
  row.kind = plan.purchase ? "purchase" : "rental";
  row.id = plan.purchase ? plan.purchase->id : plan.rental ? plan.rental->id : "custom-" + plan.gpu.id;
  row.term = plan.purchase ? "" : plan.rental ? plan.rental->term : "";
  const Provenance provenance = plan.purchase ? plan.purchase->provenance
                                : plan.rental ? plan.rental->provenance
                                              : Provenance{plan.rate_source, "", ""};
  row.detail = plan.purchase ? fmt::format("{}x {} ({} server{})", cost.gpus, plan.gpu.id, cost.servers, cost.servers == 1 ? "" : "s")
                             : fmt::format("{}x {}", cost.gpus, plan.gpu.id);
  row.per_mtok = cost.per_mtok.value_or(PerMtok(0.0));
  row.monthly = cost.total;
  row.gpus = cost.gpus;
  row.utilization = cost.utilization;
  row.as_of = provenance.as_of;
  row.source = provenance.source;
  row.model = plan.served_model;
  if (plan.sizing) row.precision_tp = fmt::format("{} TP{}", plan.sizing->precision, plan.sizing->tp);
  if (const QualityScore* q = catalog.quality_of(plan.served_model)) row.quality_score = q->score;
  return row;
}

}  // namespace

CompareReport evaluate_compare(const Catalog& catalog, const CrossoverRequest& asked) {
  CrossoverRequest request = asked;
  request.selfhost = with_served_model(catalog, request.selfhost);
  CompareReport report;
  report.compared_to = request.compare_to;
  report.workload = resolve_workload(catalog, matched_workload(request, report.warnings));
  report.plan = resolve_selfhost(catalog, request.selfhost, report.warnings);
  apply_replica(catalog, request.selfhost, report.workload, report.plan, report.warnings);
  const Tokens volume = report.workload.tokens;

  for (const ApiModel& model : resolve_api_models(catalog, request.providers, report.warnings)) {
    const ApiCost cost = api_cost(model, report.workload);
    CompareRow row;
    row.kind = "api";
    row.id = model.id;
    row.detail = model.provider;
    row.per_mtok = cost.blended;
    row.monthly = cost.total;
    row.as_of = model.provenance.as_of;
    row.source = model.provenance.source;
    if (const QualityScore* q = catalog.quality_of(model.id)) row.quality_score = q->score;
    row.tier = quality_tier(catalog, model, report.plan.served_model, request.min_quality);
    row.compared = in_comparison(row.tier, request.compare_to);
    report.rows.push_back(std::move(row));
  }

  // Every hosting option: the plan as resolved, then each other rental offer (of every term) and each
  // purchase in the catalog, with capacity carried over by memory bandwidth from the plan's GPU.
  std::vector<SelfHostPlan> plans{report.plan};
  for (const auto& offer : catalog.rentals) {
    if (report.plan.rental && report.plan.rental->id == offer.id) continue;
    SelfHostPlan plan = report.plan;
    plan.purchase.reset();
    plan.pinned_gpus = request.selfhost.gpus;  // as asked: the plan's may be rounded up to whole servers
    plan.rental = offer;
    plan.usd_per_gpu_hour = offer.usd_per_gpu_hour;
    plan.rate_source = "rental " + offer.id;
    round_pinned_gpus(plan, report.warnings);
    if (auto sized = on_gpu(catalog, request, report, std::move(plan), offer.gpu, offer.id)) plans.push_back(std::move(*sized));
  }
  for (const auto& offer : catalog.purchases) {
    if (report.plan.purchase && report.plan.purchase->id == offer.id) continue;
    SelfHostPlan plan = report.plan;
    plan.rental.reset();
    plan.purchase = offer;
    plan.rate_source = "purchase " + offer.id;
    plan.pinned_gpus = request.selfhost.gpus;
    round_pinned_gpus(plan, report.warnings);
    if (auto sized = on_gpu(catalog, request, report, std::move(plan), offer.gpu, offer.id)) plans.push_back(std::move(*sized));
  }
  for (const auto& plan : plans) report.rows.push_back(hosting_row(catalog, plan, volume));
  if (std::any_of(report.rows.begin(), report.rows.end(), [](const CompareRow& row) { return row.term == "spot"; })) {
    report.warnings.push_back("rows of term spot are capacity the vendor may take back at any time; interruptions are "
                              "not modelled, so their cost is a floor for a service that must stay up");
  }
  std::stable_sort(report.rows.begin(), report.rows.end(),
                   [](const CompareRow& a, const CompareRow& b) { return a.monthly < b.monthly; });
  if (volume.value == 0.0) report.warnings.push_back("zero volume: $/M tokens is not defined for hosting options");
  return report;
}

}  // namespace nimcost
