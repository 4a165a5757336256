// `nimcost sweep`: every option's monthly cost over a range of volumes, with break-evens.
#pragma once

#include <nimcost/base/provenance.hpp>
#include <nimcost/model/break_even.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>

#include <Eigen/Core>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nimcost {

struct SweepSeries {
  std::string id;
  std::string kind;  // "api" or "selfhost"
  PerMtok blended;   // APIs: the flat $/M
  Eigen::ArrayXd monthly;
  std::optional<BreakEven> break_even;  // APIs: against the fleet
  Provenance provenance;                // where the price comes from (APIs: the catalog entry)
};

struct SweepReport {
  Workload workload;  // the mix; tokens = the marked volume (0 when none)
  bool marked = false;
  SelfHostPlan plan;
  Eigen::ArrayXd volumes;
  std::vector<SweepSeries> apis;
  SweepSeries selfhost;
  std::vector<std::pair<double, double>> selfhost_outline;  // (volume, monthly USD): the steps as plotted
  Eigen::ArrayXd utilizations;  // empty unless a utilization grid was asked for
  Eigen::ArrayXXd grid;         // volumes x utilizations: the fleet's monthly cost
  std::vector<std::string> warnings;
};

}  // namespace nimcost
