// The plan's configurations: sizing by the throughput model, then two analytic prices per
// configuration. The estimate (a fixed fleet for the peak on the GPU's cheapest term) orders the
// simulations; the lower bound (every token on whichever is cheaper, the API or a GPU busy all the
// time it is paid for) tells which unsimulated configurations could still have won.
#include "plan_configs.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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
  SelfHostRequest asked = request.spec.request.selfhost;
  asked.gpu = c.gpu;
  asked.rental = c.on_demand;
  asked.purchase.reset();
  asked.gpus.reset();
  asked.gpu_hourly_usd.reset();
  asked.gpu_monthly_usd.reset();
  asked.capacity_tokens_per_s.reset();
  ReplicaRequest replica = asked.replica.value_or(ReplicaRequest{});
  replica.model = c.model;
  replica.gpu = c.gpu;
  replica.precision = c.precision;
  replica.tp = c.tp;
  asked.replica = replica;
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

// The cheapest $/GPU-hour of each way to pay for the GPU (bought servers at their fixed cost over
// the month's hours), and the cheapest of them all.
struct GpuRates {
  std::vector<double> hourly;  // on-demand, committed, spot (x1.25: interrupted replicas are made up), bought
  std::vector<int> unit;       // GPUs paid for at once
  double least = 0.0;
};

GpuRates rates_for(const Catalog& catalog, const SelfHostPlan& plan) {
  GpuRates out;
  out.least = plan.usd_per_gpu_hour;
  for (const char* term : {"on-demand", "committed", "spot"}) {
    if (const RentalOffer* o = cheapest_offer(catalog, plan.gpu.id, term)) {
      const double margin = std::string_view(term) == "spot" ? 1.25 : 1.0;
      out.hourly.push_back(o->usd_per_gpu_hour * margin);
      out.unit.push_back(std::max(1, o->gpus_per_instance));
      out.least = std::min(out.least, o->usd_per_gpu_hour);
    }
  }
  for (const auto& offer : catalog.purchases) {
    if (offer.gpu != plan.gpu.id) continue;
    SelfHostPlan owned = plan;
    owned.rental.reset();
    owned.purchase = offer;
    const double hourly = gpu_monthly_cost_per_gpu(owned).value / plan.hours_per_month.value;
    out.hourly.push_back(hourly);
    out.unit.push_back(std::max(1, offer.gpus_per_server));
    out.least = std::min(out.least, hourly);
  }
  return out;
}

// Prices the configuration; returns how many hosting options (offers and purchases) its GPU has.
int price(PlanConfig& c, const Catalog& catalog, const SelfHostPlan& plan, const PlanWorkload& w) {
  const GpuRates rates = rates_for(catalog, plan);
  const double license_hour = license_usd_per_gpu_month(plan.license, w.hours) / w.hours;
  const double seconds = w.hours * 3600.0;
  double peak_replicas = 0.0;
  // A fleet that ever holds a replica pays an annual license for its GPUs all month.
  c.lower_bound_usd = plan.license.pricing == LicensePricing::per_gpu_year
                          ? c.gpus_per_replica * license_usd_per_gpu_month(plan.license, w.hours)
                          : 0.0;
  for (std::size_t i = 0; i < w.parts.size(); ++i) {
    const double rate = c.replica_tokens_per_s[i];
    const double tokens = w.parts[i].tokens.value;
    peak_replicas += tokens / seconds * peak_factor(w.profiles[i]) / rate;
    const double hourly_license = plan.license.pricing == LicensePricing::per_gpu_hour ? license_hour : 0.0;
    const double gpu_per_token = c.gpus_per_replica * (rates.least + hourly_license) / (rate * 3600.0);
    const double api = w.api_usd_per_token[i] > 0.0 ? w.api_usd_per_token[i] : gpu_per_token;
    c.lower_bound_usd += tokens * std::min(api, gpu_per_token);
  }
  const int replicas = std::max(1, static_cast<int>(std::ceil(peak_replicas - 1e-9)));
  c.estimate_usd = 0.0;
  for (std::size_t t = 0; t < rates.hourly.size(); ++t) {
    const int unit = rates.unit[t];
    const int gpus = (replicas * c.gpus_per_replica + unit - 1) / unit * unit;
    const double usd = gpus * (rates.hourly[t] + license_hour) * w.hours + plan.ops_monthly.value;
    if (t == 0 || usd < c.estimate_usd) c.estimate_usd = usd;
  }
  int options = 0;
  for (const auto& o : catalog.rentals) options += o.gpu == plan.gpu.id ? 1 : 0;
  for (const auto& o : catalog.purchases) options += o.gpu == plan.gpu.id ? 1 : 0;
  return options;
}

}  // namespace

const RentalOffer* cheapest_offer(const Catalog& catalog, const std::string& gpu, const std::string& term) {
  const RentalOffer* best = nullptr;
  for (const auto& o : catalog.rentals) {
    if (o.gpu != gpu) continue;
    const bool match = term == "committed" ? o.committed() : o.term == term;
    if (match && (best == nullptr || o.usd_per_gpu_hour < best->usd_per_gpu_hour)) best = &o;
  }
  return best;
}

PlanSpace plan_space(const Catalog& catalog, const PlanRequest& request, const std::vector<std::string>& models,
                     const std::vector<std::string>& gpus, const std::vector<std::string>& precisions,
                     const std::vector<int>& tps, const PlanWorkload& workload, PlanSearch& search,
                     std::vector<std::string>& warnings) {
  PlanSpace space;
  double closest_gap = 0.0;
  const LatencyTarget& target = request.spec.request.selfhost.target;
  for (const auto& model : models) {
    for (const auto& gpu_id : gpus) {
      const GpuSku& gpu = catalog.gpu(gpu_id);
      for (const auto& precision : precisions) {
        if (!(peak_tflops(gpu, parse_precision(precision)) > 0.0)) continue;
        for (int tp : tps) {
          ++search.configurations;
          PlanConfig c;
          c.model = model;
          c.gpu = gpu.id;
          c.precision = precision;
          c.tp = tp;
          c.on_demand = cheapest_offer(catalog, gpu.id, "on-demand")->id;
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
          c.point = main->sizing->point;
          search.hosting_options += price(c, catalog, *main, workload);
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
