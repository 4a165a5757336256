// `nimcost calibrate`: fitted (or checked) engine factors and the per-row errors.
#pragma once

#include <nimcost/model/calibration_fit.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// `nimcost calibrate`: fitted (or checked) factors and the per-row errors.
struct CalibrationReport {
  std::string table;  // the file name
  int rows_read = 0;
  bool fitted = true;
  CalibrationResult result;
  std::vector<std::string> skipped;
};

}  // namespace nimcost
