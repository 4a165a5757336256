// Unit tests of src/core/model/throughput.cpp (doctest suite "core/model/throughput"); split from a file that said:
//   The throughput model: every formula against hand-computed values, and the properties the model
//   must keep (monotone in concurrency, offline maximum on top, TP splitting memory, MoE reads).
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/throughput.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/report/throughput_report.hpp>
#include <nimcost/resolve/replica.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_mib = 1024.0 * 1024.0;
constexpr double k_gib = 1024.0 * k_mib;

// Round factors so hand computations stay readable.
EngineFactors simple_factors() {
  EngineFactors f;
  f.compute_efficiency = 0.5;
  f.bandwidth_efficiency = 0.8;
  f.step_overhead_ms = 1.0;
  f.sequence_overhead_us = 0.0;
  f.allreduce_latency_us = 10.0;
  f.link_efficiency = 1.0;
  f.overlap_exponent = 1000.0;  // the plain roofline max()
  f.kv_memory_fraction = 0.95;
  f.runtime_reserve_gib = 3.5;
  f.max_batch = 4096;
  f.max_num_tokens = 32768;
  return f;
}

ReplicaSpec replica(const char* model, const char* gpu, Precision p, int tp, EngineFactors f = simple_factors()) {
  ReplicaSpec r;
  r.model = builtin_catalog().served_model(model);
  r.gpu = builtin_catalog().gpu(gpu);
  r.precision = p;
  r.tp = tp;
  r.factors = f;
  return r;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/throughput");

TEST_CASE("weights and KV cache per token match the models' shapes") {
  const Catalog& c = builtin_catalog();
  CHECK(weight_bytes(c.served_model("llama-3.1-70b"), Precision::fp8) == doctest::Approx(70.55e9));
  CHECK(weight_bytes(c.served_model("llama-3.1-70b"), Precision::bf16) == doctest::Approx(141.10e9));
  CHECK(weight_bytes(c.served_model("llama-3.1-8b"), Precision::int4) == doctest::Approx(4.015e9));
  // 2 x layers x KV heads x head dim x bytes (shared/reference/gpu-and-model-constants.md).
  CHECK(kv_bytes_per_token(c.served_model("llama-3.1-8b"), Precision::bf16) == 131072.0);
  CHECK(kv_bytes_per_token(c.served_model("llama-3.1-70b"), Precision::bf16) == 327680.0);
  CHECK(kv_bytes_per_token(c.served_model("llama-3.1-405b"), Precision::bf16) == 516096.0);
  CHECK(kv_bytes_per_token(c.served_model("mixtral-8x7b"), Precision::bf16) == 131072.0);
  CHECK(kv_bytes_per_token(c.served_model("llama-3.1-70b"), Precision::fp8) == 163840.0);
  // Llama 2 7B has no grouped-query attention: 32 KV heads, 4x Llama 3.1 8B's cache.
  CHECK(kv_bytes_per_token(c.served_model("llama-2-7b"), Precision::fp16) == 524288.0);
  // Tensor parallelism splits KV heads, but each GPU keeps at least one.
  const ServedModel& m70 = c.served_model("llama-3.1-70b");
  CHECK(kv_bytes_per_token_per_gpu(m70, Precision::bf16, 2) == 163840.0);
  CHECK(kv_bytes_per_token_per_gpu(m70, Precision::bf16, 8) == 40960.0);
  CHECK(kv_bytes_per_token_per_gpu(m70, Precision::bf16, 16) == 40960.0);
}

TEST_CASE("GPU memory is what the driver reports, peak TFLOPS by precision") {
  const Catalog& c = builtin_catalog();
  CHECK(gpu_memory_bytes(c.gpu("h100-sxm")) == 81559.0 * k_mib);
  CHECK(gpu_memory_bytes(c.gpu("b200")) == 183359.0 * k_mib);
  CHECK(gpu_memory_bytes(c.gpu("gh200-144gb")) == 144e9);  // no driver figure: the marketed GB
  CHECK(peak_tflops(c.gpu("h100-sxm"), Precision::fp8) == 1979.0);
  CHECK(peak_tflops(c.gpu("h100-sxm"), Precision::bf16) == 989.0);
  CHECK(peak_tflops(c.gpu("h100-sxm"), Precision::int4) == 989.0);
  CHECK(peak_tflops(c.gpu("a100-80gb"), Precision::fp8) == 0.0);
}

TEST_CASE("memory fit by hand: Llama 3.1 70B FP8 on one H100") {
  const ReplicaSpec r = replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 1);
  const MemoryFit fit = memory_fit(r, {1000.0, 1000.0});
  const double left = 81559.0 * k_mib - 70.55e9 - 3.5 * k_gib;  // 11.2 GB
  CHECK(fit.weights_bytes_per_gpu == doctest::Approx(70.55e9));
  CHECK(fit.kv_budget_bytes_per_gpu == doctest::Approx(left * 0.95));
  CHECK(fit.kv_tokens == std::floor(left * 0.95 / 163840.0));
  CHECK(fit.max_batch == static_cast<int>(std::floor(std::floor(left * 0.95 / 163840.0) / 2000.0)));
  CHECK(fit.max_batch == 32);  // 65k tokens of 2,000
  CHECK(fit.fits);
  // Two GPUs halve the weights per GPU and much more than double the cache.
  const MemoryFit tp2 = memory_fit(replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 2), {1000.0, 1000.0});
  CHECK(tp2.weights_bytes_per_gpu == doctest::Approx(70.55e9 / 2));
  CHECK(tp2.max_batch > 8 * fit.max_batch);
  // The engine caps the batch.
  const MemoryFit small = memory_fit(replica("llama-3.1-8b", "h100-sxm", Precision::fp8, 1), {128.0, 128.0});
  CHECK(small.max_batch == 4096);
}

