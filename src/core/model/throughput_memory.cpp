// The throughput model's memory side: weight and KV-cache bytes, what a GPU offers, and how many
// requests a replica's cache holds.
#include "throughput_parts.hpp"

#include <cmath>

namespace nimcost {

using namespace throughput_parts;

double Speculation::tokens_per_step() const {
  if (draft_tokens <= 0) return 1.0;
  const double a = std::clamp(acceptance, 0.0, 1.0);
  const double k = static_cast<double>(draft_tokens);
  if (a >= 1.0) return k + 1.0;
  return (1.0 - std::pow(a, k + 1.0)) / (1.0 - a);
}

double SequenceShape::attention_prompt() const {
  if (!spread || !(isl > 0.0)) return isl;
  return spread->isl_sq / isl;
}

double SequenceShape::decode_context() const {
  if (!spread || !(osl > 0.0)) return isl + osl / 2.0;
  return (spread->isl_osl + spread->osl_sq / 2.0) / osl;
}

double SequenceShape::tokens_per_request() const {
  if (!spread || !(osl > 0.0)) return isl + osl;
  return (spread->isl_osl + spread->osl_sq) / osl;
}

double weight_bytes(const ServedModel& m, Precision p) { return m.params_b * 1e9 * weight_bytes_per_param(p); }

namespace {

// KV bytes per token of one layer on one GPU of a tensor-parallel group.
double kv_layer_bytes_per_gpu(const ServedModel& m, Precision p, int tp) {
  if (m.latent_attention()) return static_cast<double>(m.kv_lora_rank + m.qk_rope_head_dim) * kv_bytes_per_element(p);
  const double heads_per_gpu = std::max(1.0, static_cast<double>(m.kv_heads) / std::max(1, tp));
  return 2.0 * heads_per_gpu * m.head_dim * kv_bytes_per_element(p);
}

}  // namespace

double kv_bytes_per_token(const ServedModel& m, Precision p) { return m.layers * kv_layer_bytes_per_gpu(m, p, 1); }

double kv_bytes_per_token_per_gpu(const ServedModel& m, Precision p, int tp) {
  return m.layers * kv_layer_bytes_per_gpu(m, p, tp);
}

namespace throughput_parts {

double kv_token_bytes_per_gpu(const ReplicaSpec& r) {
  if (r.dp_attention) return kv_bytes_per_token(r.model, r.precision) / tp_of(r);
  return kv_bytes_per_token_per_gpu(r.model, r.precision, r.tp);
}

double copied_weight_bytes(const ReplicaSpec& r) {
  if (!r.dp_attention) return 0.0;
  // TensorRT-LLM's PyTorch backend runs the attention, the dense MLPs, the shared experts, the
  // embedding and the LM head unsplit on every attention-DP rank (tensorrt_llm/_torch/modules/
  // attention.py: tp_size = 1 under enable_attention_dp; Llama 4's dense MLP and shared expert:
  // overridden_tp_size = 1), and vLLM's data-parallel ranks each hold the layers outside the
  // experts; SGLang's DP attention splits only the attention by sequence.
  const double params = dp_splits_only_attention(r) ? r.model.attention_params() : r.model.non_expert_params();
  return params * weight_bytes_per_param(r.precision) * (1.0 - 1.0 / tp_of(r));
}

}  // namespace throughput_parts

double kv_bytes_per_gpu(const ReplicaSpec& r, double context) {
  const ServedModel& m = r.model;
  const double layer = kv_token_bytes_per_gpu(r) / std::max(1, m.layers);
  const double local = m.attention_window > 0 ? static_cast<double>(std::min(m.local_layers, m.layers)) : 0.0;
  const double tokens = (m.layers - local) * context + local * std::min(context, static_cast<double>(m.attention_window));
  return tokens * layer / pp_of(r);
}

double gpu_memory_bytes(const GpuSku& g) {
  if (g.memory_mib) return *g.memory_mib * k_mib;
  return g.memory_gb * 1e9;
}

double peak_tflops(const GpuSku& g, Precision p) {
  switch (p) {
    case Precision::fp16:
    case Precision::bf16:
    case Precision::int4:  // weight-only INT4 dequantizes to 16-bit for the matmuls
      return g.bf16_tflops;
    case Precision::fp8: return g.fp8_tflops.value_or(0.0);
    case Precision::int8: return g.int8_tops.value_or(0.0);
    case Precision::fp4: return g.fp4_tflops.value_or(0.0);
  }
  return 0.0;
}

namespace {

double schedulers(const ReplicaSpec& r) { return r.dp_attention && !dp_splits_only_attention(r) ? tp_of(r) : 1.0; }

}  // namespace

double engine_batch_cap(const ReplicaSpec& r) { return static_cast<double>(std::max(1, r.factors.max_batch)) * schedulers(r); }

double engine_tokens_per_iteration(const ReplicaSpec& r) {
  return std::max(1.0, static_cast<double>(r.factors.max_num_tokens)) * schedulers(r);
}

MemoryFit memory_fit(const ReplicaSpec& r, const SequenceShape& s) {
  MemoryFit fit;
  fit.memory_bytes_per_gpu = gpu_memory_bytes(r.gpu);
  fit.weights_bytes_per_gpu = weight_bytes(r.model, r.precision) / r.gpus() + copied_weight_bytes(r) / pp_of(r);
  fit.reserve_bytes_per_gpu = r.factors.runtime_reserve_gib * k_gib;
  fit.kv_bytes_per_token_per_gpu = kv_token_bytes_per_gpu(r) / pp_of(r);
  const double left = fit.memory_bytes_per_gpu - fit.weights_bytes_per_gpu - fit.reserve_bytes_per_gpu;
  fit.weights_fit = left > 0.0;
  fit.kv_budget_bytes_per_gpu = fit.weights_fit ? left * r.factors.kv_memory_fraction : 0.0;
  fit.kv_tokens = fit.kv_bytes_per_token_per_gpu > 0.0 ? std::floor(fit.kv_budget_bytes_per_gpu / fit.kv_bytes_per_token_per_gpu) : 0.0;
  // A request's cache at its longest; local-attention layers stop growing at their window.
  const double per_request = kv_bytes_per_gpu(r, std::max(1.0, s.tokens_per_request()));
  const double requests = per_request > 0.0 ? std::floor(fit.kv_budget_bytes_per_gpu / per_request) : 0.0;
  fit.max_batch = static_cast<int>(std::clamp(requests, 0.0, engine_batch_cap(r)));
  fit.fits = fit.weights_fit && fit.max_batch >= 1;
  return fit;
}

std::optional<int> smallest_fitting_tp(ReplicaSpec r, const SequenceShape& s) {
  for (int tp = 1; tp <= 64; tp *= 2) {
    if (r.model.heads % tp != 0) continue;
    if (r.ep > 1 && tp % r.ep != 0) continue;
    r.tp = tp;
    if (memory_fit(r, s).fits) return tp;
  }
  return std::nullopt;
}

}  // namespace nimcost
