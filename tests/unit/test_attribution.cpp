// GPU cost attribution: the real exporter samples by hand, a synthetic month in miniature (scrapes,
// a pod change, a MIG slice, a gap), the parsers' tolerance and strictness, and the pricing.
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

std::string error_of(const std::string& text, UsageOptions options = {}) {
  try {
    usage_of_text(text, options);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error");
  return "";
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

TEST_CASE("the text parser is tolerant where exporters vary") {
  const std::string text =
      "# HELP anything\n"
      "# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n"
      "\n"
      "go_goroutines 42\n"
      "DCGM_FI_DEV_SM_CLOCK{gpu=\"0\"} 1410 1000\n"
      "DCGM_FI_DEV_GPU_UTIL{ namespace = \"a \\\"quoted\\\" \\\\ team\" , UUID=\"U\",} 50 1000000\n"
      "DCGM_FI_DEV_GPU_UTIL{UUID=\"U\",namespace=\"a \\\"quoted\\\" \\\\ team\"} +5e1 1015000\r\n"
      "DCGM_FI_DEV_GPU_UTIL{namespace=\"a \\\"quoted\\\" \\\\ team\",UUID=\"U\"} NaN 1030000\n";
  const UsageTotals t = usage_of_text(text, UsageOptions{});
  REQUIRE(t.groups.size() == 1);
  CHECK(t.groups[0].key == "a \"quoted\" \\ team");
  CHECK(t.fleet.gpu_hours == doctest::Approx(15.0 / 3600.0));
  CHECK(t.samples_not_finite == 1);
}

TEST_CASE("the text parser is strict where a line is malformed, naming the line") {
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\" 5\n").find("t.prom:1: DCGM_FI_DEV_GPU_UTIL: the label set is never closed") !=
        std::string::npos);
  CHECK(error_of("# ok\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} five\n").find("t.prom:2:") != std::string::npos);
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=0} 5 1\n").find("no quoted value") != std::string::npos);
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 5 12.5\n").find("whole milliseconds") != std::string::npos);
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"}\n").find("no value") != std::string::npos);
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 5 1 extra\n").find("unexpected text") != std::string::npos);
  CHECK(error_of("{gpu=\"0\"} 5\n").find("metric name") != std::string::npos);
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 5 1000\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 5\n").find("t.prom:2: some samples have "
                                                                                                   "timestamps") !=
        std::string::npos);
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 5\n").find("--period") != std::string::npos);
  UsageOptions o;
  o.period_s = 60.0;
  CHECK(error_of("DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 5\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 6\n", o).find("repeats") !=
        std::string::npos);
}

TEST_CASE("a query_range JSON gives the same answer as the same samples in text") {
  const std::string json = R"({"status":"success","data":{"resultType":"matrix","result":[
    {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","UUID":"U","namespace":"ml","modelName":"NVIDIA H100 80GB HBM3"},
     "values":[[1000,"40"],[1015,"60"],[1030,"60"]]},
    {"metric":{"__name__":"go_goroutines"},"values":[[1000,"1"]]}]}})";
  UsageAccumulator acc(UsageOptions{}, builtin_catalog());
  const ReadStats stats = parse_prometheus_json(json, "r.json", [&](const DcgmSample& s) { acc.add(s); });
  CHECK(stats.samples == 3);
  CHECK(stats.other_metrics == 1);
  const UsageTotals t = acc.finish();
  CHECK(group(t, "ml").gpu_hours == doctest::Approx(30.0 / 3600.0));
  CHECK(group(t, "ml").active_gpu_hours == doctest::Approx(15.0 / 3600.0 * 0.4 + 15.0 / 3600.0 * 0.6));
  const auto fails = [&](const std::string& text) {
    try {
      parse_prometheus_json(text, "r.json", [](const DcgmSample&) {});
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(fails("{").find("not valid JSON") != std::string::npos);
  CHECK(fails(R"({"status":"error"})").find("status") != std::string::npos);
  CHECK(fails(R"({"data":{"resultType":"vector","result":[]}})").find("matrix") != std::string::npos);
  CHECK(fails(R"({"data":{"resultType":"matrix","result":[{"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL"},"values":[[1]]}]}})")
            .find("values[0]") != std::string::npos);
}

TEST_CASE("gzip-compressed and plain files read the same") {
  const std::string text = synthetic_month();
  const std::string plain = (std::filesystem::temp_directory_path() / "nimcost-test-metrics.prom").string();
  const std::string packed = plain + ".gz";
  { std::ofstream(plain, std::ios::binary) << text; }
  gzFile gz = gzopen(packed.c_str(), "wb");
  REQUIRE(gz != nullptr);
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  const auto total = [](const std::string& path) {
    UsageAccumulator acc(UsageOptions{}, builtin_catalog());
    read_metrics_file(path, [&](const DcgmSample& s) { acc.add(s); });
    return acc.finish().fleet.gpu_hours;
  };
  CHECK(total(packed) == doctest::Approx(total(plain)));
  CHECK(total(plain) > 0.0);
  std::remove(plain.c_str());
  std::remove(packed.c_str());
  CHECK_THROWS_WITH_AS(read_metrics_file(packed, [](const DcgmSample&) {}), doctest::Contains("cannot read"), Error);
}
