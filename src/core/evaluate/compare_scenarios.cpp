// Scenarios side by side: the union of their options (every API and hosting option any of them has),
// each one's monthly cost per scenario, and each scenario's cheapest against the first column's.
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/compare.hpp>
#include <nimcost/evaluate/diff.hpp>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

ScenarioColumn column_of(const ScenarioSnapshot& s, const std::string& file) {
  ScenarioColumn c;
  c.name = s.name;
  c.file = file;
  c.volume_tokens = s.volume_tokens;
  c.cheapest = s.cheapest;
  c.monthly_usd = s.cheapest_monthly_usd;
  return c;
}

}  // namespace

ScenarioCompareReport compare_scenarios(const ReportSnapshot& evaluated, const std::vector<std::string>& files) {
  if (evaluated.scenarios.size() != files.size()) {
    throw usage_error("compare: each scenario file must hold one scenario");
  }
  ScenarioCompareReport report;
  const std::size_t n = evaluated.scenarios.size();
  for (std::size_t i = 0; i < n; ++i) {
    report.scenarios.push_back(column_of(evaluated.scenarios[i], files[i]));
    for (const auto& option : evaluated.scenarios[i].options) {
      auto it = std::find_if(report.options.begin(), report.options.end(),
                             [&](const OptionAcross& o) { return o.id == option.id && o.kind == option.kind; });
      if (it == report.options.end()) {
        report.options.push_back({option.id, option.kind, std::vector<std::optional<double>>(n)});
        it = report.options.end() - 1;
      }
      it->monthly_usd[i] = option.monthly_usd;
    }
  }
  // Self-hosting first (one row), then the APIs in the order the first scenarios list them.
  std::stable_partition(report.options.begin(), report.options.end(),
                        [](const OptionAcross& o) { return o.kind == "selfhost"; });
  const double first = report.scenarios.empty() ? 0.0 : report.scenarios.front().monthly_usd;
  for (std::size_t i = 1; i < report.scenarios.size(); ++i) {
    ScenarioColumn& c = report.scenarios[i];
    c.change_usd = c.monthly_usd - first;
    c.change_fraction = fraction_of(*c.change_usd, first);
  }
  return report;
}

}  // namespace nimcost
