// Unit tests of src/core/model/gpu_usage.cpp (doctest suite "core/model/gpu_usage"); split from a file that said:
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

namespace {

std::string data_file(const char* name) {
  std::ifstream in(std::string(NIMCOST_SOURCE_DIR) + "/tests/data/dcgm/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_SUITE_BEGIN("core/model/gpu_usage");

TEST_CASE("a real single scrape with Kubernetes labels, priced by hand") {
  UsageOptions o;
  o.period_s = 30 * 86400.0;
  const UsageTotals t = usage_of_text(data_file("dcgm-exporter-t4-k8s-scrape.prom"), o);
  REQUIRE(t.groups.size() == 1);
  CHECK(t.groups[0].key == "default");
  CHECK(t.groups[0].gpu_hours == doctest::Approx(720.0));
  CHECK(t.groups[0].active_gpu_hours == 0.0);
  CHECK(t.fleet.energy_kwh == doctest::Approx(15.507 * 720.0 / 1000.0));
  CHECK(t.devices == 1);
  AttributeRequest r;
  r.gpu_hourly_usd = 0.35;
  const AttributionReport report = evaluate_attribution(builtin_catalog(), r, t);
  // $0.35 + $4,500 / 8,760 h of NVIDIA AI Enterprise, for 720 hours.
  CHECK(report.fleet.total.value == doctest::Approx(720.0 * (0.35 + 4500.0 / 8760.0)));
  CHECK(report.fleet.idle.value == doctest::Approx(report.fleet.total.value));
  // The T4 is not in the catalog: without a rate there is no price.
  CHECK_THROWS_WITH_AS(evaluate_attribution(builtin_catalog(), AttributeRequest{}, t),
                       doctest::Contains("'Tesla T4'"), Error);
}

TEST_CASE("a real scrape without pod labels is unattributed and prefers the engine-active ratio") {
  UsageOptions o;
  o.period_s = 3600.0;
  o.by = GroupBy::node;
  const UsageTotals t = usage_of_text(data_file("dcgm-exporter-l4-scrape.prom"), o);
  REQUIRE(t.groups.size() == 1);
  CHECK(t.groups[0].key == "i-030791dc5a37cd257");
  CHECK(t.activity_source.front().find("DCGM_FI_PROF_GR_ENGINE_ACTIVE") != std::string::npos);
  CHECK(t.fleet.gpu_hours == doctest::Approx(1.0));
  CHECK(t.fleet.energy_kwh == doctest::Approx(0.016365));
  CHECK(group_key(DcgmLabels{}, GroupBy::kube_namespace) == "unattributed");
}

TEST_CASE("concatenated scrapes: intervals, a pod change, a MIG slice and a gap, by hand") {
  UsageOptions o;
  const UsageTotals t = usage_of_text(synthetic_month(), o);
  const double h = 15.0 / 3600.0;
  // gpu0: 8 intervals of 15 s; the first 4 belong to team-a (80%), the next 4 to team-b (20%).
  CHECK(group(t, "team-a").gpu_hours == doctest::Approx(4 * h));
  CHECK(group(t, "team-a").active_gpu_hours == doctest::Approx(4 * h * 0.8));
  CHECK(group(t, "team-b").gpu_hours == doctest::Approx(4 * h));
  CHECK(group(t, "team-b").active_gpu_hours == doctest::Approx(4 * h * 0.2));
  CHECK(group(t, "team-a").energy_kwh == doctest::Approx(4 * h * 0.4));
  // gpu1: a 3g.40gb slice is 3/7 of a GPU; 3 intervals of 15 s are charged, the 600 s one is a gap.
  CHECK(group(t, "team-c").gpu_hours == doctest::Approx(3 * h * 3.0 / 7.0));
  CHECK(group(t, "team-c").active_gpu_hours == doctest::Approx(3 * h * 3.0 / 7.0 * 0.5));
  CHECK(t.gap_count == 1);
  CHECK(t.gap_hours == doctest::Approx(600.0 / 3600.0 * 3.0 / 7.0));
  CHECK(t.mig_slices == 1);
  CHECK(t.devices == 2);
  CHECK(t.period_hours == doctest::Approx(645.0 / 3600.0));
  CHECK(t.fleet.gpu_hours == doctest::Approx(8 * h + 3 * h * 3.0 / 7.0));
  // The same bytes fed in 7-byte pieces give the same answer.
  const UsageTotals pieces = usage_of_text(synthetic_month(), o, 7);
  CHECK(pieces.fleet.gpu_hours == doctest::Approx(t.fleet.gpu_hours));
  CHECK(pieces.fleet.active_gpu_hours == doctest::Approx(t.fleet.active_gpu_hours));
  // A longer gap limit charges the gap to team-c at its last value.
  o.max_gap_s = 3600.0;
  CHECK(group(usage_of_text(synthetic_month(), o), "team-c").gpu_hours ==
        doctest::Approx((3 * 15.0 + 600.0) / 3600.0 * 3.0 / 7.0));
  // Grouped by pod and by GPU.
  o.max_gap_s = 300.0;
  o.by = GroupBy::pod;
  CHECK(group(usage_of_text(synthetic_month(), o), "team-a/p1").gpu_hours == doctest::Approx(4 * h));
  o.by = GroupBy::gpu;
  CHECK(group(usage_of_text(synthetic_month(), o), "n1/GPU-bbb/mig2(3g.40gb)").samples == 5);
}

TEST_CASE("values outside a metric's range are clamped and counted once, where they are used") {
  UsageOptions options;
  const std::string text =
      "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} -50 1000\n"
      "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 500 31000\n"
      "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 150 16000\n"  // out of order: skipped, so not counted
      "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 50 61000\n";
  const UsageTotals t = usage_of_text(text, options);
  CHECK(t.samples_out_of_range == 2);
  CHECK(t.samples_out_of_order == 1);
  // 30 s at 0 % (clamped from -50), then 30 s at 100 % (clamped from 500).
  CHECK(t.fleet.active_gpu_hours == doctest::Approx(30.0 / 3600.0));
  CHECK(t.fleet.gpu_hours == doctest::Approx(60.0 / 3600.0));
  CHECK(dcgm_value_in_range(DcgmMetric::engine_active, 1.0));
  CHECK_FALSE(dcgm_value_in_range(DcgmMetric::engine_active, 1.01));
  CHECK_FALSE(dcgm_value_in_range(DcgmMetric::power, -1.0));
}

TEST_SUITE_END();
