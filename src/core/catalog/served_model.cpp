// Precision names and sizes. FP8 serving keeps an FP8 KV cache (TensorRT-LLM's FP8 recipes quantize
// both); weight-only INT4 keeps a 16-bit cache.
#include <nimcost/base/error.hpp>
#include <nimcost/catalog/served_model.hpp>
#include <nimcost/base/suggest.hpp>

#include <array>
#include <fmt/format.h>

namespace nimcost {

namespace {

constexpr std::array<std::pair<Precision, std::string_view>, 6> k_names = {{
    {Precision::fp16, "fp16"},
    {Precision::bf16, "bf16"},
    {Precision::fp8, "fp8"},
    {Precision::int8, "int8"},
    {Precision::int4, "int4"},
    {Precision::fp4, "fp4"},
}};

}  // namespace

std::string_view precision_name(Precision p) {
  for (const auto& [value, name] : k_names) {
    if (value == p) return name;
  }
  return "fp16";
}

Precision parse_precision(std::string_view text) {
  for (const auto& [value, name] : k_names) {
    if (same_name(text, name)) return value;
  }
  // The 4-bit float formats by their names: NVIDIA's (16-element blocks) and the OCP's (32).
  if (same_name(text, "nvfp4") || same_name(text, "mxfp4")) return Precision::fp4;
  std::vector<std::string> known;
  for (const auto& entry : k_names) known.emplace_back(entry.second);
  throw usage_error(fmt::format("unknown precision '{}'{}; use one of fp16, bf16, fp8, int8, int4, fp4", text,
                                did_you_mean(lower_case(text), known)));
}

double ServedModel::expert_params() const {
  if (!mixture_of_experts()) return 0.0;
  return (params_b - active_params_b) * 1e9 / static_cast<double>(experts - experts_per_token);
}

double ServedModel::non_expert_params() const { return params_b * 1e9 - static_cast<double>(experts) * expert_params(); }

double ServedModel::attention_params() const {
  const double h = hidden;
  const double n = heads;
  double per_layer = 0.0;
  if (latent_attention()) {
    // MLA: queries (low-rank where q_lora_rank is set), the shared KV down-projection to the latent
    // and rotary key, its up-projection to each head's key and value, and the output projection.
    const double value_dim = head_dim - qk_rope_head_dim;
    const double q = q_lora_rank > 0 ? h * q_lora_rank + q_lora_rank * n * head_dim : h * n * head_dim;
    per_layer = q + h * (kv_lora_rank + qk_rope_head_dim) + kv_lora_rank * n * 2.0 * value_dim + n * value_dim * h;
  } else {
    per_layer = 2.0 * h * n * head_dim + 2.0 * h * static_cast<double>(kv_heads) * head_dim;
  }
  return per_layer * layers;
}

double weight_bytes_per_param(Precision p) {
  switch (p) {
    case Precision::fp16:
    case Precision::bf16: return 2.0;
    case Precision::fp8:
    case Precision::int8: return 1.0;
    case Precision::int4: return 0.5;
    // NVFP4: four bits and an FP8 scale for every 16 weights.
    case Precision::fp4: return 0.5 + 1.0 / 16.0;
  }
  return 2.0;
}

double kv_bytes_per_element(Precision p) {
  switch (p) {
    case Precision::fp8:
    case Precision::int8:
    case Precision::fp4: return 1.0;
    default: return 2.0;
  }
}

}  // namespace nimcost
