// Unit tests of src/core/model/gpu_usage.cpp (doctest suite "core/model/gpu_usage"); split from a file that said:
//   GPU cost attribution: the real exporter samples by hand, a synthetic month in miniature (scrapes,
//   a pod change, a MIG slice, a gap), the parsers' tolerance and strictness, and the pricing.
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
using nimcost::test::builtin_catalog;

namespace {

std::string data_file(const char* name) {
  std::ifstream in(std::string(NIMCOST_SOURCE_DIR) + "/tests/data/dcgm/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

UsageTotals usage_of_text(const std::string& text, UsageOptions options, std::size_t chunk = 0) {
  UsageAccumulator acc(options, builtin_catalog());
  PrometheusTextParser parser("t.prom", [&](const DcgmSample& s) { acc.add(s); });
  if (chunk == 0) {
    parser.feed(text);
  } else {
    for (std::size_t i = 0; i < text.size(); i += chunk) parser.feed(std::string_view(text).substr(i, chunk));
  }
  parser.finish();
  return acc.finish();
}

const UsageTally& group(const UsageTotals& t, const std::string& key) {
  for (const auto& g : t.groups) {
    if (g.key == key) return g;
  }
  FAIL("no group " << key);
  return t.fleet;
}

// Two GPUs scraped every 15 s from t = 1000 s: gpu0 (a whole H100) runs team-a at 80% for four
// intervals and then team-b at 20%; gpu1 is a 3g.40gb MIG slice of team-c at 50%, with one scrape
// missing for 10 minutes (a gap).
std::string synthetic_month() {
  std::string text = "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n";
  for (int i = 0; i <= 8; ++i) {
    const long long ms = (1000 + 15LL * i) * 1000;
    const bool a = i < 4;
    text += fmt::format("DCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",UUID=\"GPU-aaa\",modelName=\"NVIDIA H100 80GB HBM3\","
                        "Hostname=\"n1\",namespace=\"{}\",pod=\"{}\",container=\"c\"}} {} {}\n",
                        a ? "team-a" : "team-b", a ? "p1" : "p2", a ? 80 : 20, ms);
    text += fmt::format("DCGM_FI_DEV_POWER_USAGE{{gpu=\"0\",UUID=\"GPU-aaa\",modelName=\"NVIDIA H100 80GB HBM3\","
                        "Hostname=\"n1\",namespace=\"{}\",pod=\"{}\",container=\"c\"}} 400 {}\n",
                        a ? "team-a" : "team-b", a ? "p1" : "p2", ms);
  }
  for (long long t : {1000LL, 1015LL, 1030LL, 1630LL, 1645LL}) {
    text += fmt::format("DCGM_FI_DEV_GPU_UTIL{{namespace=\"team-c\",pod=\"q\",Hostname=\"n1\",UUID=\"GPU-bbb\","
                        "gpu=\"1\",GPU_I_PROFILE=\"3g.40gb\",GPU_I_ID=\"2\",modelName=\"NVIDIA H100 80GB HBM3\"}} "
                        "50 {}\n",
                        t * 1000);
  }
  return text;
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

TEST_SUITE_END();