TEST_CASE("a model that does not fit says how many GPUs it needs") {
  ReplicaSpec r = replica("llama-3.1-405b", "h100-sxm", Precision::fp8, 1);
  const MemoryFit fit = memory_fit(r, {1000.0, 1000.0});
  CHECK_FALSE(fit.weights_fit);
  CHECK_FALSE(fit.fits);
  CHECK(fit.max_batch == 0);
  CHECK(smallest_fitting_tp(r, {1000.0, 1000.0}) == 8);
  CHECK(smallest_fitting_tp(replica("llama-3.1-70b", "h100-sxm", Precision::bf16, 1), {1000.0, 1000.0}) == 2);
  CHECK(smallest_fitting_tp(replica("llama-3.1-8b", "l40s", Precision::fp8, 1), {1000.0, 1000.0}) == 1);
}

TEST_CASE("decode iteration by hand: Llama 3.1 8B FP8 on one H100, batch 64 at 1,000 tokens of context") {
  const ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::fp8, 1);
  const IterationTime t = decode_iteration(r, 64.0, 1000.0);
  const double matmul = 8.03e9 - 128256.0 * 4096.0;  // parameters less the input embedding
  // Matmuls at FP8's 1979 TFLOPS; attention in 16-bit (989), as vLLM and SGLang run it.
  const double attention = 64.0 * 4.0 * 32 * 32 * 128 * 1000.0;
  CHECK(t.compute_s == doctest::Approx(64.0 * 2.0 * matmul / (1979e12 * 0.5) + attention / (989e12 * 0.5)));
  // TensorRT-LLM attends in FP8 over its FP8 cache.
  ReplicaSpec trt = r;
  trt.factors.engine = "trtllm";
  CHECK(decode_iteration(trt, 64.0, 1000.0).compute_s ==
        doctest::Approx((64.0 * 2.0 * matmul + attention) / (1979e12 * 0.5)));
  const double bytes = 8.03e9 + 64.0 * 1000.0 * 65536.0;  // FP8 weights + FP8 KV of 64 KiB/token
  CHECK(t.memory_s == doctest::Approx(bytes / (3.35e12 * 0.8)));
  CHECK(t.comm_s == 0.0);
  CHECK(t.overhead_s == doctest::Approx(1e-3));
  CHECK_FALSE(t.compute_bound());
  CHECK(t.total_s() == doctest::Approx(t.memory_s + 1e-3));
}

