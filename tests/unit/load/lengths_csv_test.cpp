// Unit tests of src/load/lengths_csv.cpp (doctest suite "load/lengths_csv"): column names, counts,
// and bad cells named by file and line.
#include <nimcost/base/error.hpp>
#include <nimcost/load/lengths_csv.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("load/lengths_csv");

TEST_CASE("request logs and histograms") {
  auto bins = parse_lengths_csv("prompt_tokens,completion_tokens\n100,20\n300,40\n", "log.csv");
  REQUIRE(bins.size() == 2);
  CHECK(bins[1].isl == 300.0);
  CHECK(bins[1].osl == 40.0);
  CHECK(bins[1].count == 1.0);
  bins = parse_lengths_csv("\xef\xbb\xbfisl,osl,count\r\n1000,100,25\r\n", "h.csv");
  REQUIRE(bins.size() == 1);
  CHECK(bins[0].count == 25.0);
}

TEST_CASE("bad input names the file and line") {
  CHECK_THROWS_WITH_AS(parse_lengths_csv("a,b\n1,2\n", "x.csv"), doctest::Contains("x.csv:1"), Error);
  CHECK_THROWS_WITH_AS(parse_lengths_csv("isl,osl\n1,2\nten,3\n", "x.csv"), doctest::Contains("x.csv:3"), Error);
  CHECK_THROWS_WITH_AS(parse_lengths_csv("isl,osl\n10,0\n", "x.csv"), doctest::Contains("output token"), Error);
  CHECK_THROWS_WITH_AS(parse_lengths_csv("isl,osl,count\n10,5,0\n", "x.csv"), doctest::Contains("no requests"), Error);
  CHECK_THROWS_WITH_AS(parse_lengths_csv("isl,osl\n1\n", "x.csv"), doctest::Contains("fields"), Error);
  CHECK_THROWS_WITH_AS(parse_lengths_csv("", "x.csv"), doctest::Contains("empty"), Error);
}

TEST_SUITE_END();
