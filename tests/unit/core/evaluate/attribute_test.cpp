// Unit tests of src/core/evaluate/attribute.cpp (doctest suite "core/evaluate/attribute"); split from a file that said:
//   GPU cost attribution: the real exporter samples by hand, a synthetic month in miniature (scrapes,
//   a pod change, a MIG slice, a gap), the parsers' tolerance and strictness, and the pricing.
#include "fixtures.hpp"
#include "helpers.hpp"

#include <nimcost/render/render.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/load/prometheus.hpp>
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/report/attribute_report.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace nimcost;
using namespace nimcost::test;

TEST_SUITE_BEGIN("core/evaluate/attribute");

TEST_CASE("pricing: rates by GPU model from the catalog, license per GPU-hour, idle share, tokens") {
  const UsageTotals t = usage_of_text(synthetic_month(), UsageOptions{});
  AttributeRequest r;
  r.license = "none";
  AttributionReport report = evaluate_attribution(builtin_catalog(), r, t);
  REQUIRE(report.prices.size() == 1);
  CHECK(report.prices[0].usd_per_gpu_hour == doctest::Approx(2.69));  // runpod-h100-sxm, from modelName
  CHECK(report.fleet.total.value == doctest::Approx(t.fleet.gpu_hours * 2.69));
  const double u = t.fleet.utilization();
  CHECK(report.fleet.idle.value == doctest::Approx(report.fleet.total.value * (1.0 - u)));
  r.tokens = Tokens(1e4);
  r.providers = {"gpt-4.1"};
  report = evaluate_attribution(builtin_catalog(), r, t);
  REQUIRE(report.effective_per_mtok);
  CHECK(report.effective_per_mtok->value == doctest::Approx(report.fleet.total.value / 1e4 * 1e6));
  REQUIRE(report.per_mtok_at_target);
  CHECK(report.per_mtok_at_target->value == doctest::Approx(report.effective_per_mtok->value * u / 0.6));
  REQUIRE(report.apis.size() == 1);
  CHECK(report.apis[0].cost.blended.value == doctest::Approx(6.0));
  CHECK(attribution_verdict_text(report).find("vs gpt-4.1 at $6.00/M") != std::string::npos);
}

TEST_CASE("GPU model names map to catalog GPUs") {
  const Catalog& c = builtin_catalog();
  CHECK(gpu_for_model_name(c, "NVIDIA H100 80GB HBM3")->id == "h100-sxm");
  CHECK(gpu_for_model_name(c, "NVIDIA H100 PCIe")->id == "h100-pcie");
  CHECK(gpu_for_model_name(c, "NVIDIA H200")->id == "h200");
  CHECK(gpu_for_model_name(c, "NVIDIA A100-SXM4-80GB")->id == "a100-80gb");
  CHECK(gpu_for_model_name(c, "NVIDIA A100-SXM4-40GB") == nullptr);
  CHECK(gpu_for_model_name(c, "NVIDIA L40S")->id == "l40s");
  CHECK(gpu_for_model_name(c, "Tesla T4") == nullptr);
}

TEST_SUITE_END();
