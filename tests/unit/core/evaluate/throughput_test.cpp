// Unit tests of src/core/evaluate/throughput.cpp (doctest suite "core/evaluate/throughput"); split from a file that said:
//   The throughput model: every formula against hand-computed values, and the properties the model
//   must keep (monotone in concurrency, offline maximum on top, TP splitting memory, MoE reads).
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/throughput.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/report/throughput_report.hpp>
#include <nimcost/resolve/replica.hpp>

#include <doctest/doctest.h>

#include <cmath>

using namespace nimcost;
using nimcost::test::builtin_catalog;

namespace {

constexpr double k_mib = 1024.0 * 1024.0;

}  // namespace

TEST_SUITE_BEGIN("core/evaluate/throughput");

TEST_CASE("nimcost throughput reports a non-fitting model with the GPUs it needs") {
  ThroughputRequest q;
  q.replica.model = "llama-3.1-405b";
  q.replica.tp = 2;
  const ThroughputReport r = evaluate_throughput(builtin_catalog(), q);
  CHECK_FALSE(r.memory.fits);
  CHECK_FALSE(r.point);
  CHECK(r.gpus_needed == 8);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("--tp 8") != std::string::npos);
}

TEST_SUITE_END();
