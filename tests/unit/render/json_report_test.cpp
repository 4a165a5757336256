// Unit tests of src/render/json_report.cpp (doctest suite "render/json_report"); split from a file that said:
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

TEST_SUITE_BEGIN("render/json_report");

TEST_CASE("JSON: the contract's keys, and identical bytes for identical inputs") {
  const RenderContext context{"test", {"data/x.toml (built in)"}};
  const auto j = crossover_json(report_at(5e8), context);
  CHECK(j["schema"] == "nimcost.report/v2");
  CHECK(j["command"] == "crossover");
  const auto& s = j["results"]["selfhost"];
  CHECK(s["monthly_usd"] == 2338.7);
  CHECK(s["gpus"] == 1);
  CHECK(s["per_mtok_usd"] == doctest::Approx(4.6774));
  CHECK(s["utilization_fraction"] == doctest::Approx(0.190258752));
  for (const auto& api : j["results"]["apis"]) {
    CHECK(api.contains("id"));
    CHECK(api.contains("blended_per_mtok_usd"));
    CHECK(api.contains("monthly_usd"));
    CHECK(api.contains("break_even_tokens"));
    CHECK((api["cheaper"] == "api" || api["cheaper"] == "selfhost"));
  }
  CHECK(render_json(j) == render_json(crossover_json(report_at(5e8), context)));
}

TEST_SUITE_END();
