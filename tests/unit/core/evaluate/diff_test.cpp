// Unit tests of src/core/evaluate/diff.cpp (doctest suite "core/evaluate/diff"); split from a file that said:
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

namespace {

ScenarioSnapshot scenario(std::string name, double selfhost, double api, double break_even = 325e6) {
  ScenarioSnapshot s;
  s.name = std::move(name);
  s.volume_tokens = 1e9;
  s.options.push_back({"selfhost", "selfhost", selfhost, selfhost / 1000.0, std::nullopt, 1});
  s.options.push_back({"gpt-4.1", "api", api, api / 1000.0, break_even, std::nullopt});
  s.cheapest = selfhost <= api ? "selfhost" : "gpt-4.1";
  s.cheapest_monthly_usd = std::min(selfhost, api);
  s.verdict = s.cheapest + " wins";
  return s;
}

ReportSnapshot report(std::vector<ScenarioSnapshot> scenarios, std::string origin) {
  return {std::move(origin), "run", std::move(scenarios)};
}

const GateResult& gate(const std::vector<GateResult>& gates, const std::string& name) {
  for (const auto& g : gates) {
    if (g.gate == name) return g;
  }
  FAIL("no gate " << name);
  return gates.front();
}

}  // namespace

namespace {

RunReport run_example(const std::string& name) {
  const LoadedScenario loaded = read_scenario_file(std::string(NIMCOST_SOURCE_DIR) + "/examples/" + name);
  std::vector<CatalogSource> sources = embedded_catalog_sources();
  sources.insert(sources.end(), loaded.catalog_sources.begin(), loaded.catalog_sources.end());
  RunReport report;
  report.scenarios.push_back(evaluate_scenario(load_catalog(sources), loaded.spec));
  report.catalog_sources.push_back({"built in"});
  return report;
}

}  // namespace

TEST_SUITE_BEGIN("core/evaluate/diff");

TEST_CASE("a price rise that flips the cheapest option: deltas, summary and every gate") {
  const ReportSnapshot base = report({scenario("chat", 1000, 1500)}, "base.json");
  const ReportSnapshot head = report({scenario("chat", 1300, 1200, 433e6)}, "head.toml");
  const DiffReport d = diff_reports(base, head);
  REQUIRE(d.scenarios.size() == 1);
  const ScenarioDiff& s = d.scenarios[0];
  CHECK(s.change == ScenarioChange::changed);
  CHECK(s.base_monthly_usd() == 1000.0);
  CHECK(s.head_monthly_usd() == 1200.0);
  CHECK(s.delta_usd() == 200.0);
  CHECK(*s.delta_fraction() == doctest::Approx(0.2));
  CHECK(s.verdict_changed());
  REQUIRE(s.options.size() == 2);
  CHECK(s.options[0].id == "selfhost");
  CHECK(s.options[0].delta_usd() == 300.0);
  CHECK(*s.options[1].delta_fraction() == doctest::Approx(-0.2));
  CHECK(*s.options[1].head_break_even_tokens == 433e6);
  CHECK(diff_summary_text(d) == "Monthly cost up +$200.00 (+20.0%): $1,000.00 -> $1,200.00; 1 of 1 scenario(s) changed, 1 "
                     "with a new cheapest option.");

  GateThresholds t;
  t.cost_increase_fraction = 0.10;
  t.above_monthly_usd = 1100.0;
  t.verdict_changes = true;
  auto gates = evaluate_gates(t, head, &d);
  CHECK(gate(gates, "fail-if-cost-increase-above").tripped);
  CHECK(gate(gates, "fail-if-cost-increase-above").value == doctest::Approx(0.2));
  CHECK(gate(gates, "fail-above-monthly-usd").tripped);
  CHECK(gate(gates, "fail-above-monthly-usd").value == 1200.0);
  CHECK(gate(gates, "fail-if-verdict-changes").tripped);
  CHECK(any_tripped(gates));

  t.cost_increase_fraction = 0.25;
  t.above_monthly_usd = 1200.0;  // at the ceiling is not above it
  t.verdict_changes = false;
  gates = evaluate_gates(t, head, &d);
  CHECK_FALSE(any_tripped(gates));
  CHECK(gates.size() == 2);
}

