// Unit tests of src/core/evaluate/plan.cpp (doctest suite "core/evaluate/plan"): the search's best
// against a brute-force evaluation of every configuration, the Pareto front's properties, never
// dearer than crossover inside the search space, quality and latency refusals, hand-priced APIs.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/plan.hpp>
#include <nimcost/model/api_cost.hpp>
#include <nimcost/render/render.hpp>

#include <doctest/doctest.h>

#include <limits>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

// A month of realtime traffic at `tokens`, on a small search space so that every test runs fast;
// the winner's seeds and step are the search's, so settling changes nothing.
PlanRequest small_request(double tokens) {
  PlanRequest r;
  WorkloadPart part;
  part.name = "workload";
  part.tokens = Tokens(tokens);
  part.profile = "realtime";
  r.spec.parts = {part};
  r.spec.file = "test";
  r.spec.request.selfhost.replica = ReplicaRequest{};
  r.spec.request.selfhost.target = LatencyTarget{1000.0, 40.0};
  r.gpus = {"h100-sxm", "l40s", "a100-80gb"};
  r.precisions = {"fp8", "bf16"};
  r.tps = {1, 2};
  r.model = "llama-3.1-8b";
  r.seeds = r.search_seeds = 3;
  r.step_s = r.search_step_s = 600.0;
  return r;
}

double selfhost_usd(const PlanReport& r) {
  return r.best_selfhost ? r.candidates[*r.best_selfhost].monthly_usd.mean : std::numeric_limits<double>::infinity();
}

PlanCandidate point(double usd, double tpot, bool meets = true, const char* kind = "selfhost") {
  PlanCandidate c;
  c.kind = kind;
  c.monthly_usd = Band{usd, usd, usd, usd};
  c.tpot_ms = tpot;
  c.meets_slo_target = meets;
  return c;
}

// Brute force: each configuration of the request's space on its own, every policy simulated.
double brute_force(const Catalog& catalog, const PlanRequest& request) {
  double brute = std::numeric_limits<double>::infinity();
  for (const auto& gpu : request.gpus) {
    for (const auto& precision : request.precisions) {
      for (int tp : request.tps) {
        PlanRequest one = request;
        one.gpus = {gpu};
        one.precisions = {precision};
        one.tps = {tp};
        one.shortlist = 1;
        brute = std::min(brute, selfhost_usd(evaluate_plan(catalog, one)));
      }
    }
  }
  return brute;
}

void check_search_is_exact(const Catalog& catalog, const PlanRequest& request) {
  const PlanReport searched = evaluate_plan(catalog, request);
  // The bound skipped some configurations, and proves they could not have won.
  CHECK(searched.search.simulated_configurations < searched.search.meeting_latency);
  CHECK(searched.search.not_ruled_out == 0);
  const double brute = brute_force(catalog, request);
  REQUIRE(std::isfinite(brute));
  CHECK(selfhost_usd(searched) == doctest::Approx(brute).epsilon(1e-12));
}

RentalOffer spot_offer(const std::string& id, double usd, bool rates) {
  RentalOffer o;
  o.id = id;
  o.vendor = "test";
  o.gpu = "l40s";
  o.usd_per_gpu_hour = usd;
  o.term = "spot";
  o.billing = "per-minute";
  if (rates) {
    o.interruptions_per_day = 1.0;
    o.mean_interruption_minutes = 30.0;
  }
  o.provenance = {"test", "2026-12-01", ""};
  return o;
}

}  // namespace

TEST_SUITE_BEGIN("core/evaluate/plan");

