// Unit tests of src/core/evaluate/compare_scenarios.cpp (doctest suite "core/evaluate/compare_scenarios").
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/compare.hpp>
#include <nimcost/render/render.hpp>

#include <doctest/doctest.h>

using namespace nimcost;

namespace {

ScenarioSnapshot scenario(std::string name, double volume, std::vector<OptionSnapshot> options) {
  ScenarioSnapshot s;
  s.name = std::move(name);
  s.volume_tokens = volume;
  s.options = std::move(options);
  const auto cheapest = std::min_element(s.options.begin(), s.options.end(),
                                         [](const auto& a, const auto& b) { return a.monthly_usd < b.monthly_usd; });
  s.cheapest = cheapest->id;
  s.cheapest_monthly_usd = cheapest->monthly_usd;
  return s;
}

OptionSnapshot api(std::string id, double usd) { return {std::move(id), "api", usd, {}, {}, {}}; }
OptionSnapshot host(double usd) { return {"selfhost", "selfhost", usd, {}, {}, 1}; }

}  // namespace

TEST_SUITE_BEGIN("core/evaluate/compare_scenarios");

TEST_CASE("the union of options, one cost per scenario, and the change against the first, by hand") {
  ReportSnapshot run;
  run.scenarios = {scenario("a", 1e9, {api("gpt-4.1", 6000), host(2338.70)}),
                   scenario("b", 5e8, {api("gpt-4.1", 3000), api("mistral-small", 70), host(2338.70)})};
  const ScenarioCompareReport r = compare_scenarios(run, {"a.toml", "b.toml"});
  REQUIRE(r.scenarios.size() == 2);
  CHECK(r.scenarios[0].cheapest == "selfhost");
  CHECK(r.scenarios[1].cheapest == "mistral-small");
  CHECK_FALSE(r.scenarios[0].change_usd.has_value());
  CHECK(*r.scenarios[1].change_usd == doctest::Approx(70 - 2338.70));
  CHECK(*r.scenarios[1].change_fraction == doctest::Approx(70 / 2338.70 - 1));
  REQUIRE(r.options.size() == 3);
  CHECK(r.options[0].id == "selfhost");  // self-hosting first, then APIs as first seen
  CHECK(r.options[1].id == "gpt-4.1");
  CHECK(r.options[2].id == "mistral-small");
  CHECK_FALSE(r.options[2].monthly_usd[0].has_value());
  CHECK(*r.options[2].monthly_usd[1] == doctest::Approx(70));

  const Document doc = compare_scenarios_document(r);
  const std::string table = render_table(doc, TableStyle{false, 100, false});
  CHECK(table.find("$2,338.70 *") != std::string::npos);  // a's cheapest, marked
  CHECK(table.find("$70.00 *") != std::string::npos);
  CHECK(render_csv(doc).find('*') == std::string::npos);  // CSV keeps raw values
}

TEST_CASE("a first column that costs nothing has no percentage change; a file of two scenarios is refused") {
  ReportSnapshot run;
  run.scenarios = {scenario("zero", 0, {api("free", 0)}), scenario("some", 1e6, {api("paid", 5)})};
  const ScenarioCompareReport r = compare_scenarios(run, {"z.toml", "s.toml"});
  CHECK(*r.scenarios[1].change_usd == doctest::Approx(5));
  CHECK_FALSE(r.scenarios[1].change_fraction.has_value());
  CHECK_THROWS_AS(compare_scenarios(run, {"only.toml"}), Error);
}

TEST_SUITE_END();
