// Resolution and evaluation: turns IDs and numbers as typed into plans, runs the cost models and
// fills reports. All catalog look-ups and all cross-flag checks happen here, once, so that the
// models below take only resolved, valid inputs.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/resolve/request.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

// Minutes in the month the workload is spread over, for rate-limit checks.
double month_minutes(double hours) { return hours * 60.0; }

// Decode-bound serving scales with memory bandwidth; until the throughput model exists this is how
// a capacity measured on one GPU carries over to another.
double scaled_capacity(const Catalog& catalog, double capacity, std::string_view from_gpu, const GpuSku& to) {
  const GpuSku& from = catalog.gpu(from_gpu);
  if (from.id == to.id || !(from.bandwidth_tb_per_s > 0.0)) return capacity;
  return capacity * to.bandwidth_tb_per_s / from.bandwidth_tb_per_s;
}

bool contains_text(const std::string& haystack, const std::string& needle_lower) {
  return lower_case(haystack).find(needle_lower) != std::string::npos;
}

void check_license_fleet(const SelfHostPlan& plan, int gpus) {
  if (plan.license.max_gpus && gpus > *plan.license.max_gpus) {
    throw usage_error(fmt::format("license '{}' covers at most {} GPUs, but this fleet needs {}; use --license "
                                  "enterprise-annual or enterprise-hourly",
                                  plan.license.id, *plan.license.max_gpus, gpus));
  }
}

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

  const std::string volume = format_tokens(report.workload.tokens);
  const std::string fleet = fmt::format("{}x {}", report.selfhost.gpus, report.plan.gpu.id);
  if (report.apis.empty()) {
    v.text = fmt::format("Self-hosting on {} costs {}/month at {} tokens/month.", fleet,
                         format_usd(report.selfhost.total), volume);
  } else if (v.cheapest_id == "selfhost") {
    const Usd margin = v.runner_up_monthly - v.cheapest_monthly;
    v.text = fmt::format("Self-host wins at {} tokens/month: {} on {} is {} ({}) under the cheapest API, {} ({}).",
                         volume, format_usd(v.cheapest_monthly), fleet, format_usd(margin),
                         format_percent(margin / v.runner_up_monthly), v.runner_up_id, format_usd(v.runner_up_monthly));
  } else {
    const Usd margin = report.selfhost.total - v.cheapest_monthly;
    v.text = fmt::format("API wins at {} tokens/month: {} at {} is {} ({}) under self-hosting on {} ({}); "
                         "self-hosting beats {} of {} APIs.",
                         volume, v.cheapest_id, format_usd(v.cheapest_monthly), format_usd(margin),
                         format_percent(margin / report.selfhost.total), fleet, format_usd(report.selfhost.total),
                         v.apis_beaten_by_selfhost, v.apis_compared);
  }
  return v;
}

}  // namespace

Workload resolve_workload(const Catalog& catalog, const WorkloadRequest& request) {
  Workload w;
  w.tokens = request.tokens;
  w.input_share = request.input_share.value_or(catalog.defaults.input_share);
  w.cached_input_share = request.cached_input_share;
  w.batch_api = request.batch_api;
  return w;
}

