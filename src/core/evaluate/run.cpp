// Evaluating a scenario: the parts add up to one workload (token-weighted mix), the fleet is sized
// for the whole, and its cost is split back over the parts. Parts that run under different
// profiles on a modelled replica need different GPU time per token; the fleet's capacity is their
// token-weighted harmonic mean, which is exactly the GPU time the parts need together.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/plan.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/resolve/mig_slices.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace nimcost {

namespace {

struct SizedPlan {
  SelfHostPlan plan;
  std::map<std::string, double> capacity_by_profile;  // tokens/s per GPU
  std::string note;
};

// The plan for the whole workload. Without a served model every profile gets the same per-GPU
// capacity; with one, each profile is sized on the realtime replica's tensor-parallel degree and
// the fleet's capacity is the blend.
SizedPlan size_plan(const Catalog& catalog, const ScenarioSpec& spec, const Workload& total,
                    const std::vector<std::string>& profiles, const std::vector<Workload>& parts,
                    std::vector<std::string>& warnings) {
  SelfHostRequest request = spec.request.selfhost;
  SizedPlan out;
  if (!request.replica) {
    request.profile.reset();
    out.plan = resolve_selfhost(catalog, request, warnings);
    for (const auto& p : profiles) out.capacity_by_profile[p] = out.plan.capacity_tokens_per_s_per_gpu;
    return out;
  }
  std::vector<std::string> distinct = profiles;
  std::sort(distinct.begin(), distinct.end(), std::greater<>());  // "realtime" before "batch"
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (const auto& profile : distinct) {
    SelfHostRequest r = request;
    r.profile = profile;
    if (!out.capacity_by_profile.empty()) r.replica->tp = out.plan.gpus_per_replica;
    std::vector<std::string> ignored;
    SelfHostPlan plan = resolve_selfhost(catalog, r, out.capacity_by_profile.empty() ? warnings : ignored);
    apply_replica(catalog, r, total, plan, out.capacity_by_profile.empty() ? warnings : ignored);
    out.capacity_by_profile[profile] = plan.capacity_tokens_per_s_per_gpu;
    if (out.capacity_by_profile.size() == 1) out.plan = std::move(plan);
  }
  if (distinct.size() > 1 && total.tokens.value > 0.0) {
    double gpu_seconds = 0.0;  // per GPU-second of capacity, summed over the parts
    for (std::size_t i = 0; i < parts.size(); ++i) gpu_seconds += parts[i].tokens.value / out.capacity_by_profile[profiles[i]];
    const double blended = total.tokens.value / gpu_seconds;
    std::vector<std::string> pieces;
    for (const auto& [profile, capacity] : out.capacity_by_profile) {
      pieces.push_back(fmt::format("{} {:.0f}", profile, capacity));
    }
    out.note = fmt::format("{} tokens/s per GPU, blended by the parts' GPU time: {:.0f} tokens/s per GPU",
                           fmt::join(pieces, " and "), blended);
    out.plan.capacity_tokens_per_s_per_gpu = blended;
    out.plan.capacity_source = "throughput model, " + out.note;
  }
  return out;
}

// MIG slices, not load, decide the fleet: as many GPUs as the slices pack onto, or a pinned fleet
// that holds them. Returns the compute slices the parts use.
int pin_fleet_to_slices(const ScenarioSpec& spec, const std::vector<std::optional<MigProfile>>& slices, SelfHostPlan& plan) {
  int slice_count = 0;
  for (const auto& s : slices) slice_count += s ? s->compute_slices : 0;
  if (slices.empty() || !slices.front()) return slice_count;
  const int needed = gpus_for_slices(slices);
  if (plan.pinned_gpus && *plan.pinned_gpus < needed) {
    throw input_error(fmt::format("{}: the parts' MIG slices add up to {} compute slices, {} GPUs' worth, but "
                                  "selfhost.gpus is {}",
                                  spec.file, slice_count, needed, *plan.pinned_gpus));
  }
  if (!plan.pinned_gpus) plan.pinned_gpus = needed;
  return slice_count;
}

// A part on its own MIG slice: the slice's share of the fleet, and its utilization of the slice's
// capacity (the throughput model on the slice); a warning when it needs more than the slice.
void share_by_slice(const Catalog& catalog, const ScenarioSpec& spec, const CrossoverReport& x, PartReport& p,
                    std::vector<std::string>& warnings) {
  const double seconds = x.plan.hours_per_month.value * 3600.0;
  p.gpu_share = p.mig->share() / x.selfhost.gpus;
  p.slice_tokens_per_s = slice_capacity_tokens_per_s(catalog, spec, x.plan, p.part, *p.mig, p.workload, p.profile);
  const double slice_capacity = p.slice_tokens_per_s * seconds;
  p.utilization = p.workload.tokens.value / slice_capacity;
  if (p.utilization > 1.0) {
    warnings.push_back(fmt::format("workload '{}' needs {} of its {} slice's capacity ({} tokens/month at 100%)",
                                   p.part.name, format_percent(p.utilization), p.mig->id,
                                   format_tokens(Tokens(slice_capacity))));
  }
}

// A part's share of the fleet's cost, and the cheapest compared API for its own mix.
void price_part(const CrossoverReport& x, PartReport& p) {
  p.selfhost = Usd(x.selfhost.total.value * p.gpu_share);
  if (p.workload.tokens.value > 0.0) p.selfhost_per_mtok = PerMtok(p.selfhost.value / (p.workload.tokens.value / 1e6));
  for (const auto& api : x.apis) {
    if (!api.compared) continue;  // like for like, as the scenario's verdict
    const Usd cost = api_cost(api.model, p.workload).total;
    if (p.cheapest_api.empty() || cost < p.cheapest_api_monthly) {
      p.cheapest_api = api.model.id;
      p.cheapest_api_monthly = cost;
    }
  }
  p.cheaper = p.cheapest_api.empty() || p.selfhost <= p.cheapest_api_monthly ? Cheaper::selfhost : Cheaper::api;
}

}  // namespace

