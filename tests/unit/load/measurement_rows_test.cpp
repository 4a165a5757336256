// Unit tests of src/load/measurement_rows.cpp (doctest suite "load/measurement_rows"); split from a file that said:
//   Calibration: the CSV reader, resolving rows against the catalog, the fit recovering known
//   factors, and the error targets on the shared table of published measurements.
#include "fixtures.hpp"
#include "helpers.hpp"

#include <nimcost/model/calibration_fit.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/load/measurements_csv.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

using namespace nimcost;
using namespace nimcost::test;

TEST_SUITE_BEGIN("load/measurement_rows");

TEST_CASE("engine families") {
  CHECK(engine_family("TensorRT-LLM 0.17 (TRT engine, trtllm-bench throughput, infinite rate)") == "trtllm");
  CHECK(engine_family("TensorRT-LLM 0.14.0 via Triton tensorrtllm_backend") == "trtllm");
  CHECK(engine_family("TensorRT-LLM 0.6.1 (gptSessionBenchmark, static batching)") == "trtllm-legacy");
  CHECK(engine_family("TensorRT-LLM 1.2 (PyTorch backend)") == "trtllm-pytorch");
  CHECK(engine_family("vLLM 0.6.0") == "vllm");
  CHECK(engine_family("SGLang 0.4.1") == "sglang");
  CHECK(engine_family("NIM llama-3.1-8b-instruct 1.8.0 (vLLM profile)") == "vllm");
  CHECK(engine_family("NIM llama-3.3-70b-instruct 1.8.0 (TRT-LLM profile)") == "nim");
  CHECK(engine_family("TensorRT-LLM 0.5 (static batching)") == "trtllm-legacy");
  CHECK(engine_family("NIM llama-3.3-70b-instruct 1.8.0 (TRT-LLM profile)") == "nim");
  CHECK(engine_family("vLLM 0.6.3") == "vllm");
  CHECK(engine_family("vLLM 0.8.3") == "vllm");
  CHECK(engine_family("vLLM 0.5.4") == "vllm-legacy");
  CHECK(engine_family("vLLM 0.10.2 dev (main, 2025-08)") == "vllm");
  CHECK(engine_family("vLLM (version not stated, ~0.15 dev, 2026-02)") == "vllm");
}

TEST_CASE("rows resolve to catalog models, GPUs and modes; the rest are skipped with a reason") {
  const std::string text =
      std::string(k_header) +
      "s,u,TensorRT-LLM 0.17,Llama-3.3-70B-Instruct,70,FP8,H100 80GB,2,5000,500,concurrency=25,623.4,311.7,\n"
      "s,u,TensorRT-LLM 0.6.1,Llama-2-7B (LLaMA 7B),6.7,FP16,A100 (80GB per methodology; SXM assumed),1,128,128,"
      "static batch=384 (TP=1),5586,5586,\n"
      "s,u,TensorRT-LLM 0.14,Llama-3.1-8B,8,BF16,H100 SXM 80GB,1,467,256,online QPS=8,1959,1959,8 req/s; 500 requests\n"
      "s,u,TensorRT-LLM 0.17,Llama-3.1-8B,8,FP8,A100 SXM4 80GB,1,128,128,offline,100,100,\n"
      "s,u,TensorRT-LLM 0.17,GPT-5,8,FP8,H100 SXM 80GB,1,128,128,offline,100,100,\n"
      "s,u,TensorRT-LLM 0.6.1,Llama-2-70B,69,FP16,A100,4,128,128,static batch=1280,670,,AMBIGUOUS unit\n";
  const ResolvedTable t = resolve_measurements(builtin_catalog(), parse_measurements_csv(text, "t.csv"));
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].spec.model.id == "llama-3.3-70b");
  CHECK(t.rows[0].spec.gpu.id == "h100-sxm");
  CHECK(t.rows[0].spec.tp == 2);
  CHECK(t.rows[0].mode == MeasureMode::concurrency);
  CHECK(t.rows[0].mode_value == 25.0);
  CHECK(t.rows[1].spec.model.id == "llama-2-7b");
  CHECK(t.rows[1].spec.gpu.id == "a100-80gb");
  CHECK(t.rows[1].engine == "trtllm-legacy");
  CHECK(t.rows[1].mode == MeasureMode::static_batch);
  CHECK(t.rows[2].mode == MeasureMode::request_rate);
  CHECK(t.rows[2].run_requests == 500.0);
  REQUIRE(t.skipped.size() == 3);
  CHECK(t.skipped[0].find("t.csv:5: a100-80gb has no fp8 tensor cores") != std::string::npos);
  CHECK(t.skipped[1].find("unknown model 'gpt-5'") != std::string::npos);
  CHECK(t.skipped[2].find("ambiguous") != std::string::npos);
}

