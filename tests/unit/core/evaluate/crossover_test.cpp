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


TEST_CASE("like for like: the default verdict never names a lower or unrated API, and says what it left out") {
  for (double tokens : {1e8, 5e8, 2e9, 1e10}) {
    CrossoverRequest r = request_at(tokens);
    const CrossoverReport report = evaluate_crossover(builtin_catalog(), r);
    CAPTURE(tokens);
    CHECK(report.plan.served_model == "llama-3.3-70b");
    int left = 0;
    for (const auto& a : report.apis) {
      CHECK(a.compared == (a.tier == QualityTier::same_model || a.tier == QualityTier::comparable));
      if (!a.compared) ++left;
      if (a.model.id == report.verdict.cheapest_id || a.model.id == report.verdict.runner_up_id) CHECK(a.compared);
    }
    CHECK(left == report.verdict.left_out_lower + report.verdict.left_out_unrated);
    CHECK(left > 0);  // gpt-4o-mini and mistral-large-2411 score below Llama 3.3 70B
    CHECK(crossover_verdict_text(report).find("left out") != std::string::npos);
  }
}

TEST_CASE("the same-model pairing: the per-token hosts of Llama 3.3 70B, and only against that model") {
  CrossoverRequest r = request_at(5e8);
  r.compare_to = CompareTo::same_model;
  const CrossoverReport report = evaluate_crossover(builtin_catalog(), r);
  CHECK(report.verdict.apis_compared == 2);
  CHECK(report.verdict.cheapest_same_model == "llama-3.3-70b-groq");
  CHECK(report.verdict.cheapest_id == "llama-3.3-70b-groq");
  // With another served model the same hosts are rated by their score instead.
  r.selfhost.replica = ReplicaRequest{};
  r.selfhost.replica->model = "llama-3.1-8b";
  r.compare_to = CompareTo::comparable;
  const CrossoverReport small = evaluate_crossover(builtin_catalog(), r);
  for (const auto& a : small.apis) {
    if (a.model.id == "llama-3.3-70b-groq") CHECK(a.tier == QualityTier::comparable);
  }
  CHECK(small.verdict.cheapest_same_model.empty());
  // --compare-to all weighs every API, as before the like-for-like rule.
  r.compare_to = CompareTo::all;
  r.selfhost.replica.reset();
  const CrossoverReport all = evaluate_crossover(builtin_catalog(), r);
  CHECK(all.verdict.apis_compared == static_cast<int>(all.apis.size()));
  CHECK(all.verdict.left_out_lower == 0);
}

TEST_SUITE_END();
