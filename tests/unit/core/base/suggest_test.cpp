// Unit tests of src/core/base/suggest.cpp (doctest suite "core/base/suggest"); split from a file that said:
//   "Did you mean": edit distance and the ranking of close names.
#include <nimcost/base/suggest.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("core/base/suggest");

TEST_CASE("edit distance") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("GPT-4.1", "gpt-4.1") == 0);
}

TEST_CASE("closest names") {
  const std::vector<std::string> ids = {"gpt-4.1", "gpt-4.1-mini", "gpt-4o", "claude-sonnet-4.6", "mistral-large-3"};
  CHECK(closest_names("gpt-4.l", ids).front() == "gpt-4.1");
  CHECK(closest_names("sonnet", ids).front() == "claude-sonnet-4.6");
  CHECK(closest_names("zzzzzzzz", ids).empty());
  CHECK(did_you_mean("gpt4.1", ids).find("gpt-4.1") != std::string::npos);
  CHECK(did_you_mean("qqqqqqq", ids).empty());
}

TEST_SUITE_END();
