// Unit tests of src/core/evaluate/prices.cpp (doctest suite "core/evaluate/prices"); split from a file that said:
//   Resolution of what users ask for: defaults, license rules, look-ups with suggestions, reports.
#include "helpers.hpp"

#include <nimcost/render/render.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/compare.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/prices.hpp>
#include <nimcost/report/common_report.hpp>
#include <nimcost/report/compare_report.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/report/prices_report.hpp>
#include <nimcost/resolve/request.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace nimcost;
using nimcost::test::builtin_catalog;

TEST_SUITE_BEGIN("core/evaluate/prices");

TEST_CASE("prices filter by kind and text") {
  const PricesReport all = evaluate_prices(builtin_catalog(), "all", "");
  CHECK(all.api_models.size() == builtin_catalog().api_models.size());
  const PricesReport anthropic = evaluate_prices(builtin_catalog(), "api", "anthropic");
  CHECK(anthropic.api_models.size() == 3);
  CHECK(anthropic.gpus.empty());
  CHECK_THROWS_AS(evaluate_prices(builtin_catalog(), "apis", ""), Error);
}

TEST_SUITE_END();
