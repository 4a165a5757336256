// Unit tests of src/core/resolve/request.cpp (doctest suite "core/resolve/request"); split from a file that said:
//   Resolution of what users ask for: defaults, license rules, look-ups with suggestions, reports.
#include "fixtures.hpp"
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
using namespace nimcost::test;

TEST_SUITE_BEGIN("core/resolve/request");

TEST_CASE("providers select by ID, alias or provider name, without duplicates") {
  CrossoverRequest r = request_at(1e9);
  r.providers = {"openai", "gpt-4.1", "mistral-large"};
  const CrossoverReport report = evaluate_crossover(builtin_catalog(), r);
  CHECK(report.apis.front().model.id == "gpt-4.1");
  CHECK(std::count_if(report.apis.begin(), report.apis.end(), [](const ApiComparison& a) { return a.model.id == "gpt-4.1"; }) == 1);
  CHECK(report.apis.back().model.id == "mistral-large-3");
}

TEST_SUITE_END();