SelfHostPlan resolve_selfhost(const Catalog& catalog, const SelfHostRequest& request,
                              std::vector<std::string>& warnings) {
  SelfHostPlan plan;
  const bool manual_rate = request.gpu_hourly_usd.has_value() || request.gpu_monthly_usd.has_value();
  if (request.rental && manual_rate) {
    throw usage_error("give either --rental or --gpu-hourly-usd/--gpu-monthly-usd, not both");
  }
  if (request.gpu_hourly_usd && request.gpu_monthly_usd) {
    throw usage_error("give either --gpu-hourly-usd or --gpu-monthly-usd, not both");
  }

  // The GPU: as asked, else the rental's, else the default.
  if (request.rental) {
    const RentalOffer& offer = catalog.rental(*request.rental);
    if (request.gpu && !same_name(*request.gpu, offer.gpu)) {
      throw usage_error(fmt::format("rental offer '{}' is for GPU '{}', not '{}'", offer.id, offer.gpu, *request.gpu));
    }
    plan.gpu = catalog.gpu(offer.gpu);
    plan.rental = offer;
  } else {
    plan.gpu = catalog.gpu(request.gpu.value_or(catalog.defaults.gpu));
    if (!manual_rate) {
      const RentalOffer* offer = same_name(plan.gpu.id, catalog.defaults.gpu)
                                     ? &catalog.rental(catalog.defaults.rental)
                                     : catalog.first_rental_for(plan.gpu.id);
      if (offer == nullptr) {
        throw usage_error(fmt::format("the catalog has no rental offer for GPU '{}'; give --gpu-hourly-usd",
                                      plan.gpu.id));
      }
      plan.rental = *offer;
    }
  }
  if (plan.rental) {
    plan.usd_per_gpu_hour = plan.rental->usd_per_gpu_hour;
    plan.rate_source = "rental " + plan.rental->id;
  } else if (request.gpu_hourly_usd) {
    plan.usd_per_gpu_hour = *request.gpu_hourly_usd;
    plan.rate_source = "--gpu-hourly-usd";
  } else {
    plan.gpu_monthly_override = Usd(*request.gpu_monthly_usd);
    plan.rate_source = "--gpu-monthly-usd";
  }

  plan.hours_per_month = Hours(request.hours_per_month.value_or(catalog.defaults.hours_per_month));
  if (!(plan.hours_per_month.value > 0.0) || plan.hours_per_month.value > 744.0) {
    throw usage_error(fmt::format("--hours-per-month must be above 0 and at most 744 (31 x 24), got {}",
                                  plan.hours_per_month.value));
  }
  if (plan.gpu_monthly_override) plan.usd_per_gpu_hour = plan.gpu_monthly_override->value / plan.hours_per_month.value;

  plan.production = request.production;
  plan.license = catalog.license(request.license.value_or(catalog.defaults.license));
  if (!plan.license.production_allowed && plan.production) {
    throw usage_error(fmt::format("license '{}' is for development and testing only, not production; use "
                                  "--license enterprise-annual, enterprise-hourly or evaluation, or pass "
                                  "--non-production",
                                  plan.license.id));
  }
  if (plan.license.term_days) {
    warnings.push_back(fmt::format("license '{}' is free for {} days only; after that production needs an "
                                   "NVIDIA AI Enterprise license",
                                   plan.license.id, *plan.license.term_days));
  }

  plan.ops_monthly = Usd(request.ops_monthly_usd);
  plan.max_utilization = request.max_utilization.value_or(catalog.defaults.max_utilization);
  if (!(plan.max_utilization > 0.0)) throw usage_error("--max-utilization must be above 0");

  if (request.capacity_tokens_per_s) {
    plan.capacity_tokens_per_s_per_gpu = *request.capacity_tokens_per_s;
    plan.capacity_source = "--capacity-tokens-per-s";
  } else {
    plan.capacity_tokens_per_s_per_gpu = scaled_capacity(catalog, catalog.defaults.capacity_tokens_per_s_per_gpu,
                                                         catalog.defaults.capacity_reference_gpu, plan.gpu);
    plan.capacity_source = same_name(plan.gpu.id, catalog.defaults.capacity_reference_gpu)
                               ? "catalog default"
                               : fmt::format("catalog default for {} scaled by memory bandwidth",
                                             catalog.defaults.capacity_reference_gpu);
  }
  if (!(plan.capacity_tokens_per_s_per_gpu > 0.0)) throw usage_error("--capacity-tokens-per-s must be above 0");

  if (request.gpus) {
    if (*request.gpus < 1) throw usage_error("--gpus must be at least 1");
    plan.pinned_gpus = *request.gpus;
    check_license_fleet(plan, *request.gpus);
  }
  return plan;
}

std::vector<ApiModel> resolve_api_models(const Catalog& catalog, const std::vector<std::string>& providers,
                                         std::vector<std::string>& warnings) {
  std::vector<ApiModel> out;
  auto add = [&](const ApiModel& model) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const ApiModel& m) { return m.id == model.id; });
    if (!seen) out.push_back(model);
  };
  if (providers.empty()) {
    for (const auto& model : catalog.api_models) {
      if (model.production) add(model);
    }
    return out;
  }
  for (const auto& selector : providers) {
    for (const ApiModel* model : catalog.select_api_models(selector)) {
      if (!model->production) {
        warnings.push_back(fmt::format("{}: {}", model->id,
                                       model->notes.empty() ? "not offered for production use" : model->notes));
      }
      add(*model);
    }
  }
  return out;
}

