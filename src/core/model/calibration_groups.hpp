// Which rows share a set of engine factors in `nimcost calibrate`, and where each set starts: the
// catalog's set for the rows, or the one it borrows. Internal to calibration_fit.cpp.
#pragma once

#include <nimcost/model/calibration_fit.hpp>

#include <string>
#include <vector>

namespace nimcost::calibration_parts {

// Fewest rows a group is fitted on: one more than the parameters it always has.
constexpr int k_min_rows = 7;

// Rows that share one set of factors.
struct Group {
  std::string engine;
  Precision precision = Precision::fp8;
  std::string architecture;  // "dense", "moe" or empty for both
  std::vector<const Measurement*> rows;
};

// " mixture-of-experts", " dense-model" or nothing: how a group's rows are named in text.
std::string rows_named(const std::string& architecture);

// Mixtures of experts run grouped expert GEMMs and routing at their own efficiencies, so an engine
// and precision gets a set for each architecture when a fit has enough rows of both (or, checking,
// when the catalog has a set for each); one set for both otherwise. First-seen order throughout.
std::vector<Group> calibration_groups(const Catalog& catalog, const ResolvedTable& table, bool fit);

// Where a group's factors start: the catalog's set for its rows, and, when that set is another
// group's (`borrowed` names it), which.
struct Start {
  EngineFactors factors;
  std::string borrowed;  // "the catalog's trtllm-fp8 (dense-model) factors"; empty for the group's own set
};

// "the catalog's trtllm-fp8-moe (mixture-of-experts) factors"
std::string set_named(const EngineFactors& f);

// The set throughput would use for the group's rows (Catalog::nearest_factors, for the group's
// architecture or, for a group of both, that of most of its rows), else, for an engine with no set
// near, TensorRT-LLM's at the precision or at fp8, else the built-in default. The engine's memory
// settings apply whichever it is.
Start starting_factors(const Catalog& catalog, const Group& group);

}  // namespace nimcost::calibration_parts
