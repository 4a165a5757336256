// Pieces the throughput model's files share (throughput_memory.cpp, throughput_iteration.cpp,
// throughput.cpp): the rates a replica reaches and the work one token does. Internal to the model.
#pragma once

#include <nimcost/model/throughput.hpp>

#include <algorithm>

namespace nimcost::throughput_parts {

constexpr double k_gib = 1024.0 * 1024.0 * 1024.0;
constexpr double k_mib = 1024.0 * 1024.0;
// A GPU without a catalogued interconnect talks over PCIe Gen4 x16: 32 GB/s each way.
constexpr double k_default_link_gb_per_s = 32.0;
// Activations travel between GPUs in 16-bit.
constexpr double k_activation_bytes = 2.0;

// Under attention data parallelism SGLang splits only the attention by sequence (its MLPs stay
// tensor-parallel); TensorRT-LLM and vLLM run every layer outside the routed experts whole on each GPU.
inline bool dp_splits_only_attention(const ReplicaSpec& r) { return r.factors.engine == "sglang"; }

inline double tp_of(const ReplicaSpec& r) { return static_cast<double>(std::max(1, r.tp)); }
inline double pp_of(const ReplicaSpec& r) { return static_cast<double>(std::max(1, r.pp)); }

// Parameters each token runs through, without the input embedding (a lookup, not a matmul).
inline double matmul_params(const ServedModel& m) {
  return m.active_params_b * 1e9 - static_cast<double>(m.vocab) * m.hidden;
}

inline double link_bytes_per_s(const GpuSku& g) {
  return g.interconnect_gb_per_s.value_or(k_default_link_gb_per_s) * 1e9;
}

// KV-cache bytes per token on one GPU of a stage holding every layer (split by heads under tensor
// parallelism, by sequences under attention data parallelism).
double kv_token_bytes_per_gpu(const ReplicaSpec& r);
// Weight bytes a GPU holds beyond its 1/tp share because attention data parallelism runs layers
// unsplit on every GPU, as if the stage held every layer (0 without it): every layer outside the
// routed experts under TensorRT-LLM and vLLM, the attention only under SGLang.
double copied_weight_bytes(const ReplicaSpec& r);
double compute_rate(const ReplicaSpec& r);  // FLOP/s of one pipeline stage (its tp GPUs)
// FLOP/s of one stage's attention math (Q.K, A.V): FP8 under TensorRT-LLM for FP8 and FP4
// checkpoints, otherwise 16-bit whatever the weights' precision.
double attention_rate(const ReplicaSpec& r);
double memory_rate(const ReplicaSpec& r);   // bytes/s of one GPU
// Attention FLOPs one query token spends per token of context, over every layer: Q.K and A.V.
// A latent cache (MLA) is attended in its compressed width; local layers see at most their window.
double attention_flops(const ServedModel& m, double context);
// Weight bytes one iteration of `tokens` tokens reads on the busiest GPU of one stage, as if the
// stage held the whole model (the pipeline divides it): a mixture of experts reads only the experts
// its tokens were routed to, and under expert parallelism the GPU holding the most of them sets the pace.
double weights_read_per_gpu(const ReplicaSpec& r, double tokens);

}  // namespace nimcost::throughput_parts
