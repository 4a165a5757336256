// Evaluating a scenario: the parts add up to one workload (token-weighted mix), the fleet is sized
// for the whole, and its cost is split back over the parts. Parts that run under different
// profiles on a modelled replica need different GPU time per token; the fleet's capacity is their
// token-weighted harmonic mean, which is exactly the GPU time the parts need together.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/model/throughput.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace nimcost {

namespace {

constexpr double k_slices_per_gpu = 7.0;  // MIG compute slices on every GPU that offers MIG

double hours_of(const Catalog& catalog, const ScenarioSpec& spec) {
  return spec.request.selfhost.hours_per_month.value_or(catalog.defaults.hours_per_month);
}

Workload part_workload(const Catalog& catalog, const ScenarioSpec& spec, const WorkloadPart& part) {
  Workload w;
  if (part.tokens) {
    w.tokens = *part.tokens;
  } else if (part.tokens_per_day) {
    w.tokens = Tokens(std::round(part.tokens_per_day->value * hours_of(catalog, spec) / 24.0));
  } else {
    throw input_error(fmt::format("{}: workload '{}' needs tokens (per month) or tokens_per_day", part.origin,
                                  part.name));
  }
  // Like crossover: with isl/osl and no input share, the APIs price the mix the GPUs serve.
  const auto& replica = spec.request.selfhost.replica;
  const double default_share =
      replica && replica->isl && replica->osl ? *replica->isl / (*replica->isl + *replica->osl) : catalog.defaults.input_share;
  w.input_share = part.input_share.value_or(default_share);
  w.cached_input_share = part.cached_input_share;
  w.batch_api = spec.request.workload.batch_api;
  return w;
}

// The parts as one month of traffic: the API bill is linear in input, cached and output tokens, so
// pricing the sum at the weighted mix gives the sum of the parts' bills.
Workload total_workload(const Catalog& catalog, const std::vector<Workload>& parts, bool batch_api) {
  double tokens = 0.0, input = 0.0, cached = 0.0;
  for (const auto& w : parts) {
    tokens += w.tokens.value;
    input += w.input_tokens().value;
    cached += w.input_tokens().value * w.cached_input_share;
  }
  Workload total;
  total.tokens = Tokens(tokens);
  total.input_share = tokens > 0.0 ? input / tokens : catalog.defaults.input_share;
  total.cached_input_share = input > 0.0 ? cached / input : 0.0;
  total.batch_api = batch_api;
  return total;
}

// The part's profile kind ("realtime" or "batch"): a traffic profile ID resolved in the catalog.
std::string part_profile(const Catalog& catalog, const ScenarioSpec& spec, const WorkloadPart& part) {
  const std::string profile = part.profile.value_or(spec.request.selfhost.profile.value_or(catalog.defaults.profile));
  if (profile == "realtime" || profile == "batch") return profile;
  try {
    return catalog.traffic_profile(profile).kind;
  } catch (const Error& e) {
    throw input_error(fmt::format("{}: workload '{}': {}", part.origin, part.name, e.what()));
  }
}

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

// Each part's month of traffic and profile kind, and the whole at its weighted mix.
struct ResolvedParts {
  std::vector<Workload> workloads;
  std::vector<std::string> kinds;
  Workload total;
};

ResolvedParts resolve_parts(const Catalog& catalog, const ScenarioSpec& spec) {
  if (spec.parts.empty()) throw input_error(fmt::format("{}: the scenario has no [workload]", spec.file));
  ResolvedParts out;
  for (const auto& part : spec.parts) {
    out.workloads.push_back(part_workload(catalog, spec, part));
    out.kinds.push_back(part_profile(catalog, spec, part));
  }
  out.total = total_workload(catalog, out.workloads, spec.request.workload.batch_api);
  return out;
}

// MIG slices for every part, or for none; checked against the plan's GPU.
std::vector<std::optional<MigProfile>> resolve_slices(const Catalog& catalog, const ScenarioSpec& spec,
                                                      const SelfHostPlan& plan) {
  std::vector<std::optional<MigProfile>> slices;
  const bool any = std::any_of(spec.parts.begin(), spec.parts.end(), [](const auto& p) { return p.mig_profile.has_value(); });
  for (const auto& part : spec.parts) {
    if (!any) {
      slices.emplace_back();
      continue;
    }
    if (!part.mig_profile) {
      throw input_error(fmt::format("{}: workload '{}' has no mig_profile while others do; give every part a slice",
                                    part.origin, part.name));
    }
    const MigProfile* mig = catalog.mig_profile(*part.mig_profile);
    if (mig == nullptr) {
      std::vector<std::string> known;
      for (const auto& m : catalog.mig_profiles) known.push_back(m.id);
      throw input_error(fmt::format("{}: workload '{}': unknown mig_profile '{}'{}", part.origin, part.name,
                                    *part.mig_profile, did_you_mean(*part.mig_profile, known)));
    }
    if (std::none_of(mig->gpus.begin(), mig->gpus.end(), [&](const auto& g) { return same_name(g, plan.gpu.id); })) {
      throw input_error(fmt::format("{}: workload '{}': MIG profile '{}' is not offered on {} (it is on {})",
                                    part.origin, part.name, mig->id, plan.gpu.id, fmt::join(mig->gpus, ", ")));
    }
    slices.emplace_back(*mig);
  }
  if (any && plan.gpus_per_replica > 1) {
    throw input_error(fmt::format("{}: MIG slices hold single-GPU replicas, but the served model needs "
                                  "tensor parallelism {}", spec.file, plan.gpus_per_replica));
  }
  return slices;
}

// GPUs the slices need, packed first-fit by size (a slice never spans GPUs). NVIDIA's placement
// rules allow fewer layouts than this; a plan the packing accepts may still need checking on a GPU.
int gpus_for_slices(const std::vector<std::optional<MigProfile>>& slices) {
  std::vector<int> sizes;
  for (const auto& s : slices) sizes.push_back(s->compute_slices);
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  std::vector<int> free;
  for (int size : sizes) {
    auto it = std::find_if(free.begin(), free.end(), [&](int f) { return f >= size; });
    if (it == free.end()) free.push_back(static_cast<int>(k_slices_per_gpu) - size);
    else *it -= size;
  }
  return static_cast<int>(free.size());
}

// A MIG slice as a GPU of its own: its memory, its memory slices' share of the bandwidth (HBM is
// split in eighths with the memory) and its compute slices' share of the tensor cores.
GpuSku slice_gpu(const GpuSku& gpu, const MigProfile& mig) {
  GpuSku s = gpu;
  const double memory_share = gpu.memory_gb > 0.0 ? std::min(1.0, mig.memory_gb / gpu.memory_gb) : mig.share();
  s.id = gpu.id + "/" + mig.id;
  s.name = gpu.name + " MIG " + mig.id;
  s.aliases.clear();
  s.memory_gb = mig.memory_gb;
  if (s.memory_mib) *s.memory_mib *= memory_share;
  s.bandwidth_tb_per_s = gpu.bandwidth_tb_per_s * memory_share;
  s.bf16_tflops = gpu.bf16_tflops * mig.share();
  if (s.fp8_tflops) *s.fp8_tflops *= mig.share();
  if (s.fp4_tflops) *s.fp4_tflops *= mig.share();
  if (s.int8_tops) *s.int8_tops *= mig.share();
  return s;
}

// Tokens/s one part's slice serves: the throughput model on the slice (memory fit included) with a
// served model, else the plan's per-GPU capacity times the compute share.
double slice_capacity_tokens_per_s(const Catalog& catalog, const ScenarioSpec& spec, const SelfHostPlan& plan,
                                   const WorkloadPart& part, const MigProfile& mig, const Workload& workload,
                                   const std::string& profile) {
  if (!spec.request.selfhost.replica) return plan.capacity_tokens_per_s_per_gpu * mig.share();
  Catalog with_slice = catalog;
  with_slice.gpus.push_back(slice_gpu(plan.gpu, mig));
  SelfHostRequest request = spec.request.selfhost;
  request.profile = profile;
  request.replica->tp = 1;  // a slice holds a single-GPU replica
  request.capacity_tokens_per_s.reset();
  SelfHostPlan slice_plan = plan;
  slice_plan.gpu = with_slice.gpus.back();
  slice_plan.pinned_gpus.reset();
  std::vector<std::string> ignored;  // the whole-GPU sizing already warned about the same choices
  try {
    apply_replica(with_slice, request, workload, slice_plan, ignored);
  } catch (const Error& e) {
    throw input_error(fmt::format("{}: workload '{}' on MIG slice {}: {}", part.origin, part.name, mig.id, e.what()));
  }
  return slice_plan.capacity_tokens_per_s_per_gpu;
}

}  // namespace

