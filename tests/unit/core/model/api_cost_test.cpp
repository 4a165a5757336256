// Unit tests of src/core/model/api_cost.cpp (doctest suite "core/model/api_cost"); split from a file that said:
//   API cost: the article's blended prices at a 1:2 input:output mix, cached input and batch pricing.
#include "helpers.hpp"

#include <nimcost/model/api_cost.hpp>

#include <doctest/doctest.h>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {
Workload article_mix(double tokens) {
  Workload w;
  w.tokens = Tokens(tokens);
  w.input_share = 1.0 / 3.0;
  return w;
}
}  // namespace

TEST_SUITE_BEGIN("core/model/api_cost");

TEST_CASE("the article's blended prices at 1:2 input:output") {
  const Catalog& c = builtin_catalog();
  CHECK(blended_rate(c.api_model("claude-sonnet-4.6"), article_mix(1e9)).value == doctest::Approx(11.0));
  CHECK(blended_rate(c.api_model("gpt-4.1"), article_mix(1e9)).value == doctest::Approx(6.0));
  CHECK(blended_rate(c.api_model("mistral-large-2411"), article_mix(1e9)).value == doctest::Approx(14.0 / 3.0));
  // Mistral Large 3 at the same mix: a quarter of the article's Mistral figure.
  CHECK(blended_rate(c.api_model("mistral-large-3"), article_mix(1e9)).value == doctest::Approx(7.0 / 6.0));
}

TEST_CASE("monthly API cost at 1B tokens matches the article's table") {
  const Catalog& c = builtin_catalog();
  CHECK(api_cost(c.api_model("claude-sonnet-4.6"), article_mix(1e9)).total.value == doctest::Approx(11000.0));
  CHECK(api_cost(c.api_model("gpt-4.1"), article_mix(1e9)).total.value == doctest::Approx(6000.0));
  CHECK(api_cost(c.api_model("mistral-large-2411"), article_mix(1e9)).total.value == doctest::Approx(4666.67).epsilon(1e-5));
  // 50M tokens on GPT-4.1 is $300.
  CHECK(api_cost(c.api_model("gpt-4.1"), article_mix(50e6)).total.value == doctest::Approx(300.0));
}

TEST_CASE("input, output and the mix are explicit") {
  const ApiModel& gpt = builtin_catalog().api_model("gpt-4.1");
  Workload w = article_mix(3e6);
  const ApiCost cost = api_cost(gpt, w);
  CHECK(cost.input.value == doctest::Approx(2.0));   // 1M input tokens at $2
  CHECK(cost.output.value == doctest::Approx(16.0)); // 2M output tokens at $8
  w.input_share = 0.75;                              // 3:1 chat mix
  CHECK(blended_rate(gpt, w).value == doctest::Approx(0.75 * 2 + 0.25 * 8));
}

TEST_CASE("cached input and the batch discount") {
  const ApiModel& gpt = builtin_catalog().api_model("gpt-4.1");
  Workload w = article_mix(6e6);
  w.cached_input_share = 0.5;
  // 2M input: 1M at $2, 1M cached at $0.50; 4M output at $8.
  ApiCost cost = api_cost(gpt, w);
  CHECK(cost.input.value == doctest::Approx(2.0));
  CHECK(cost.cached_input.value == doctest::Approx(0.5));
  CHECK(cost.total.value == doctest::Approx(34.5));
  CHECK(cost.blended.value == doctest::Approx(34.5 / 6.0));
  w.cached_input_share = 0.0;
  w.batch_api = true;
  cost = api_cost(gpt, w);
  CHECK(cost.total.value == doctest::Approx(18.0));
  CHECK(cost.batch_discount.value == doctest::Approx(18.0));
  CHECK(cost.blended.value == doctest::Approx(3.0));
}

TEST_CASE("a model without a cache price or batch API is flagged and billed in full") {
  const ApiModel& mistral = builtin_catalog().api_model("mistral-large-2411");
  Workload w = article_mix(3e6);
  w.cached_input_share = 1.0;
  w.batch_api = true;
  const ApiCost cost = api_cost(mistral, w);
  CHECK_FALSE(cost.cache_priced);
  CHECK_FALSE(cost.batch_priced);
  CHECK(cost.total.value == doctest::Approx(2.0 + 12.0));
}

TEST_CASE("API cost is linear and monotone in volume") {
  const ApiModel& claude = builtin_catalog().api_model("claude-sonnet-4.6");
  double previous = -1.0;
  for (double t = 0; t <= 1e12; t = t * 3 + 1e5) {
    const double cost = api_cost(claude, article_mix(t)).total.value;
    CHECK(cost >= previous);
    CHECK(cost == doctest::Approx(blended_rate(claude, article_mix(t)).value * t / 1e6));
    previous = cost;
  }
}

TEST_SUITE_END();
