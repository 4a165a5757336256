// Document, CSV and JSON views of `nimcost sweep` (the SVG is in sweep_svg.cpp, the chart in sweep_chart.cpp).
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

// The cheapest API at each volume index.
const SweepSeries* cheapest_api(const SweepReport& r, Eigen::Index i) {
  const SweepSeries* best = nullptr;
  for (const auto& s : r.apis) {
    if (best == nullptr || s.monthly[i] < best->monthly[i]) best = &s;
  }
  return best;
}

}  // namespace

Document sweep_document(const SweepReport& r) {
  Document doc;
  doc.title = fmt::format("nimcost sweep: {} to {} tokens/month, {} points", format_tokens(Tokens(r.volumes[0])),
                          format_tokens(Tokens(r.volumes[r.volumes.size() - 1])), r.volumes.size());
  doc.facts.push_back({"Mix", fmt::format("input share {}", format_percent(r.workload.input_share))});
  doc.facts.push_back({"Self-host", fmt::format("{} ({}), {:.0f} tokens/s per GPU, fleet at or under {}, growing by {} GPU{}{}",
                                                r.selfhost.id, r.plan.gpu.id, r.plan.capacity_tokens_per_s_per_gpu,
                                                format_percent(r.plan.max_utilization), fleet_unit(r.plan),
                                                fleet_unit(r.plan) == 1 ? "" : "s",
                                                r.plan.purchase ? " (whole servers, bought)" : "")});
  std::string breaks;
  for (const auto& a : r.apis) {
    const auto& be = a.break_even;
    breaks += fmt::format("{}{} {}", breaks.empty() ? "" : "; ", a.id,
                          be && be->sustained ? format_tokens(*be->sustained) : std::string("never"));
  }
  doc.facts.push_back({"Break-even", breaks.empty() ? "-" : breaks});
  TableBlock t;
  t.title = "Monthly cost by volume (every option: --format csv or json)";
  t.columns = {{"Volume", "monthly_tokens"}, {"Self-host", "selfhost_monthly_usd"}, {"Self $/M", "selfhost_per_mtok_usd"},
               {"Cheapest API", "cheapest_api"}, {"API cost", "cheapest_api_monthly_usd"}, {"Cheaper", "cheaper"}};
  for (Eigen::Index i = 0; i < r.volumes.size(); ++i) {
    const SweepSeries* api = cheapest_api(r, i);
    const double self = r.selfhost.monthly[i];
    std::vector<Cell> row = {Cell::of_tokens(Tokens(r.volumes[i])), Cell::of_usd(Usd(self)),
                             Cell::of_rate(PerMtok(self / r.volumes[i] * 1e6))};
    if (api != nullptr) {
      row.push_back(Cell::of_text(api->id));
      row.push_back(Cell::of_usd(Usd(api->monthly[i])));
      row.push_back(Cell::of_text(self <= api->monthly[i] ? "selfhost" : "api"));
    } else {
      row.insert(row.end(), {Cell::none(), Cell::none(), Cell::none()});
    }
    t.rows.push_back(std::move(row));
  }
  doc.tables.push_back(std::move(t));
  if (r.utilizations.size() > 0) {
    TableBlock g;
    g.title = "Self-host $/M by volume (rows) and utilization target (columns)";
    g.columns.push_back({"Volume", "monthly_tokens"});
    for (Eigen::Index j = 0; j < r.utilizations.size(); ++j) {
      g.columns.push_back({format_percent(r.utilizations[j]), fmt::format("per_mtok_usd_at_{:.3f}", r.utilizations[j])});
    }
    const Eigen::Index step = std::max<Eigen::Index>(1, r.volumes.size() / 12);
    for (Eigen::Index i = 0; i < r.volumes.size(); i += step) {
      std::vector<Cell> row = {Cell::of_tokens(Tokens(r.volumes[i]))};
      for (Eigen::Index j = 0; j < r.utilizations.size(); ++j) {
        row.push_back(Cell::of_rate(PerMtok(r.grid(i, j) / r.volumes[i] * 1e6)));
      }
      g.rows.push_back(std::move(row));
    }
    doc.tables.push_back(std::move(g));
  }
  doc.warnings = r.warnings;
  return doc;
}

Document sweep_csv_document(const SweepReport& r) {
  Document doc;
  TableBlock t;
  t.columns = {{"Volume", "monthly_tokens"}, {"", r.selfhost.id + "_monthly_usd"}};
  for (const auto& a : r.apis) t.columns.push_back({"", a.id + "_monthly_usd"});
  for (Eigen::Index j = 0; j < r.utilizations.size(); ++j) {
    t.columns.push_back({"", fmt::format("{}_monthly_usd_at_{:.3f}", r.selfhost.id, r.utilizations[j])});
  }
  for (Eigen::Index i = 0; i < r.volumes.size(); ++i) {
    std::vector<Cell> row = {Cell::of_tokens(Tokens(r.volumes[i])), Cell::of_decimal(r.selfhost.monthly[i], 6)};
    for (const auto& a : r.apis) row.push_back(Cell::of_decimal(a.monthly[i], 6));
    for (Eigen::Index j = 0; j < r.utilizations.size(); ++j) row.push_back(Cell::of_decimal(r.grid(i, j), 6));
    t.rows.push_back(std::move(row));
  }
  doc.tables.push_back(std::move(t));
  return doc;
}

nlohmann::ordered_json sweep_json(const SweepReport& r, const RenderContext& context) {
  auto array = [](const Eigen::ArrayXd& a, int decimals) {
    json out = json::array();
    for (Eigen::Index i = 0; i < a.size(); ++i) out.push_back(round_to(a[i], decimals));
    return out;
  };
  auto per_mtok = [&](const Eigen::ArrayXd& monthly) { return array(monthly / r.volumes * 1e6, 6); };
  json options = json::array();
  options.push_back({{"id", r.selfhost.id},
                     {"kind", "selfhost"},
                     {"monthly_usd", array(r.selfhost.monthly, 6)},
                     {"per_mtok_usd", per_mtok(r.selfhost.monthly)},
                     {"break_even_tokens", nullptr}});
  for (const auto& a : r.apis) {
    const auto& be = a.break_even;
    options.push_back({{"id", a.id},
                       {"kind", "api"},
                       {"monthly_usd", array(a.monthly, 6)},
                       {"per_mtok_usd", per_mtok(a.monthly)},
                       {"break_even_tokens", be && be->sustained ? break_even_volume(*be->sustained) : json(nullptr)}});
  }
  json grid = nullptr;
  if (r.utilizations.size() > 0) {
    json rows = json::array();
    for (Eigen::Index i = 0; i < r.volumes.size(); ++i) rows.push_back(array(r.grid.row(i).transpose(), 6));
    grid = {{"utilization_fractions", array(r.utilizations, 9)}, {"selfhost_monthly_usd", rows}};
  }
  json volumes = json::array();
  for (Eigen::Index i = 0; i < r.volumes.size(); ++i) volumes.push_back(std::llround(r.volumes[i]));
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}};
  json results = {{"monthly_tokens", volumes},
                  {"marked_monthly_tokens", r.marked ? json(tokens(r.workload.tokens)) : json(nullptr)},
                  {"options", options},
                  {"utilization_grid", grid}};
  return envelope("sweep", std::move(assumptions), std::move(results), r.warnings, context);
}

}  // namespace nimcost