TEST_CASE("the search's best self-hosted fleet equals a brute-force evaluation of every configuration") {
  const Catalog& catalog = builtin_catalog();
  for (double tokens : {3e9, 40e9}) {
    CAPTURE(tokens);
    check_search_is_exact(catalog, small_request(tokens));
  }
  SUBCASE("a month of 100 hours: licenses, the bound and the simulation agree") {
    PlanRequest r = small_request(3e9);
    r.spec.request.selfhost.hours_per_month = 100.0;
    check_search_is_exact(catalog, r);
  }
  SUBCASE("spot capacity with published interruptions, though a cheaper spot offer has none") {
    Catalog with_spot = catalog;
    with_spot.rentals.push_back(spot_offer("test-l40s-spot-rated", 0.45, true));
    with_spot.rentals.push_back(spot_offer("test-l40s-spot-unrated", 0.30, false));
    PlanRequest r = small_request(40e9);
    r.gpus = {"l40s", "a100-80gb", "h100-sxm"};
    check_search_is_exact(with_spot, r);
    const PlanReport report = evaluate_plan(with_spot, r);
    CHECK(std::any_of(report.candidates.begin(), report.candidates.end(), [](const PlanCandidate& c) {
      return c.offer.find("test-l40s-spot-rated") != std::string::npos;
    }));
    CHECK(std::any_of(report.warnings.begin(), report.warnings.end(),
                      [](const std::string& w) { return w.find("test-l40s-spot-unrated") != std::string::npos; }));
  }
}

TEST_CASE("the Pareto front: none on it is dominated, every SLO-meeting fleet off it is") {
  std::vector<PlanCandidate> c = {point(10, 30), point(12, 20), point(11, 35), point(12, 20),
                                  point(9, 50, false), point(5, 10, true, "api"), point(15, 45)};
  mark_pareto(c);
  CHECK(c[0].pareto);       // cheapest SLO-meeting fleet
  CHECK(c[1].pareto);       // fastest
  CHECK(c[3].pareto);       // equal to another on the front: neither is better
  CHECK_FALSE(c[2].pareto); // dearer and slower than the first
  CHECK_FALSE(c[4].pareto); // misses the SLO
  CHECK_FALSE(c[5].pareto); // an API's latency is not modelled
  CHECK_FALSE(c[6].pareto);

  // The same properties on a real search.
  PlanRequest r = small_request(40e9);
  r.shortlist = 12;
  const PlanReport report = evaluate_plan(builtin_catalog(), r);
  const auto eligible = [](const PlanCandidate& x) { return x.kind == "selfhost" && x.meets_slo_target; };
  const auto dominates = [](const PlanCandidate& a, const PlanCandidate& b) {
    return a.monthly_usd.mean <= b.monthly_usd.mean && *a.tpot_ms <= *b.tpot_ms &&
           (a.monthly_usd.mean < b.monthly_usd.mean || *a.tpot_ms < *b.tpot_ms);
  };
  int on_front = 0;
  for (const auto& x : report.candidates) {
    if (!eligible(x)) {
      CHECK_FALSE(x.pareto);
      continue;
    }
    const bool dominated = std::any_of(report.candidates.begin(), report.candidates.end(),
                                       [&](const PlanCandidate& o) { return eligible(o) && dominates(o, x); });
    CHECK(x.pareto == !dominated);
    on_front += x.pareto ? 1 : 0;
  }
  CHECK(on_front >= 1);
  // The best self-hosted fleet is the cheapest, so nothing dominates it.
  REQUIRE(report.best_selfhost);
  CHECK(report.candidates[*report.best_selfhost].pareto);
}

TEST_CASE("the plan's best is never dearer than crossover for a configuration inside its search space") {
  const Catalog& catalog = builtin_catalog();
  for (double tokens : {3e9, 40e9}) {
    PlanRequest r = small_request(tokens);
    r.shortlist = 12;
    const PlanReport plan = evaluate_plan(catalog, r);
    REQUIRE(plan.best);
    const double best = plan.candidates[*plan.best].monthly_usd.mean;
    for (const char* gpu : {"h100-sxm", "l40s"}) {
      CrossoverRequest x;
      x.workload.tokens = Tokens(tokens);
      x.selfhost.gpu = gpu;
      x.selfhost.profile = "realtime";
      x.selfhost.target = LatencyTarget{1000.0, 40.0};
      x.selfhost.replica = ReplicaRequest{};
      x.selfhost.replica->model = "llama-3.1-8b";
      x.selfhost.replica->precision = std::string(gpu) == "l40s" ? "fp8" : "bf16";
      x.selfhost.replica->tp = 1;
      x.min_quality = plan.min_quality;
      const CrossoverReport crossover = evaluate_crossover(catalog, x);
      CAPTURE(tokens);
      CAPTURE(gpu);
      CHECK(best <= crossover.selfhost.total.value + 1e-6);
      CHECK(best <= crossover.verdict.cheapest_monthly.value + 1e-6);
    }
  }
}

