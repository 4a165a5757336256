// Unit tests of src/load/attribute_input.cpp (doctest suite "load/attribute_input"): the measured
// fleet that crossover --from-report reads from an `nimcost attribute` JSON report.
#include <nimcost/base/error.hpp>
#include <nimcost/load/attribute_input.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace nimcost;

TEST_SUITE_BEGIN("load/attribute_input");

namespace {

// A week (168 h) of counters on 2 GPUs; `command` and `source` are spliced in raw so a test can
// give them a wrong type.
std::string report(const std::string& command = "\"attribute\"", const std::string& source = "\"rental h100-sxm\"") {
  return R"({"command": )" + command + R"(,
    "assumptions": {"gpu_prices": [{"source": )" + source + R"(, "usd_per_gpu_hour": 2.5}]},
    "results": {"period": {"hours": 168},
                "token_counters": {"input_tokens": 3000000, "output_tokens": 1000000},
                "fleet": {"utilization_fraction": 0.4, "gpu_hours": 336,
                          "gpu_hours_by_model": {"NVIDIA H100 80GB HBM3": 300, "NVIDIA A100": 36}}}})";
}

}  // namespace

TEST_CASE("an attribute report gives the month's tokens, the fleet and its price") {
  const MeasuredFleet m = parse_attribute_report(report(), "r.json", 730.0);
  CHECK(m.period_tokens == doctest::Approx(4e6));
  CHECK(m.monthly_tokens == doctest::Approx(4e6 * 730.0 / 168.0));  // 17.38M
  CHECK(m.input_share == doctest::Approx(0.75));
  CHECK(m.gpus == 2);  // 336 GPU-hours over 168 h
  CHECK(m.utilization == doctest::Approx(0.4));
  CHECK(m.gpu_model == "NVIDIA H100 80GB HBM3");  // the model with the most GPU-hours
  REQUIRE(m.rental);
  CHECK(*m.rental == "h100-sxm");
  CHECK(m.tokens_from == "token counters");
}

TEST_CASE("a price given by rate, not by rental, is read as $/GPU-hour") {
  const MeasuredFleet m = parse_attribute_report(report("\"attribute\"", "\"--gpu-hourly\""), "r.json", 730.0);
  CHECK_FALSE(m.rental);
  REQUIRE(m.usd_per_gpu_hour);
  CHECK(*m.usd_per_gpu_hour == doctest::Approx(2.5));
}

TEST_CASE("a report from another command, or with keys of the wrong type, is an input error") {
  CHECK_THROWS_WITH_AS(parse_attribute_report(report("\"crossover\""), "r.json", 730.0),
                       doctest::Contains("not an `nimcost attribute` JSON report"), Error);
  // A number where a string belongs: an input error, not the JSON library's exception (found by
  // fuzz_report).
  CHECK_THROWS_WITH_AS(parse_attribute_report(report("7"), "r.json", 730.0), doctest::Contains("r.json"), Error);
  const MeasuredFleet m = parse_attribute_report(report("\"attribute\"", "[1]"), "r.json", 730.0);
  CHECK_FALSE(m.rental);
  CHECK_THROWS_AS(parse_attribute_report("[]", "r.json", 730.0), Error);
}

TEST_SUITE_END();