ScenarioReport evaluate_scenario(const Catalog& catalog, const ScenarioSpec& asked) {
  ScenarioSpec spec = asked;
  // MIG slices without a served model keep their compute share of the per-GPU capacity: the default
  // 70B would not fit a slice. The model is still named (resolve_selfhost), so tiers still apply.
  const bool on_slices = std::any_of(spec.parts.begin(), spec.parts.end(), [](const auto& p) { return p.mig_profile.has_value(); });
  if (!on_slices) spec.request.selfhost = with_served_model(catalog, spec.request.selfhost);
  const ResolvedParts resolved = resolve_parts(catalog, spec);
  const std::vector<Workload>& parts = resolved.workloads;
  const std::vector<std::string>& profiles = resolved.kinds;
  const Workload& total = resolved.total;
  ScenarioReport report;
  report.spec = spec;
  std::vector<std::string> warnings;
  SizedPlan sized = size_plan(catalog, spec, total, profiles, parts, warnings);
  report.capacity_note = sized.note;

  const auto slices = resolve_slices(catalog, spec, sized.plan);
  const bool mig = !slices.empty() && slices.front().has_value();
  const int slice_count = pin_fleet_to_slices(spec, slices, sized.plan);

  if (mig) report.capacity_note.clear();  // each slice is sized on its own below

  report.crossover =
      evaluate_crossover_for(catalog, total, sized.plan, spec.request, std::move(warnings));
  const CrossoverReport& x = report.crossover;
  const double fleet = x.selfhost.gpus;

  double gpu_time_total = 0.0;
  for (std::size_t i = 0; i < parts.size(); ++i) gpu_time_total += parts[i].tokens.value / sized.capacity_by_profile[profiles[i]];

  double allocated = 0.0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    PartReport p;
    p.part = spec.parts[i];
    p.workload = parts[i];
    p.profile = profiles[i];
    p.mig = slices[i];
    const double capacity = sized.capacity_by_profile[profiles[i]];  // tokens/s per whole GPU
    if (mig) {
      share_by_slice(catalog, spec, x, p, report.crossover.warnings);
    } else {
      p.gpu_share = gpu_time_total > 0.0 ? parts[i].tokens.value / capacity / gpu_time_total : 1.0 / static_cast<double>(parts.size());
      p.utilization = x.selfhost.utilization;
    }
    allocated += p.gpu_share;
    price_part(x, p);
    report.parts.push_back(std::move(p));
  }
  if (mig) {
    report.unallocated_gpu_share = std::max(0.0, 1.0 - allocated);
    report.unallocated = Usd(x.selfhost.total.value * report.unallocated_gpu_share);
    if (report.unallocated_gpu_share > 1e-9) {
      report.crossover.warnings.push_back(fmt::format("{} of {} compute slices on {} GPU(s) are not given to any "
                                                      "workload; they cost {} a month",
                                                      static_cast<int>(fleet * k_slices_per_gpu) - slice_count,
                                                      static_cast<int>(fleet * k_slices_per_gpu), x.selfhost.gpus,
                                                      format_usd(report.unallocated)));
    }
  }
  // [plan]: the cheapest way to serve the same workload, searched; the scenario's cost is then the planned one.
  if (spec.plan) report.plan = evaluate_plan(catalog, plan_request_for(spec));
  return report;
}

}  // namespace nimcost
