// MIG slices for a scenario's parts: each part names a slice profile ("3g.40gb"), the slices pin the
// fleet (packed first-fit onto whole GPUs), and each slice is sized as a small GPU of its own.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

constexpr double k_slices_per_gpu = 7.0;  // MIG compute slices on every GPU that offers MIG

// A slice for every part, or for none (all empty); checked against the plan's GPU and its replica.
std::vector<std::optional<MigProfile>> resolve_slices(const Catalog& catalog, const ScenarioSpec& spec,
                                                      const SelfHostPlan& plan);

// GPUs the slices need, packed first-fit by size (a slice never spans GPUs).
int gpus_for_slices(const std::vector<std::optional<MigProfile>>& slices);

// A MIG slice as a GPU of its own: its memory, its share of the bandwidth and of the tensor cores.
GpuSku slice_gpu(const GpuSku& gpu, const MigProfile& mig);

// Tokens/s one part's slice serves: the throughput model on the slice with a served model, else the
// plan's per-GPU capacity times the compute share.
double slice_capacity_tokens_per_s(const Catalog& catalog, const ScenarioSpec& spec, const SelfHostPlan& plan,
                                   const WorkloadPart& part, const MigProfile& mig, const Workload& workload,
                                   const std::string& profile);

}  // namespace nimcost
