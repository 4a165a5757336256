// The throughput model: from a model, a precision, a GPU and a tensor-parallel degree to whether the
// replica fits, how many requests its KV cache holds, and the tokens/s and latencies it reaches at a
// concurrency. A roofline per engine iteration (compute-bound prefill, memory-bound decode: the larger
// bound, as a fitted p-norm of the two) with tensor-parallel all-reduces and fixed per-iteration and
// per-sequence costs, turned into continuous-batching steady state. The efficiency factors come from calibration (calibration.hpp).
//
// Steady state at batch B for requests of isl prompt and osl output tokens: every B requests cost one
// prefill of B x isl tokens plus osl - 1 decode iterations of B sequences, so
//   cycle = prefill(B x isl) + (osl - 1) x decode(B)    and    output tokens/s = B x osl / cycle.
// Static batching costs the same cycle; continuous batching interleaves the prefills between decode
// iterations, which stretches each sequence's time per output token by the others' prefills.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/catalog/served_model.hpp>

#include <cmath>
#include <optional>
#include <vector>

namespace nimcost {

// Speculative decoding: a draft head proposes `draft_tokens` tokens, the model verifies them in one
// iteration and keeps each with chance `acceptance` until the first rejection (plus the token the
// verification itself yields). The draft head is taken as one decoder layer of the model and its LM
// head (EAGLE, multi-token prediction).
struct Speculation {
  int draft_tokens = 0;  // 0: off
  double acceptance = 0.0;
  bool on() const { return draft_tokens > 0; }
  // Tokens one verification step yields on average: (1 - a^(k+1)) / (1 - a).
  double tokens_per_step() const;
};

struct ReplicaSpec {
  ServedModel model;
  GpuSku gpu;
  Precision precision = Precision::fp8;
  int tp = 1;  // tensor parallel: GPUs per pipeline stage
  int pp = 1;  // pipeline parallel: stages, each holding layers / pp of the model
  int ep = 1;  // expert parallel: a mixture of experts' experts split whole over ep of the tp GPUs
  // Attention data parallel (with expert parallelism): each of the tp GPUs runs attention for its
  // own share of the sequences, so their KV cache is split across the GPUs, not replicated; the
  // layers run unsplit are whole on every GPU (all but the routed experts, or under SGLang the
  // attention only).
  bool dp_attention = false;
  EngineFactors factors;
  Speculation speculation;
  // Decode iterations scheduled per host round (vLLM 0.6's --num-scheduler-steps): the host's
  // per-iteration and per-sequence costs are paid once a round, not every iteration.
  int scheduler_steps = 1;
  int gpus() const { return (tp < 1 ? 1 : tp) * (pp < 1 ? 1 : pp); }
};

// Moments of a length histogram beyond the means (E[isl^2], E[isl x osl], E[osl^2]), which the
// cycle needs where requests differ: prefill attention grows with isl^2, and a request stays in the
// batch in proportion to its osl.
struct LengthMoments {
  double isl_sq = 0.0;
  double isl_osl = 0.0;
  double osl_sq = 0.0;
};

struct SequenceShape {
  SequenceShape() = default;
  SequenceShape(double isl_tokens, double osl_tokens) : isl(isl_tokens), osl(osl_tokens) {}
  double isl = 1000.0;  // prompt tokens per request (the mean)
  double osl = 1000.0;  // output tokens per request (the mean)
  // Share of each prompt found in the prefix cache: not recomputed (its KV is read, not written).
  double cached_share = 0.0;
  std::optional<LengthMoments> spread;  // from --lengths; absent: every request is the mean

