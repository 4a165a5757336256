// MIG slices for a scenario's parts: looked up and checked against the plan's GPU, packed onto
// whole GPUs, and each sized as a small GPU of its own.
#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/resolve/mig_slices.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

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

}  // namespace nimcost
