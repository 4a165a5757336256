// Unit tests of src/load/prometheus_read.cpp (doctest suite "load/prometheus_read"); split from a file that said:
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

TEST_SUITE_BEGIN("load/prometheus_read");

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

TEST_SUITE_END();
