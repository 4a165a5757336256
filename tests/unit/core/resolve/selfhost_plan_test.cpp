// Unit tests of src/core/resolve/selfhost_plan.cpp (doctest suite "core/resolve/selfhost_plan"); split from a file that said:
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

namespace {

std::string usage_message(const CrossoverRequest& r) {
  try {
    evaluate_crossover(builtin_catalog(), r);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
  }
  FAIL("no usage error");
  return "";
}

}  // namespace

TEST_SUITE_BEGIN("core/resolve/selfhost_plan");

TEST_CASE("defaults: the article's H100 on RunPod with the annual license, 730 h, 1:2 mix") {
  const CrossoverReport r = evaluate_crossover(builtin_catalog(), request_at(500e6));
  CHECK(r.plan.gpu.id == "h100-sxm");
  CHECK(r.plan.rental->id == "runpod-h100-sxm");
  CHECK(r.plan.license.id == "enterprise-annual");
  CHECK(r.plan.hours_per_month.value == 730);
  CHECK(r.workload.input_share == doctest::Approx(1.0 / 3.0));
  CHECK(r.selfhost.gpus == 1);
  CHECK(r.selfhost.total.value == doctest::Approx(1963.70 + 375.0));
  CHECK(r.selfhost.utilization == doctest::Approx(500e6 / 2.628e9));
  // Non-production models stay out unless asked for.
  for (const auto& a : r.apis) CHECK(a.model.production);
  const auto& gpt = *std::find_if(r.apis.begin(), r.apis.end(), [](const ApiComparison& a) { return a.model.id == "gpt-4.1"; });
  CHECK(gpt.cost.total.value == doctest::Approx(3000.0));
  CHECK(gpt.cheaper == Cheaper::selfhost);
  CHECK(gpt.savings.value == doctest::Approx(3000.0 - 2338.70));
  CHECK(gpt.break_even.sustained->value == doctest::Approx(2338.70 / 6.0 * 1e6));
}

TEST_CASE("the developer license is refused for production and above 16 GPUs") {
  CrossoverRequest r = request_at(500e6);
  r.selfhost.license = "developer";
  CHECK(usage_message(r).find("not production") != std::string::npos);
  r.selfhost.production = false;
  CHECK(evaluate_crossover(builtin_catalog(), r).selfhost.license.value == 0.0);
  r.selfhost.gpus = 17;
  CHECK(usage_message(r).find("at most 16 GPUs") != std::string::npos);
  r.selfhost.gpus.reset();
  r.workload.tokens = Tokens(100e9);  // 64 GPUs at the target
  CHECK(usage_message(r).find("at most 16 GPUs") != std::string::npos);
}

TEST_CASE("unknown IDs suggest the closest names") {
  CrossoverRequest r = request_at(1e9);
  r.providers = {"gpt-4.l"};
  CHECK(usage_message(r).find("did you mean gpt-4.1") != std::string::npos);
  r.providers.clear();
  r.selfhost.gpu = "h100-sx";
  CHECK(usage_message(r).find("h100-sxm") != std::string::npos);
  r.selfhost.gpu = "h100";  // an alias of h100-sxm
  CHECK_NOTHROW(evaluate_crossover(builtin_catalog(), r));
  r.selfhost.gpu.reset();
  r.selfhost.license = "enterprise";
  CHECK(usage_message(r).find("enterprise-annual") != std::string::npos);
}

TEST_CASE("rate and GPU choices") {
  CrossoverRequest r = request_at(1e9);
  r.selfhost.capacity_tokens_per_s.reset();  // the catalog's default figure, before any model sizing
  r.selfhost.gpu = "h200";
  SelfHostPlan plan;
  std::vector<std::string> warnings;
  plan = resolve_selfhost(builtin_catalog(), r.selfhost, warnings);
  CHECK(plan.rental->id == "runpod-h200");
  CHECK(plan.capacity_tokens_per_s_per_gpu == doctest::Approx(1000.0 * 4.8 / 3.35));
  r.selfhost.rental = "runpod-l40s";
  CHECK_THROWS_AS(resolve_selfhost(builtin_catalog(), r.selfhost, warnings), Error);
  r.selfhost.gpu.reset();
  r.selfhost.gpu_hourly_usd = 2.0;
  CHECK_THROWS_AS(resolve_selfhost(builtin_catalog(), r.selfhost, warnings), Error);
  r.selfhost.rental.reset();
  plan = resolve_selfhost(builtin_catalog(), r.selfhost, warnings);
  CHECK(plan.usd_per_gpu_hour == 2.0);
  CHECK_FALSE(plan.rental.has_value());
  r.selfhost.hours_per_month = 800;
  CHECK_THROWS_AS(resolve_selfhost(builtin_catalog(), r.selfhost, warnings), Error);
}

TEST_CASE("the evaluation license warns that it expires") {
  CrossoverRequest r = request_at(1e9);
  r.selfhost.license = "evaluation";
  const CrossoverReport report = evaluate_crossover(builtin_catalog(), r);
  CHECK(report.selfhost.license.value == 0.0);
  CHECK(std::any_of(report.warnings.begin(), report.warnings.end(),
                    [](const std::string& w) { return w.find("90 days") != std::string::npos; }));
}

TEST_SUITE_END();
