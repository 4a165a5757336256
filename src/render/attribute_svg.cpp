// `nimcost attribute --plot`: each group's cost as a bar split into busy and idle, with the fleet's
// utilization; and, where tokens are known, each group's realized $/M against what its tokens would
// have cost on the like-for-like APIs.
#include "plot_figure.hpp"
#include "plot_scale.hpp"
#include "svg_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/base/units.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

using plot::Box;
using plot::Panel;

constexpr const char* k_busy = "#0072B2";
constexpr const char* k_idle = "#BBBBBB";
constexpr double k_row = 30.0;  // one group's band, in pixels

// Groups as drawn: every group, largest cost first (the report's order), then the fleet as a whole.
struct Row {
  std::string name;
  const GroupCost* cost;
};

std::vector<Row> rows_of(const AttributionReport& r) {
  std::vector<Row> rows;
  for (const auto& g : r.groups) rows.push_back({g.usage.key, &g});
  return rows;
}

constexpr double k_max_name_width = 290.0;  // the left margin's room for a group's name

// A group name as its axis shows it: cut with "..." when wider than the margin (the table has it whole).
std::string shown_name(const std::string& name) {
  if (plot::text_width(name, 12.0) <= k_max_name_width) return name;
  std::string cut = name;
  while (!cut.empty() && plot::text_width(cut + "...", 12.0) > k_max_name_width) cut.pop_back();
  while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();  // whole UTF-8 signs
  if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
  return cut + "...";
}

plot::Axis category_axis(const std::vector<Row>& rows) {
  plot::Axis a = plot::make_axis("", false, 0.0, static_cast<double>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) a.ticks.push_back(static_cast<double>(rows.size() - i) - 0.5);
  a.label = [rows](double v) {
    const auto i = rows.size() - static_cast<std::size_t>(std::floor(v)) - 1;
    return i < rows.size() ? shown_name(rows[i].name) : std::string();
  };
  a.grid = false;
  return a;
}

Panel cost_panel(const AttributionReport& r, const std::vector<Row>& rows, double left, double width) {
  double top_cost = 0.0;
  for (const auto& row : rows) top_cost = std::max(top_cost, row.cost->total.value);
  const double hi = plot::round_up(std::max(top_cost * 1.25, 1.0));
  plot::Axis x = plot::make_axis("USD over the period", false, 0.0, hi, [](double v) { return compact_usd(v); });
  Panel p("cost", {left, 86.0, width, k_row * static_cast<double>(rows.size())}, x, category_axis(rows),
          fmt::format("Cost per {}: busy and idle", group_by_name(r.usage.by)));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const GroupCost& g = *rows[i].cost;
    const double idle = std::clamp(g.idle.value, 0.0, g.total.value), busy = g.total.value - idle;
    const double y = static_cast<double>(rows.size() - i) - 0.5;
    const double y0 = p.py(y) - k_row * 0.32, h = k_row * 0.64;
    p.draw(fmt::format("<rect class=\"series\" data-id=\"{}:busy\" data-usd=\"{}\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" "
                       "height=\"{:.2f}\" fill=\"{}\"/>\n",
                       xml(rows[i].name), busy, p.px(0.0), y0, p.px(busy) - p.px(0.0), h, k_busy));
    p.draw(fmt::format("<rect class=\"series\" data-id=\"{}:idle\" data-usd=\"{}\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" "
                       "height=\"{:.2f}\" fill=\"{}\" stroke=\"#777\" stroke-width=\"0.6\" stroke-dasharray=\"3,2\"/>\n",
                       xml(rows[i].name), idle, p.px(busy), y0, p.px(g.total.value) - p.px(busy), h, k_idle));
    p.label({fmt::format("{} · {} busy", format_usd(g.total), format_percent(g.usage.utilization())), p.px(g.total.value),
             p.py(y) + 8.0, "#222", "label", rows[i].name});
  }
  return p;
}

