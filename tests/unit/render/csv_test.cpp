// Unit tests of src/render/csv.cpp (doctest suite "render/csv"); split from a file that said:
//   Renderers: the table fits 100 columns, CSV has raw numbers, Markdown is a table, JSON has the
//   contract's keys and is byte-identical across runs.
#include "fixtures.hpp"
#include "helpers.hpp"

#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <doctest/doctest.h>

#include <algorithm>

#include <sstream>

using namespace nimcost;
using namespace nimcost::test;

TEST_SUITE_BEGIN("render/csv");

TEST_CASE("CSV: machine column names and raw numbers") {
  const std::string csv = render_csv(crossover_document(report_at(5e8)));
  CHECK(csv.rfind("id,blended_per_mtok_usd,monthly_usd,break_even_tokens,required_utilization_fraction,cheaper,quality_score,tier,as_of\n", 0) == 0);
  CHECK(csv.find("gpt-4.1,6,3000,389783334,0.190259,selfhost,1412.2,comparable,2026-07-24") != std::string::npos);
}

TEST_SUITE_END();
