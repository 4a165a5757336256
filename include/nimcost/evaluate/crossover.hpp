// `nimcost crossover`: every API against the self-hosted fleet at one volume, with break-evens,
// required utilization and the verdict's fields.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// `nimcost crossover`: every API against the self-hosted fleet at one volume, with break-evens.
CrossoverReport evaluate_crossover(const Catalog& catalog, const CrossoverRequest& request);

// The crossover for a workload and plan resolved already (a scenario blends its own), against the APIs
// `apis` selects (providers, compare-to, min-quality), adding to `warnings`.
CrossoverReport evaluate_crossover_for(const Catalog& catalog, const Workload& workload, SelfHostPlan plan,
                                       const CrossoverRequest& apis, std::vector<std::string> warnings);

}  // namespace nimcost
