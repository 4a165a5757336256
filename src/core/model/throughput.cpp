// The throughput model's arithmetic; see throughput.hpp for the cycle it rests on.
#include <nimcost/model/throughput.hpp>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

constexpr double k_gib = 1024.0 * 1024.0 * 1024.0;
constexpr double k_mib = 1024.0 * 1024.0;
// A GPU without a catalogued interconnect talks over PCIe Gen4 x16: 32 GB/s each way.
constexpr double k_default_link_gb_per_s = 32.0;
// Activations travel between tensor-parallel GPUs in 16-bit.
constexpr double k_activation_bytes = 2.0;

double tp_of(const ReplicaSpec& r) { return static_cast<double>(std::max(1, r.tp)); }

// Parameters each token runs through, without the input embedding (a lookup, not a matmul).
double matmul_params(const ServedModel& m) {
  return m.active_params_b * 1e9 - static_cast<double>(m.vocab) * m.hidden;
}

// Weight bytes one iteration of `tokens` tokens reads on one GPU. A mixture of experts reads only
// the experts its tokens were routed to: each expert is missed by a token with chance 1 - k/E.
double weights_read_per_gpu(const ReplicaSpec& r, double tokens) {
  const ServedModel& m = r.model;
  const double bytes = weight_bytes_per_param(r.precision);
  const double total = m.params_b * 1e9;
  if (!m.mixture_of_experts()) return total * bytes / tp_of(r);
  const double e = static_cast<double>(m.experts);
  const double k = static_cast<double>(m.experts_per_token);
  const double per_expert = (m.params_b - m.active_params_b) * 1e9 / (e - k);
  const double shared = total - e * per_expert;
  const double touched = 1.0 - std::pow(1.0 - k / e, std::max(tokens, 0.0));
  return (shared + e * per_expert * touched) * bytes / tp_of(r);
}

double link_bytes_per_s(const GpuSku& g) {
  return g.interconnect_gb_per_s.value_or(k_default_link_gb_per_s) * 1e9;
}

// Two all-reduces per layer (after attention and after the MLP) of `tokens` x hidden activations;
// a ring moves 2 (tp - 1) / tp of the buffer over each link.
double allreduce_s(const ReplicaSpec& r, double tokens, double iterations) {
  if (r.tp <= 1) return 0.0;
  const double n = tp_of(r);
  const double per_layer = 2.0 * static_cast<double>(r.model.layers);
  const double buffer = tokens * r.model.hidden * k_activation_bytes;
  return per_layer * (iterations * r.factors.allreduce_latency_us * 1e-6 +
                      2.0 * (n - 1.0) / n * buffer / (link_bytes_per_s(r.gpu) * r.factors.link_efficiency));
}

double compute_rate(const ReplicaSpec& r) {
  return tp_of(r) * peak_tflops(r.gpu, r.precision) * 1e12 * r.factors.compute_efficiency;
}

double memory_rate(const ReplicaSpec& r) {
  return r.gpu.bandwidth_tb_per_s * 1e12 * r.factors.bandwidth_efficiency;
}

