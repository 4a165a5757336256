// Calibration: the CSV reader, resolving rows against the catalog, the fit recovering known
// factors, and the error targets on the shared table of published measurements.
#include "helpers.hpp"

#include <nimcost/model/calibration_fit.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/load/measurements_csv.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <sstream>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

const char* k_header =
    "source,url_or_path,engine,model,params_b,precision,gpu,num_gpus,isl,osl,concurrency_or_mode,"
    "output_tok_per_s_total,output_tok_per_s_per_gpu,notes\n";

std::string table_text(const char* name) {
  std::ifstream in(std::string(NIMCOST_SOURCE_DIR) + "/tests/data/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string input_message(const std::string& text) {
  try {
    parse_measurements_csv(text, "t.csv");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::input);
    return e.what();
  }
  FAIL("no input error");
  return "";
}

}  // namespace

TEST_CASE("the CSV reader follows RFC 4180") {
  const std::string text = std::string(k_header) +
                           "a,u,\"TensorRT-LLM 0.17 (TRT engine, trtllm-bench)\",Llama-3.1-8B,8.03,FP8,H100 SXM 80GB,1,"
                           "128,128,offline max-throughput (TP=1),28836.77,28836.77,\"say \"\"hi\"\"\"\r\n"
                           "\n"
                           "b,u,TensorRT-LLM 0.17,Llama-3.1-70B,70.6,FP8,H100 SXM 80GB,2,128,128,offline,,3322.56,\"two\nlines\"";
  const auto rows = parse_measurements_csv(text, "t.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].engine == "TensorRT-LLM 0.17 (TRT engine, trtllm-bench)");
  CHECK(rows[0].notes == "say \"hi\"");
  CHECK(rows[0].origin == "t.csv:2");
  CHECK(rows[1].origin == "t.csv:4");
  CHECK(rows[1].output_total.empty());
  CHECK(rows[1].notes == "two\nlines");
}

TEST_CASE("malformed tables are input errors naming the line") {
  CHECK(input_message("").find("empty file") != std::string::npos);
  CHECK(input_message("source,model\n").find("lacks columns") != std::string::npos);
  CHECK(input_message(std::string(k_header)).find("no rows") != std::string::npos);
  CHECK(input_message(std::string(k_header) + "a,b\n").find("t.csv:2: 2 fields, but the header has 14") !=
        std::string::npos);
  CHECK(input_message(std::string(k_header) + "\"open").find("never closed") != std::string::npos);
  CHECK(input_message(std::string(k_header) + "a\"b,c\n").find("t.csv:2: a quote inside") != std::string::npos);
  CHECK(input_message(std::string(k_header) + "\"a\"b,c\n").find("after a closing quote") != std::string::npos);
}

TEST_CASE("engine families") {
  CHECK(engine_family("TensorRT-LLM 0.17 (TRT engine, trtllm-bench throughput, infinite rate)") == "trtllm");
  CHECK(engine_family("TensorRT-LLM 0.14.0 via Triton tensorrtllm_backend") == "trtllm");
  CHECK(engine_family("TensorRT-LLM 0.6.1 (gptSessionBenchmark, static batching)") == "trtllm-legacy");
  CHECK(engine_family("TensorRT-LLM 0.5 (static batching)") == "trtllm-legacy");
  CHECK(engine_family("NIM llama-3.3-70b-instruct 1.8.0 (TRT-LLM profile)") == "nim");
  CHECK(engine_family("vLLM 0.6.3") == "vllm");
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

TEST_CASE("the fit recovers factors from measurements they generated") {
  EngineFactors truth = builtin_catalog().engine_factors.front();
  truth.compute_efficiency = 0.47;
  truth.bandwidth_efficiency = 0.74;
  truth.step_overhead_ms = 1.7;
  truth.sequence_overhead_us = 4.0;
  truth.allreduce_latency_us = 40.0;
  truth.link_efficiency = 0.6;
  std::string text = k_header;
  for (const char* model : {"Llama-3.1-8B", "Llama-3.1-70B", "Mixtral-8x7B"}) {
    for (int tp : {1, 2, 4, 8}) {
      for (const auto& [isl, osl] : {std::pair{128, 128}, {128, 2048}, {2048, 128}, {1000, 1000}, {5000, 500}}) {
        text += fmt::format("s,u,TensorRT-LLM 0.17,{},0,FP8,H100 SXM 80GB,{},{},{},offline,1,1,\n", model, tp, isl, osl);
      }
    }
  }
  ResolvedTable t = resolve_measurements(builtin_catalog(), parse_measurements_csv(text, "synthetic.csv"));
  REQUIRE(t.rows.size() == 60);
  for (auto& m : t.rows) m.output_tokens_per_s = predict(m, truth);
  const CalibrationResult fit = calibrate(builtin_catalog(), t, true, "synthetic.csv", "2026-11-25");
  REQUIRE(fit.groups.size() == 1);
  CHECK(fit.groups[0].fitted);
  CHECK(fit.overall.max_abs < 0.01);
  CHECK(fit.groups[0].factors.compute_efficiency == doctest::Approx(0.47).epsilon(0.05));
  CHECK(fit.groups[0].factors.bandwidth_efficiency == doctest::Approx(0.74).epsilon(0.05));
  CHECK(fit.groups[0].factors.provenance.source.find("synthetic.csv") != std::string::npos);
  // Evaluating without a fit leaves the catalog's factors (which differ from the truth) in place.
  const CalibrationResult check = calibrate(builtin_catalog(), t, false, "synthetic.csv", "2026-11-25");
  CHECK_FALSE(check.groups[0].fitted);
  CHECK(check.overall.max_abs > 0.01);
}

TEST_CASE("the shipped factors hold the error targets on the shared table of published measurements") {
  const auto rows = parse_measurements_csv(table_text("throughput-measured.csv"), "throughput-measured.csv");
  CHECK(rows.size() == 248);
  const ResolvedTable t = resolve_measurements(builtin_catalog(), rows);
  CHECK(t.rows.size() == 244);  // 4 rows whose notes call their unit ambiguous
  const CalibrationResult shipped = calibrate(builtin_catalog(), t, false, "t", "2026-11-25");
  CHECK(shipped.overall.rows == 244);
  CHECK(shipped.overall.median_abs <= 0.15);
  CHECK(shipped.overall.max_abs <= 0.40);
  // And a fit from scratch reaches them too (it starts from the same catalog and a grid).
  const CalibrationResult refit = calibrate(builtin_catalog(), t, true, "t", "2026-11-25");
  CHECK(refit.overall.median_abs <= 0.15);
  CHECK(refit.overall.max_abs <= 0.40);
  for (const auto& g : refit.groups) {
    CHECK(g.factors.compute_efficiency <= 0.85);
    CHECK(g.factors.bandwidth_efficiency <= 0.95);
  }
}

TEST_CASE("the shipped factors generalize to measurements they were not fitted on") {
  // The same TensorRT-LLM 0.17 table's H200 column, Mistral 7B and Llama 3.1 405B: 126 rows the
  // shared table does not carry, never used in the fit.
  const auto rows = parse_measurements_csv(table_text("throughput-holdout.csv"), "throughput-holdout.csv");
  const ResolvedTable t = resolve_measurements(builtin_catalog(), rows);
  CHECK(t.rows.size() == 126);
  CHECK(t.skipped.empty());
  const CalibrationResult held_out = calibrate(builtin_catalog(), t, false, "t", "2026-11-25");
  CHECK(held_out.overall.median_abs <= 0.10);
  CHECK(held_out.overall.max_abs <= 0.25);
}
