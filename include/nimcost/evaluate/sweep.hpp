// `nimcost sweep`: monthly cost and $/M of every option over a log-spaced range of volumes (and,
// optionally, a grid of fleet utilization targets), computed on Eigen arrays: API cost is linear in
// volume, the fleet's a step function of whole replicas.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/break_even.hpp>
#include <nimcost/resolve/request.hpp>

#include <Eigen/Core>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// n points from `from` to `to`, evenly spaced in log10 (both ends included).
Eigen::ArrayXd log_spaced(double from, double to, int n);
// n points from `from` to `to`, evenly spaced.
Eigen::ArrayXd lin_spaced(double from, double to, int n);

// The fleet's monthly cost at each volume, sized to `utilization` of its full capacity (the plan's
// target when absent) in whole replicas; a pinned fleet costs the same at every volume.
Eigen::ArrayXd selfhost_monthly(const SelfHostPlan& plan, const Eigen::ArrayXd& volumes,
                                std::optional<double> utilization = std::nullopt);

// The fleet's monthly cost over a volume x utilization grid (rows: volumes, columns: utilizations).
Eigen::ArrayXXd selfhost_monthly_grid(const SelfHostPlan& plan, const Eigen::ArrayXd& volumes,
                                      const Eigen::ArrayXd& utilizations);

struct SweepRequest {
  CrossoverRequest base;  // workload mix, APIs, fleet; base.workload.tokens marks the current volume
  bool mark_volume = false;
  Tokens from{1e7};
  Tokens to{1e10};
  int points = 60;
  std::optional<double> util_from;
  std::optional<double> util_to;
  int util_points = 11;
};

struct SweepSeries {
  std::string id;
  std::string kind;  // "api" or "selfhost"
  PerMtok blended;   // APIs: the flat $/M
  Eigen::ArrayXd monthly;
  std::optional<BreakEven> break_even;  // APIs: against the fleet
};

struct SweepReport {
  Workload workload;  // the mix; tokens = the marked volume (0 when none)
  bool marked = false;
  SelfHostPlan plan;
  Eigen::ArrayXd volumes;
  std::vector<SweepSeries> apis;
  SweepSeries selfhost;
  Eigen::ArrayXd utilizations;  // empty unless a utilization grid was asked for
  Eigen::ArrayXXd grid;         // volumes x utilizations: the fleet's monthly cost
  std::vector<std::string> warnings;
};

SweepReport evaluate_sweep(const Catalog& catalog, const SweepRequest& request);

}  // namespace nimcost
