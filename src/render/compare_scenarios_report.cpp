// `nimcost compare A.toml B.toml`: scenario files side by side, one column each, the cheapest option
// of each column marked, then the verdict rows (cheapest, its cost, the change against the first).
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace nimcost {

using namespace json_parts;

Document compare_scenarios_document(const ScenarioCompareReport& r) {
  Document doc;
  doc.title = fmt::format("nimcost compare: {} scenarios side by side", r.scenarios.size());
  for (const auto& s : r.scenarios) {
    doc.facts.push_back({s.name, fmt::format("{} ({} tokens/month)", s.file, format_tokens(Tokens(s.volume_tokens)))});
  }
  TableBlock table;
  table.title = "Monthly cost of each option (* the scenario's cheapest)";
  table.columns = {{"Option", "id"}, {"Kind", "kind"}};
  for (const auto& s : r.scenarios) table.columns.push_back({s.name, s.name});
  for (const auto& o : r.options) {
    std::vector<Cell> row{Cell::of_text(o.id), Cell::of_text(o.kind)};
    for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
      const auto& v = o.monthly_usd[i];
      const Cell cell = v ? Cell::of_usd(Usd(*v)) : Cell::none("-");
      row.push_back(r.scenarios[i].cheapest == o.id ? cell.marked(" *") : cell);
    }
    table.rows.push_back(std::move(row));
  }
  std::vector<Cell> cheapest{Cell::of_text("cheapest"), Cell::of_text("")};
  std::vector<Cell> monthly{Cell::of_text("cheapest monthly"), Cell::of_text("")};
  const std::string first = r.scenarios.empty() ? "" : r.scenarios.front().name;
  std::vector<Cell> change{Cell::of_text("change vs " + first), Cell::of_text("")};
  std::vector<Cell> percent{Cell::of_text("% vs " + first), Cell::of_text("")};
  for (const auto& s : r.scenarios) {
    cheapest.push_back(Cell::of_text(s.cheapest));
    monthly.push_back(Cell::of_usd(Usd(s.monthly_usd)));
    change.push_back(s.change_usd ? Cell::of_usd_change(*s.change_usd) : Cell::none("-"));
    percent.push_back(s.change_fraction ? Cell::of_fraction_change(*s.change_fraction) : Cell::none("-"));
  }
  for (auto* row : {&cheapest, &monthly, &change, &percent}) {
    table.highlighted_rows.push_back(static_cast<int>(table.rows.size()));
    table.rows.push_back(std::move(*row));
  }
  doc.tables.push_back(std::move(table));
  if (r.scenarios.size() > 1) {
    const auto best = std::min_element(r.scenarios.begin(), r.scenarios.end(),
                                       [](const auto& a, const auto& b) { return a.monthly_usd < b.monthly_usd; });
    doc.verdict = fmt::format("Cheapest scenario: {} at {}/month ({}).", best->name, format_usd(Usd(best->monthly_usd)),
                              best->cheapest);
  }
  doc.notes.push_back("Each scenario costs what its cheapest option costs; \"-\": the scenario does not weigh that "
                      "option. Each column is the scenario's own workload and catalog.");
  return doc;
}

nlohmann::ordered_json compare_scenarios_json(const ScenarioCompareReport& r, const RenderContext& context) {
  json scenarios = json::array();
  json files = json::array();
  for (const auto& s : r.scenarios) {
    files.push_back(s.file);
    scenarios.push_back({{"name", s.name},
                         {"file", s.file},
                         {"monthly_tokens", tokens(Tokens(s.volume_tokens))},
                         {"cheapest", s.cheapest},
                         {"monthly_usd", usd(Usd(s.monthly_usd))},
                         {"delta_usd", s.change_usd ? usd(Usd(*s.change_usd)) : json(nullptr)},
                         {"delta_fraction", s.change_fraction ? fraction(*s.change_fraction) : json(nullptr)}});
  }
  json options = json::array();
  for (const auto& o : r.options) {
    json costs = json::array();
    for (const auto& v : o.monthly_usd) costs.push_back(v ? usd(Usd(*v)) : json(nullptr));
    options.push_back({{"id", o.id}, {"kind", o.kind}, {"monthly_usd", std::move(costs)}});
  }
  json results = {{"scenarios", std::move(scenarios)}, {"options", std::move(options)}};
  return envelope("compare", {{"files", std::move(files)}}, std::move(results), {}, context);
}

}  // namespace nimcost