  // The prompt length prefill attention scales with: E[isl^2] / E[isl].
  double attention_prompt() const;
  // The mean context of a sequence in the decode batch (weighted by the time it stays, its osl).
  double decode_context() const;
  // Cache tokens a request in the batch holds at its end, weighted likewise.
  double tokens_per_request() const;
};

// --- memory ------------------------------------------------------------------------------------

// Bytes of the whole model's weights at a precision.
double weight_bytes(const ServedModel& m, Precision p);
// KV-cache bytes one token occupies across the replica: 2 (K and V) x layers x KV heads x head dim
// x bytes per element.
double kv_bytes_per_token(const ServedModel& m, Precision p);
// The same on one GPU of a tensor-parallel group: KV heads are split, but every GPU keeps at least
// one (so TP beyond the KV head count replicates them); a latent (MLA) cache is whole on every GPU.
// Local-attention layers count as if the context were long (see kv_bytes_per_gpu for a context).
double kv_bytes_per_token_per_gpu(const ServedModel& m, Precision p, int tp);
// KV bytes one sequence of `context` tokens holds on one GPU of a pipeline stage: local-attention
// layers hold at most their window.
double kv_bytes_per_gpu(const ReplicaSpec& r, double context);
// Memory the driver exposes on one GPU, bytes (the catalog's memory_mib where known, else memory_gb).
double gpu_memory_bytes(const GpuSku& g);
// Dense tensor TFLOPS the GPU offers at a precision; 0 when it has no such tensor cores.
double peak_tflops(const GpuSku& g, Precision p);

struct MemoryFit {
  double memory_bytes_per_gpu = 0.0;
  double weights_bytes_per_gpu = 0.0;
  double reserve_bytes_per_gpu = 0.0;
  double kv_budget_bytes_per_gpu = 0.0;  // what the engine gives the KV cache (0 when nothing is left)
  double kv_bytes_per_token_per_gpu = 0.0;
  double kv_tokens = 0.0;  // tokens the replica's KV cache holds
  int max_batch = 0;       // requests of isl + osl the cache holds, capped by the engine
  bool weights_fit = false;
  bool fits = false;       // weights fit and at least one whole request fits
};

MemoryFit memory_fit(const ReplicaSpec& r, const SequenceShape& s);

// The engine's caps for the whole replica: sequences at once, and tokens per iteration. Under
// attention data parallelism TensorRT-LLM and vLLM run a scheduler per rank, each with the caps;
// SGLang divides its caps among its ranks, so they hold for the replica.
double engine_batch_cap(const ReplicaSpec& r);
double engine_tokens_per_iteration(const ReplicaSpec& r);

// The smallest tensor-parallel degree (a power of two that divides the attention heads, up to 64)
// on which the model and one request fit at the spec's pipeline degree; nullopt when none does.
std::optional<int> smallest_fitting_tp(ReplicaSpec r, const SequenceShape& s);

// --- time --------------------------------------------------------------------------------------

struct IterationTime {
  double compute_s = 0.0;
  double memory_s = 0.0;
  double comm_s = 0.0;
  double overhead_s = 0.0;
  double overlap_exponent = 32.0;  // see EngineFactors
  // The larger of compute and memory time (a p-norm, so close calls cost a little more), plus the
  // all-reduces and fixed costs.
  double total_s() const;
  bool compute_bound() const { return compute_s >= memory_s; }
};

// One decode iteration: `batch` sequences each produce a token, reading the weights and their KV
// cache of `context` tokens each. Under pipeline parallelism it is one round: the batch split into
// pp micro-batches, each passing every stage (so fewer than pp sequences leave stages idle).
IterationTime decode_iteration(const ReplicaSpec& r, double batch, double context);
// Decode time per output token of each of `batch` sequences: decode_iteration, or with speculation
// a verification of k + 1 tokens per sequence and k draft-head steps, over the tokens a step yields.
double decode_time_per_token(const ReplicaSpec& r, double batch, double context);
// Prefill of `tokens` prompt tokens to compute, from prompts `prompt_len` long of which a share
// `cached` came from the prefix cache (the new tokens attend to the cached ones too), in iterations
// of at most the engine's max_num_tokens; the attention term grows with the square of the prompt
// length. Pipeline stages work on successive chunks at once.
IterationTime prefill_time(const ReplicaSpec& r, double tokens, double prompt_len, double cached = 0.0);

struct OperatingPoint {
  double concurrency = 0.0;  // requests in the system (running + queued)
  double batch = 0.0;        // requests running at once (at most the memory's max batch)
  double ttft_s = 0.0;
  double tpot_s = 0.0;
  double output_tokens_per_s = 0.0;  // per replica
  double requests_per_s = 0.0;
  bool decode_compute_bound = false;
};

// Continuous batching in steady state with `concurrency` requests in the system (closed loop):
// beyond the memory's max batch, requests queue and wait for a slot.
OperatingPoint at_concurrency(const ReplicaSpec& r, const SequenceShape& s, double concurrency);
// A static batch of `batch` requests run together to completion (older engines, offline jobs); the
// batch is taken as given (memory_fit says whether it fits).
OperatingPoint static_batch(const ReplicaSpec& r, const SequenceShape& s, double batch);
// The offline maximum: the largest batch memory allows.
OperatingPoint offline_max(const ReplicaSpec& r, const SequenceShape& s);
// Open-loop arrivals at `requests_per_s`: output tokens/s the replica delivers (the arrival rate's
// worth while under capacity, the capacity beyond). A benchmark run of `run_requests` requests also
// waits for its last request to finish, which lowers the rate it reports.
double open_loop_output_rate(const ReplicaSpec& r, const SequenceShape& s, double requests_per_s,
                             std::optional<double> run_requests = std::nullopt);

// A benchmark run of `requests` requests sent at once with at most `concurrency` in flight: output
// tokens/s over the whole run (all output over its duration), which counts the run's end, when
// fewer requests are left than the batch holds. Fixed lengths run in waves of the batch. Lengths
// with a spread (a ShareGPT-like set) are drained as if output lengths were exponential: the batch
// stays full while requests queue, then loses one request every osl / b steps while b are left.
double finite_run_output_rate(const ReplicaSpec& r, const SequenceShape& s, double requests,
                              double concurrency = HUGE_VAL);

// The operating point open-loop arrivals at `requests_per_s` settle at: the concurrency Little's law
// gives (rate x latency, at most the max batch); at or beyond capacity, the max batch.
OperatingPoint open_loop_point(const ReplicaSpec& r, const SequenceShape& s, double requests_per_s);

struct LatencyTarget {
  std::optional<double> ttft_ms;
  std::optional<double> tpot_ms;
  bool any() const { return ttft_ms.has_value() || tpot_ms.has_value(); }
};

bool meets(const OperatingPoint& p, const LatencyTarget& t);

// The largest concurrency (up to the memory's max batch) whose latencies meet the target; nullopt
// when even one request alone misses it (then at_concurrency(r, s, 1) is the best achievable).
std::optional<OperatingPoint> best_under_target(const ReplicaSpec& r, const SequenceShape& s,
                                                const LatencyTarget& t);

// The throughput-latency curve: concurrency 1, 2, 4 ... and the memory's max batch last.
std::vector<OperatingPoint> concurrency_sweep(const ReplicaSpec& r, const SequenceShape& s);

}  // namespace nimcost
