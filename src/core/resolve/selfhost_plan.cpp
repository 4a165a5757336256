// The self-hosting plan as asked for (GPU, rental or typed rate, hours, license and the fleet it
// covers, capacity, utilization target), then, with a served model, fleet sizing from the throughput
// model (crossover and compare with --model): one replica's
// tokens/s at the profile's operating point becomes the plan's per-GPU capacity, and the fleet grows
// in whole replicas. Real-time traffic runs at the largest concurrency that meets the latency
// target; batch traffic at the memory-bound maximum.
#include <nimcost/base/limits.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

// Requests of this many tokens, split by the workload's input share, when --isl/--osl are not given.
constexpr double k_default_request_tokens = 2000.0;

std::string target_text(const LatencyTarget& t) {
  std::string out;
  if (t.ttft_ms) out += fmt::format("TTFT <= {:g} ms", *t.ttft_ms);
  if (t.tpot_ms) out += fmt::format("{}TPOT <= {:g} ms", out.empty() ? "" : ", ", *t.tpot_ms);
  return out;
}

// The GPU (as asked, else the rental's, else the default) and its price: a rental offer or a typed rate.
void choose_gpu_and_rate(const Catalog& catalog, const SelfHostRequest& request, SelfHostPlan& plan) {
  const bool manual_rate = request.gpu_hourly_usd.has_value() || request.gpu_monthly_usd.has_value();
  if (request.rental) {
    const RentalOffer& offer = catalog.rental(*request.rental);
    if (request.gpu && catalog.gpu(*request.gpu).id != offer.gpu) {
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

}

// Bought servers instead of a rental: the offer with the flags' figures in place of the catalog's.
void choose_purchase(const Catalog& catalog, const SelfHostRequest& request, SelfHostPlan& plan) {
  const bool overrides = request.usd_per_kwh || request.pue || request.depreciation_years;
  if (!request.purchase) {
    if (overrides) throw usage_error("--usd-per-kwh, --pue and --depreciation-years price bought servers; give --purchase ID");
    return;
  }
  if (request.rental || request.gpu_hourly_usd || request.gpu_monthly_usd) {
    throw usage_error("give either --purchase or a rental (--rental, --gpu-hourly-usd, --gpu-monthly-usd), not both");
  }
  PurchaseOffer offer = catalog.purchase(*request.purchase);
  if (request.gpu && catalog.gpu(*request.gpu).id != offer.gpu) {
    throw usage_error(fmt::format("purchase offer '{}' is for GPU '{}', not '{}'", offer.id, offer.gpu, *request.gpu));
  }
  if (request.usd_per_kwh) {
    if (!(*request.usd_per_kwh >= 0.0 && *request.usd_per_kwh <= 10.0)) throw usage_error("--usd-per-kwh must be from 0 to 10");
    offer.usd_per_kwh = *request.usd_per_kwh;
  }
  if (request.pue) {
    if (!(*request.pue >= 1.0 && *request.pue <= 5.0)) throw usage_error("--pue must be from 1 to 5");
    offer.pue = *request.pue;
  }
  if (request.depreciation_years) {
    if (!(*request.depreciation_years > 0.0 && *request.depreciation_years <= 30.0)) {
      throw usage_error("--depreciation-years must be above 0 and at most 30");
    }
    offer.depreciation_years = *request.depreciation_years;
  }
  plan.gpu = catalog.gpu(offer.gpu);
  plan.rate_source = "purchase " + offer.id;
  plan.purchase = std::move(offer);
}

// The license, checked against production use; a warning for a time-limited one.
LicensePlan resolve_license(const Catalog& catalog, const SelfHostRequest& request, bool production,
                            std::vector<std::string>& warnings) {
  LicensePlan license = catalog.license(request.license.value_or(catalog.defaults.license));
  if (!license.production_allowed && production) {
    throw usage_error(fmt::format("license '{}' is for development and testing only, not production; use "
                                  "--license enterprise-annual, enterprise-hourly or evaluation, or pass "
                                  "--non-production",
                                  license.id));
  }
  if (license.term_days) {
    warnings.push_back(fmt::format("license '{}' is free for {} days only; after that production needs an "
                                   "NVIDIA AI Enterprise license",
                                   license.id, *license.term_days));
  }

  return license;
}

// Capacity per GPU without a served model: typed, or the catalog's default carried over by bandwidth.
void set_default_capacity(const Catalog& catalog, const SelfHostRequest& request, SelfHostPlan& plan) {
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
}

// The replica's operating point: realtime, the largest concurrency that meets the latency target
// (widening the replica when --tp was not given); batch, the memory-bound maximum.
OperatingPoint operating_point(const Catalog& catalog, const std::string& profile, const ReplicaRequest& asked,
                               ResolvedReplica& replica, LatencyTarget& target, std::vector<std::string>& warnings) {
  ReplicaSpec& r = replica.spec;
  const SequenceShape& s = replica.shape;
  OperatingPoint point;
  if (profile == "realtime") {
    if (!target.any()) {
      target.ttft_ms = catalog.defaults.realtime_ttft_ms;
      target.tpot_ms = catalog.defaults.realtime_tpot_ms;
    }
    auto best = best_under_target(r, s, target);
    // Without --tp, a wider replica is the way to meet a latency target one GPU group misses.
    while (!best && !asked.tp && r.gpus() * 2 <= 64 && r.model.heads % (r.tp * 2) == 0) {
      r.tp *= 2;
      best = best_under_target(r, s, target);
      if (best) replica.tp_source = "the smallest that meets the latency target";
    }
    if (!best) {
      const OperatingPoint alone = at_concurrency(r, s, 1.0);
      throw usage_error(fmt::format("no concurrency of {} on {}x {} meets {}: one request alone takes {:.0f} ms to the "
                                    "first token and {:.1f} ms per output token; relax the target, use a faster GPU "
                                    "or a higher --tp, or --profile batch",
                                    r.model.id, r.gpus(), r.gpu.id, target_text(target), alone.ttft_s * 1e3,
                                    alone.tpot_s * 1e3));
    }
    point = *best;
  } else {
    if (target.any()) warnings.push_back("--profile batch runs at the memory-bound maximum; latency targets ignored");
    target = LatencyTarget{};
    point = offline_max(r, s);
  }

  return point;
}

ReplicaSizing sizing_of(const ResolvedReplica& replica, const std::string& profile, const LatencyTarget& target,
                        const OperatingPoint& point) {
  const ReplicaSpec& r = replica.spec;
  const SequenceShape& s = replica.shape;
  ReplicaSizing sizing;
  sizing.model = r.model.id;
  sizing.precision = std::string(precision_name(r.precision));
  sizing.tp = r.tp;
  sizing.pp = r.pp;
  sizing.ep = r.ep;
  sizing.dp_attention = r.dp_attention;
  sizing.speculation = r.speculation;
  sizing.lengths_source = replica.lengths_source;
  sizing.shape = s;
  sizing.profile = profile;
  sizing.target = target;
  sizing.tp_source = replica.tp_source;
  sizing.engine_factors = r.factors.id;
  sizing.point = point;
  sizing.max_batch = memory_fit(r, s).max_batch;
  return sizing;
}

}  // namespace

double scaled_capacity(const Catalog& catalog, double capacity, std::string_view from_gpu, const GpuSku& to) {
  const GpuSku& from = catalog.gpu(from_gpu);
  if (from.id == to.id || !(from.bandwidth_tb_per_s > 0.0)) return capacity;
  return capacity * to.bandwidth_tb_per_s / from.bandwidth_tb_per_s;
}

SelfHostRequest with_served_model(const Catalog& catalog, SelfHostRequest request) {
  if (request.replica || request.capacity_tokens_per_s) return request;
  if (catalog.served_models.empty()) return request;  // a catalog of prices only: capacity from its defaults
  request.replica = ReplicaRequest{};
  request.replica->model = catalog.defaults.served_model;
  return request;
}

void check_license_fleet(const SelfHostPlan& plan, int gpus) {
  if (plan.license.max_gpus && gpus > *plan.license.max_gpus) {
    throw usage_error(fmt::format("license '{}' covers at most {} GPUs, but this fleet needs {}; use --license "
                                  "enterprise-annual or enterprise-hourly",
                                  plan.license.id, *plan.license.max_gpus, gpus));
  }
}


SelfHostPlan resolve_selfhost(const Catalog& catalog, const SelfHostRequest& request,
                              std::vector<std::string>& warnings) {
  SelfHostPlan plan;
  plan.served_model = request.replica ? catalog.served_model(request.replica->model).id : catalog.defaults.served_model;
  const bool manual_rate = request.gpu_hourly_usd.has_value() || request.gpu_monthly_usd.has_value();
  if (request.rental && manual_rate) {
    throw usage_error("give either --rental or --gpu-hourly-usd/--gpu-monthly-usd, not both");
  }
  if (request.gpu_hourly_usd && request.gpu_monthly_usd) {
    throw usage_error("give either --gpu-hourly-usd or --gpu-monthly-usd, not both");
  }

  choose_purchase(catalog, request, plan);
  if (!plan.purchase) choose_gpu_and_rate(catalog, request, plan);
  if (plan.rental && plan.rental->spot()) {
    warnings.push_back(fmt::format("{} is spot capacity the vendor may take back at any time; interruptions are not "
                                   "modelled, so its cost is a floor for a service that must stay up",
                                   plan.rental->id));
  } else if (plan.rental && plan.rental->committed()) {
    warnings.push_back(fmt::format("{} is a {} commitment: billed every hour of the term, busy or not", plan.rental->id,
                                   plan.rental->term));
  }
  plan.hours_per_month = Hours(request.hours_per_month.value_or(catalog.defaults.hours_per_month));
  if (!(plan.hours_per_month.value >= k_min_hours_per_month) || plan.hours_per_month.value > k_max_hours_per_month) {
    throw usage_error(fmt::format("--hours-per-month must be from {:g} to {:g} (31 x 24), got {:g}",
                                  k_min_hours_per_month, k_max_hours_per_month, plan.hours_per_month.value));
  }
  if (plan.gpu_monthly_override) plan.usd_per_gpu_hour = plan.gpu_monthly_override->value / plan.hours_per_month.value;
  // Bought servers as an hourly rate: what a GPU costs a month at idle, over the month's hours.
  if (plan.purchase) plan.usd_per_gpu_hour = gpu_monthly_cost_per_gpu(plan).value / plan.hours_per_month.value;

  plan.production = request.production;
  plan.license = resolve_license(catalog, request, plan.production, warnings);
  plan.ops_monthly = Usd(request.ops_monthly_usd);
  plan.max_utilization = request.max_utilization.value_or(catalog.defaults.max_utilization);
  if (!(plan.max_utilization > 0.0)) throw usage_error("--max-utilization must be above 0");

  set_default_capacity(catalog, request, plan);
  if (!(plan.capacity_tokens_per_s_per_gpu > 0.0)) throw usage_error("--capacity-tokens-per-s must be above 0");

  if (request.gpus) {
    if (*request.gpus < 1 || *request.gpus > k_max_gpus) {
      throw usage_error(fmt::format("--gpus must be from 1 to {}, got {}", k_max_gpus, *request.gpus));
    }
    plan.pinned_gpus = *request.gpus;
    round_pinned_gpus(plan, warnings);
    check_license_fleet(plan, *plan.pinned_gpus);
  }
  return plan;
}

void round_pinned_gpus(SelfHostPlan& plan, std::vector<std::string>& warnings) {
  const int unit = unit_gpus(plan);
  if (!plan.pinned_gpus || *plan.pinned_gpus % unit == 0) return;
  const int asked = *plan.pinned_gpus;
  plan.pinned_gpus = (asked + unit - 1) / unit * unit;
  warnings.push_back(fmt::format("--gpus {}: {} comes in {} of {} GPUs; the fleet is {} GPUs", asked,
                                 plan.purchase ? plan.purchase->id : plan.rental->id, unit_name(plan), unit,
                                 *plan.pinned_gpus));
}

void apply_replica(const Catalog& catalog, const SelfHostRequest& request, const Workload& workload,
                   SelfHostPlan& plan, std::vector<std::string>& warnings) {
  if (!request.replica) {
    if (request.profile || request.target.any()) {
      throw usage_error("--profile, --ttft-ms and --tpot-ms size the fleet with the throughput model; give --model");
    }
    return;
  }
  ReplicaRequest asked = *request.replica;
  asked.gpu = plan.gpu.id;
  // Prompts the API bills as cached are the ones a self-hosted prefix cache holds too.
  if (!asked.prefix_cache_hit && workload.cached_input_share > 0.0) {
    asked.prefix_cache_hit = std::min(workload.cached_input_share, 0.99);
  }
  const double isl = std::clamp(std::round(k_default_request_tokens * workload.input_share), 1.0,
                                k_default_request_tokens - 1.0);
  ResolvedReplica replica =
      resolve_replica(catalog, asked, SequenceShape{isl, k_default_request_tokens - isl}, warnings);
  const ReplicaSpec& r = replica.spec;
  const SequenceShape& s = replica.shape;

  const std::string profile = request.profile.value_or(catalog.defaults.profile);
  if (profile != "realtime" && profile != "batch") {
    throw usage_error(fmt::format("--profile must be realtime or batch, got '{}'", profile));
  }
  const MemoryFit fit = memory_fit(r, s);
  if (!fit.fits) {
    throw usage_error(fmt::format("{} at {} does not fit on {}x {} with {:g}-token requests{}", r.model.id,
                                  precision_name(r.precision), r.gpus(), r.gpu.id, s.isl + s.osl,
                                  replica.gpus_needed ? fmt::format("; it needs at least {} GPUs per replica (--tp {})",
                                                                    *replica.gpus_needed, *replica.gpus_needed)
                                                      : std::string("; no tensor-parallel degree up to 64 fits")));
  }
  LatencyTarget target = request.target;
  const OperatingPoint point = operating_point(catalog, profile, asked, replica, target, warnings);
  const double per_gpu = point.output_tokens_per_s * (s.isl + s.osl) / s.osl / r.gpus();
  if (request.capacity_tokens_per_s) {
    warnings.push_back(fmt::format("--capacity-tokens-per-s pins capacity by hand; the model would give {:.0f} "
                                   "tokens/s per GPU",
                                   per_gpu));
  } else {
    plan.capacity_tokens_per_s_per_gpu = per_gpu;
    plan.capacity_source =
        profile == "realtime"
            ? fmt::format("throughput model: {} {} on {}x {}, {:g}/{:g} tokens, {} requests in flight meet {}",
                          r.model.id, precision_name(r.precision), r.gpus(), r.gpu.id, s.isl, s.osl, point.batch,
                          target_text(target))
            : fmt::format("throughput model: {} {} on {}x {}, {:g}/{:g} tokens, batch at the memory maximum of {}",
                          r.model.id, precision_name(r.precision), r.gpus(), r.gpu.id, s.isl, s.osl, point.batch);
    if (const std::string serving = serving_text(r, s, replica.lengths_source); !serving.empty()) {
      plan.capacity_source += "; " + serving;
    }
  }
  plan.gpus_per_replica = r.gpus();
  if (plan.pinned_gpus && *plan.pinned_gpus % r.gpus() != 0) {
    throw usage_error(fmt::format("--gpus {} is not a whole number of {}-GPU replicas of {}", *plan.pinned_gpus, r.gpus(),
                                  r.model.id));
  }
  plan.sizing = sizing_of(replica, profile, target, point);
}

}  // namespace nimcost
