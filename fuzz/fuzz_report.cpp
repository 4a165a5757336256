// Fuzz target for the JSON report readers behind `nimcost diff` and `crossover --from-report`: the
// input is read as an attribute report (a measured fleet must be finite) and as a report; a
// report that reads must diff against itself with no change, its gates must not trip, and every
// figure read must be finite and non-negative (the reader's plausibility check).
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/diff.hpp>
#include <nimcost/load/attribute_input.hpp>
#include <nimcost/load/report_json.hpp>
#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/report/diff_report.hpp>
#include <nimcost/render/render.hpp>

#include "finite_figures.hpp"

#include <cmath>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // crossover --from-report reads attribute reports: a measured fleet must come out finite.
  try {
    const nimcost::MeasuredFleet m = nimcost::parse_attribute_report(text, "fuzz.json", 730.0);
    if (!std::isfinite(m.monthly_tokens) || !(m.monthly_tokens > 0.0) || m.gpus < 1 || !std::isfinite(m.input_share)) {
      std::abort();
    }
  } catch (const nimcost::Error&) {
  }
  nimcost::ReportSnapshot snapshot;
  try {
    snapshot = nimcost::read_report_json(text, "fuzz.json");
  } catch (const nimcost::Error&) {
    return 0;
  }
  for (const auto& s : snapshot.scenarios) {
    const auto bad = [](double v) { return !std::isfinite(v) || v < 0.0; };
    if (bad(s.volume_tokens) || bad(s.cheapest_monthly_usd)) std::abort();
    for (const auto& o : s.options) {
      if (bad(o.monthly_usd) || (o.break_even_tokens && bad(*o.break_even_tokens))) std::abort();
    }
  }
  const nimcost::DiffReport diff = nimcost::diff_reports(snapshot, snapshot);
  nimcost::fuzz::require_finite(nimcost::diff_json(diff, {}));
  if (diff.changed()) std::abort();
  nimcost::GateThresholds gates;
  gates.cost_increase_fraction = 0.0;
  gates.verdict_changes = true;
  if (nimcost::any_tripped(nimcost::evaluate_gates(gates, snapshot, &diff))) std::abort();
  return 0;
}
