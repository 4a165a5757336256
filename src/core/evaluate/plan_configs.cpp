// The plan's configurations: sizing by the throughput model, then two analytic prices per
// configuration. The estimate (a fixed fleet for the peak on the GPU's cheapest term) orders the
// simulations; the lower bound (every token on whichever is cheaper, the API or a GPU busy all the
// time it is paid for) tells which unsimulated configurations could still have won.
#include "plan_configs.hpp"
#include "plan_offers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace nimcost {

namespace {

// Demand at the busiest time over the mean, with a margin for bursts (realtime), or the rate a
// batch job must be served at to finish in its window.
double peak_factor(const TrafficProfile& p) {
  if (p.kind == "batch") {
    if (p.arrival == "nightly") return std::max(1.0, 24.0 / p.window_hours);
    if (p.arrival == "hourly") return std::max(1.0, 1.0 / p.window_hours);
    return 1.0;
  }
  double top = 0.0;
  for (double v : p.hourly) top = std::max(top, v);
  const double week_mean = (5.0 * p.weekday_factor + 2.0 * p.weekend_factor) / 7.0;
  const double day = std::max(p.weekday_factor, p.weekend_factor) / std::max(week_mean, 1e-9);
  return std::max(1.0, top) * day * (1.0 + p.burstiness) * (1.0 + std::max(0.0, p.growth_per_month));
}

// The replica's serving of one kind of traffic, or the error that rules it out.
struct Sized {
  std::optional<SelfHostPlan> plan;
  std::string error;
};

Sized size_for(const Catalog& catalog, const PlanRequest& request, const PlanConfig& c, const std::string& kind,
               const Workload& workload, std::vector<std::string>& warnings) {
  SelfHostRequest asked = configured(request.spec.request.selfhost, c.model, c.gpu, c.precision, c.tp, c.on_demand);
  asked.profile = kind;
  if (kind != "realtime") asked.target = LatencyTarget{};
  Sized out;
  try {
    SelfHostPlan plan = resolve_selfhost(catalog, asked, warnings);
    apply_replica(catalog, asked, workload, plan, warnings);
    out.plan = std::move(plan);
  } catch (const Error& e) {
    out.error = e.what();
  }
  return out;
}

// The least a configuration could achieve: one request at a time.
PlanMiss miss_of(const Catalog& catalog, const PlanRequest& request, const PlanConfig& c, const SelfHostPlan& batch) {
  ReplicaRequest asked = request.spec.request.selfhost.replica.value_or(ReplicaRequest{});
  asked.model = c.model;
  asked.gpu = c.gpu;
  asked.precision = c.precision;
  asked.tp = c.tp;
  std::vector<std::string> ignored;
  const ResolvedReplica r = resolve_replica(catalog, asked, batch.sizing->shape, ignored);
  const OperatingPoint one = at_concurrency(r.spec, r.shape, 1.0);
  return PlanMiss{c.model, c.gpu, c.precision, c.tp, one.ttft_s * 1e3, one.tpot_s * 1e3};
}

// How far a miss is from the target: the worse of its two ratios.
double shortfall(const PlanMiss& m, const LatencyTarget& t) {
  double worst = 0.0;
  if (t.ttft_ms) worst = std::max(worst, m.ttft_ms / *t.ttft_ms);
  if (t.tpot_ms) worst = std::max(worst, m.tpot_ms / *t.tpot_ms);
  return worst;
}

// The ways the simulation may pay for the GPU (plan_offers.hpp), and each bought server at its fixed
// cost over the month's hours.
struct GpuRates {
  std::vector<double> hourly;  // as the estimate prices them (spot x1.25: interrupted replicas are made up)
  std::vector<int> unit;       // GPUs paid for at once
  double least = 0.0;          // the least $/GPU-hour of any
  double least_held = 0.0;     // the least $/GPU-hour of a replica held all month (spot: while it runs)
};

GpuRates rates_for(const GpuOffers& offers, const SelfHostPlan& plan) {
  GpuRates out;
  out.least = out.least_held = plan.usd_per_gpu_hour;
  const auto add = [&](double estimate, int unit, double least, double held) {
    out.hourly.push_back(estimate);
    out.unit.push_back(std::max(1, unit));
    out.least = std::min(out.least, least);
    out.least_held = std::min(out.least_held, held);
  };
  for (const RentalOffer* o : {offers.on_demand, offers.committed}) {
    if (o) add(o->usd_per_gpu_hour, o->gpus_per_instance, o->usd_per_gpu_hour, o->usd_per_gpu_hour);
  }
  if (const RentalOffer* spot = offers.spot) {
    const double away = std::min(1.0, *spot->interruptions_per_day * *spot->mean_interruption_minutes / 1440.0);
    add(spot->usd_per_gpu_hour * 1.25, spot->gpus_per_instance, spot->usd_per_gpu_hour, spot->usd_per_gpu_hour * (1.0 - away));
  }
  for (const PurchaseOffer* offer : offers.purchases) {
    SelfHostPlan owned = plan;
    owned.rental.reset();
    owned.purchase = *offer;
    const double hourly = gpu_monthly_cost_per_gpu(owned).value / plan.hours_per_month.value;
    add(hourly, offer->gpus_per_server, hourly, hourly);
  }
  return out;
}

// Realtime demand that never stops (every hour of the curve above zero) keeps a replica held all
// month, but for the SLO-violating time allowed: a fleet that dropped to none would violate.
bool continuous_demand(const PlanWorkload& w) {
  for (const auto& p : w.profiles) {
    if (p.kind != "realtime" || p.hourly.empty() || !(std::min(p.weekday_factor, p.weekend_factor) > 0.0)) continue;
    if (*std::min_element(p.hourly.begin(), p.hourly.end()) > 0.0) return true;
  }
  return false;
}

// The least any fleet of this configuration can cost: an annual license for one replica's GPUs
// all month; a replica held all month (continuous demand); and each token either on the API or on
// a GPU busy all the time it is paid for, whichever is cheaper. A floor of held time serves up to
// its busy capacity at no extra cost.
double lower_bound(const PlanConfig& c, const SelfHostPlan& plan, const PlanWorkload& w, const GpuRates& rates,
                   double max_slo_violation) {
  const double license_month = license_usd_per_gpu_month(plan.license, w.hours);
  const bool annual = plan.license.pricing == LicensePricing::per_gpu_year;
  const double hourly_license = plan.license.pricing == LicensePricing::per_gpu_hour ? license_month / w.hours : 0.0;
  double tokens = 0.0, api = std::numeric_limits<double>::infinity(), fastest = 0.0;
  for (std::size_t i = 0; i < w.parts.size(); ++i) {
    tokens += w.parts[i].tokens.value;
    if (w.api_usd_per_token[i] > 0.0) api = std::min(api, w.api_usd_per_token[i]);
    fastest = std::max(fastest, c.replica_tokens_per_s[i]);
  }
  const double gpu_per_token = c.gpus_per_replica * (rates.least + hourly_license) / (fastest * 3600.0);
  const double floor = continuous_demand(w)
                           ? c.gpus_per_replica * (rates.least_held + hourly_license) * w.hours * (1.0 - max_slo_violation)
                           : 0.0;
  double usd = 0.0;
  if (gpu_per_token < api) {
    usd = std::max(floor, gpu_per_token * tokens);
  } else {
    usd = floor + api * std::max(0.0, tokens - floor / gpu_per_token);
  }
  return usd + (annual ? c.gpus_per_replica * license_month : 0.0) + plan.ops_monthly.value;
}

// Prices the configuration; returns how many hosting options (offers and purchases) that took.
int price(PlanConfig& c, const GpuOffers& offers, const SelfHostPlan& plan, const PlanWorkload& w, double max_slo_violation) {
  const GpuRates rates = rates_for(offers, plan);
  const double license_hour = license_usd_per_gpu_month(plan.license, w.hours) / w.hours;
  double peak_replicas = 0.0;
  for (std::size_t i = 0; i < w.parts.size(); ++i) {
    peak_replicas += w.parts[i].tokens.value / (w.hours * 3600.0) * peak_factor(w.profiles[i]) / c.replica_tokens_per_s[i];
  }
  const int replicas = std::max(1, static_cast<int>(std::ceil(peak_replicas - 1e-9)));
  c.estimate_usd = 0.0;
  for (std::size_t t = 0; t < rates.hourly.size(); ++t) {
    const int unit = rates.unit[t];
    const int gpus = (replicas * c.gpus_per_replica + unit - 1) / unit * unit;
    const double usd = gpus * (rates.hourly[t] + license_hour) * w.hours + plan.ops_monthly.value;
    if (t == 0 || usd < c.estimate_usd) c.estimate_usd = usd;
  }
  c.lower_bound_usd = lower_bound(c, plan, w, rates, max_slo_violation);
  return offers.priced();
}

// Errors in the template (an unknown engine or license, hours out of range) are the user's, not a
// configuration's: checked once, on a configuration every GPU runs, before any is ruled out.
void check_template(const Catalog& catalog, const PlanRequest& request, const std::string& model, const std::string& gpu) {
  std::vector<std::string> ignored;
  const SelfHostRequest asked =
      configured(request.spec.request.selfhost, model, gpu, "bf16", 1, gpu_offers(catalog, gpu).on_demand->id);
  resolve_selfhost(catalog, asked, ignored);
  resolve_replica(catalog, *asked.replica, SequenceShape{1000.0, 1000.0}, ignored);
}

}  // namespace

