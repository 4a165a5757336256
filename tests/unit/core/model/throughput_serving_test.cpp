// Unit tests of the serving options in src/core/model/throughput_{memory,iteration}.cpp and
// length_mix.cpp (doctest suite "core/model/throughput_serving"): latent and local attention's KV
// cache, pipeline and expert parallelism, the prefix cache, speculation and length histograms,
// each against a hand computation or a property.
#include "helpers.hpp"

#include <nimcost/model/length_mix.hpp>
#include <nimcost/model/throughput.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

EngineFactors plain_factors() {
  EngineFactors f;
  f.compute_efficiency = 0.5;
  f.bandwidth_efficiency = 0.8;
  f.step_overhead_ms = 1.0;
  f.sequence_overhead_us = 0.0;
  f.allreduce_latency_us = 10.0;
  f.link_efficiency = 1.0;
  f.overlap_exponent = 1000.0;
  return f;
}

ReplicaSpec replica(const char* model, const char* gpu, Precision p, int tp) {
  ReplicaSpec r;
  r.model = builtin_catalog().served_model(model);
  r.gpu = builtin_catalog().gpu(gpu);
  r.precision = p;
  r.tp = tp;
  r.factors = plain_factors();
  return r;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/throughput_serving");

TEST_CASE("multi-head latent attention caches one latent per token and layer, whole on every GPU") {
  const ServedModel& m = builtin_catalog().served_model("deepseek-r1");
  // 61 layers x (512 + 64) x 2 bytes = 70,272 (not 2 x 61 x 128 heads x 192 x 2).
  CHECK(kv_bytes_per_token(m, Precision::bf16) == doctest::Approx(70272.0));
  CHECK(kv_bytes_per_token(m, Precision::fp8) == doctest::Approx(35136.0));
  CHECK(kv_bytes_per_token_per_gpu(m, Precision::fp8, 8) == doctest::Approx(35136.0));
  // Attention data parallelism splits the sequences instead: an eighth per GPU.
  ReplicaSpec r = replica("deepseek-r1", "b200", Precision::fp4, 8);
  r.ep = 8;
  const double replicated = memory_fit(r, {1000.0, 1000.0}).kv_bytes_per_token_per_gpu;
  r.dp_attention = true;
  CHECK(memory_fit(r, {1000.0, 1000.0}).kv_bytes_per_token_per_gpu == doctest::Approx(replicated / 8.0));
}

TEST_CASE("attention parameters from the shapes, and attention data parallelism copies the unsplit layers to every GPU") {
  // Llama 3.1 8B: 32 layers x (2 x 4096 x 32 x 128 for Q and O + 2 x 4096 x 8 x 128 for K and V).
  CHECK(builtin_catalog().served_model("llama-3.1-8b").attention_params() == doctest::Approx(1342177280.0));
  CHECK(builtin_catalog().served_model("llama-3.1-8b").non_expert_params() == doctest::Approx(8.03e9));  // dense: all
  // DeepSeek-R1, per layer: Q through its 1536 rank (7168 x 1536 + 1536 x 128 x 192), the KV
  // down-projection (7168 x 576), its up-projection (512 x 128 x 256) and O (128 x 128 x 7168):
  // 187,105,280; x 61 layers.
  const double attention = 11413422080.0;
  CHECK(builtin_catalog().served_model("deepseek-r1").attention_params() == doctest::Approx(attention));
  // Outside its routed experts: 671.03B less 256 experts of (671.03B - 37.56B active) / (256 - 8).
  const double non_expert = 671.03e9 - 256.0 * (671.03e9 - 37.56e9) / 248.0;  // 17.13B
  CHECK(builtin_catalog().served_model("deepseek-r1").non_expert_params() == doctest::Approx(non_expert));
  ReplicaSpec r = replica("deepseek-r1", "h200", Precision::fp8, 8);
  r.ep = 8;
  const SequenceShape s{1000.0, 1000.0};
  const MemoryFit split = memory_fit(r, s);
  const double read = decode_iteration(r, 64.0, 1500.0).memory_s;
  r.dp_attention = true;
  // TensorRT-LLM and vLLM run every layer outside the routed experts unsplit: each GPU holds it
  // whole, 7/8 of it beyond its share, at 1 byte per FP8 weight,
  CHECK(memory_fit(r, s).weights_bytes_per_gpu - split.weights_bytes_per_gpu == doctest::Approx(non_expert * 7.0 / 8.0));
  // and reads it every iteration (less the KV cache, now an eighth per GPU).
  const double kv_saved = 64.0 * (kv_bytes_per_gpu(replica("deepseek-r1", "h200", Precision::fp8, 8), 1500.0) * 7.0 / 8.0);
  const double rate = r.gpu.bandwidth_tb_per_s * 1e12 * r.factors.bandwidth_efficiency;
  CHECK(decode_iteration(r, 64.0, 1500.0).memory_s - read == doctest::Approx((non_expert * 7.0 / 8.0 - kv_saved) / rate));
  // SGLang's DP attention splits only the attention by sequence: it copies the attention alone.
  r.factors.engine = "sglang";
  CHECK(memory_fit(r, s).weights_bytes_per_gpu - split.weights_bytes_per_gpu == doctest::Approx(attention * 7.0 / 8.0));
}

TEST_CASE("multi-step scheduling pays the host's costs once a round") {
  ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::bf16, 1);
  r.factors.step_overhead_ms = 2.0;
  r.factors.sequence_overhead_us = 10.0;
  // 2 ms + 256 x 10 us = 4.56 ms per iteration; a tenth of it with 10 steps a round.
  CHECK(decode_iteration(r, 256.0, 500.0).overhead_s == doctest::Approx(4.56e-3));
  const double busy = decode_iteration(r, 256.0, 500.0).memory_s;
  r.scheduler_steps = 10;
  CHECK(decode_iteration(r, 256.0, 500.0).overhead_s == doctest::Approx(4.56e-4));
  CHECK(decode_iteration(r, 256.0, 500.0).memory_s == doctest::Approx(busy));  // the GPU's work is the same
}

