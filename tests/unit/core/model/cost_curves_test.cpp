// Unit tests of src/core/model/cost_curves.cpp (doctest suite "core/model/cost_curves"); split from a file that said:
//   Sweeps: the vectorized fleet cost equals the scalar model at every volume, the grid equals one
//   sweep per utilization, and the API curves cross the fleet's at the break-even volumes.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/sweep.hpp>
#include <nimcost/model/cost_curves.hpp>
#include <nimcost/report/sweep_report.hpp>

#include <doctest/doctest.h>

#include <random>

using namespace nimcost;
using nimcost::test::builtin_catalog;
using nimcost::test::flat_plan;

TEST_SUITE_BEGIN("core/model/cost_curves");

TEST_CASE("log-spaced volumes hit both ends and grow by a constant factor") {
  const Eigen::ArrayXd v = log_spaced(1e7, 1e10, 4);
  REQUIRE(v.size() == 4);
  CHECK(v[0] == doctest::Approx(1e7));
  CHECK(v[1] == doctest::Approx(1e8));
  CHECK(v[3] == doctest::Approx(1e10));
  CHECK(lin_spaced(0.2, 1.0, 5)[2] == doctest::Approx(0.6));
}

TEST_CASE("the vectorized fleet cost equals selfhost_cost at every volume") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> log_volume(6.0, 11.0);
  for (int unit : {1, 2, 8}) {
    SelfHostPlan plan = flat_plan(1950.0, 0);
    plan.pinned_gpus.reset();
    plan.gpus_per_replica = unit;
    plan.ops_monthly = Usd(500.0);
    Eigen::ArrayXd volumes(200);
    for (Eigen::Index i = 0; i < volumes.size(); ++i) volumes[i] = std::pow(10.0, log_volume(rng));
    volumes[0] = target_capacity_per_gpu(plan).value * unit * 3.0;  // exactly three replicas' worth
    const Eigen::ArrayXd cost = selfhost_monthly(plan, volumes);
    for (Eigen::Index i = 0; i < volumes.size(); ++i) {
      CHECK(cost[i] == doctest::Approx(selfhost_cost(plan, Tokens(volumes[i])).total.value));
    }
    CHECK(cost[0] == doctest::Approx(500.0 + 1950.0 * 3 * unit));
  }
  SelfHostPlan pinned = flat_plan(1950.0, 4);
  CHECK((selfhost_monthly(pinned, log_spaced(1e6, 1e12, 10)) == 4 * 1950.0).all());
}

TEST_CASE("the utilization grid is one sweep per utilization target") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  const Eigen::ArrayXd volumes = log_spaced(1e8, 1e10, 30);
  const Eigen::ArrayXd utils = lin_spaced(0.2, 1.0, 5);
  const Eigen::ArrayXXd grid = selfhost_monthly_grid(plan, volumes, utils);
  REQUIRE(grid.rows() == 30);
  REQUIRE(grid.cols() == 5);
  for (Eigen::Index j = 0; j < utils.size(); ++j) {
    SelfHostPlan at = plan;
    at.max_utilization = utils[j];
    CHECK((grid.col(j) - selfhost_monthly(at, volumes)).abs().maxCoeff() < 1e-6);
  }
  // A higher utilization target never needs more GPUs.
  for (Eigen::Index j = 1; j < utils.size(); ++j) CHECK((grid.col(j) <= grid.col(j - 1) + 1e-9).all());
}

TEST_SUITE_END();
