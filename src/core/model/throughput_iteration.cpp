// The throughput model's time side: one decode iteration and one prefill, as a roofline of compute
// and memory time plus communication and fixed costs; pipeline and expert parallelism; speculation.
#include "throughput_parts.hpp"

#include <cmath>

namespace nimcost {

using namespace throughput_parts;

namespace throughput_parts {

double compute_rate(const ReplicaSpec& r) {
  return tp_of(r) * peak_tflops(r.gpu, r.precision) * 1e12 * r.factors.compute_efficiency;
}

double attention_rate(const ReplicaSpec& r) {
  // TensorRT-LLM (and NIM on it) runs FP8 attention kernels over its FP8 KV cache for FP8 and FP4
  // checkpoints; vLLM and SGLang attend in 16-bit.
  const bool fp8_attention = (r.precision == Precision::fp8 || r.precision == Precision::fp4) &&
                             (r.factors.engine.rfind("trtllm", 0) == 0 || r.factors.engine == "nim");
  const Precision p = fp8_attention ? Precision::fp8 : Precision::bf16;
  return tp_of(r) * peak_tflops(r.gpu, p) * 1e12 * r.factors.compute_efficiency;
}

double memory_rate(const ReplicaSpec& r) { return r.gpu.bandwidth_tb_per_s * 1e12 * r.factors.bandwidth_efficiency; }

double attention_flops(const ServedModel& m, double context) {
  // Per head: Q.K over the key width, A.V over the value width, 2 FLOPs per multiply-add. A latent
  // cache is attended in its compressed form (weights absorbed): keys of rank + rope, values of rank.
  const double width = m.latent_attention() ? 2.0 * m.kv_lora_rank + m.qk_rope_head_dim : 2.0 * m.head_dim;
  const double local = m.attention_window > 0 ? static_cast<double>(std::min(m.local_layers, m.layers)) : 0.0;
  const double seen = (m.layers - local) * context + local * std::min(context, static_cast<double>(m.attention_window));
  return 2.0 * width * static_cast<double>(m.heads) * seen;
}

double weights_read_per_gpu(const ReplicaSpec& r, double tokens) {
  const ServedModel& m = r.model;
  const double bytes = weight_bytes_per_param(r.precision);
  const double total = m.params_b * 1e9;
  const double copied = copied_weight_bytes(r);
  if (!m.mixture_of_experts()) return total * bytes / tp_of(r) + copied;
  const double e = static_cast<double>(m.experts);
  const double k = static_cast<double>(m.experts_per_token);
  const double per_expert = m.expert_params();
  const double shared = m.non_expert_params();
  // Each expert is missed by a token with chance 1 - k/E.
  const double q = 1.0 - std::pow(1.0 - k / e, std::max(tokens, 0.0));
  double experts_read = e * q / tp_of(r);
  const double ep = static_cast<double>(std::max(1, r.ep));
  if (ep > 1.0) {
    // Whole experts on each of ep GPUs (each sliced over tp / ep): the busiest GPU's count of
    // touched experts, a binomial's mean plus its spread times the expected maximum of ep normals.
    const double held = e / ep;
    const double busiest = std::min(held, held * q + std::sqrt(held * q * (1.0 - q) * 2.0 * std::log(ep)));
    experts_read = busiest / (tp_of(r) / ep);
  }
  return shared * bytes / tp_of(r) + per_expert * bytes * experts_read + copied;
}

}  // namespace throughput_parts

namespace {

// Tensor-parallel all-reduces, two per layer (after attention and after the MLP), of `tokens` x
// hidden activations; a ring moves 2 (tp - 1) / tp of the buffer over each link. Under expert
// parallelism the expert layers' reduction is an all-to-all of each token's k expert outputs instead.
double allreduce_s(const ReplicaSpec& r, double tokens, double iterations) {
  if (r.tp <= 1) return 0.0;
  const ServedModel& m = r.model;
  const double n = tp_of(r);
  const double link = link_bytes_per_s(r.gpu) * r.factors.link_efficiency;
  const double buffer = tokens * m.hidden * k_activation_bytes;
  const double latency = iterations * r.factors.allreduce_latency_us * 1e-6;
  const double ring = 2.0 * (n - 1.0) / n * buffer / link;
  // Under attention data parallelism the attention runs whole on each GPU's own sequences: no
  // reduction after it. The layers split over the GPUs gather every GPU's tokens and scatter the
  // result back (an all-gather and a reduce-scatter: one all-reduce's traffic): the routed experts,
  // and under SGLang, which copies only the attention, the dense MLPs too.
  const double split_layers = !r.dp_attention               ? 2.0 * m.layers
                              : dp_splits_only_attention(r) ? static_cast<double>(m.layers)
                                                            : static_cast<double>(m.routed_layers());
  double s = split_layers * (latency + ring);
  if (r.ep > 1 && m.mixture_of_experts()) {
    const double ep = static_cast<double>(r.ep);
    const double all_to_all = 2.0 * (ep - 1.0) / ep * buffer * m.experts_per_token / ep / link;
    s += m.routed_layers() * (all_to_all - ring);
  }
  return s;
}

// Moving a mixture of experts' tokens into expert order and back: each of a token's k copies is
// written and read on the way in and on the way out, in 16-bit, on every routed layer.
double routing_bytes_per_gpu(const ReplicaSpec& r, double tokens) {
  const ServedModel& m = r.model;
  if (!m.mixture_of_experts()) return 0.0;
  return 4.0 * tokens * m.experts_per_token * m.hidden * k_activation_bytes * m.routed_layers() / tp_of(r);
}

// Handing a micro-batch's activations to the next pipeline stage.
double stage_transfer_s(const ReplicaSpec& r, double tokens) {
  const double bytes = tokens * r.model.hidden * k_activation_bytes / tp_of(r);
  return r.factors.allreduce_latency_us * 1e-6 + bytes / (link_bytes_per_s(r.gpu) * r.factors.link_efficiency);
}

// One decode iteration of the whole model on one stage's tp GPUs, each sequence feeding `width`
// tokens (1, or k + 1 when verifying a speculation).
IterationTime decode_group(const ReplicaSpec& r, double batch, double context, double width) {
  const ServedModel& m = r.model;
  IterationTime t;
  const double tokens = batch * width;
  t.compute_s = tokens * (2.0 * matmul_params(m) / compute_rate(r) + attention_flops(m, context) / attention_rate(r));
  const double kv = batch * kv_bytes_per_gpu(r, context) * pp_of(r);
  t.memory_s = (weights_read_per_gpu(r, tokens) + kv + routing_bytes_per_gpu(r, tokens)) / memory_rate(r);
  t.comm_s = allreduce_s(r, tokens, 1.0);
  t.overhead_s = (r.factors.step_overhead_ms * 1e-3 + batch * r.factors.sequence_overhead_us * 1e-6) /
                 static_cast<double>(std::max(1, r.scheduler_steps));
  t.overlap_exponent = r.factors.overlap_exponent;
  return t;
}

// A round of a pipeline: each of m = min(pp, batch) micro-batches passes every stage. A stage does
// 1/pp of the group's work on a micro-batch, so the round costs the whole model's time at the
// micro-batch, every stage's fixed cost, and the hand-overs.
IterationTime pipelined(const ReplicaSpec& r, double batch, double context, double width) {
  if (r.pp <= 1) return decode_group(r, batch, context, width);
  const double pp = pp_of(r);
  const double micro = batch / std::min(pp, std::max(1.0, batch));
  IterationTime t = decode_group(r, micro, context, width);
  t.overhead_s *= pp;
  t.comm_s += pp * stage_transfer_s(r, micro * width);
  return t;
}

// The speculation's draft head: one decoder layer of the model and its LM head.
ReplicaSpec draft_head(const ReplicaSpec& r) {
  ReplicaSpec d = r;
  ServedModel& m = d.model;
  const double embeddings = 2.0 * static_cast<double>(m.vocab) * m.hidden / 1e9;
  const double layers = static_cast<double>(std::max(1, m.layers));
  m.params_b = embeddings + (m.params_b - embeddings) / layers;
  m.active_params_b = embeddings + (m.active_params_b - embeddings) / layers;
  m.moe_layers = m.mixture_of_experts() ? 1 : 0;
  m.layers = 1;
  m.local_layers = 0;
  d.pp = 1;
  d.speculation = {};
  return d;
}

}  // namespace

double IterationTime::total_s() const {
  const double larger = std::max(compute_s, memory_s);
  double roofline = larger;
  if (larger > 0.0) {
    const double p = std::max(1.0, overlap_exponent);
    roofline = larger * std::pow(std::pow(compute_s / larger, p) + std::pow(memory_s / larger, p), 1.0 / p);
  }
  return roofline + comm_s + overhead_s;
}

IterationTime decode_iteration(const ReplicaSpec& r, double batch, double context) {
  return pipelined(r, batch, context, 1.0);
}

double decode_time_per_token(const ReplicaSpec& r, double batch, double context) {
  if (!r.speculation.on()) return decode_iteration(r, batch, context).total_s();
  const double k = static_cast<double>(r.speculation.draft_tokens);
  const double verify = pipelined(r, batch, context, k + 1.0).total_s();
  const double draft = decode_group(draft_head(r), batch, context, 1.0).total_s();
  return (verify + k * draft) / r.speculation.tokens_per_step();
}

IterationTime prefill_time(const ReplicaSpec& r, double tokens, double prompt_len, double cached) {
  const ServedModel& m = r.model;
  IterationTime t;
  if (!(tokens > 0.0)) return t;
  const double h = std::clamp(cached, 0.0, 0.999);
  const double chunk = engine_tokens_per_iteration(r);
  const double iterations = std::ceil(tokens / chunk);
  // Only a prompt's last position goes through the LM head. A new token attends to the cached
  // prefix and, causally, to half the new part on average.
  const double lm_head = static_cast<double>(m.vocab) * m.hidden;
  const double span = prompt_len * (h + (1.0 - h) / 2.0);
  const double per_token = 2.0 * (matmul_params(m) - lm_head);
  const double prompts = tokens / std::max(1.0, prompt_len * (1.0 - h));
  t.compute_s = (tokens * per_token + prompts * 2.0 * lm_head) / compute_rate(r) +
                tokens * attention_flops(m, span) / attention_rate(r);
  const double kv_written = tokens * kv_token_bytes_per_gpu(r);
  const double step = std::min(tokens, chunk);
  t.memory_s = (iterations * weights_read_per_gpu(r, step) + kv_written + routing_bytes_per_gpu(r, tokens)) / memory_rate(r);
  t.comm_s = allreduce_s(r, tokens, iterations);
  t.overhead_s = iterations * (r.factors.step_overhead_ms + r.factors.prefill_overhead_ms) * 1e-3;
  t.overlap_exponent = r.factors.overlap_exponent;
  if (r.pp > 1) {
    // Stages work on successive chunks at once: the first chunk fills the pipeline, the rest follow
    // one stage-time apart.
    const double pp = pp_of(r);
    const double stretch = (iterations + pp - 1.0) / (pp * iterations);
    t.compute_s *= stretch;
    t.memory_s *= stretch;
    t.comm_s = t.comm_s * stretch + (pp - 1.0) * stage_transfer_s(r, step);
    t.overhead_s *= (iterations + pp - 1.0) / iterations;
  }
  return t;
}

}  // namespace nimcost
