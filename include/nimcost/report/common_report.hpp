// What every report shares: which side is cheaper. Reports are plain structs the core fills and
// renderers turn into text, JSON, CSV or Markdown; each holds every resolved input so that a printed
// figure can be traced back to a catalog entry or a flag.
#pragma once



#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// The JSON reports' schema id (DESIGN.md section 5). Version 2 gave each concept one name across
// commands; `diff` still reads version 1 reports (saved bases), and refuses any other.
inline constexpr const char* k_report_schema = "nimcost.report/v2";
inline constexpr const char* k_report_schema_v1 = "nimcost.report/v1";

// Reports state money to the micro-dollar and fractions to 1e-9: what JSON holds, and so what a
// saved report diffs with.
inline constexpr int k_usd_decimals = 6;
inline constexpr int k_fraction_decimals = 9;

enum class Cheaper { api, selfhost };

}  // namespace nimcost