double attention_flops_per_context_token(const ServedModel& m) {
  // Q.K and A.V: 2 matmuls x 2 FLOPs per multiply-add, over every query head.
  return 4.0 * m.layers * static_cast<double>(m.heads) * m.head_dim;
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

double weight_bytes(const ServedModel& m, Precision p) { return m.params_b * 1e9 * weight_bytes_per_param(p); }

double kv_bytes_per_token(const ServedModel& m, Precision p) {
  return 2.0 * m.layers * static_cast<double>(m.kv_heads) * m.head_dim * kv_bytes_per_element(p);
}

double kv_bytes_per_token_per_gpu(const ServedModel& m, Precision p, int tp) {
  const double heads_per_gpu = std::max(1.0, static_cast<double>(m.kv_heads) / std::max(1, tp));
  return 2.0 * m.layers * heads_per_gpu * m.head_dim * kv_bytes_per_element(p);
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

MemoryFit memory_fit(const ReplicaSpec& r, const SequenceShape& s) {
  MemoryFit fit;
  fit.memory_bytes_per_gpu = gpu_memory_bytes(r.gpu);
  fit.weights_bytes_per_gpu = weight_bytes(r.model, r.precision) / tp_of(r);
  fit.reserve_bytes_per_gpu = r.factors.runtime_reserve_gib * k_gib;
  fit.kv_bytes_per_token_per_gpu = kv_bytes_per_token_per_gpu(r.model, r.precision, r.tp);
  const double left = fit.memory_bytes_per_gpu - fit.weights_bytes_per_gpu - fit.reserve_bytes_per_gpu;
  fit.weights_fit = left > 0.0;
  fit.kv_budget_bytes_per_gpu = fit.weights_fit ? left * r.factors.kv_memory_fraction : 0.0;
  fit.kv_tokens = fit.kv_bytes_per_token_per_gpu > 0.0 ? std::floor(fit.kv_budget_bytes_per_gpu / fit.kv_bytes_per_token_per_gpu) : 0.0;
  const double per_request = std::max(1.0, s.isl + s.osl);
  const double requests = std::floor(fit.kv_tokens / per_request);
  fit.max_batch = static_cast<int>(std::clamp(requests, 0.0, static_cast<double>(std::max(1, r.factors.max_batch))));
  fit.fits = fit.weights_fit && fit.max_batch >= 1;
  return fit;
}

std::optional<int> smallest_fitting_tp(ReplicaSpec r, const SequenceShape& s) {
  for (int tp = 1; tp <= 64; tp *= 2) {
    if (r.model.heads % tp != 0) continue;
    r.tp = tp;
    if (memory_fit(r, s).fits) return tp;
  }
  return std::nullopt;
}

IterationTime decode_iteration(const ReplicaSpec& r, double batch, double context) {
  const ServedModel& m = r.model;
  IterationTime t;
  const double flops = batch * (2.0 * matmul_params(m) + attention_flops_per_context_token(m) * context);
  t.compute_s = flops / compute_rate(r);
  const double kv = batch * context * kv_bytes_per_token_per_gpu(m, r.precision, r.tp);
  t.memory_s = (weights_read_per_gpu(r, batch) + kv) / memory_rate(r);
  t.comm_s = allreduce_s(r, batch, 1.0);
  t.overhead_s = r.factors.step_overhead_ms * 1e-3 + batch * r.factors.sequence_overhead_us * 1e-6;
  t.overlap_exponent = r.factors.overlap_exponent;
  return t;
}

IterationTime prefill_time(const ReplicaSpec& r, double tokens, double prompt_len) {
  const ServedModel& m = r.model;
  IterationTime t;
  if (!(tokens > 0.0)) return t;
  const double chunk = std::max(1.0, static_cast<double>(r.factors.max_num_tokens));
  const double iterations = std::ceil(tokens / chunk);
  // Only a prompt's last position goes through the LM head; causal attention sees prompt_len / 2
  // positions on average.
  const double lm_head = static_cast<double>(m.vocab) * m.hidden;
  const double per_token = 2.0 * (matmul_params(m) - lm_head) + attention_flops_per_context_token(m) * prompt_len / 2.0;
  const double prompts = tokens / std::max(1.0, prompt_len);
  t.compute_s = (tokens * per_token + prompts * 2.0 * lm_head) / compute_rate(r);
  const double kv_written = tokens * kv_bytes_per_token_per_gpu(m, r.precision, r.tp);
  t.memory_s = (iterations * weights_read_per_gpu(r, std::min(tokens, chunk)) + kv_written) / memory_rate(r);
  t.comm_s = allreduce_s(r, tokens, iterations);
  t.overhead_s = iterations * r.factors.step_overhead_ms * 1e-3;
  t.overlap_exponent = r.factors.overlap_exponent;
  return t;
}

namespace {

// One cycle of `batch` requests: their prefills and osl - 1 decode iterations at the mean context.
struct Cycle {
  double prefill_s = 0.0;
  double decode_s = 0.0;       // one decode iteration
  double total_s = 0.0;
  bool decode_compute_bound = false;
};

Cycle cycle(const ReplicaSpec& r, const SequenceShape& s, double batch) {
  Cycle c;
  c.prefill_s = prefill_time(r, batch * s.isl, s.isl).total_s();
  const IterationTime d = decode_iteration(r, batch, s.isl + s.osl / 2.0);
  c.decode_s = d.total_s();
  c.decode_compute_bound = d.compute_bound();
  c.total_s = c.prefill_s + std::max(0.0, s.osl - 1.0) * c.decode_s;
  return c;
}

}  // namespace

OperatingPoint at_concurrency(const ReplicaSpec& r, const SequenceShape& s, double concurrency) {
  OperatingPoint p;
  const MemoryFit fit = memory_fit(r, s);
  p.concurrency = std::max(1.0, concurrency);
  p.batch = std::min(p.concurrency, static_cast<double>(std::max(1, fit.max_batch)));
  const Cycle c = cycle(r, s, p.batch);
  p.decode_compute_bound = c.decode_compute_bound;
  p.output_tokens_per_s = c.total_s > 0.0 ? p.batch * s.osl / c.total_s : 0.0;
  p.requests_per_s = c.total_s > 0.0 ? p.batch / c.total_s : 0.0;
  // Each sequence's decode iterations are stretched by the prefills of the batch's other requests.
  const double decode_steps = std::max(1.0, s.osl - 1.0);
  const double others = (p.batch - 1.0) / p.batch;
  p.tpot_s = c.decode_s + c.prefill_s * others / decode_steps;
  // Time to first token: the request's own prefill, plus waiting behind other prefills (the prefill
  // stage is busy a fraction rho of the time: an M/D/1 wait), plus half a decode iteration to join.
  const double own = prefill_time(r, s.isl, s.isl).total_s();
  const double rho = c.total_s > 0.0 ? std::min(0.95, c.prefill_s * others / c.total_s) : 0.0;
  p.ttft_s = own + rho / (2.0 * (1.0 - rho)) * own + 0.5 * c.decode_s;
  // Requests beyond the max batch wait for a slot (Little's law).
  if (p.concurrency > p.batch && p.requests_per_s > 0.0) p.ttft_s += (p.concurrency - p.batch) / p.requests_per_s;
  return p;
}

OperatingPoint static_batch(const ReplicaSpec& r, const SequenceShape& s, double batch) {
  OperatingPoint p;
  // The batch as given: a static batch's cache holds exactly its requests, so memory_fit's engine
  // reserve does not apply (memory_fit says whether it fits).
  p.concurrency = std::max(1.0, batch);
  p.batch = p.concurrency;
  const Cycle c = cycle(r, s, p.batch);
  p.decode_compute_bound = c.decode_compute_bound;
  p.output_tokens_per_s = c.total_s > 0.0 ? p.batch * s.osl / c.total_s : 0.0;
  p.requests_per_s = c.total_s > 0.0 ? p.batch / c.total_s : 0.0;
  p.ttft_s = c.prefill_s;
  p.tpot_s = c.decode_s;
  return p;
}

OperatingPoint offline_max(const ReplicaSpec& r, const SequenceShape& s) {
  return at_concurrency(r, s, std::max(1, memory_fit(r, s).max_batch));
}

double open_loop_output_rate(const ReplicaSpec& r, const SequenceShape& s, double requests_per_s,
                             std::optional<double> run_requests) {
  const double capacity = offline_max(r, s).requests_per_s;
  const double rate = std::min(requests_per_s, capacity);
  if (!run_requests || !(rate > 0.0)) return rate * s.osl;
  // A run of N requests ends one request's service time after the last admission. The service time
  // depends on the batch the load builds (Little's law: c = rate x latency, at most the max batch),
  // found by fixed-point iteration; waiting for a slot is already in N / rate.
  const double n = std::max(1.0, *run_requests);
  const double max_batch = std::max(1, memory_fit(r, s).max_batch);
  double latency = 0.0;
  for (int i = 0; i < 30; ++i) {
    const double c = std::clamp(rate * latency, 1.0, std::min(n, max_batch));
    const OperatingPoint p = at_concurrency(r, s, c);
    latency = p.ttft_s + std::max(0.0, s.osl - 1.0) * p.tpot_s;
  }
  return n * s.osl / (n / rate + latency);
}

bool meets(const OperatingPoint& p, const LatencyTarget& t) {
  if (t.ttft_ms && p.ttft_s * 1e3 > *t.ttft_ms) return false;
  if (t.tpot_ms && p.tpot_s * 1e3 > *t.tpot_ms) return false;
  return true;
}

std::optional<OperatingPoint> best_under_target(const ReplicaSpec& r, const SequenceShape& s,
                                                const LatencyTarget& t) {
  const int max_batch = std::max(1, memory_fit(r, s).max_batch);
  if (!meets(at_concurrency(r, s, 1.0), t)) return std::nullopt;
  // Latencies grow with concurrency: bisect for the last concurrency that meets the target.
  int good = 1;
  int bad = max_batch + 1;
  if (meets(at_concurrency(r, s, max_batch), t)) good = max_batch;
  while (bad - good > 1) {
    const int mid = good + (bad - good) / 2;
    if (meets(at_concurrency(r, s, mid), t)) good = mid;
    else bad = mid;
  }
  return at_concurrency(r, s, good);
}

std::vector<OperatingPoint> concurrency_sweep(const ReplicaSpec& r, const SequenceShape& s) {
  const int max_batch = std::max(1, memory_fit(r, s).max_batch);
  std::vector<OperatingPoint> out;
  for (int c = 1; c < max_batch; c *= 2) out.push_back(at_concurrency(r, s, c));
  out.push_back(at_concurrency(r, s, max_batch));
  return out;
}

}  // namespace nimcost