TEST_CASE("under attention data parallelism the engine's caps hold per rank") {
  ReplicaSpec r = replica("deepseek-r1", "b200", Precision::fp4, 8);
  r.ep = 8;
  r.factors.max_batch = 16;
  r.factors.max_num_tokens = 1024;
  const SequenceShape s{1000.0, 1000.0};
  CHECK(memory_fit(r, s).max_batch == 16);
  const double one_scheduler = prefill_time(r, 8192.0, 1000.0).overhead_s;
  r.dp_attention = true;
  CHECK(memory_fit(r, s).max_batch == 128);  // 8 ranks x 16
  // 8,192 prompt tokens: 8 iterations of 1,024 with one scheduler, one of 8 x 1,024 with eight.
  CHECK(one_scheduler == doctest::Approx(8.0 * 1e-3));
  CHECK(prefill_time(r, 8192.0, 1000.0).overhead_s == doctest::Approx(1e-3));
  // SGLang divides its caps among its DP ranks: they hold for the replica.
  r.factors.engine = "sglang";
  CHECK(memory_fit(r, s).max_batch == 16);
  CHECK(engine_tokens_per_iteration(r) == doctest::Approx(1024.0));
}

TEST_CASE("local-attention layers stop growing their cache at the window") {
  const ReplicaSpec r = replica("gpt-oss-120b", "h100-sxm", Precision::int4, 1);
  // 18 full layers grow with context, 18 sliding ones hold at most 128 tokens; 8 KV heads x 64 x 2 x 2 B.
  const double layer = 2.0 * 8.0 * 64.0 * 2.0;
  CHECK(kv_bytes_per_gpu(r, 100.0) == doctest::Approx(36.0 * 100.0 * layer));
  CHECK(kv_bytes_per_gpu(r, 10000.0) == doctest::Approx((18.0 * 10000.0 + 18.0 * 128.0) * layer));
}