TEST_CASE("compute and memory time combine as a p-norm: p = 1 adds them, a large p takes the larger") {
  IterationTime t;
  t.compute_s = 3.0;
  t.memory_s = 4.0;
  t.comm_s = 0.5;
  t.overhead_s = 0.25;
  t.overlap_exponent = 1.0;
  CHECK(t.total_s() == doctest::Approx(7.75));
  t.overlap_exponent = 2.0;
  CHECK(t.total_s() == doctest::Approx(5.75));
  t.overlap_exponent = 200.0;
  CHECK(t.total_s() == doctest::Approx(4.75));
  t.compute_s = 0.0;
  t.memory_s = 0.0;
  CHECK(t.total_s() == doctest::Approx(0.75));
}

TEST_CASE("tensor parallelism adds two all-reduces per layer") {
  const ReplicaSpec r = replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 4);
  const IterationTime t = decode_iteration(r, 100.0, 1000.0);
  const double buffer = 100.0 * 8192 * 2.0;
  const double expected = 2.0 * 80 * (10e-6 + 2.0 * 3.0 / 4.0 * buffer / 450e9);
  CHECK(t.comm_s == doctest::Approx(expected));
  // PCIe links make the same all-reduce slower.
  const IterationTime pcie = decode_iteration(replica("llama-3.1-70b", "l40s", Precision::fp8, 4), 100.0, 1000.0);
  CHECK(pcie.comm_s > t.comm_s);
}

TEST_CASE("attention data parallelism reduces once per layer of routed experts, not twice per layer") {
  ReplicaSpec r = replica("deepseek-r1", "h100-sxm", Precision::fp8, 8);
  r.dp_attention = true;
  const double buffer = 100.0 * 7168 * 2.0;
  const double one = 10e-6 + 2.0 * 7.0 / 8.0 * buffer / 450e9;  // an all-gather and a reduce-scatter
  CHECK(decode_iteration(r, 100.0, 1000.0).comm_s == doctest::Approx(58 * one));
  // SGLang copies only the attention: its dense MLPs (3 layers of DeepSeek-R1) gather and scatter too.
  r.factors.engine = "sglang";
  CHECK(decode_iteration(r, 100.0, 1000.0).comm_s == doctest::Approx(61 * one));
  r.dp_attention = false;
  CHECK(decode_iteration(r, 100.0, 1000.0).comm_s == doctest::Approx(2 * 61 * one));
}

TEST_CASE("prefill is compute-bound and its attention grows with the square of the prompt") {
  const ReplicaSpec r = replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 1);
  const IterationTime p1 = prefill_time(r, 4000.0, 1000.0);
  const IterationTime p4 = prefill_time(r, 4000.0, 4000.0);  // same tokens, prompts 4x longer
  CHECK(p1.compute_bound());
  const double attention_per_token_1k = 4.0 * 80 * 64 * 128 * 500.0;
  const double extra = 4000.0 * attention_per_token_1k * 3.0;  // 4x the context: 3x more attention
  const double lm_head_saving = (4.0 - 1.0) * 2.0 * 128256.0 * 8192;  // fewer prompts, fewer LM heads
  CHECK(p4.compute_s - p1.compute_s == doctest::Approx(extra / (989e12 * 0.5) - lm_head_saving / (1979e12 * 0.5)));
  // More tokens than one iteration takes: more iterations, more fixed cost.
  CHECK(prefill_time(r, 70000.0, 1000.0).overhead_s == doctest::Approx(3e-3));
}

TEST_CASE("a mixture of experts reads only the experts its tokens use") {
  const ReplicaSpec r = replica("mixtral-8x7b", "h100-sxm", Precision::fp8, 1);
  const double one = decode_iteration(r, 1.0, 100.0).memory_s;
  const double many = decode_iteration(r, 256.0, 100.0).memory_s;
  // One token: shared 1.60B + 2 of 8 experts (5.64B each) = 12.88B, the active parameters.
  // Routing moves each token's 2 expert copies in and out (4 passes of 4096 16-bit values) on 32 layers.
  const double routing = 4.0 * 2.0 * 4096.0 * 2.0 * 32.0;
  const double active_bytes = 12.88e9 + 100.0 * 65536.0 + routing;
  CHECK(one == doctest::Approx(active_bytes / (3.35e12 * 0.8)).epsilon(1e-6));
  // Many tokens touch every expert: all 46.7B.
  const double all_bytes = 46.70e9 + 256.0 * 100.0 * 65536.0 + 256.0 * routing;
  CHECK(many == doctest::Approx(all_bytes / (3.35e12 * 0.8)).epsilon(1e-6));
}