TEST_CASE("quality: only served models and APIs that reach the score; APIs priced by hand") {
  PlanRequest r = small_request(2e9);
  r.model.reset();
  r.min_quality = 1395.0;  // deepseek-r1 (1396.1) and the APIs from gpt-5-mini (1392.8) up are out or in
  r.gpus = {"h100-sxm"};
  r.precisions = {"fp8"};
  r.tps = {8};
  const PlanReport report = evaluate_plan(builtin_catalog(), r);
  CHECK(report.models == std::vector<std::string>{"deepseek-r1"});
  for (const auto& c : report.candidates) {
    REQUIRE(c.quality_score);
    CHECK(*c.quality_score >= 1395.0);
  }
  // gpt-4.1 at $2 in / $8 out per million, a third input: $6.00/M, $12,000 for 2B tokens.
  const auto gpt = std::find_if(report.candidates.begin(), report.candidates.end(),
                                [](const PlanCandidate& c) { return c.model == "gpt-4.1"; });
  REQUIRE(gpt != report.candidates.end());
  CHECK(gpt->monthly_usd.mean == doctest::Approx(12000.0));
  CHECK(gpt->per_mtok_usd == doctest::Approx(6.0));
  CHECK(gpt->kind == "api");
}

TEST_CASE("refusals: no model or API of the quality; no configuration meets the latency target") {
  PlanRequest r = small_request(2e9);
  r.model.reset();
  r.min_quality = 1500.0;
  CHECK_THROWS_WITH_AS(evaluate_plan(builtin_catalog(), r),
                       doctest::Contains("no served model or API reaches quality 1500; the best served model is deepseek-r1"),
                       Error);

  PlanRequest fast = small_request(2e9);
  fast.spec.request.selfhost.target = LatencyTarget{1.0, 2.0};
  const PlanReport report = evaluate_plan(builtin_catalog(), fast);
  CHECK(report.search.meeting_latency == 0);
  CHECK_FALSE(report.best_selfhost);
  REQUIRE(report.closest);
  CHECK(report.closest->ttft_ms > 1.0);  // what the closest achieves, which misses the target
  REQUIRE(report.best);
  CHECK(report.candidates[*report.best].kind == "api");
  CHECK(plan_verdict_text(report).find("the closest, llama-3.1-8b") != std::string::npos);

  PlanRequest both = small_request(2e9);
  both.min_quality = 1300.0;
  CHECK_THROWS_WITH_AS(evaluate_plan(builtin_catalog(), both), "give --model or --min-quality, not both", Error);
}

TEST_CASE("same request, same plan; the winner is settled with every seed") {
  PlanRequest r = small_request(40e9);
  r.seeds = 20;
  r.step_s = 60.0;
  const PlanReport a = evaluate_plan(builtin_catalog(), r);
  const PlanReport b = evaluate_plan(builtin_catalog(), r);
  REQUIRE(a.best);
  REQUIRE(a.candidates.size() == b.candidates.size());
  for (std::size_t i = 0; i < a.candidates.size(); ++i) CHECK(a.candidates[i].monthly_usd.mean == b.candidates[i].monthly_usd.mean);
  const PlanCandidate& best = a.candidates[*a.best];
  CHECK((best.kind == "api" || best.seeds == 20));
  if (a.best_selfhost) CHECK(a.candidates[*a.best_selfhost].seeds == 20);
  // Ranked: SLO-meeting first, cheapest first among them.
  for (std::size_t i = 1; i < a.candidates.size(); ++i) {
    if (a.candidates[i].meets_slo_target) {
      CHECK(a.candidates[i - 1].meets_slo_target);
      CHECK(a.candidates[i - 1].monthly_usd.mean <= a.candidates[i].monthly_usd.mean);
    }
  }
}

TEST_SUITE_END();