namespace {

// With --isl and --osl and no --input-share, the API side prices the same mix the GPUs serve.
WorkloadRequest matched_workload(const CrossoverRequest& request, std::vector<std::string>& warnings) {
  WorkloadRequest w = request.workload;
  const auto& replica = request.selfhost.replica;
  if (!replica || !replica->isl || !replica->osl) return w;
  const double share = *replica->isl / (*replica->isl + *replica->osl);
  if (!w.input_share) {
    w.input_share = share;
  } else if (std::fabs(*w.input_share - share) > 0.005) {
    warnings.push_back(fmt::format("--input-share {} prices the APIs, while --isl/--osl ({}) size the GPUs",
                                   format_percent(*w.input_share), format_percent(share)));
  }
  return w;
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

CompareReport evaluate_compare(const Catalog& catalog, const CrossoverRequest& request) {
  CompareReport report;
  report.workload = resolve_workload(catalog, matched_workload(request, report.warnings));
  report.plan = resolve_selfhost(catalog, request.selfhost, report.warnings);
  apply_replica(catalog, request.selfhost, report.workload, report.plan, report.warnings);
  const Tokens volume = report.workload.tokens;

  for (const ApiModel& model : resolve_api_models(catalog, request.providers, report.warnings)) {
    const ApiCost cost = api_cost(model, report.workload);
    report.rows.push_back({"api", model.id, model.provider, cost.blended, cost.total, std::nullopt, std::nullopt,
                           model.provenance.as_of, model.provenance.source});
  }

  // Every hosting option: the plan as resolved, then each other rental offer in the catalog, with
  // capacity carried over by memory bandwidth from the plan's GPU.
  std::vector<SelfHostPlan> plans{report.plan};
  for (const auto& offer : catalog.rentals) {
    if (report.plan.rental && report.plan.rental->id == offer.id) continue;
    SelfHostPlan plan = report.plan;
    plan.gpu = catalog.gpu(offer.gpu);
    plan.rental = offer;
    plan.usd_per_gpu_hour = offer.usd_per_gpu_hour;
    plan.gpu_monthly_override.reset();
    plan.rate_source = "rental " + offer.id;
    plan.capacity_tokens_per_s_per_gpu =
        scaled_capacity(catalog, report.plan.capacity_tokens_per_s_per_gpu, report.plan.gpu.id, plan.gpu);
    if (report.plan.sizing) {
      // Each GPU sizes its own replica with the throughput model; one the model cannot fit is left out.
      plan.sizing.reset();
      plan.gpus_per_replica = 1;
      SelfHostRequest per_gpu = request.selfhost;
      if (report.plan.sizing->tp_source != "--tp") per_gpu.replica->tp.reset();
      try {
        apply_replica(catalog, per_gpu, report.workload, plan, report.warnings);
      } catch (const Error& e) {
        report.warnings.push_back(fmt::format("{}: left out: {}", offer.id, e.what()));
        continue;
      }
    }
    plans.push_back(std::move(plan));
  }
  for (const auto& plan : plans) {
    const SelfHostCost cost = selfhost_cost(plan, volume);
    const std::string id = plan.rental ? plan.rental->id : "custom-" + plan.gpu.id;
    const Provenance provenance = plan.rental ? plan.rental->provenance : Provenance{plan.rate_source, "", ""};
    report.rows.push_back({"selfhost", id, fmt::format("{}x {}", cost.gpus, plan.gpu.id),
                           cost.per_mtok.value_or(PerMtok(0.0)), cost.total, cost.gpus, cost.utilization,
                           provenance.as_of, provenance.source});
  }
  std::stable_sort(report.rows.begin(), report.rows.end(),
                   [](const CompareRow& a, const CompareRow& b) { return a.monthly < b.monthly; });
  if (volume.value == 0.0) report.warnings.push_back("zero volume: $/M tokens is not defined for hosting options");
  return report;
}

PricesReport evaluate_prices(const Catalog& catalog, const std::string& kind, const std::string& filter) {
  static const std::vector<std::string> kinds = {"all", "api", "gpu", "rental", "license", "model", "profile"};
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    throw usage_error(fmt::format("--kind must be one of all, api, gpu, rental, license, model, profile; got '{}'", kind));
  }
  PricesReport report;
  report.kind = kind;
  report.defaults = &catalog.defaults;
  const std::string needle = lower_case(filter);
  const bool all = kind == "all";
  if (all || kind == "api") {
    for (const auto& m : catalog.api_models) {
      if (contains_text(m.id, needle) || contains_text(m.provider, needle) || contains_text(m.name, needle)) {
        report.api_models.push_back(&m);
      }
    }
  }
  if (all || kind == "gpu") {
    for (const auto& g : catalog.gpus) {
      if (contains_text(g.id, needle) || contains_text(g.name, needle)) report.gpus.push_back(&g);
    }
  }
  if (all || kind == "rental") {
    for (const auto& r : catalog.rentals) {
      if (contains_text(r.id, needle) || contains_text(r.vendor, needle) || contains_text(r.gpu, needle)) {
        report.rentals.push_back(&r);
      }
    }
  }
  if (all || kind == "license") {
    for (const auto& l : catalog.licenses) {
      if (contains_text(l.id, needle) || contains_text(l.name, needle)) report.licenses.push_back(&l);
    }
  }
  if (all || kind == "model") {
    for (const auto& m : catalog.served_models) {
      if (contains_text(m.id, needle) || contains_text(m.name, needle)) report.models.push_back(&m);
    }
  }
  if (all || kind == "profile") {
    for (const auto& t : catalog.traffic_profiles) {
      if (contains_text(t.id, needle) || contains_text(t.kind, needle)) report.profiles.push_back(&t);
    }
  }
  return report;
}

}  // namespace nimcost
