// Unit tests of src/core/model/break_even.cpp (doctest suite "core/model/break_even"); split from a file that said:
//   Break-even: the article's figures, and properties of the exact solver checked against a
//   brute-force walk over the fleet's steps.
#include "helpers.hpp"

#include <nimcost/model/api_cost.hpp>
#include <nimcost/model/break_even.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace nimcost;
using nimcost::test::builtin_catalog;
using nimcost::test::flat_plan;

namespace {

PerMtok article_rate(const char* id) {
  Workload w;
  w.tokens = Tokens(1e9);
  w.input_share = 1.0 / 3.0;
  return blended_rate(builtin_catalog().api_model(id), w);
}

double api_cost_at(PerMtok rate, double tokens) { return rate.value * tokens / 1e6; }

// The brute-force answer: walk the intervals one GPU at a time.
BreakEven brute_force(PerMtok rate, const SelfHostPlan& plan, int max_steps) {
  BreakEven result;
  const double K = target_capacity_per_gpu(plan).value;
  for (int n = 1; n <= max_steps; ++n) {
    const double c = fleet_monthly_cost(plan, n).value / (rate.value / 1e6);
    const double start = (n - 1) * K;
    const double end = n * K;
    if (c <= end && !result.first) result.first = Tokens(std::max(c, start));
    if (start < c) {  // the API is cheaper somewhere in this interval
      if (c <= end) result.sustained = Tokens(c), result.gpus_at_sustained = n;
      else result.sustained.reset();
    }
  }
  return result;
}

}  // namespace

TEST_SUITE_BEGIN("core/model/break_even");

TEST_CASE("a fixed $1,950 a month without license breaks even at 325M (GPT-4.1) and ~418M (Mistral)") {
  const SelfHostPlan plan = flat_plan(1950.0);
  CHECK(break_even(article_rate("gpt-4.1"), plan).sustained->value == doctest::Approx(325e6));
  CHECK(break_even(article_rate("mistral-large-2411"), plan).sustained->value == doctest::Approx(417.857e6).epsilon(1e-5));
  // Against Claude Sonnet 4.6 at $11/M: 177M.
  CHECK(break_even(article_rate("claude-sonnet-4.6"), plan).sustained->value == doctest::Approx(1950.0 / 11.0 * 1e6));
}

TEST_CASE("with the $4,500/GPU-year license: ~388M and ~498M") {
  SelfHostPlan plan = flat_plan(1950.0);
  plan.license = builtin_catalog().license("enterprise-annual");
  CHECK(break_even(article_rate("gpt-4.1"), plan).sustained->value == doctest::Approx(387.5e6));
  CHECK(break_even(article_rate("mistral-large-2411"), plan).sustained->value == doctest::Approx(498.214e6).epsilon(1e-5));
}

TEST_CASE("the article's 300-500M range: $2.69/h x 725 h, sized by volume") {
  SelfHostPlan plan = flat_plan(0.0, 0);
  plan.gpu_monthly_override.reset();
  plan.usd_per_gpu_hour = 2.69;
  plan.hours_per_month = Hours(725);
  const BreakEven gpt = break_even(article_rate("gpt-4.1"), plan);
  CHECK(gpt.sustained->value == doctest::Approx(1950.25 / 6.0 * 1e6));
  CHECK(gpt.first->value == doctest::Approx(gpt.sustained->value));
  CHECK(gpt.gpus_at_sustained == 1);
  CHECK(gpt.sustained->value >= 300e6);
  CHECK(break_even(article_rate("mistral-large-2411"), plan).sustained->value <= 500e6);
}

TEST_CASE("at the break-even volume both costs agree, and self-hosting stays cheaper above it") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  plan.license = builtin_catalog().license("enterprise-annual");
  plan.ops_monthly = Usd(3000);
  for (const char* id : {"gpt-4.1", "claude-sonnet-4.6", "mistral-large-2411", "gpt-4o"}) {
    CAPTURE(id);
    const PerMtok rate = article_rate(id);
    const BreakEven be = break_even(rate, plan);
    REQUIRE(be.sustained);
    const double t = be.sustained->value;
    CHECK(selfhost_cost(plan, Tokens(t)).total.value == doctest::Approx(api_cost_at(rate, t)));
    for (double f = 1.0001; f < 200.0; f *= 1.37) {
      CHECK(selfhost_cost(plan, Tokens(t * f)).total.value <= api_cost_at(rate, t * f) * (1 + 1e-9));
    }
    CHECK(selfhost_cost(plan, Tokens(t * 0.999)).total.value > api_cost_at(rate, t * 0.999));
  }
}

