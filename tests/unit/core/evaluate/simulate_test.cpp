// Unit tests of src/core/evaluate/simulate.cpp (doctest suite "core/evaluate/simulate"); split from a file that said:
//   The month simulation: hand-computed steady cases, overflow and spill, batch windows, billing,
//   determinism, and the article's utilization claims.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/evaluate/simulate.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/report/simulate_report.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <doctest/doctest.h>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_month_s = 730.0 * 3600.0;

}  // namespace

namespace {

SimulateRequest article_request(double tokens_per_day, const std::string& profile, const std::string& api) {
  SimulateRequest r;
  WorkloadPart part;
  part.name = "workload";
  part.tokens_per_day = Tokens(tokens_per_day);
  part.profile = profile;
  part.origin = "test";
  r.spec.parts = {part};
  r.spec.file = "test";
  r.spec.request.providers = {api};
  r.spec.request.selfhost.replica = ReplicaRequest{};
  r.seeds = 20;
  return r;
}

}  // namespace

TEST_SUITE_BEGIN("core/evaluate/simulate");

TEST_CASE("article: 50 requests a day of 100k tokens leave one H100 about 99% idle; the API is far cheaper") {
  SimulateRequest r = article_request(5e6, "realtime", "mistral-large-2411");
  r.spec.request.selfhost.replica->model = "llama-3.1-8b";
  r.spec.request.selfhost.replica->isl = 98000;
  r.spec.request.selfhost.replica->osl = 2000;
  r.spec.request.selfhost.target.ttft_ms = 10000;  // a 100k-token prompt takes seconds to read
  r.spec.request.selfhost.gpus = 1;
  const SimulateReport report = evaluate_simulation(builtin_catalog(), r);
  CHECK(report.result.utilization.mean < 0.01);
  CHECK(report.result.utilization.mean > 0.001);
  CHECK(report.result.slo_violation_fraction.mean == 0.0);
  CHECK(report.result.api_only_usd < 0.2 * report.result.total_usd.mean);
}

TEST_CASE("article: a 1B-token overnight batch keeps an autoscaled fleet near full utilization") {
  SimulateRequest r = article_request(1e9, "batch", "mistral-large-2411");
  r.spec.request.selfhost.replica->model = "llama-3.3-70b";
  r.policy = FleetPolicy::autoscale;
  r.max_replicas = 40;
  const SimulateReport scaled = evaluate_simulation(builtin_catalog(), r);
  CHECK(scaled.result.utilization.mean > 0.9);
  CHECK(scaled.result.slo_violation_fraction.mean == 0.0);
  CHECK(scaled.result.total_usd.mean < 0.25 * scaled.result.api_only_usd);
  // Held all month, the same nightly work leaves a fixed fleet busy only about a third of the time.
  r.policy = FleetPolicy::fixed;
  r.spec.request.selfhost.gpus = 32;
  const SimulateReport fixed = evaluate_simulation(builtin_catalog(), r);
  CHECK(fixed.result.utilization.mean < 0.4);
}

TEST_CASE("article: realtime self-hosting pays only from a daily volume set by the API's price") {
  SimulateRequest r = article_request(5e6, "realtime", "gpt-4.1");
  r.spec.request.selfhost.replica->model = "llama-3.3-70b";
  r.break_even = true;
  r.seeds = 8;
  const SimulateReport gpt = evaluate_simulation(builtin_catalog(), r);
  REQUIRE(gpt.break_even->found);
  // One replica covers the peaks here, so it is the steady break-even: $2,338.70 / $6 per M.
  CHECK(gpt.break_even->monthly_tokens == doctest::Approx(2338.70 / 6.0 * 1e6).epsilon(0.002));
  CHECK(gpt.break_even->replicas == 1);
  // Against the same open model per token, peaks make realtime self-hosting lose at any volume,
  // while steady traffic pays from three replicas' worth.
  r.spec.request.providers = {"llama-3.3-70b-together"};
  const SimulateReport together = evaluate_simulation(builtin_catalog(), r);
  CHECK_FALSE(together.break_even->found);
  r.spec.parts[0].profile = "steady";
  const SimulateReport flat_traffic = evaluate_simulation(builtin_catalog(), r);
  REQUIRE(flat_traffic.break_even->found);
  CHECK(flat_traffic.break_even->replicas == 3);
  CHECK(flat_traffic.break_even->monthly_tokens == doctest::Approx(3 * 2338.70 / 0.88 * 1e6).epsilon(0.002));
}

TEST_CASE("simulate prices the API on the whole mix as run does: cached input and the batch API included") {
  // A batch job with no demand noise, so the simulated month's API bill is the catalog's exactly.
  Catalog catalog = builtin_catalog();
  for (auto& p : catalog.traffic_profiles) {
    if (p.id == "batch") p.burstiness = 0.0;
  }
  ScenarioSpec spec;
  WorkloadPart part;
  part.name = "nightly";
  part.tokens = Tokens(3e9);
  part.input_share = 0.8;
  part.cached_input_share = 0.5;
  part.profile = "batch";
  part.origin = "test";
  spec.parts = {part};
  spec.file = "test";
  spec.request.workload.batch_api = true;
  spec.request.selfhost.gpus = 2;

  const ScenarioReport run = evaluate_scenario(catalog, spec);
  const ApiComparison* cheapest = &run.crossover.apis.front();
  for (const auto& a : run.crossover.apis) {
    if (a.cost.total < cheapest->cost.total) cheapest = &a;
  }
  SimulateRequest r;
  r.spec = spec;
  r.seeds = 1;
  const SimulateReport sim = evaluate_simulation(catalog, r);
  CHECK(sim.parts[0].api == cheapest->model.id);
  CHECK(sim.result.api_only_usd == doctest::Approx(cheapest->cost.total.value).epsilon(1e-9));
}


TEST_CASE("a fleet that misses the SLO target is not called cheaper without the policy that meets it") {
  // Two GPUs for 2B tokens a month of bursty realtime traffic: cheaper than the API, but the peaks
  // overrun the fleet for more than 1% of the month.
  SimulateRequest r = article_request(2e9 / (730.0 / 24.0), "realtime", "gpt-4.1");
  r.spec.request.selfhost.replica.reset();
  r.spec.request.selfhost.capacity_tokens_per_s = 1000.0;
  r.spec.request.selfhost.gpus = 2;
  r.seeds = 8;
  const SimulateReport report = evaluate_simulation(builtin_catalog(), r);
  REQUIRE(report.result.slo_violation_fraction.mean > r.max_slo_violation);
  CHECK_FALSE(report.meets_slo_target);
  REQUIRE(report.alternative.has_value());
  CHECK(report.alternative->meets_slo);
  CHECK(report.alternative->result.slo_violation_fraction.mean <= r.max_slo_violation);
  const std::string verdict = simulate_verdict_text(report);
  CHECK(verdict.find("only by missing the 1.0% SLO target") != std::string::npos);
  CHECK(verdict.find("the cheapest policy that meets it") != std::string::npos);
  // Enough GPUs: the target is met and nothing else is searched.
  r.spec.request.selfhost.gpus = 4;
  const SimulateReport met = evaluate_simulation(builtin_catalog(), r);
  CHECK(met.meets_slo_target);
  CHECK_FALSE(met.alternative.has_value());
}

TEST_SUITE_END();
