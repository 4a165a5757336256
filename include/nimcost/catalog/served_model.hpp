// What the self-hosted side runs: a model's architecture (from its config.json), the numeric
// precision it is served in, and the engine efficiency factors calibrated against measurements.
// Plain data; the throughput model (throughput.hpp) does the arithmetic.
#pragma once

#include <nimcost/base/provenance.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nimcost {

// Serving precision of the weights (and of the KV cache: FP8 serving keeps an FP8 KV cache, as the
// TensorRT-LLM performance runs do; the others keep 16-bit KV).
enum class Precision { fp16, bf16, fp8, int8, int4, fp4 };

std::string_view precision_name(Precision p);
// "fp8", "FP8", "bf16"...; a usage error listing the known names otherwise.
Precision parse_precision(std::string_view text);
double weight_bytes_per_param(Precision p);
double kv_bytes_per_element(Precision p);

// A transformer's shape, as its Hugging Face config.json states it. Mixture-of-experts models also
// say how many experts there are and how many each token uses.
struct ServedModel {
  std::string id;  // "llama-3.1-70b"
  std::string name;
  int layers = 0;
  int hidden = 0;
  int ffn = 0;  // intermediate size (per expert for a mixture of experts)
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int vocab = 0;
  double params_b = 0.0;         // total parameters, billions
  double active_params_b = 0.0;  // used per token (== params_b for a dense model)
  int experts = 0;               // 0: dense
  int experts_per_token = 0;
  int moe_layers = 0;  // layers that route to experts (the rest are dense); 0: every layer
  // Multi-head latent attention (DeepSeek-V2/V3): each token's KV cache is one compressed latent of
  // kv_lora_rank plus a rotary key of qk_rope_head_dim per layer, shared by every head (so tensor
  // parallelism does not split it).
  int kv_lora_rank = 0;
  int qk_rope_head_dim = 0;
  int q_lora_rank = 0;  // MLA's low-rank query projection; 0: a full one

  // Local attention (gpt-oss's sliding window, Llama 4's chunked attention): `local_layers` of the
  // layers attend to at most `attention_window` recent tokens, so their KV cache stops growing there.
  int attention_window = 0;
  int local_layers = 0;
  int max_context = 0;
  std::vector<std::string> aliases;
  std::string notes;
  Provenance provenance;

  bool mixture_of_experts() const { return experts > 1 && experts_per_token > 0 && experts_per_token < experts; }
  bool latent_attention() const { return kv_lora_rank > 0; }
  // Parameters of the attention projections (Q, K, V, O) over all layers, from the shapes: what
  // SGLang's attention data parallelism copies to every GPU (the other engines copy
  // non_expert_params).
  double attention_params() const;
  // Parameters of one routed expert over all layers, from the totals: (total - active) / (E - k).
  double expert_params() const;
  // Parameters outside the routed experts (attention, dense layers, shared experts, embeddings and
  // LM head): the whole model for a dense one.
  double non_expert_params() const;
  int routed_layers() const { return mixture_of_experts() ? (moe_layers > 0 ? moe_layers : layers) : 0; }
  // "moe" or "dense": which engine factors serve the model (EngineFactors::architecture).
  std::string_view architecture() const { return mixture_of_experts() ? "moe" : "dense"; }
};

// The models an architecture names, in messages: "mixture-of-experts", "dense-model", or "" for
// both (EngineFactors::architecture empty).
inline std::string_view architecture_models(std::string_view architecture) {
  return architecture == "moe" ? "mixture-of-experts" : architecture == "dense" ? "dense-model" : "";
}

// Efficiency factors of one engine family at one precision, fitted by `nimcost calibrate` to
// published measurements. They turn datasheet peaks into what the engine reaches.
struct EngineFactors {
  std::string id;      // "trtllm-fp8"
  std::string engine;  // "trtllm", "nim"
  std::string precision;  // precision_name()
  // The models the set was fitted on: "dense", "moe" (mixtures of experts, whose grouped expert
  // GEMMs and routing run at their own efficiencies) or empty for both.
  std::string architecture;
  double compute_efficiency = 0.5;    // achieved / peak tensor FLOPS on the GEMMs
  double bandwidth_efficiency = 0.8;  // achieved / peak HBM bandwidth
  double step_overhead_ms = 1.0;      // fixed cost per engine iteration (scheduling, launches)
  double sequence_overhead_us = 1.0;  // per sequence per iteration (sampling, bookkeeping)
  // Per prefill iteration on top of step_overhead_ms: engines replay decode steps from captured
  // CUDA graphs but launch prefill's kernels one by one, and a request's admission (tokenizing,
  // scheduling) is paid there; it sets the floor of time to first token.
  double prefill_overhead_ms = 0.0;
  double allreduce_latency_us = 10.0; // per all-reduce under tensor parallelism (2 per layer)
  double link_efficiency = 0.7;       // achieved / peak GPU-to-GPU bandwidth in an all-reduce
  // How compute and memory time combine in one iteration: (c^p + m^p)^(1/p). Large p is the
  // roofline's max(); a small p charges for kernels that are both compute- and memory-heavy.
  double overlap_exponent = 32.0;
  // Memory: the engine keeps kv_memory_fraction of what is left after weights and a runtime reserve
  // for the KV cache, and reserves isl + osl tokens per request (no eviction).
  double kv_memory_fraction = 0.95;
  double runtime_reserve_gib = 3.5;
  int max_batch = 4096;         // the engine's cap on concurrent sequences
  int max_num_tokens = 32768;   // the engine's cap on tokens per iteration
  // What the fit achieved on its rows (absent when the factors were typed by hand).
  std::optional<int> fit_rows;
  std::optional<double> fit_median_abs_error;
  std::optional<double> fit_max_abs_error;
  std::optional<int> holdout_rows;  // and on the rows held out of the fit
  std::optional<double> holdout_median_abs_error;
  std::optional<double> holdout_max_abs_error;
  std::string notes;
  Provenance provenance;
};

}  // namespace nimcost
