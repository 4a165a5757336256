// Unit tests of src/core/evaluate/compare.cpp (doctest suite "core/evaluate/compare"); split from a file that said:
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

TEST_SUITE_BEGIN("core/evaluate/compare");

TEST_CASE("compare lists APIs, every rental offer of every term and every purchase, cheapest first") {
  const Catalog& catalog = builtin_catalog();
  const CompareReport report = evaluate_compare(catalog, request_at(1e9));
  const auto production = std::count_if(catalog.api_models.begin(), catalog.api_models.end(),
                                        [](const ApiModel& m) { return m.production; });
  CHECK(report.rows.size() == catalog.rentals.size() + catalog.purchases.size() + static_cast<std::size_t>(production));
  for (std::size_t i = 1; i < report.rows.size(); ++i) CHECK(report.rows[i - 1].monthly <= report.rows[i].monthly);
  const auto count = [&](const char* kind) {
    return std::count_if(report.rows.begin(), report.rows.end(), [&](const CompareRow& row) { return row.kind == kind; });
  };
  CHECK(count("rental") == static_cast<long>(catalog.rentals.size()));
  CHECK(count("purchase") == static_cast<long>(catalog.purchases.size()));
  for (const auto& row : report.rows) {
    if (row.kind == "purchase") CHECK(*row.gpus % 8 == 0);  // whole 8-GPU servers
    if (row.kind == "rental") CHECK(row.term == catalog.rental(row.id).term);
  }
}

TEST_CASE("compare sizes the named model on every GPU: never a 70B at 16-bit on one 80 GB GPU") {
  CrossoverRequest r;
  r.workload.tokens = Tokens(5e8);
  const CompareReport report = evaluate_compare(builtin_catalog(), r);
  CHECK(report.plan.served_model == "llama-3.3-70b");
  int hosting = 0;
  bool a100 = false;
  for (const auto& row : report.rows) {
    if (row.kind == "api") continue;
    ++hosting;
    CHECK(row.model == "llama-3.3-70b");
    REQUIRE_FALSE(row.precision_tp.empty());
    if (row.precision_tp.rfind("bf16", 0) == 0 || row.precision_tp.rfind("fp16", 0) == 0) {
      // 70B parameters at 2 bytes are 140 GB of weights: at least two 80 GB GPUs.
      CHECK(row.gpus.value_or(0) >= 2);
      CHECK(row.precision_tp != "bf16 TP1");
    }
    // No FP8 on Ampere: bf16 on two or four GPUs (which one the latency target needs follows the
    // fitted all-reduce cost).
    if (row.id == "runpod-a100-80gb") {
      a100 = true;
      CHECK((row.precision_tp == "bf16 TP2" || row.precision_tp == "bf16 TP4"));
    }
  }
  CHECK(hosting >= 5);
  CHECK(a100);
}

TEST_SUITE_END();
