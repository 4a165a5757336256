// The sweep as SVG 1.1 on the plot module: log-log axes on round ticks, the fleet's steps in black,
// each API in its own colour, dash and marker, a marker and a label at each break-even, the marked
// volume as a dashed line, the legend beside the plot, the prices' sources in the footer. Each
// break-even circle carries its volume and cost as data attributes, and the root the axis ranges, so
// tests can check that markers sit where the numbers say.
#include "plot_figure.hpp"
#include "plot_scale.hpp"
#include "sweep_drawn.hpp"
#include "svg_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/base/units.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace nimcost {

namespace {

using plot::Box;
using plot::Figure;
using plot::LegendEntry;
using plot::Panel;

std::pair<double, double> cost_range(const SweepReport& r, const std::vector<std::size_t>& apis) {
  double lo = r.selfhost.monthly.minCoeff(), hi = r.selfhost.monthly.maxCoeff();
  for (std::size_t k : apis) {
    lo = std::min(lo, r.apis[k].monthly.minCoeff());
    hi = std::max(hi, r.apis[k].monthly.maxCoeff());
  }
  lo = plot::round_down(std::max(lo, 1e-2));
  return {lo, plot::round_up(std::max(hi, lo * 10.0))};
}

std::vector<LegendEntry> legend_of(const SweepReport& r, const std::vector<std::size_t>& apis) {
  std::vector<LegendEntry> legend;
  legend.push_back({r.selfhost.id, fmt::format("self-host: {}", r.selfhost.id), "#000000", "", std::nullopt, 2.8});
  for (std::size_t j = 0; j < apis.size(); ++j) {
    const auto& a = r.apis[apis[j]];
    const plot::Style s = plot::style_of(j);
    legend.push_back({a.id, fmt::format("{} ({}/M)", a.id, format_usd(Usd(a.blended.value))), s.colour, s.dash, s.marker});
  }
  return legend;
}

void draw_series(Panel& p, const SweepReport& r, const std::vector<std::size_t>& apis) {
  for (std::size_t j = 0; j < apis.size(); ++j) {
    const auto& a = r.apis[apis[j]];
    std::vector<std::pair<double, double>> points;
    for (Eigen::Index i = 0; i < r.volumes.size(); ++i) points.emplace_back(r.volumes[i], a.monthly[i]);
    const std::size_t every = std::max<std::size_t>(4, points.size() / 6);
    p.line(a.id, points, plot::style_of(j), 1.6, every, 2 * j + 1);
  }
  std::string points;
  for (const auto& [v, c] : r.selfhost_outline) points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", p.px(v), p.py(c));
  p.draw(fmt::format("<polyline class=\"series\" data-id=\"{}\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2.8\" "
                     "points=\"{}\"/>\n",
                     xml(r.selfhost.id), points));
}

// A circle at each break-even inside the range, and its label.
void draw_break_evens(Panel& p, const SweepReport& r, const std::vector<std::size_t>& apis) {
  for (std::size_t j = 0; j < apis.size(); ++j) {
    const auto& a = r.apis[apis[j]];
    const auto& be = a.break_even;
    if (!be || !be->sustained) continue;
    const double v = be->sustained->value;
    if (v < r.volumes[0] || v > r.volumes[r.volumes.size() - 1]) continue;
    const double cost = v * a.blended.value / k_tokens_per_mtok;
    const double x = p.px(v), y = p.py(cost);
    const char* colour = plot::style_of(j).colour;
    p.draw(fmt::format("<circle class=\"break-even\" data-id=\"{}\" data-volume=\"{}\" data-cost=\"{}\" cx=\"{:.2f}\" "
                       "cy=\"{:.2f}\" r=\"5\" fill=\"{}\" stroke=\"black\"/>\n",
                       xml(a.id), v, cost, x, y, colour));
    p.keep_clear({x - 6, y - 6, 12, 12});
    p.label({fmt::format("vs {}: {}", a.id, format_tokens(Tokens(v))), x, y, colour, "break-even-label", a.id});
  }
}

void draw_current_volume(Panel& p, const SweepReport& r) {
  const double v = r.workload.tokens.value;
  if (!r.marked || v < r.volumes[0] || v > r.volumes[r.volumes.size() - 1]) return;
  const double x = p.px(v);
  const Box& b = p.area();
  p.draw(fmt::format("<line class=\"current-volume\" data-volume=\"{}\" x1=\"{:.2f}\" y1=\"{}\" x2=\"{:.2f}\" y2=\"{}\" "
                     "stroke=\"#555\" stroke-width=\"1.2\" stroke-dasharray=\"6,4\"/>\n",
                     v, x, b.y, x, b.y + b.h));
  p.label({fmt::format("now: {}", format_tokens(r.workload.tokens)), x, b.y + 24, "#333", "current-volume-label", "now"});
}

std::vector<std::pair<std::string, std::string>> sources_of(const SweepReport& r, const std::vector<std::size_t>& apis) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(r.selfhost.provenance.source, r.selfhost.provenance.as_of);
  for (std::size_t k : apis) out.emplace_back(r.apis[k].provenance.source, r.apis[k].provenance.as_of);
  return out;
}

}  // namespace

