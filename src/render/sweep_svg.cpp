// The sweep as plain SVG 1.1: log-log axes, one polyline per option, a circle and label at each
// break-even, the marked volume as a dashed line, and a legend. Each break-even circle carries its
// volume and cost as data attributes, and the root carries the axis ranges, so tests can check that
// markers sit where the numbers say.
#include "svg_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/base/units.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

constexpr const char* k_palette[] = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                     "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

const char* color_of(std::size_t k) { return k_palette[k % 10]; }

// The page and the plot area, with volume and cost mapped to pixels on log axes.
struct Frame {
  double width = 960.0, height = 600.0;
  double left = 90.0, right = 250.0, top = 50.0, bottom = 70.0;
  double plot_w = 0.0, plot_h = 0.0;
  double x0 = 0.0, x1 = 0.0, y0 = 0.0, y1 = 0.0;  // log10 of the axes' ends

  explicit Frame(const SweepReport& r) {
    plot_w = width - left - right;
    plot_h = height - top - bottom;
    x0 = std::log10(r.volumes[0]);
    x1 = std::log10(r.volumes[r.volumes.size() - 1]);
    double y_min = r.selfhost.monthly.minCoeff(), y_max = r.selfhost.monthly.maxCoeff();
    for (const auto& a : r.apis) {
      y_min = std::min(y_min, a.monthly.minCoeff());
      y_max = std::max(y_max, a.monthly.maxCoeff());
    }
    y_min = std::max(y_min, 1e-2);
    y0 = std::floor(std::log10(y_min));
    y1 = std::ceil(std::log10(std::max(y_max, y_min * 10)));
  }
  double px(double volume) const { return left + (std::log10(volume) - x0) / (x1 - x0) * plot_w; }
  double py(double cost) const {
    const double l = std::log10(std::max(cost, std::pow(10.0, y0)));
    return top + plot_h - (l - y0) / (y1 - y0) * plot_h;
  }
};

std::string header(const Frame& f) {
  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\" data-plot-left=\"{2}\" data-plot-width=\"{3}\" data-plot-top=\"{4}\" "
      "data-plot-height=\"{5}\" data-log10-volume-min=\"{6}\" data-log10-volume-max=\"{7}\" data-log10-cost-min=\"{8}\" "
      "data-log10-cost-max=\"{9}\">\n",
      f.width, f.height, f.left, f.plot_w, f.top, f.plot_h, f.x0, f.x1, f.y0, f.y1);
  svg += fmt::format("<title>nimcost sweep: monthly cost against tokens per month</title>\n");
  svg += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>\n", f.width, f.height);
  svg += fmt::format("<text x=\"{}\" y=\"28\" font-size=\"16\">Monthly cost against tokens per month (log-log)</text>\n",
                     f.left);
  return svg;
}

// Grid lines and ticks at each power of ten, the plot's border and the axis titles.
std::string axes(const Frame& f) {
  std::string svg;
  for (double e = std::ceil(f.x0); e <= f.x1 + 1e-9; e += 1.0) {
    const double x = f.left + (e - f.x0) / (f.x1 - f.x0) * f.plot_w;
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#e0e0e0\"/>\n", x, f.top,
                       f.top + f.plot_h);
    svg += fmt::format("<text x=\"{:.2f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, f.top + f.plot_h + 18,
                       xml(format_tokens(Tokens(std::pow(10.0, e)))));
  }
  for (double e = f.y0; e <= f.y1 + 1e-9; e += 1.0) {
    const double y = f.top + f.plot_h - (e - f.y0) / (f.y1 - f.y0) * f.plot_h;
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\" stroke=\"#e0e0e0\"/>\n", f.left, y,
                       f.left + f.plot_w);
    svg += fmt::format("<text x=\"{}\" y=\"{:.2f}\" text-anchor=\"end\">{}</text>\n", f.left - 6, y + 4,
                       xml(compact_usd(std::pow(10.0, e))));
  }
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", f.left,
                     f.top, f.plot_w, f.plot_h);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">tokens per month</text>\n", f.left + f.plot_w / 2,
                     f.height - 20);
  svg += fmt::format("<text x=\"20\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 20 {0})\">USD per month</text>\n",
                     f.top + f.plot_h / 2);
  return svg;
}