TEST_CASE("a thin margin per GPU: self-hosting wins in windows before it wins for good") {
  // Capacity worth $2,200 of GPT-4.1 per GPU at the target against $1,950 per GPU: each step up in
  // GPUs hands the advantage back to the API for a while.
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  plan.capacity_tokens_per_s_per_gpu = 2200.0 / 6.0 * 1e6 / (0.6 * 3600 * 730);
  const BreakEven be = break_even(PerMtok(6.0), plan);
  REQUIRE(be.first);
  REQUIRE(be.sustained);
  CHECK(be.first->value == doctest::Approx(325e6));
  CHECK(be.sustained->value > be.first->value);
  const double K = target_capacity_per_gpu(plan).value;
  // Just past one GPU's worth the fleet has two GPUs and the API is cheaper again.
  CHECK(selfhost_cost(plan, Tokens(K * 1.001)).total.value > api_cost_at(PerMtok(6.0), K * 1.001));
  const BreakEven brute = brute_force(PerMtok(6.0), plan, 100);
  CHECK(be.sustained->value == doctest::Approx(brute.sustained->value));
  CHECK(be.gpus_at_sustained == brute.gpus_at_sustained);
}

TEST_CASE("never: when a full GPU costs more than the API bill it replaces") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  // Mistral Large 3 at $1.17/M: a GPU's 1.58B tokens at 60% are worth $1,840 < $1,950.
  const BreakEven be = break_even(article_rate("mistral-large-3"), plan);
  CHECK_FALSE(be.sustained.has_value());
  CHECK_FALSE(be.first.has_value());
  CHECK_FALSE(break_even(PerMtok(0.0), plan).sustained.has_value());
}

TEST_CASE("a license cap on GPUs stops the break-even search") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  plan.ops_monthly = Usd(200000);  // pays off only from 27 GPUs' worth of volume
  const BreakEven capped = break_even(PerMtok(6.0), plan, 16);
  CHECK_FALSE(capped.sustained.has_value());
  CHECK(break_even(PerMtok(6.0), plan).sustained.has_value());
}

TEST_CASE("the exact solver agrees with a brute-force walk on random plans") {
  std::mt19937 rng(20261125);
  std::uniform_real_distribution<double> price(0.2, 20.0), gpu(200.0, 8000.0), ops(0.0, 20000.0),
      capacity(50.0, 5000.0), util(0.1, 1.0);
  for (int i = 0; i < 500; ++i) {
    SelfHostPlan plan = flat_plan(gpu(rng), 0);
    plan.pinned_gpus.reset();
    plan.ops_monthly = Usd(ops(rng));
    plan.capacity_tokens_per_s_per_gpu = capacity(rng);
    plan.max_utilization = util(rng);
    const PerMtok rate(price(rng));
    const BreakEven exact = break_even(rate, plan);
    const BreakEven brute = brute_force(rate, plan, 5000);
    CAPTURE(i);
    CHECK(exact.first.has_value() == brute.first.has_value());
    CHECK(exact.sustained.has_value() == brute.sustained.has_value());
    if (exact.first && brute.first) CHECK(exact.first->value == doctest::Approx(brute.first->value));
    if (exact.sustained && brute.sustained) {
      CHECK(exact.sustained->value == doctest::Approx(brute.sustained->value));
      CHECK(exact.gpus_at_sustained == brute.gpus_at_sustained);
    }
  }
}

TEST_CASE("required utilization") {
  SelfHostPlan plan = flat_plan(1950.0, 0);
  plan.pinned_gpus.reset();
  // At 1B tokens GPT-4.1 bills $6,000: three $1,950 GPUs are affordable; 1B over 3 x 2.628B.
  CHECK(required_utilization(PerMtok(6.0), plan, Tokens(1e9)).value() == doctest::Approx(1e9 / (3 * 2.628e9)));
  // At 100M tokens the $600 bill buys no GPU at all.
  CHECK_FALSE(required_utilization(PerMtok(6.0), plan, Tokens(100e6)).has_value());
  // Zero volume and a free API never divide by zero.
  CHECK_FALSE(required_utilization(PerMtok(6.0), plan, Tokens(0)).has_value());
  CHECK_FALSE(required_utilization(PerMtok(0.0), plan, Tokens(1e9)).has_value());
  // A pinned GPU must run at its break-even volume over its capacity: 325M / 2.628B.
  CHECK(required_utilization(PerMtok(6.0), flat_plan(1950.0, 1), Tokens(1e9)).value() ==
        doctest::Approx(325e6 / 2.628e9));
}

TEST_CASE("a pinned fleet breaks even only at a volume it can serve") {
  // One $1,950 GPU serving 2.628B tokens a month at full load (1,000 tokens/s).
  const SelfHostPlan plan = flat_plan(1950.0, 1);
  const BreakEven at6 = break_even(PerMtok(6.0), plan);
  REQUIRE(at6.sustained);
  CHECK(at6.sustained->value == doctest::Approx(325e6));
  // At $0.70/M the API bill reaches $1,950 only at 2.79B tokens: more than the GPU serves.
  CHECK_FALSE(break_even(PerMtok(0.70), plan).sustained);
  // At $0.75/M it does at 2.6B, just inside what it serves.
  CHECK(break_even(PerMtok(0.75), plan).sustained->value == doctest::Approx(2.6e9));
}

TEST_SUITE_END();