std::vector<std::size_t> sweep_drawn_apis(const SweepReport& r, int top) {
  std::vector<std::size_t> order(r.apis.size());
  std::iota(order.begin(), order.end(), 0);
  if (top <= 0 || static_cast<std::size_t>(top) >= order.size()) return order;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.apis[a].blended.value < r.apis[b].blended.value;
  });
  order.resize(static_cast<std::size_t>(top));
  std::sort(order.begin(), order.end());
  return order;
}

std::string render_sweep_svg(const SweepReport& r, int top) {
  const std::vector<std::size_t> apis = sweep_drawn_apis(r, top);
  Figure f;
  f.id = "sweep";
  f.legend = legend_of(r, apis);
  f.width = std::max(960.0, 96.0 + 560.0 + 30.0 + plot::legend_width(f.legend));
  f.title = "Monthly cost against tokens per month";
  f.subtitle = fmt::format("Self-hosted {} on {} against {} API{}{}; input share {}", r.plan.served_model, r.plan.gpu.id,
                           apis.size(), apis.size() == 1 ? "" : "s",
                           apis.size() < r.apis.size() ? fmt::format(" (the {} cheapest of {})", apis.size(), r.apis.size()) : "",
                           format_percent(r.workload.input_share));
  const auto [y_lo, y_hi] = cost_range(r, apis);
  const double x_lo = r.volumes[0], x_hi = r.volumes[r.volumes.size() - 1];
  const Box area{96.0, 64.0, f.width - 96.0 - 30.0 - plot::legend_width(f.legend), 440.0};
  plot::Axis x = plot::make_axis("tokens per month (log scale)", true, x_lo, x_hi, [](double v) { return format_tokens(Tokens(v)); });
  x.max_ticks = 10;  // 1-2-5 ticks over up to three decades
  plot::Axis y = plot::make_axis("USD per month (log scale)", true, y_lo, y_hi, [](double v) { return compact_usd(v); });
  y.max_ticks = 10;
  Panel p("sweep", area, x, y);
  draw_series(p, r, apis);
  draw_break_evens(p, r, apis);
  draw_current_volume(p, r);
  f.panels.push_back(std::move(p));
  f.root_attributes = fmt::format(
      "data-plot-left=\"{}\" data-plot-width=\"{}\" data-plot-top=\"{}\" data-plot-height=\"{}\" data-log10-volume-min=\"{}\" "
      "data-log10-volume-max=\"{}\" data-log10-cost-min=\"{}\" data-log10-cost-max=\"{}\"",
      area.x, area.w, area.y, area.h, std::log10(x_lo), std::log10(x_hi), std::log10(y_lo), std::log10(y_hi));
  f.footer = plot::source_lines(sources_of(r, apis), f.width - 32.0, 3);
  f.footer.push_back("Circles: break-evens, where the fleet's monthly cost meets an API's. The fleet grows in whole GPUs, hence its steps.");
  return plot::render_figure(f);
}

}  // namespace nimcost
