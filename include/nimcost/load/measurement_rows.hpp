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
  std::string notes;  // optional column
};

// The engine family an engine description belongs to: "nim" for NVIDIA NIM, "trtllm" for
// TensorRT-LLM (also under Triton), else its first word in lower case.
std::string engine_family(const std::string& engine_text);

ResolvedTable resolve_measurements(const Catalog& catalog, const std::vector<MeasurementRow>& rows);

}  // namespace nimcost
