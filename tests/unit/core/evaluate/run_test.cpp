// Unit tests of src/core/evaluate/run.cpp (doctest suite "core/evaluate/run"); split from a file that said:
//   Scenario evaluation: the article's figures from a scenario, per-day volumes, parts that add up
//   to the whole, MIG slices, and profiles blended by GPU time.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/report/common_report.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/report/run_report.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <doctest/doctest.h>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

WorkloadPart part(std::string name, double tokens, std::optional<double> input_share = std::nullopt) {
  WorkloadPart p;
  p.name = std::move(name);
  p.tokens = Tokens(tokens);
  p.input_share = input_share;
  p.origin = "test.toml";
  return p;
}

// The article's single H100: $1,950 a month, no license, against its three APIs.
ScenarioSpec article(double tokens) {
  ScenarioSpec s;
  s.name = "article";
  s.file = "article.toml";
  s.parts = {part("workload", tokens)};
  s.request.providers = {"claude-sonnet-4.6", "gpt-4.1", "mistral-large-2411"};
  s.request.compare_to = CompareTo::all;  // the article weighs all three, whatever their quality
  s.request.selfhost.gpu_monthly_usd = 1950.0;
  s.request.selfhost.gpus = 1;
  s.request.selfhost.license = "none";
  s.request.selfhost.capacity_tokens_per_s = 1000.0;  // the article's 70B-class figure, pinned
  return s;
}

const ApiComparison& api_row(const CrossoverReport& r, const std::string& id) {
  for (const auto& a : r.apis) {
    if (a.model.id == id) return a;
  }
  FAIL("no " << id);
  return r.apis.front();
}

}  // namespace

TEST_SUITE_BEGIN("core/evaluate/run");

TEST_CASE("the article scenario: its API bills and 300-500M crossover") {
  const ScenarioReport r = evaluate_scenario(builtin_catalog(), article(1e9));
  const CrossoverReport& x = r.crossover;
  CHECK(x.selfhost.total.value == doctest::Approx(1950.0));
  CHECK(api_row(x, "claude-sonnet-4.6").cost.total.value == doctest::Approx(11000.0));
  CHECK(api_row(x, "gpt-4.1").cost.total.value == doctest::Approx(6000.0));
  CHECK(api_row(x, "mistral-large-2411").cost.total.value == doctest::Approx(14000.0 / 3.0));
  // 1,950 / 6 = 325M; 1,950 / (14/3) = 417.857M; 1,950 / 11 = 177.27M.
  CHECK(api_row(x, "gpt-4.1").break_even.sustained->value == doctest::Approx(325e6));
  CHECK(api_row(x, "mistral-large-2411").break_even.sustained->value == doctest::Approx(1950.0 / (14.0 / 3.0) * 1e6));
  CHECK(api_row(x, "claude-sonnet-4.6").break_even.sustained->value == doctest::Approx(1950.0 / 11.0 * 1e6));
  CHECK(x.verdict.cheapest_id == "selfhost");
  CHECK(scenario_monthly(r).value == doctest::Approx(1950.0));
  REQUIRE(r.parts.size() == 1);
  CHECK(r.parts[0].gpu_share == 1.0);
  CHECK(r.parts[0].selfhost.value == doctest::Approx(1950.0));
  CHECK(r.parts[0].cheapest_api == "mistral-large-2411");
  CHECK(r.parts[0].cheaper == Cheaper::selfhost);
}

TEST_CASE("5M tokens a day is a month of 730/24 days: the API month is $709.72, not $23") {
  ScenarioSpec s = article(0);
  s.parts[0].tokens.reset();
  s.parts[0].tokens_per_day = Tokens(5e6);
  const ScenarioReport r = evaluate_scenario(builtin_catalog(), s);
  CHECK(r.crossover.workload.tokens.value == doctest::Approx(152083333.0));
  const double mistral = api_row(r.crossover, "mistral-large-2411").cost.total.value;
  CHECK(mistral == doctest::Approx(152083333.0 * 14.0 / 3.0 / 1e6));
  CHECK(mistral == doctest::Approx(709.72).epsilon(1e-5));
  CHECK(5.0 * 14.0 / 3.0 == doctest::Approx(23.33).epsilon(1e-3));  // the article's $23: one day
  CHECK(r.crossover.verdict.cheapest_id == "mistral-large-2411");
  // At 1,000 tokens/s per GPU the H100 is 5.8% busy.
  CHECK(r.crossover.selfhost.utilization == doctest::Approx(152083333.0 / 2.628e9));
}

