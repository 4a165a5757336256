// Calibration: fit the throughput model's efficiency factors to published measurements, one set per
// engine family and precision (never per row), by least squares on the log of predicted over
// measured throughput, so that a row off by 20% weighs the same at 300 tok/s as at 30,000.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/throughput.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// How a measurement was taken; each maps onto one function of the throughput model.
enum class MeasureMode {
  offline,       // max throughput, the largest batch memory allows
  concurrency,   // a fixed number of requests in flight (closed loop)
  static_batch,  // one batch run to completion
  request_rate,  // open-loop arrivals at a rate (requests/s)
};

// A row resolved against the catalog: what to predict and what was measured.
struct Measurement {
  std::string origin;
  std::string label;   // "llama-3.1-70b fp8 h100-sxm x2 1000/1000 offline"
  std::string engine;  // family: "trtllm", "nim"
  ReplicaSpec spec;    // factors filled in at prediction time
  SequenceShape shape;
  MeasureMode mode = MeasureMode::offline;
  double mode_value = 0.0;         // concurrency, batch size or requests/s
  std::optional<double> run_requests;  // requests in the benchmark run, where the notes say ("500 requests")
  double output_tokens_per_s = 0.0;  // measured, per replica
  // An online operating point's measured latencies, where the table gives them.
  std::optional<double> ttft_ms;
  std::optional<double> tpot_ms;
  bool holdout = false;  // chosen before fitting to check it: never fitted on
  bool latency_bound() const { return mode != MeasureMode::offline && mode != MeasureMode::static_batch && (ttft_ms || tpot_ms); }
};

// Rows resolved, and rows left out with the reason (an unknown model or GPU, a precision the GPU
// has no tensor cores for, a missing figure).
struct ResolvedTable {
  std::vector<Measurement> rows;
  std::vector<std::string> skipped;
};

// The model's output tokens/s per replica for the row, with these factors.
double predict(const Measurement& m, const EngineFactors& factors);
// The model's operating point for the row (throughput, TTFT, TPOT), with these factors.
OperatingPoint predict_point(const Measurement& m, const EngineFactors& factors);

struct RowFit {
  const Measurement* row = nullptr;
  double predicted = 0.0;
  double error = 0.0;  // (predicted - measured) / measured
  // At a latency-bound row: the model's latencies there and their errors against the measured ones.
  std::optional<double> ttft_ms;
  std::optional<double> tpot_ms;
  std::optional<double> ttft_error;
  std::optional<double> tpot_error;
};

struct ErrorSummary {
  int rows = 0;
  double median_abs = 0.0;
  double max_abs = 0.0;
};

ErrorSummary summarize(const std::vector<RowFit>& fits);
// The median and worst of absolute errors, whatever they measure.
ErrorSummary summarize_errors(std::vector<double> errors);

// Errors at latency-bound rows (online runs at a concurrency or rate with measured TTFT/TPOT):
// throughput, and the latencies, each over the rows that publish it.
struct LatencySummary {
  ErrorSummary throughput;
  ErrorSummary ttft;
  ErrorSummary tpot;
};

struct GroupFit {
  EngineFactors factors;  // fitted (or, with fit = false, the catalog's)
  std::vector<RowFit> rows;  // every row, fitted and held out
  ErrorSummary summary;      // the rows fitted on (every row with fit = false)
  ErrorSummary holdout;      // the held-out rows
  LatencySummary latency;    // latency-bound rows, fitted and held out together
  int evaluations = 0;
  bool fitted = false;
};

struct CalibrationResult {
  std::vector<GroupFit> groups;  // one per engine family and precision, in first-seen order
  ErrorSummary overall;          // fitted rows
  ErrorSummary overall_holdout;  // held-out rows
  LatencySummary overall_latency;
  std::vector<std::string> warnings;
};

// Fit (or, with fit = false, only evaluate) the factors of every engine family and precision the
// table holds, on its rows not held out; latency-bound rows also fit their measured latencies. Starting points and the fixed memory settings come from the catalog's factors for
// the group, or the catalog's trtllm factors at the same precision, or EngineFactors defaults.
// `table_name` and `as_of` become the fitted factors' provenance.
CalibrationResult calibrate(const Catalog& catalog, const ResolvedTable& table, bool fit, const std::string& table_name,
                            const std::string& as_of);

}  // namespace nimcost
