// Unit tests of src/render/markdown.cpp (doctest suite "render/markdown"); split from a file that said:
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

TEST_SUITE_BEGIN("render/markdown");

TEST_CASE("Markdown: a pipe table with right-aligned numbers") {
  const std::string md = render_markdown(crossover_document(report_at(5e8)));
  CHECK(md.find("| Option | $/M |") != std::string::npos);
  CHECK(md.find("| selfhost (1x h100-sxm) | $4.68 | $2,338.70 |") != std::string::npos);
  CHECK(md.find("|---|---:|") != std::string::npos);
  CHECK(md.find("| gpt-4.1 | $6.00 | $3,000.00 |") != std::string::npos);
}

TEST_SUITE_END();