TEST_CASE("parts add up: mix weighted by tokens, API bills sum, fleet cost split by GPU time") {
  ScenarioSpec s = article(0);
  s.parts = {part("chat", 300e6, 0.75), part("batch", 700e6, 0.25)};
  s.parts[0].cached_input_share = 0.5;
  const ScenarioReport r = evaluate_scenario(builtin_catalog(), s);
  const Workload& w = r.crossover.workload;
  CHECK(w.tokens.value == doctest::Approx(1e9));
  CHECK(w.input_share == doctest::Approx((225.0 + 175.0) / 1000.0));
  CHECK(w.cached_input_share == doctest::Approx(112.5 / 400.0));
  const ApiModel& gpt = builtin_catalog().api_model("gpt-4.1");
  const double parts_bill = api_cost(gpt, r.parts[0].workload).total.value + api_cost(gpt, r.parts[1].workload).total.value;
  CHECK(api_row(r.crossover, "gpt-4.1").cost.total.value == doctest::Approx(parts_bill));
  CHECK(r.parts[0].gpu_share == doctest::Approx(0.3));
  CHECK(r.parts[1].gpu_share == doctest::Approx(0.7));
  CHECK(r.parts[0].selfhost.value + r.parts[1].selfhost.value == doctest::Approx(1950.0));
  CHECK(r.parts[0].selfhost_per_mtok->value == doctest::Approx(1.95));
}

TEST_CASE("MIG: slices set the fleet and each part pays its slices' share") {
  ScenarioSpec s = article(0);
  s.request.selfhost.gpus.reset();
  s.parts = {part("a", 100e6), part("b", 50e6)};
  s.parts[0].mig_profile = "3g.40gb";
  s.parts[1].mig_profile = "4g.40gb";
  ScenarioReport r = evaluate_scenario(builtin_catalog(), s);
  CHECK(r.crossover.selfhost.gpus == 1);
  CHECK(r.parts[0].gpu_share == doctest::Approx(3.0 / 7.0));
  CHECK(r.parts[1].selfhost.value == doctest::Approx(1950.0 * 4.0 / 7.0));
  // Without a served model a slice serves its compute share of the GPU's 1,000 tokens/s.
  CHECK(r.parts[0].utilization == doctest::Approx(100e6 / (1000.0 * 3.0 / 7.0 * 730 * 3600)));
  CHECK(r.unallocated_gpu_share == doctest::Approx(0.0));

  s.parts[1].mig_profile = "3g.40gb";  // 6 of 7 slices given out
  r = evaluate_scenario(builtin_catalog(), s);
  CHECK(r.unallocated_gpu_share == doctest::Approx(1.0 / 7.0));
  CHECK(r.unallocated.value == doctest::Approx(1950.0 / 7.0));
  CHECK(r.crossover.warnings.back().find("1 of 7 compute slices") != std::string::npos);

  s.parts[0].mig_profile = s.parts[1].mig_profile = "4g.40gb";  // two 4g slices need two GPUs
  r = evaluate_scenario(builtin_catalog(), s);
  CHECK(r.crossover.selfhost.gpus == 2);

  s.request.selfhost.gpus = 1;
  CHECK_THROWS_WITH_AS(evaluate_scenario(builtin_catalog(), s), doctest::Contains("2 GPUs' worth"), Error);
  s.request.selfhost.gpus.reset();
  s.parts[1].mig_profile.reset();
  CHECK_THROWS_WITH_AS(evaluate_scenario(builtin_catalog(), s), doctest::Contains("has no mig_profile"), Error);
  s.parts[1].profile = "nightly";  // not a traffic profile in the catalog
  CHECK_THROWS_WITH_AS(evaluate_scenario(builtin_catalog(), s), doctest::Contains("workload 'b': unknown traffic profile 'nightly'"), Error);
  s.parts[1].profile.reset();
  s.parts[1].mig_profile = "3g.40gbb";
  CHECK_THROWS_WITH_AS(evaluate_scenario(builtin_catalog(), s), doctest::Contains("did you mean 3g.40gb"), Error);
}