TEST_CASE("a pipeline splits weights and cache over its stages and fills with micro-batches") {
  ReplicaSpec one = replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 2);
  ReplicaSpec two = one;
  two.pp = 2;
  CHECK(two.gpus() == 4);
  const SequenceShape s{1000.0, 1000.0};
  CHECK(memory_fit(two, s).weights_bytes_per_gpu == doctest::Approx(memory_fit(one, s).weights_bytes_per_gpu / 2.0));
  // A round at batch 64 costs the group's time at micro-batch 32, plus a fixed cost per stage and
  // hand-overs; so the pipeline beats the 2-GPU group's iteration at 64 but not half of it.
  const double round = decode_iteration(two, 64.0, 1500.0).total_s();
  CHECK(round < decode_iteration(one, 64.0, 1500.0).total_s());
  CHECK(round > decode_iteration(one, 32.0, 1500.0).total_s());
  // One sequence leaves a stage idle: the round is the whole model's time, not half.
  CHECK(decode_iteration(two, 1.0, 1500.0).total_s() > decode_iteration(one, 1.0, 1500.0).total_s());
}

TEST_CASE("expert parallelism: the busiest GPU's experts set the pace at small batches") {
  ReplicaSpec tp = replica("qwen3-30b-a3b", "h100-sxm", Precision::fp8, 4);
  ReplicaSpec ep = tp;
  ep.ep = 4;
  CHECK(decode_iteration(ep, 4.0, 1000.0).memory_s > decode_iteration(tp, 4.0, 1000.0).memory_s);
  // Every expert touched: the same bytes either way.
  CHECK(decode_iteration(ep, 4096.0, 1000.0).memory_s ==
        doctest::Approx(decode_iteration(tp, 4096.0, 1000.0).memory_s).epsilon(1e-3));
}

TEST_CASE("a prefix-cache hit skips its share of the prefill") {
  const ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::fp8, 1);
  SequenceShape cold{2000.0, 200.0};
  SequenceShape warm = cold;
  warm.cached_share = 0.75;
  const OperatingPoint a = at_concurrency(r, cold, 1.0);
  const OperatingPoint b = at_concurrency(r, warm, 1.0);
  CHECK(b.ttft_s < a.ttft_s);
  // 500 new tokens attending to 1,500 cached ones cost more than a 500-token prompt alone.
  CHECK(prefill_time(r, 500.0, 2000.0, 0.75).compute_s > prefill_time(r, 500.0, 500.0).compute_s);
  CHECK(at_concurrency(r, warm, 64.0).output_tokens_per_s > at_concurrency(r, cold, 64.0).output_tokens_per_s);
}

TEST_CASE("speculation: tokens per step and the decode speed-up") {
  CHECK(Speculation{3, 0.0}.tokens_per_step() == doctest::Approx(1.0));
  CHECK(Speculation{3, 1.0}.tokens_per_step() == doctest::Approx(4.0));
  // (1 - 0.8^4) / (1 - 0.8) = 2.952.
  CHECK(Speculation{3, 0.8}.tokens_per_step() == doctest::Approx(2.952));
  ReplicaSpec r = replica("llama-3.1-70b", "h100-sxm", Precision::fp8, 2);
  const double plain = decode_time_per_token(r, 1.0, 1500.0);
  r.speculation = {3, 0.8};
  // Batch 1 is memory-bound: verifying 4 tokens costs about one step, so the speed-up nears 2.95.
  const double speedup = plain / decode_time_per_token(r, 1.0, 1500.0);
  CHECK(speedup > 2.0);
  CHECK(speedup < 2.952);
  // A rejected draft only costs: acceptance 0 is slower than no speculation.
  r.speculation = {3, 0.0};
  CHECK(decode_time_per_token(r, 1.0, 1500.0) > plain);
}

TEST_CASE("a length histogram: means, and the moments beyond them") {
  const SequenceShape s = shape_of({{100.0, 10.0, 3.0}, {1000.0, 100.0, 1.0}, {5.0, 5.0, 0.0}});
  CHECK(s.isl == doctest::Approx(325.0));  // (300 + 1000) / 4
  CHECK(s.osl == doctest::Approx(32.5));
  // E[isl^2] / E[isl] = (30,000 + 1,000,000) / 4 / 325.
  CHECK(s.attention_prompt() == doctest::Approx(792.3077).epsilon(1e-6));
  // Weighted by osl: (E[isl osl] + E[osl^2] / 2) / E[osl] = (103,000 + 10,300 / 2) / 4 / 32.5,
  // far above the means' 325 + 16.25: the long requests stay in the batch longest.
  CHECK(s.decode_context() == doctest::Approx((103000.0 + 5150.0) / 4.0 / 32.5));
  // One length repeated is the plain shape.
  const SequenceShape one = shape_of({{500.0, 200.0, 7.0}});
  CHECK(one.attention_prompt() == doctest::Approx(500.0));
  CHECK(one.decode_context() == doctest::Approx(600.0));
  CHECK(one.tokens_per_request() == doctest::Approx(700.0));
}