TEST_CASE("no change: nothing trips and the summary says so") {
  const ReportSnapshot base = report({scenario("a", 1000, 1500), scenario("b", 800, 700)}, "x");
  const DiffReport d = diff_reports(base, base);
  CHECK_FALSE(d.changed());
  CHECK(diff_summary_text(d) == "No cost change: 2 scenario(s) at $1,700.00/month.");
  GateThresholds t;
  t.cost_increase_fraction = 0.0;
  t.verdict_changes = true;
  CHECK_FALSE(any_tripped(evaluate_gates(t, base, &d)));
}

TEST_CASE("scenarios pair by name; new and removed ones count in the totals, not as flips") {
  const ReportSnapshot base = report({scenario("a", 1000, 1500), scenario("gone", 500, 900)}, "base");
  const ReportSnapshot head = report({scenario("new", 300, 200), scenario("a", 1000, 1500)}, "head");
  const DiffReport d = diff_reports(base, head);
  REQUIRE(d.scenarios.size() == 3);
  CHECK(d.scenarios[0].name == "new");
  CHECK(d.scenarios[0].change == ScenarioChange::added);
  CHECK(d.scenarios[1].change == ScenarioChange::unchanged);
  CHECK(d.scenarios[2].change == ScenarioChange::removed);
  CHECK(d.base_total_usd == 1500.0);
  CHECK(d.head_total_usd == 1200.0);
  GateThresholds t;
  t.verdict_changes = true;
  t.cost_increase_fraction = 0.0;
  const auto gates = evaluate_gates(t, head, &d);
  CHECK_FALSE(gate(gates, "fail-if-verdict-changes").tripped);
  CHECK_FALSE(gate(gates, "fail-if-cost-increase-above").tripped);  // the total fell 20%
}

TEST_CASE("one scenario a side pairs whatever the names") {
  const DiffReport d = diff_reports(report({scenario("old-name", 1000, 1500)}, "b"),
                                    report({scenario("new-name", 1000, 1500)}, "h"));
  REQUIRE(d.scenarios.size() == 1);
  CHECK(d.scenarios[0].name == "old-name -> new-name");
  CHECK(d.scenarios[0].change == ScenarioChange::unchanged);
}

TEST_CASE("the gates come out the same from the report structs and from the report saved as JSON") {
  const RunReport base = run_example("article.toml");
  const RunReport head = run_example("article-realtime-5m-per-day.toml");
  const ReportSnapshot base_structs = snapshot_of(base, "base");
  const ReportSnapshot head_structs = snapshot_of(head, "head");
  const ReportSnapshot base_saved = read_report_json(render_json(run_json(base, RenderContext{"test", {}})), "base");
  const ReportSnapshot head_saved = read_report_json(render_json(run_json(head, RenderContext{"test", {}})), "head");

  GateThresholds t;
  t.cost_increase_fraction = -0.5;  // trips on anything but a fall of more than half
  t.above_monthly_usd = 700.0;
  t.verdict_changes = true;
  const DiffReport from_structs = diff_reports(base_structs, head_structs);
  const DiffReport from_saved = diff_reports(base_saved, head_saved);
  const auto gates = evaluate_gates(t, head_structs, &from_structs);
  const auto saved = evaluate_gates(t, head_saved, &from_saved);
  REQUIRE(gates.size() == 3);
  REQUIRE(saved.size() == gates.size());
  for (std::size_t i = 0; i < gates.size(); ++i) {
    CHECK(gates[i].gate == saved[i].gate);
    CHECK(gates[i].tripped == saved[i].tripped);
    CHECK(gates[i].value == saved[i].value);
    CHECK(gates[i].detail == saved[i].detail);
  }
  // The article's two examples: self-hosting ($1,950) gives way to Mistral Large ($709.72).
  CHECK(from_structs.scenarios[0].base->cheapest == "selfhost");
  CHECK(from_structs.scenarios[0].head->cheapest == "mistral-large-2411");
  CHECK(from_structs.head_total_usd == doctest::Approx(709.72).epsilon(1e-5));
  CHECK(gates[1].tripped);  // $709.72 is above the $700 ceiling
  CHECK(gates[2].tripped);  // the cheapest option changed
  CHECK(diff_summary_text(from_structs) == diff_summary_text(from_saved));
}

TEST_SUITE_END();
