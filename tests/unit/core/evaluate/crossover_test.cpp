// Unit tests of src/core/evaluate/crossover.cpp (doctest suite "core/evaluate/crossover"); split from a file that said:
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

TEST_SUITE_BEGIN("core/evaluate/crossover");

TEST_CASE("the verdict names the cheapest option and the margin") {
  CrossoverRequest r = request_at(2e9);
  r.providers = {"gpt-4.1", "claude-sonnet-4.6"};
  const CrossoverReport report = evaluate_crossover(builtin_catalog(), r);
  CHECK(report.verdict.cheapest_id == "selfhost");
  CHECK(report.verdict.runner_up_id == "gpt-4.1");
  CHECK(report.verdict.apis_beaten_by_selfhost == 2);
  CHECK(crossover_verdict_text(report).find("Self-host wins") != std::string::npos);
  r.workload.tokens = Tokens(50e6);
  const CrossoverReport small = evaluate_crossover(builtin_catalog(), r);
  CHECK(small.verdict.cheapest_id == "gpt-4.1");
  CHECK(crossover_verdict_text(small).find("API wins") != std::string::npos);
}

TEST_SUITE_END();
