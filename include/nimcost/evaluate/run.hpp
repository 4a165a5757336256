// `nimcost run`: a scenario evaluated as a crossover of the whole, then the fleet's cost split over
// the parts: by GPU time, or by MIG slice where the parts share GPUs through MIG.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/run_report.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// Evaluates one scenario against a catalog (already merged with the scenario's overrides).
ScenarioReport evaluate_scenario(const Catalog& catalog, const ScenarioSpec& spec);

}  // namespace nimcost
