// What every report shares: which side is cheaper. Reports are plain structs the core fills and
// renderers turn into text, JSON, CSV or Markdown; each holds every resolved input so that a printed
// figure can be traced back to a catalog entry or a flag.
#pragma once



#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// The JSON reports' schema id (DESIGN.md section 5); `diff` refuses reports of another.
inline constexpr const char* k_report_schema = "nimcost.report/v1";

enum class Cheaper { api, selfhost };

}  // namespace nimcost