// Realized $/M (self-hosted) and the like-for-like API's $/M for the same tokens, per group.
Panel rate_panel(const std::vector<Row>& rows, double left, double top, double width) {
  double lo = 1e9, hi = 0.0;
  for (const auto& row : rows) {
    const GroupCost& g = *row.cost;
    if (!g.effective_per_mtok || !g.tokens || g.tokens->total() <= 0.0) continue;
    lo = std::min(lo, g.effective_per_mtok->value);
    hi = std::max(hi, g.effective_per_mtok->value);
    if (g.api_cost) {
      const double api = g.api_cost->value / g.tokens->total() * 1e6;
      lo = std::min(lo, api);
      hi = std::max(hi, api);
    }
  }
  lo = plot::round_down(std::max(lo, 1e-3) / 1.5);
  hi = plot::round_up(std::max(hi * 8.0, lo * 10.0));  // room for the labels on the right
  plot::Axis x = plot::make_axis("USD per million tokens (log scale)", true, lo, hi, [](double v) { return fmt::format("${:g}", v); });
  Panel p("rates", {left, top, width, k_row * static_cast<double>(rows.size())}, x, category_axis(rows),
          "Realized $/M against the like-for-like API for the same tokens");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const GroupCost& g = *rows[i].cost;
    if (!g.effective_per_mtok || !g.tokens || g.tokens->total() <= 0.0) continue;
    const double y = p.py(static_cast<double>(rows.size() - i) - 0.5);
    const double self = g.effective_per_mtok->value;
    if (g.api_cost) {
      const double api = g.api_cost->value / g.tokens->total() * 1e6;
      p.draw(fmt::format("<line x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"#999\" stroke-width=\"2\"/>\n",
                         p.px(self), y, p.px(api), y));
      p.draw(plot::marker_svg(plot::Marker::square, p.px(api), y, 5.0, "#D55E00",
                              fmt::format("class=\"series\" data-id=\"{}:api\" data-per-mtok=\"{}\" ", xml(rows[i].name), api)));
    }
    p.draw(plot::marker_svg(plot::Marker::circle, p.px(self), y, 5.0, k_busy,
                            fmt::format("class=\"series\" data-id=\"{}:selfhost\" data-per-mtok=\"{}\" ", xml(rows[i].name), self)));
    const double api = g.api_cost ? g.api_cost->value / g.tokens->total() * 1e6 : self;
    for (double v : {self, api}) p.keep_clear({p.px(v) - 6.0, y - 6.0, 12.0, 12.0});
    p.label({g.api_cost ? fmt::format("{}/M against {}/M", format_usd(Usd(self)), format_usd(Usd(api))) : format_usd(Usd(self)) + "/M",
             p.px(std::max(self, api)), y + 8.0, "#222", "label", rows[i].name});
  }
  return p;
}

bool any_tokens(const std::vector<Row>& rows) {
  return std::any_of(rows.begin(), rows.end(), [](const Row& row) {
    return row.cost->effective_per_mtok.has_value() && row.cost->tokens && row.cost->tokens->total() > 0.0;
  });
}

std::vector<std::pair<std::string, std::string>> sources_of(const AttributionReport& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : r.prices) out.emplace_back(fmt::format("{} at ${:.2f}/GPU-hour: {}", p.model, p.usd_per_gpu_hour, p.source), "");
  out.emplace_back(fmt::format("license {}: {}", r.license.id, r.license.provenance.source), r.license.provenance.as_of);
  for (const auto& m : r.models) {
    if (!m.apis.empty()) out.emplace_back(m.apis.front().model.provenance.source, m.apis.front().model.provenance.as_of);
  }
  return out;
}

}  // namespace

std::string render_attribution_svg(const AttributionReport& r) {
  const std::vector<Row> rows = rows_of(r);
  double name_width = 60.0;
  for (const auto& row : rows) name_width = std::max(name_width, plot::text_width(shown_name(row.name), 12.0));
  plot::Figure f;
  f.id = "attribute";
  f.legend = {{"busy", "busy GPU time", k_busy, "", std::nullopt, 1.8, true},
              {"idle", "idle GPU time (paid, unused)", k_idle, "", std::nullopt, 1.8, true}};
  const bool rates = any_tokens(rows);
  if (rates) {
    f.legend.push_back({"selfhost", "realized $/M, self-hosted", k_busy, "", plot::Marker::circle, 0.0});
    f.legend.push_back({"api", "like-for-like API, same tokens", "#D55E00", "", plot::Marker::square, 0.0});
  }
  const double left = name_width + 24.0;
  const double width = std::max(420.0, 960.0 - left - 40.0 - plot::legend_width(f.legend));
  f.width = left + width + 40.0 + plot::legend_width(f.legend);
  f.title = fmt::format("GPU cost by {} over {}", group_by_name(r.usage.by), r.input);
  f.subtitle = fmt::format("Fleet: {} for {:.1f} GPU-hours, {} busy; idle time cost {}", format_usd(r.fleet.total),
                           r.fleet.usage.gpu_hours, format_percent(r.fleet.usage.utilization()), format_usd(r.fleet.idle));
  f.panels.push_back(cost_panel(r, rows, left, width));
  if (rates) {
    const double top = 86.0 + k_row * static_cast<double>(rows.size()) + 80.0;
    f.panels.push_back(rate_panel(rows, left, top, width));
  }
  f.footer = plot::source_lines(sources_of(r), f.width - 32.0, 3);
  f.footer.push_back("Idle is the GPU and license cost of the time the GPUs were held but not busy (DCGM_FI_PROF_GR_ENGINE_ACTIVE).");
  return plot::render_figure(f);
}

}  // namespace nimcost