PlanSpace plan_space(const Catalog& catalog, const PlanRequest& request, const std::vector<std::string>& models,
                     const std::vector<std::string>& gpus, const std::vector<std::string>& precisions,
                     const std::vector<int>& tps, const PlanWorkload& workload, PlanSearch& search,
                     std::vector<std::string>& warnings) {
  PlanSpace space;
  if (models.empty() || gpus.empty()) return space;
  check_template(catalog, request, models.front(), gpus.front());
  double closest_gap = 0.0;
  const LatencyTarget& target = request.spec.request.selfhost.target;
  for (const auto& model : models) {
    for (const auto& gpu_id : gpus) {
      const GpuSku& gpu = catalog.gpu(gpu_id);
      const GpuOffers offers = gpu_offers(catalog, gpu.id);
      for (const auto& precision : precisions) {
        if (!(peak_tflops(gpu, parse_precision(precision)) > 0.0)) continue;
        for (int tp : tps) {
          ++search.configurations;
          PlanConfig c;
          c.model = model;
          c.gpu = gpu.id;
          c.precision = precision;
          c.tp = tp;
          c.on_demand = offers.on_demand->id;
          if (offers.committed) c.committed = offers.committed->id;
          if (offers.spot) c.spot = offers.spot->id;
          // At the memory's maximum batch sizing fails only when the weights do not fit.
          const Sized batch = size_for(catalog, request, c, "batch", workload.parts.front(), warnings);
          if (!batch.plan) continue;
          ++search.fitting;
          std::optional<SelfHostPlan> main;
          bool meets = true;
          for (std::size_t i = 0; i < workload.parts.size() && meets; ++i) {
            const std::string& kind = workload.profiles[i].kind;
            Sized sized = size_for(catalog, request, c, kind, workload.parts[i], warnings);
            meets = sized.plan.has_value();
            if (!meets) break;
            c.replica_tokens_per_s.push_back(sized.plan->capacity_tokens_per_s_per_gpu * sized.plan->gpus_per_replica);
            if (!main || (kind == "realtime" && main->sizing->profile != "realtime")) main = std::move(sized.plan);
          }
          if (!meets) {
            const PlanMiss miss = miss_of(catalog, request, c, *batch.plan);
            const double gap = shortfall(miss, target);
            if (!space.closest || gap < closest_gap) {
              space.closest = miss;
              closest_gap = gap;
            }
            continue;
          }
          ++search.meeting_latency;
          c.gpus_per_replica = main->gpus_per_replica;
          search.hosting_options += price(c, offers, *main, workload, request.max_slo_violation);
          space.configs.push_back(std::move(c));
        }
      }
    }
  }
  std::stable_sort(space.configs.begin(), space.configs.end(),
                   [](const PlanConfig& a, const PlanConfig& b) { return a.estimate_usd < b.estimate_usd; });
  return space;
}

}  // namespace nimcost
