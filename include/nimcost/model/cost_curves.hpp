// Cost curves on Eigen arrays: log- and evenly spaced volumes, and the fleet's monthly cost at each
// volume (a step function of whole replicas) or over a volume x utilization grid.
#pragma once

#include <nimcost/model/selfhost.hpp>

#include <Eigen/Core>

#include <optional>

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

}  // namespace nimcost
