// Unit tests of src/load/report_json.cpp (doctest suite "load/report_json"); split from a file that said:
//   diff and the CI gates on hand-made snapshots, and reports read back from JSON.
#include "helpers.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/diff.hpp>
#include <nimcost/evaluate/run.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/report_json.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/diff_report.hpp>
#include <nimcost/report/run_report.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

TEST_SUITE_BEGIN("load/report_json");

TEST_CASE("a run report read back from JSON gives the figures it printed") {
  ScenarioSpec spec;
  spec.name = "article";
  spec.file = "article.toml";
  WorkloadPart p;
  p.name = "workload";
  p.tokens = Tokens(1e9);
  spec.parts = {p};
  spec.request.providers = {"gpt-4.1", "mistral-large-2411"};
  spec.request.selfhost.gpu_monthly_usd = 1950.0;
  spec.request.selfhost.gpus = 1;
  spec.request.selfhost.license = "none";
  RunReport run;
  run.scenarios.push_back(evaluate_scenario(test::builtin_catalog(), spec));
  run.catalog_sources.push_back({"built in"});
  const std::string text = render_json(run_json(run, RenderContext{"test", {"built in"}}));
  const ReportSnapshot s = read_report_json(text, "r.json");
  REQUIRE(s.scenarios.size() == 1);
  CHECK(s.command == "run");
  CHECK(s.scenarios[0].name == "article");
  CHECK(s.scenarios[0].cheapest == "selfhost");
  CHECK(s.scenarios[0].cheapest_monthly_usd == 1950.0);
  REQUIRE(s.scenarios[0].options.size() == 3);
  CHECK(s.scenarios[0].options[1].id == "gpt-4.1");
  CHECK(*s.scenarios[0].options[1].break_even_tokens == 325000000.0);
  CHECK(s.scenarios[0].options[2].monthly_usd == doctest::Approx(4666.666667));
}

TEST_CASE("reports of another schema version, other commands and broken files are refused") {
  auto error_of = [](const std::string& text) {
    try {
      read_report_json(text, "old.json");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::input);
      return std::string(e.what());
    }
    FAIL("accepted: " << text);
    return std::string();
  };
  CHECK(error_of(R"({"schema": "nimcost.report/v0", "command": "run", "results": {}})") ==
        "old.json: report schema is 'nimcost.report/v0' but this nimcost reads 'nimcost.report/v2' and "
        "'nimcost.report/v1'; regenerate the report with this version (nimcost run ... --format json) before diffing");
  CHECK(error_of(R"({"schema": "nimcost.report/v2", "command": "sweep", "results": {}})")
            .find("a 'sweep' report; diff compares 'run' and 'crossover' reports") != std::string::npos);
  CHECK(error_of(R"({"a": 1})") == "old.json: not a nimcost report (no \"schema\" key)");
  CHECK(error_of("{").find("old.json: not valid JSON") == 0);
  CHECK(error_of(R"({"schema": "nimcost.report/v1", "command": "run", "results": {"scenarios": [{"name": "x",
        "results": {"volume_tokens": 1, "selfhost": {"monthly_usd": "9", "gpus": 1}}}]}})") ==
        "old.json: $.results.scenarios[0].results.selfhost.monthly_usd: expected a number");
  // Each version's name for the volume, and only that one.
  CHECK(error_of(R"({"schema": "nimcost.report/v2", "command": "run", "results": {"scenarios": [{"name": "x",
        "results": {"volume_tokens": 1, "selfhost": {"monthly_usd": 9, "gpus": 1}}}]}})") ==
        "old.json: $.results.scenarios[0].results: missing key 'monthly_tokens'");
  CHECK(error_of(R"({"schema": "nimcost.report/v2", "command": "run", "results": {"scenarios": [{"name": "x",
        "results": {"monthly_tokens": 1, "selfhost": {"monthly_usd": "9", "gpus": 1}}}]}})") ==
        "old.json: $.results.scenarios[0].results.selfhost.monthly_usd: expected a number");
  CHECK(looks_like_json("  \n{\"a\": 1}"));
  CHECK_FALSE(looks_like_json("[workload]\n"));
}

TEST_SUITE_END();
