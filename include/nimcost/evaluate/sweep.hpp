// `nimcost sweep`: monthly cost and $/M of every option over a log-spaced range of volumes (and,
// optionally, a grid of fleet utilization targets), computed on Eigen arrays: API cost is linear in
// volume, the fleet's a step function of whole replicas.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/sweep_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct SweepRequest {
  CrossoverRequest base;  // workload mix, APIs, fleet; base.workload.tokens, when given, marks the current volume
  Tokens from{1e7};
  Tokens to{1e10};
  int points = 60;
  std::optional<double> util_from;
  std::optional<double> util_to;
  int util_points = 11;
};

SweepReport evaluate_sweep(const Catalog& catalog, const SweepRequest& request);

}  // namespace nimcost
