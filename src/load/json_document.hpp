// A whole JSON document read under the nesting limit (internal to the load layer): one rule for the
// report readers (diff's and crossover --from-report's).
#pragma once

#include <nimcost/base/error.hpp>

#include "nesting.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string>

namespace nimcost {

inline nlohmann::json parse_json_document(const std::string& text, const std::string& name) {
  try {
    check_nesting(text, name, Syntax::json);
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw input_error(fmt::format("{}: not valid JSON: {}", name, e.what()));
  }
}

}  // namespace nimcost
