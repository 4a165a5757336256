// What the value-checking fuzz targets assert of a report: every number in its JSON is finite. The
// check runs on the JSON value before it is written, where a NaN or an infinity is still itself
// (written out, nlohmann would turn either into a silent null).
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace nimcost::fuzz {

inline void require_finite(const nlohmann::ordered_json& value, const std::string& path = "$") {
  if (value.is_number_float() && !std::isfinite(value.get<double>())) {
    std::fprintf(stderr, "not finite: %s\n", path.c_str());
    std::abort();  // a figure came from a value that should have been refused
  }
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) require_finite(item, path + "." + key);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) require_finite(value[i], path + "[" + std::to_string(i) + "]");
  }
}

}  // namespace nimcost::fuzz
