// A throughput measurement table's rows as written, and their cells resolved against the catalog
// (model, GPU, precision, engine family, mode) into measurements the calibration fits.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/calibration_fit.hpp>

#include <string>
#include <vector>

namespace nimcost {

// One row of a measurement table, as written (the column layout of
// shared/reference/throughput-measured.csv).
struct MeasurementRow {
  std::string origin;  // "file:line"
  std::string source;
  std::string engine;
  std::string model;
  std::string precision;
  std::string gpu;
  std::string num_gpus;
  std::string isl;
  std::string osl;
  std::string mode;
  std::string output_total;
  std::string output_per_gpu;
  // Optional columns.
  std::string notes;
  std::string ttft_ms;  // measured mean time to first token, for an online operating point
  std::string tpot_ms;  // measured mean time per output token
  std::string tp;       // parallel degrees, where num_gpus alone does not say them
  std::string pp;
  std::string ep;
  std::string split;    // "fit" (or blank) or "holdout": held-out rows only check the fit
};

// The engine family an engine description belongs to: "trtllm" for TensorRT-LLM (also under Triton),
// "trtllm-legacy" for its releases before 0.9, "vllm", "sglang"; NVIDIA NIM's own runs are "nim",
// unless they name a vLLM or SGLang profile (then that engine's family); else the first word.
std::string engine_family(const std::string& engine_text);

ResolvedTable resolve_measurements(const Catalog& catalog, const std::vector<MeasurementRow>& rows);

}  // namespace nimcost
