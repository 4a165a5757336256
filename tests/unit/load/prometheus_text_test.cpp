// Unit tests of src/load/prometheus_text.cpp (doctest suite "load/prometheus_text"); split from a file that said:
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

std::string error_of(const std::string& text, UsageOptions options = {}) {
  try {
    usage_of_text(text, options);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("no error");
  return "";
}

}  // namespace

TEST_SUITE_BEGIN("load/prometheus_text");

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

TEST_SUITE_END();
