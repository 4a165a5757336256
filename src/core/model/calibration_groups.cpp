// Grouping calibration rows by engine family, precision and architecture, and each group's
// starting factors (see calibration_groups.hpp).
#include "calibration_groups.hpp"

#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace nimcost::calibration_parts {

namespace {

// The memory and scheduling settings an engine runs with by default, which a fit does not touch.
// vLLM keeps 90% of memory (gpu_memory_utilization) and runs at most 256 sequences in 8192-token
// steps (its V1 engine allows 1024 on 70 GiB-class GPUs from about 0.9, but the tables mix
// versions); SGLang keeps about 88% (mem_fraction_static at TP 1-2) in 8192-token chunks.
// TensorRT-LLM's trtllm-bench sizes its batch from memory, at most 4096.
void apply_engine_defaults(const std::string& engine, EngineFactors& f) {
  if (engine == "vllm" || engine == "vllm-legacy") {
    f.kv_memory_fraction = 0.90;
    f.max_batch = 256;
    f.max_num_tokens = 8192;
  } else if (engine == "sglang") {
    f.kv_memory_fraction = 0.88;
    f.max_num_tokens = 8192;
  }
}

}  // namespace

std::string rows_named(const std::string& architecture) {
  return architecture.empty() ? std::string() : fmt::format(" {}", architecture_models(architecture));
}

std::vector<Group> calibration_groups(const Catalog& catalog, const ResolvedTable& table, bool fit) {
  std::vector<Group> families;
  for (const auto& m : table.rows) {
    auto at = std::find_if(families.begin(), families.end(), [&](const Group& g) {
      return g.engine == m.engine && g.precision == m.spec.precision;
    });
    if (at == families.end()) at = families.insert(families.end(), Group{m.engine, m.spec.precision, "", {}});
    at->rows.push_back(&m);
  }
  std::vector<Group> out;
  for (Group& family : families) {
    Group dense{family.engine, family.precision, "dense", {}};
    Group moe{family.engine, family.precision, "moe", {}};
    int dense_fit = 0;
    int moe_fit = 0;
    for (const Measurement* m : family.rows) {
      const bool is_moe = m->spec.model.mixture_of_experts();
      (is_moe ? moe : dense).rows.push_back(m);
      if (!m->holdout) ++(is_moe ? moe_fit : dense_fit);
    }
    const bool split = fit ? dense_fit >= k_min_rows && moe_fit >= k_min_rows
                           : catalog.factors_for(family.engine, family.precision, "dense") !=
                                 catalog.factors_for(family.engine, family.precision, "moe");
    if (!split) {
      out.push_back(std::move(family));
      continue;
    }
    for (Group* g : {&dense, &moe}) {
      if (!g->rows.empty()) out.push_back(std::move(*g));
    }
  }
  return out;
}

std::string set_named(const EngineFactors& f) {
  if (f.architecture.empty()) return fmt::format("the catalog's {} factors", f.id);
  return fmt::format("the catalog's {} ({}) factors", f.id, architecture_models(f.architecture));
}

Start starting_factors(const Catalog& catalog, const Group& group) {
  std::size_t moe_rows = 0;
  for (const Measurement* m : group.rows) moe_rows += m->spec.model.mixture_of_experts() ? 1 : 0;
  const std::string_view architecture = !group.architecture.empty()       ? std::string_view(group.architecture)
                                        : 2 * moe_rows > group.rows.size() ? std::string_view("moe")
                                                                           : std::string_view("dense");
  Start start;
  // The rule throughput resolves with; an engine the catalog has no set near starts from TensorRT-LLM's.
  Catalog::NearestFactors nearest = catalog.nearest_factors(group.engine, group.precision, architecture);
  if (nearest.factors == nullptr) nearest = catalog.nearest_factors("trtllm", group.precision, architecture);
  if (nearest.factors == nullptr) nearest = catalog.nearest_factors("trtllm", Precision::fp8, architecture);
  if (nearest.factors != nullptr) {
    start.factors = *nearest.factors;
    const bool own = same_name(nearest.factors->engine, group.engine) && nearest.borrowed.empty();
    if (!own) start.borrowed = set_named(*nearest.factors);
  } else {
    start.borrowed = "the built-in default factors";
  }
  apply_engine_defaults(group.engine, start.factors);
  return start;
}

}  // namespace nimcost::calibration_parts
