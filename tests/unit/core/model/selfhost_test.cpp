// Unit tests of src/core/model/selfhost.cpp (doctest suite "core/model/selfhost"); split from a file that said:
//   Self-host cost: rental x hours, license plans, fleet sizing at the utilization target.
#include "helpers.hpp"

#include <nimcost/model/selfhost.hpp>

#include <doctest/doctest.h>

using namespace nimcost;
using nimcost::test::builtin_catalog;
using nimcost::test::flat_plan;

namespace {
SelfHostPlan runpod_plan(double hours, const char* license) {
  SelfHostPlan plan = flat_plan(0.0, 0);
  plan.gpu_monthly_override.reset();
  plan.rental = builtin_catalog().rental("runpod-h100-sxm");
  plan.usd_per_gpu_hour = plan.rental->usd_per_gpu_hour;
  plan.hours_per_month = Hours(hours);
  plan.license = builtin_catalog().license(license);
  return plan;
}
}  // namespace

TEST_SUITE_BEGIN("core/model/selfhost");

TEST_CASE("$2.69/h for ~725 h is ~$1,950 a month (the article's H100)") {
  CHECK(gpu_monthly_cost_per_gpu(runpod_plan(725, "none")).value == doctest::Approx(1950.25));
  CHECK(gpu_monthly_cost_per_gpu(runpod_plan(730, "none")).value == doctest::Approx(1963.70));
}

TEST_CASE("license plans per GPU-month") {
  CHECK(license_monthly_cost_per_gpu(runpod_plan(730, "enterprise-annual")).value == doctest::Approx(375.0));
  CHECK(license_monthly_cost_per_gpu(runpod_plan(730, "enterprise-hourly")).value == doctest::Approx(730.0));
  CHECK(license_monthly_cost_per_gpu(runpod_plan(730, "developer")).value == 0.0);
  CHECK(license_monthly_cost_per_gpu(runpod_plan(730, "evaluation")).value == 0.0);
  CHECK(per_gpu_monthly_cost(runpod_plan(730, "enterprise-annual")).value == doctest::Approx(2338.70));
}

TEST_CASE("the fleet is sized to stay at or under the utilization target") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  // 1000 tokens/s x 3600 x 730 h = 2.628B tokens per GPU-month; 60% of it is 1.5768B.
  CHECK(full_capacity_per_gpu(plan).value == doctest::Approx(2.628e9));
  CHECK(fleet_gpus(plan, Tokens(1.5768e9)) == 1);
  CHECK(fleet_gpus(plan, Tokens(1.5768e9 + 1000)) == 2);
  CHECK(fleet_gpus(plan, Tokens(10e9)) == 7);
  const SelfHostCost cost = selfhost_cost(plan, Tokens(10e9));
  CHECK(cost.total.value == doctest::Approx(7 * 1950.0));
  CHECK(cost.utilization == doctest::Approx(10e9 / (7 * 2.628e9)));
  CHECK(cost.utilization <= 0.6);
  CHECK(cost.per_mtok->value == doctest::Approx(7 * 1950.0 / 10e3));
}

TEST_CASE("zero volume: one idle GPU, zero utilization, no $/M") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  const SelfHostCost cost = selfhost_cost(plan, Tokens(0));
  CHECK(cost.gpus == 1);
  CHECK(cost.utilization == 0.0);
  CHECK_FALSE(cost.per_mtok.has_value());
  CHECK(cost.total.value == doctest::Approx(1950.0));
}

TEST_CASE("a pinned fleet keeps its size and reports overload") {
  const SelfHostPlan plan = flat_plan(1950.0, 2);
  const SelfHostCost cost = selfhost_cost(plan, Tokens(6e9));
  CHECK(cost.gpus == 2);
  CHECK(cost.over_capacity);
  CHECK(selfhost_cost(plan, Tokens(4e9)).over_target);
  CHECK_FALSE(selfhost_cost(plan, Tokens(4e9)).over_capacity);
}

TEST_CASE("self-host cost is monotone in volume and a step function of GPUs") {
  SelfHostPlan plan = runpod_plan(730, "enterprise-annual");
  plan.ops_monthly = Usd(500);
  double previous = 0.0;
  for (double t = 0; t <= 1e12; t = t * 2 + 1e6) {
    const SelfHostCost cost = selfhost_cost(plan, Tokens(t));
    CHECK(cost.total.value >= previous);
    CHECK(cost.total.value == doctest::Approx(cost.gpus * 2338.70 + 500));
    previous = cost.total.value;
  }
}

TEST_SUITE_END();