TEST_CASE("a finite benchmark run: waves of fixed lengths, a draining batch for spread ones") {
  const ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::fp8, 1);
  const SequenceShape fixed(1000.0, 500.0);
  const double batch = std::max(1, memory_fit(r, fixed).max_batch);
  const double steady = at_concurrency(r, fixed, batch).output_tokens_per_s;
  // Whole waves of the batch are the steady state; a run smaller than the batch is one wave of it.
  CHECK(finite_run_output_rate(r, fixed, 3.0 * batch) == doctest::Approx(steady));
  CHECK(finite_run_output_rate(r, fixed, 40.0) == doctest::Approx(at_concurrency(r, fixed, 40.0).output_tokens_per_s));
  // Half a wave left over at the end runs at half the batch: between the two rates.
  const double ragged = finite_run_output_rate(r, fixed, 2.5 * batch);
  CHECK(ragged < steady);
  CHECK(ragged > at_concurrency(r, fixed, batch / 2.0).output_tokens_per_s);
  // A concurrency cap is the batch.
  CHECK(finite_run_output_rate(r, fixed, 640.0, 64.0) == doctest::Approx(at_concurrency(r, fixed, 64.0).output_tokens_per_s));

  // Exponential output lengths: the tail (the batch emptying over the longest requests) costs more
  // the shorter the run, and a long run approaches the full batch's rate.
  SequenceShape spread = fixed;
  spread.spread = LengthMoments{2.0 * 1000.0 * 1000.0, 1000.0 * 500.0, 2.0 * 500.0 * 500.0};
  const double full = at_concurrency(r, spread, 64.0).output_tokens_per_s;
  const double short_run = finite_run_output_rate(r, spread, 64.0, 64.0);
  const double long_run = finite_run_output_rate(r, spread, 64000.0, 64.0);
  CHECK(short_run < long_run);
  CHECK(long_run < full);
  CHECK(long_run > 0.95 * full);
  // The drain by hand: with b of the 64 requests left, the next of osl 500 finishes after 500 / b
  // steps on average (memoryless), each a decode at batch b; prefill comes on top.
  const double context = spread.decode_context();
  double drain = 0.0;
  for (int b = 1; b <= 64; ++b) drain += 500.0 / b * decode_iteration(r, b, context).total_s();
  const double prefill = prefill_time(r, 64.0 * 1000.0, spread.attention_prompt()).total_s();
  CHECK(short_run == doctest::Approx(64.0 * 500.0 / (prefill + drain)).epsilon(0.005));
  // One request alone: its prefill and osl steps at batch 1, exactly.
  const double alone = prefill_time(r, 1000.0, spread.attention_prompt()).total_s() +
                       500.0 * decode_iteration(r, 1.0, context).total_s();
  CHECK(finite_run_output_rate(r, spread, 1.0) == doctest::Approx(500.0 / alone));
}

TEST_CASE("the prefill overhead is paid once per prefill iteration: a floor under time to first token") {
  ReplicaSpec r = replica("llama-3.1-8b", "h100-sxm", Precision::fp8, 1);
  const SequenceShape s(1000.0, 200.0);
  const double before = at_concurrency(r, s, 1.0).ttft_s;
  const double decode_before = decode_iteration(r, 1.0, 1100.0).total_s();
  r.factors.prefill_overhead_ms = 40.0;
  // One prompt of 1000 tokens is one iteration (32,768-token chunks): 40 ms more, decode untouched.
  CHECK(at_concurrency(r, s, 1.0).ttft_s - before == doctest::Approx(0.040).epsilon(1e-6));
  CHECK(decode_iteration(r, 1.0, 1100.0).total_s() == doctest::Approx(decode_before));
  // 70,000 prompt tokens take three iterations.
  const double three = prefill_time(r, 70000.0, 1000.0).overhead_s;
  r.factors.prefill_overhead_ms = 0.0;
  CHECK(three - prefill_time(r, 70000.0, 1000.0).overhead_s == doctest::Approx(0.120));
}

TEST_SUITE_END();