TEST_CASE("steady state: the cycle formula by hand at concurrency 1") {
  const ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::fp8, 1);
  const SequenceShape s{1000.0, 500.0};
  const OperatingPoint p = at_concurrency(r, s, 1.0);
  const double prefill = prefill_time(r, 1000.0, 1000.0).total_s();
  const double decode = decode_iteration(r, 1.0, 1250.0).total_s();
  CHECK(p.output_tokens_per_s == doctest::Approx(500.0 / (prefill + 499.0 * decode)));
  CHECK(p.tpot_s == doctest::Approx(decode));
  CHECK(p.ttft_s == doctest::Approx(prefill + 0.5 * decode));
}

TEST_CASE("throughput grows and latency worsens with concurrency; the offline maximum is on top") {
  for (const char* model : {"llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b"}) {
    const ReplicaSpec r = replica(model, "h100-sxm", Precision::fp8, 2);
    const SequenceShape s{500.0, 500.0};
    const OperatingPoint top = offline_max(r, s);
    OperatingPoint last = at_concurrency(r, s, 1.0);
    for (const OperatingPoint& p : concurrency_sweep(r, s)) {
      CHECK(p.output_tokens_per_s >= last.output_tokens_per_s * (1.0 - 1e-9));
      CHECK(p.tpot_s >= last.tpot_s * (1.0 - 1e-9));
      CHECK(p.output_tokens_per_s <= top.output_tokens_per_s * (1.0 + 1e-9));
      last = p;
    }
    CHECK(concurrency_sweep(r, s).back().batch == memory_fit(r, s).max_batch);
    // Beyond the max batch requests queue: no more throughput, a longer wait for the first token.
    const OperatingPoint over = at_concurrency(r, s, 2.0 * top.batch);
    CHECK(over.output_tokens_per_s == doctest::Approx(top.output_tokens_per_s));
    CHECK(over.ttft_s > top.ttft_s);
  }
}

TEST_CASE("more memory bandwidth and memory never lower throughput") {
  const SequenceShape s{1000.0, 1000.0};
  const double h100 = offline_max(replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 1), s).output_tokens_per_s;
  const double h200 = offline_max(replica("llama-3.1-70b", "h200", Precision::fp8, 1), s).output_tokens_per_s;
  CHECK(h200 > 2.0 * h100);  // 141 GB leaves room for far more requests than 80 GB
}

TEST_CASE("the best concurrency under a latency target meets it, and one more does not") {
  const ReplicaSpec r = replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 2);
  const SequenceShape s{1000.0, 1000.0};
  const LatencyTarget target{std::nullopt, 35.0};
  const auto best = best_under_target(r, s, target);
  REQUIRE(best);
  CHECK(meets(*best, target));
  CHECK(best->batch < memory_fit(r, s).max_batch);
  CHECK_FALSE(meets(at_concurrency(r, s, best->batch + 1.0), target));
  // A target one request alone misses.
  CHECK_FALSE(best_under_target(r, s, LatencyTarget{std::nullopt, 1.0}));
}

TEST_CASE("a finite open-loop run reports less than its arrival rate near capacity") {
  const ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::bf16, 1);
  const SequenceShape s{467.0, 256.0};
  const double slow = open_loop_output_rate(r, s, 2.0);
  CHECK(slow == doctest::Approx(2.0 * 256.0));
  const double capped = open_loop_output_rate(r, s, 1e9);
  CHECK(capped == doctest::Approx(offline_max(r, s).output_tokens_per_s));
  CHECK(open_loop_output_rate(r, s, 2.0, 500.0) < slow);
  CHECK(open_loop_output_rate(r, s, 2.0, 500.0) > 0.95 * slow);
}

TEST_SUITE_END();