TEST_CASE("benchmark runs: request counts, ShareGPT's spread; disaggregated serving and unpublished speculation left out") {
  const std::string text =
      std::string(k_header) +
      "s,u,vLLM 0.6.0,Llama-3.1-8B,8,BF16,H100 SXM 80GB,1,230,224,offline,3000,3000,ShareGPT; num-prompts 5000\n"
      "s,u,vLLM 0.10.2,Llama-3.1-8B,8,BF16,H100 SXM 80GB,1,1000,1000,concurrency=64,3000,3000,random; 640 prompts; "
      "num-scheduler-steps 10\n"
      "s,u,vLLM 0.15,Llama-3.1-8B,8,BF16,H100 SXM 80GB,2,1000,1000,offline,3000,1500,disaggregated P/D\n"
      "s,u,SGLang 0.4,Llama-3.1-8B,8,BF16,H100 SXM 80GB,2,1000,1000,concurrency=32,3000,1500,2 decode nodes\n"
      "s,u,SGLang 0.5,Llama-3.1-8B,8,BF16,H100 SXM 80GB,1,1000,1000,concurrency=4,300,300,--speculative-algorithm EAGLE3\n";
  const ResolvedTable t = resolve_measurements(builtin_catalog(), parse_measurements_csv(text, "t.csv"));
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].run_requests == 5000.0);
  REQUIRE(t.rows[0].shape.spread.has_value());
  CHECK(t.rows[0].shape.spread->osl_sq == doctest::Approx(2.0 * 224.0 * 224.0));
  CHECK(t.rows[0].shape.spread->isl_osl == doctest::Approx(230.0 * 224.0));
  CHECK(t.rows[1].run_requests == 640.0);
  CHECK(t.rows[0].spec.scheduler_steps == 1);
  CHECK(t.rows[1].spec.scheduler_steps == 10);
  CHECK_FALSE(t.rows[1].shape.spread.has_value());
  REQUIRE(t.skipped.size() == 3);
  CHECK(t.skipped[0].find("t.csv:4: disaggregated prefill/decode") != std::string::npos);
  CHECK(t.skipped[1].find("t.csv:5: disaggregated prefill/decode") != std::string::npos);
  CHECK(t.skipped[2].find("t.csv:6: speculative decoding on") != std::string::npos);
}

TEST_CASE("attention data parallelism is read from the notes, for mixtures of experts, unless they deny it") {
  const std::string text =
      std::string(k_header) +
      "s,u,TensorRT-LLM 1.0,DeepSeek-R1,671,FP4,B200 180GB,8,128,2048,offline,62599,7825,"
      "MoE yaml sets enable_attention_dp: true; EP size not published\n"
      "s,u,SGLang 0.4,DeepSeek-R1,671,FP8,H200 SXM 141GB,8,1000,1000,offline,9000,1125,launch: --tp 8 only (no DP attention)\n"
      "s,u,SGLang 0.4,DeepSeek-R1,671,FP8,H200 SXM 141GB,8,1000,1000,offline,9000,1125,--tp 8 --enable-dp-attention "
      "--dp 8\n"
      "s,u,SGLang 0.5,DeepSeek-R1,671,FP8,H200 SXM 141GB,8,1000,1000,offline,9000,1125,--tp 8 --enable-dp-attention\n"
      "s,u,SGLang 0.5,DeepSeek-R1,671,FP8,H200 SXM 141GB,8,1000,1000,offline,9000,1125,--tp 8 --enable-dp-attention "
      "--dp-size 2\n"
      "s,u,TensorRT-LLM 1.0,Llama-3.1-8B,8,FP8,H200 SXM 141GB,1,128,128,offline,30000,30000,enable_attention_dp: true\n";
  const ResolvedTable t = resolve_measurements(builtin_catalog(), parse_measurements_csv(text, "t.csv"));
  REQUIRE(t.rows.size() == 5);
  CHECK(t.rows[0].spec.dp_attention);
  CHECK(t.rows[0].spec.ep == 1);  // not published: left at 1
  CHECK(t.rows[0].label.find(" dp-attn ") != std::string::npos);
  CHECK_FALSE(t.rows[1].spec.dp_attention);
  CHECK(t.rows[2].spec.dp_attention);        // SGLang with --dp 8 over 8 GPUs
  CHECK_FALSE(t.rows[3].spec.dp_attention);  // SGLang's flag alone leaves dp at 1
  CHECK_FALSE(t.rows[4].spec.dp_attention);  // a dense model has no experts to pair it with
  REQUIRE(t.skipped.size() == 1);            // --dp-size 2 of 8: attention partly tensor-parallel
  CHECK(t.skipped[0].find("t.csv:6: attention data parallel over 2 of the 8") != std::string::npos);
}

TEST_SUITE_END();