std::vector<Workload> scenario_part_workloads(const Catalog& catalog, const ScenarioSpec& spec) {
  std::vector<Workload> out;
  for (const auto& part : spec.parts) out.push_back(part_workload(catalog, spec, part));
  return out;
}

CrossoverRequest scenario_request(const Catalog& catalog, const ScenarioSpec& spec, std::vector<std::string>& warnings) {
  const ResolvedParts resolved = resolve_parts(catalog, spec);
  const std::vector<std::string>& profiles = resolved.kinds;
  const Workload& total = resolved.total;
  CrossoverRequest request = spec.request;
  request.workload.tokens = total.tokens;
  request.workload.input_share = total.input_share;
  request.workload.cached_input_share = total.cached_input_share;
  if (request.selfhost.replica) {
    const bool mixed = std::any_of(profiles.begin(), profiles.end(), [&](const auto& p) { return p != profiles[0]; });
    request.selfhost.profile = mixed ? std::string("realtime") : profiles[0];
    if (mixed) warnings.push_back(spec.file + ": the parts run under different profiles; sized as realtime here");
  }
  return request;
}

Usd scenario_monthly(const ScenarioReport& report) { return report.crossover.verdict.cheapest_monthly; }

ScenarioReport evaluate_scenario(const Catalog& catalog, const ScenarioSpec& spec) {
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
  int slice_count = 0;
  for (const auto& s : slices) slice_count += s ? s->compute_slices : 0;
  if (mig) {
    const int needed = gpus_for_slices(slices);
    if (sized.plan.pinned_gpus && *sized.plan.pinned_gpus < needed) {
      throw input_error(fmt::format("{}: the parts' MIG slices add up to {} compute slices, {} GPUs' worth, but "
                                    "selfhost.gpus is {}",
                                    spec.file, slice_count, needed, *sized.plan.pinned_gpus));
    }
    if (!sized.plan.pinned_gpus) sized.plan.pinned_gpus = needed;  // slices, not load, decide the fleet
  }

  if (mig) report.capacity_note.clear();  // each slice is sized on its own below

  report.crossover =
      evaluate_crossover_for(catalog, total, sized.plan, spec.request.providers, std::move(warnings));
  const CrossoverReport& x = report.crossover;
  const double fleet = x.selfhost.gpus;
  const double seconds = x.plan.hours_per_month.value * 3600.0;

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
      p.gpu_share = slices[i]->share() / fleet;
      p.slice_tokens_per_s = slice_capacity_tokens_per_s(catalog, spec, x.plan, spec.parts[i], *slices[i], parts[i],
                                                         profiles[i]);
      const double slice_capacity = p.slice_tokens_per_s * seconds;
      p.utilization = parts[i].tokens.value / slice_capacity;
      if (p.utilization > 1.0) {
        report.crossover.warnings.push_back(fmt::format(
            "workload '{}' needs {} of its {} slice's capacity ({} tokens/month at 100%)", p.part.name,
            format_percent(p.utilization), slices[i]->id, format_tokens(Tokens(slice_capacity))));
      }
    } else {
      p.gpu_share = gpu_time_total > 0.0 ? parts[i].tokens.value / capacity / gpu_time_total : 1.0 / static_cast<double>(parts.size());
      p.utilization = x.selfhost.utilization;
    }
    allocated += p.gpu_share;
    p.selfhost = Usd(x.selfhost.total.value * p.gpu_share);
    if (parts[i].tokens.value > 0.0) p.selfhost_per_mtok = PerMtok(p.selfhost.value / (parts[i].tokens.value / 1e6));
    for (const auto& api : x.apis) {
      const Usd cost = api_cost(api.model, parts[i]).total;
      if (p.cheapest_api.empty() || cost < p.cheapest_api_monthly) {
        p.cheapest_api = api.model.id;
        p.cheapest_api_monthly = cost;
      }
    }
    p.cheaper = p.cheapest_api.empty() || p.selfhost <= p.cheapest_api_monthly ? Cheaper::selfhost : Cheaper::api;
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
  return report;
}

}  // namespace nimcost
