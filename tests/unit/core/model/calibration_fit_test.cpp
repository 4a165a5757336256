// Unit tests of src/core/model/calibration_fit.cpp (doctest suite "core/model/calibration_fit"); split from a file that said:
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

namespace {


std::string table_text(const char* name) {
  std::ifstream in(std::string(NIMCOST_SOURCE_DIR) + "/tests/data/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_SUITE_BEGIN("core/model/calibration_fit");

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
  // 40 dense rows and 20 of a mixture of experts: a set for each.
  REQUIRE(fit.groups.size() == 2);
  CHECK(fit.groups[0].factors.id == "trtllm-fp8");
  CHECK(fit.groups[0].factors.architecture == "dense");
  CHECK(fit.groups[0].rows.size() == 40);
  CHECK(fit.groups[1].factors.id == "trtllm-fp8-moe");
  CHECK(fit.groups[1].factors.architecture == "moe");
  CHECK(fit.groups[1].factors.provenance.source.find("20 trtllm fp8 mixture-of-experts rows") != std::string::npos);
  CHECK(fit.overall.max_abs < 0.01);
  for (const auto& g : fit.groups) {
    CHECK(g.fitted);
    CHECK(g.factors.compute_efficiency == doctest::Approx(0.47).epsilon(0.05));
    CHECK(g.factors.bandwidth_efficiency == doctest::Approx(0.74).epsilon(0.05));
    CHECK(g.factors.provenance.source.find("synthetic.csv") != std::string::npos);
  }
  // Evaluating without a fit leaves the catalog's factors (which differ from the truth) in place.
  const CalibrationResult check = calibrate(builtin_catalog(), t, false, "synthetic.csv", "2026-11-25");
  CHECK_FALSE(check.groups[0].fitted);
  CHECK(check.overall.max_abs > 0.01);
}

TEST_CASE("dense models and mixtures of experts share one set when either has too few rows to fit") {
  std::string text = k_header;
  for (int tp : {1, 2, 4, 8}) {
    for (const auto& [isl, osl] : {std::pair{128, 128}, {128, 2048}}) {
      text += fmt::format("s,u,TensorRT-LLM 0.17,Llama-3.1-8B,0,FP8,H100 SXM 80GB,{},{},{},offline,1000,1000,\n", tp, isl, osl);
    }
  }
  for (int tp : {2, 4, 8}) {
    text += fmt::format("s,u,TensorRT-LLM 0.17,Mixtral-8x7B,0,FP8,H100 SXM 80GB,{},128,128,offline,1000,1000,\n", tp);
  }
  const ResolvedTable t = resolve_measurements(builtin_catalog(), parse_measurements_csv(text, "few.csv"));
  REQUIRE(t.rows.size() == 11);
  const CalibrationResult fit = calibrate(builtin_catalog(), t, true, "few.csv", "2026-12-03");
  REQUIRE(fit.groups.size() == 1);
  CHECK(fit.groups[0].factors.id == "trtllm-fp8");
  CHECK(fit.groups[0].factors.architecture.empty());
  CHECK(fit.groups[0].factors.provenance.source.find("its 11 trtllm fp8 rows") != std::string::npos);
  // Checking follows the catalog: its sets decide the split, whatever the row counts. One set for
  // both: one group.
  Catalog shared = builtin_catalog();
  EngineFactors both = *shared.factors_for("trtllm", Precision::fp8, "dense");
  std::erase_if(shared.engine_factors, [](const EngineFactors& f) { return f.engine == "trtllm" && f.precision == "fp8"; });
  both.id = "trtllm-fp8";
  both.architecture.clear();
  shared.engine_factors.push_back(both);
  CalibrationResult check = calibrate(shared, t, false, "few.csv", "2026-12-03");
  REQUIRE(check.groups.size() == 1);
  CHECK(check.warnings.empty());
  // A dense set only: the mixture's rows are reported apart, with the dense set they borrow named.
  Catalog dense_only = shared;
  dense_only.engine_factors.back().architecture = "dense";
  check = calibrate(dense_only, t, false, "few.csv", "2026-12-03");
  REQUIRE(check.groups.size() == 2);
  CHECK(check.groups[0].rows.size() == 8);
  CHECK(check.groups[1].factors.architecture == "moe");
  CHECK(check.groups[1].factors.compute_efficiency == both.compute_efficiency);
  CHECK(check.groups[1].rows.size() == 3);
  REQUIRE(check.warnings.size() == 1);
  CHECK(check.warnings[0] == "trtllm fp8 mixture-of-experts: the catalog has no set of its own; evaluated with the "
                             "catalog's trtllm-fp8 (dense-model) factors");
  // And a set for each: two groups, each with its own.
  Catalog split = dense_only;
  EngineFactors moe = both;
  moe.id = "trtllm-fp8-moe";
  moe.architecture = "moe";
  moe.compute_efficiency = 0.31;
  split.engine_factors.push_back(moe);
  check = calibrate(split, t, false, "few.csv", "2026-12-03");
  REQUIRE(check.groups.size() == 2);
  CHECK(check.groups[1].factors.compute_efficiency == 0.31);
  CHECK(check.warnings.empty());
}

TEST_CASE("online rows with a measured time to first token recover the prefill cost; rows without hold it at 0") {
  EngineFactors truth = builtin_catalog().engine_factors.front();
  truth.prefill_overhead_ms = 40.0;
  std::string text = k_header;
  for (int tp : {1, 2}) {
    for (int c : {1, 4, 16, 64}) {
      for (const auto& [isl, osl] : {std::pair{128, 512}, {2000, 200}, {8000, 300}}) {
        text += fmt::format("s,u,TensorRT-LLM 0.17,Llama-3.1-8B,0,FP8,H100 SXM 80GB,{},{},{},concurrency={},1,1,\n", tp,
                            isl, osl, c);
      }
    }
  }
  ResolvedTable t = resolve_measurements(builtin_catalog(), parse_measurements_csv(text, "online.csv"));
  REQUIRE(t.rows.size() == 24);
  ResolvedTable offline = t;
  for (auto& m : t.rows) {
    const OperatingPoint p = predict_point(m, truth);
    m.output_tokens_per_s = p.output_tokens_per_s;
    m.ttft_ms = p.ttft_s * 1e3;
    m.tpot_ms = p.tpot_s * 1e3;
  }
  const CalibrationResult fit = calibrate(builtin_catalog(), t, true, "online.csv", "2026-12-03");
  REQUIRE(fit.groups.size() == 1);
  CHECK(fit.groups[0].factors.prefill_overhead_ms == doctest::Approx(40.0).epsilon(0.05));
  CHECK(fit.overall_latency.ttft.median_abs < 0.01);
  // The same throughputs without latencies cannot tell the prefill cost apart: it is not charged.
  for (std::size_t i = 0; i < t.rows.size(); ++i) offline.rows[i].output_tokens_per_s = t.rows[i].output_tokens_per_s;
  const CalibrationResult blind = calibrate(builtin_catalog(), offline, true, "online.csv", "2026-12-03");
  CHECK(blind.groups[0].factors.prefill_overhead_ms == 0.0);
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

TEST_SUITE_END();
