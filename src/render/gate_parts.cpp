// The CI gates: each with its threshold, value, pass or trip, and what was compared.
#include "gate_parts.hpp"

#include <nimcost/base/quantity.hpp>

#include <fmt/format.h>

namespace nimcost {

using namespace json_parts;

namespace {

std::vector<Cell> gate_row(const GateResult& g) {
  Cell value = Cell::of_count(g.value), limit = Cell::of_text("0");
  if (g.gate == "fail-if-cost-increase-above") {
    value = Cell::of_fraction_change(g.value);
    limit = Cell::of_fraction(g.threshold);
  } else if (g.gate == "fail-above-monthly-usd") {
    value = Cell::of_usd(Usd(g.value));
    limit = Cell::of_usd(Usd(g.threshold));
  }
  return {Cell::of_text("--" + g.gate), Cell::of_text(g.tripped ? "FAIL" : "pass"), value, limit};
}

}  // namespace

json gates_json(const std::vector<GateResult>& gates) {
  json out = json::array();
  for (const auto& g : gates) {
    out.push_back({{"gate", g.gate},
                   {"threshold", std::round(g.threshold * 1e9) / 1e9},
                   {"value", std::round(g.value * 1e9) / 1e9},
                   {"tripped", g.tripped},
                   {"detail", g.detail}});
  }
  return out;
}

TableBlock gates_table(const std::vector<GateResult>& gates) {
  TableBlock t;
  t.title = "CI gates";
  t.columns = {{"Gate", "gate"}, {"Result", "result"}, {"Value", "value"}, {"Limit", "threshold"}};
  for (std::size_t i = 0; i < gates.size(); ++i) {
    t.rows.push_back(gate_row(gates[i]));
    if (gates[i].tripped) t.highlighted_rows.push_back(static_cast<int>(i));
  }
  return t;
}

}  // namespace nimcost