TEST_CASE("MIG without a served model: slices keep their share of the catalog's per-GPU capacity") {
  ScenarioSpec s = article(0);
  s.request.selfhost.gpus.reset();
  s.request.selfhost.capacity_tokens_per_s.reset();  // no model, no pin: the default 70B would not fit a slice
  s.parts = {part("a", 100e6), part("b", 50e6)};
  s.parts[0].mig_profile = "3g.40gb";
  s.parts[1].mig_profile = "4g.40gb";
  const ScenarioReport r = evaluate_scenario(builtin_catalog(), s);
  CHECK(r.crossover.plan.served_model == "llama-3.3-70b");  // still named: tiers apply
  CHECK(r.parts[0].utilization == doctest::Approx(100e6 / (1000.0 * 3.0 / 7.0 * 730 * 3600)));
}

TEST_CASE("MIG with a served model: a slice is sized as a small GPU, and a model that does not fit is refused") {
  ScenarioSpec s = article(0);
  s.request.selfhost.gpus.reset();
  s.request.selfhost.capacity_tokens_per_s.reset();  // sized by the throughput model
  s.request.selfhost.replica = ReplicaRequest{};
  s.request.selfhost.replica->model = "llama-3.1-8b";
  s.request.selfhost.replica->precision = "fp8";
  s.parts = {part("big", 1e9), part("small", 1e9)};
  s.parts[0].mig_profile = "3g.40gb";
  s.parts[1].mig_profile = "2g.20gb";
  const ScenarioReport r = evaluate_scenario(builtin_catalog(), s);
  // Less memory and bandwidth per slice: the 2g slice serves less than 2/3 of the 3g slice's rate
  // per compute slice would suggest only if memory binds; it must serve less in total.
  CHECK(r.parts[1].slice_tokens_per_s > 0.0);
  CHECK(r.parts[1].slice_tokens_per_s < r.parts[0].slice_tokens_per_s);
  CHECK(r.parts[0].slice_tokens_per_s < r.crossover.plan.capacity_tokens_per_s_per_gpu);
  s.parts[1].mig_profile = "1g.10gb";  // 8 GB of weights and the runtime reserve do not fit 10 GB
  CHECK_THROWS_WITH_AS(evaluate_scenario(builtin_catalog(), s), doctest::Contains("on MIG slice 1g.10gb"), Error);
}

TEST_CASE("realtime and batch parts on one modelled fleet: capacity is the GPU-time blend") {
  ScenarioSpec s = article(0);
  s.request.selfhost.gpus.reset();
  s.request.selfhost.gpu_monthly_usd.reset();
  s.request.selfhost.capacity_tokens_per_s.reset();  // sized by the throughput model
  s.request.selfhost.replica = ReplicaRequest{};
  s.request.selfhost.replica->model = "llama-3.1-70b";
  s.request.selfhost.replica->precision = "fp8";
  s.request.selfhost.replica->tp = 1;
  s.request.selfhost.target.tpot_ms = 30.0;  // tight enough that realtime runs below the memory-bound batch
  s.parts = {part("chat", 1e9), part("nightly", 3e9)};
  s.parts[0].profile = "realtime";
  s.parts[1].profile = "batch";
  const ScenarioReport mixed = evaluate_scenario(builtin_catalog(), s);

  auto alone = [&](const std::string& profile) {
    ScenarioSpec one = s;
    one.parts = {part("all", 4e9)};
    one.parts[0].profile = profile;
    return evaluate_scenario(builtin_catalog(), one).crossover.plan.capacity_tokens_per_s_per_gpu;
  };
  const double realtime = alone("realtime"), batch = alone("batch");
  CHECK(realtime < batch);
  CHECK(mixed.crossover.plan.capacity_tokens_per_s_per_gpu == doctest::Approx(4e9 / (1e9 / realtime + 3e9 / batch)));
  CHECK(mixed.capacity_note.find("blended") != std::string::npos);
  // GPU time, not tokens, splits the cost: a realtime token takes more of it.
  CHECK(mixed.parts[0].gpu_share == doctest::Approx((1e9 / realtime) / (1e9 / realtime + 3e9 / batch)));
  CHECK(mixed.parts[0].gpu_share > 0.25);
}

TEST_SUITE_END();
