// Unit tests of src/core/evaluate/sweep.cpp (doctest suite "core/evaluate/sweep"); split from a file that said:
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

TEST_SUITE_BEGIN("core/evaluate/sweep");

TEST_CASE("sweep: the article's break-evens, and each API curve crosses the fleet's there") {
  SweepRequest q;
  q.base.providers = {"gpt-4.1", "mistral-large-2411"};
  q.base.compare_to = CompareTo::all;  // the article weighs Mistral Large 2411 whatever its quality
  q.base.selfhost.gpu_monthly_usd = 1950.0;
  q.base.selfhost.license = "none";
  q.points = 400;
  const SweepReport r = evaluate_sweep(builtin_catalog(), q);
  REQUIRE(r.apis.size() == 2);
  CHECK(r.apis[0].break_even->sustained->value == doctest::Approx(325e6));
  CHECK(r.apis[1].break_even->sustained->value == doctest::Approx(417.857e6).epsilon(1e-4));
  for (const auto& a : r.apis) {
    const double be = a.break_even->sustained->value;
    for (Eigen::Index i = 0; i < r.volumes.size(); ++i) {
      if (r.volumes[i] < be * 0.999) CHECK(a.monthly[i] < r.selfhost.monthly[i]);
      if (r.volumes[i] > be * 1.001 && r.volumes[i] < 1.5e9) CHECK(a.monthly[i] > r.selfhost.monthly[i]);
    }
  }
  q.from = Tokens(1e9);
  q.to = Tokens(1e8);
  CHECK_THROWS_AS(evaluate_sweep(builtin_catalog(), q), Error);
}

TEST_SUITE_END();