// The fleet's steps as the report outlines them, then each API's line.
std::string series(const Frame& f, const SweepReport& r) {
  std::string points;
  for (const auto& [v, c] : r.selfhost_outline) {
    points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", f.px(v), f.py(c));
  }
  std::string svg = fmt::format("<polyline class=\"series\" data-id=\"{}\" fill=\"none\" stroke=\"black\" "
                                "stroke-width=\"2.5\" points=\"{}\"/>\n",
                                xml(r.selfhost.id), points);
  for (std::size_t k = 0; k < r.apis.size(); ++k) {
    std::string line;
    for (Eigen::Index i = 0; i < r.volumes.size(); ++i) {
      line += fmt::format("{}{:.2f},{:.2f}", i == 0 ? "" : " ", f.px(r.volumes[i]), f.py(r.apis[k].monthly[i]));
    }
    svg += fmt::format("<polyline class=\"series\" data-id=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" "
                       "points=\"{}\"/>\n",
                       xml(r.apis[k].id), color_of(k), 1.5, line);
  }
  return svg;
}

// Break-even markers, where they fall inside the range; labels stacked under the curves in volume
// order so that close break-evens stay readable.
std::string break_evens(const Frame& f, const SweepReport& r) {
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < r.apis.size(); ++k) {
    const auto& be = r.apis[k].break_even;
    if (be && be->sustained && be->sustained->value >= r.volumes[0] && be->sustained->value <= r.volumes[r.volumes.size() - 1]) {
      order.push_back(k);
    }
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.apis[a].break_even->sustained->value < r.apis[b].break_even->sustained->value;
  });
  std::string svg;
  for (std::size_t j = 0; j < order.size(); ++j) {
    const auto& a = r.apis[order[j]];
    const double v = a.break_even->sustained->value;
    const double cost = v * a.blended.value / k_tokens_per_mtok;
    const char* color = color_of(order[j]);
    svg += fmt::format("<circle class=\"break-even\" data-id=\"{}\" data-volume=\"{}\" data-cost=\"{}\" cx=\"{:.2f}\" "
                       "cy=\"{:.2f}\" r=\"5\" fill=\"{}\" stroke=\"black\"/>\n",
                       xml(a.id), v, cost, f.px(v), f.py(cost), color);
    const double label_y = f.py(cost) + 22.0 + 15.0 * static_cast<double>(j);
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\" stroke=\"{3}\" "
                       "stroke-width=\"0.8\"/>\n",
                       f.px(v), f.py(cost) + 5, label_y - 4, color);
    svg += fmt::format("<text class=\"break-even-label\" x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"11\" fill=\"{}\">"
                       "break-even vs {}: {}</text>\n",
                       f.px(v) + 4, label_y, color, xml(a.id), xml(format_tokens(Tokens(v))));
  }
  return svg;
}

std::string current_volume(const Frame& f, const SweepReport& r) {
  const double v = r.workload.tokens.value;
  if (!r.marked || v < r.volumes[0] || v > r.volumes[r.volumes.size() - 1]) return "";
  const double x = f.px(v);
  return fmt::format("<line class=\"current-volume\" data-volume=\"{}\" x1=\"{:.2f}\" y1=\"{}\" x2=\"{:.2f}\" y2=\"{}\" "
                     "stroke=\"#555\" stroke-dasharray=\"6,4\"/>\n",
                     v, x, f.top, x, f.top + f.plot_h) +
         fmt::format("<text x=\"{:.2f}\" y=\"{}\" font-size=\"11\">now: {}</text>\n", x + 4, f.top + 14,
                     xml(format_tokens(r.workload.tokens)));
}

std::string legend(const Frame& f, const SweepReport& r) {
  const double lx = f.left + f.plot_w + 20;
  double ly = f.top + 10;
  std::string svg;
  const auto entry = [&](const std::string& label, const char* color, double stroke) {
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{}\"/>\n", lx, ly,
                       lx + 24, ly, color, stroke);
    svg += fmt::format("<text class=\"legend\" x=\"{}\" y=\"{:.1f}\">{}</text>\n", lx + 30, ly + 4, xml(label));
    ly += 18;
  };
  entry(fmt::format("self-host: {}", r.selfhost.id), "black", 2.5);
  for (std::size_t k = 0; k < r.apis.size() && k < 24; ++k) {
    entry(fmt::format("{} ({}/M)", r.apis[k].id, format_usd(Usd(r.apis[k].blended.value))), color_of(k), 1.5);
  }
  return svg;
}

}  // namespace

std::string render_sweep_svg(const SweepReport& r) {
  const Frame f(r);
  return header(f) + axes(f) + series(f, r) + break_evens(f, r) + current_volume(f, r) + legend(f, r) + "</svg>\n";
}

}  // namespace nimcost
