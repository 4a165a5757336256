// The sweep as a character chart for a terminal: log-log, round ticks, a letter per API, '#' for the
// fleet, 'X' at each break-even and a ':' column at the current volume, fitted to the terminal's width.
#include "plot_scale.hpp"
#include "svg_text.hpp"
#include "sweep_drawn.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/base/units.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

constexpr int k_label_width = 8;        // "$100k" and the like, right-aligned
constexpr std::size_t k_chart_default_apis = 8;  // more letters than this are not read

struct Grid {
  int w = 0, h = 0;
  double x0 = 0.0, x1 = 0.0, y0 = 0.0, y1 = 0.0;  // log10 of the axes' ends
  std::vector<std::string> cells;

  int col(double volume) const { return static_cast<int>(std::lround((std::log10(volume) - x0) / (x1 - x0) * (w - 1))); }
  int row(double cost) const {
    return static_cast<int>(std::lround((y1 - std::log10(std::max(cost, 1e-2))) / (y1 - y0) * (h - 1)));
  }
  void put(int r, int c, char mark) {
    if (r >= 0 && r < h && c >= 0 && c < w) cells[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = mark;
  }
};

void plot_curve(Grid& g, const SweepReport& r, const Eigen::ArrayXd& monthly, char mark) {
  for (int c = 0; c < g.w; ++c) {
    const double l = g.x0 + (g.x1 - g.x0) * c / (g.w - 1);
    Eigen::Index i = 0;
    (r.volumes.log10() - l).abs().minCoeff(&i);  // the nearest sampled volume
    g.put(g.row(monthly[i]), c, mark);
  }
}

// The y axis: a round tick's label on the row nearest its value.
std::vector<std::string> row_labels(const Grid& g) {
  std::vector<std::string> labels(static_cast<std::size_t>(g.h));
  for (double v : plot::log_ticks(std::pow(10.0, g.y0), std::pow(10.0, g.y1), std::max(2, g.h / 3))) {
    const int row = g.row(v);
    if (row >= 0 && row < g.h && labels[static_cast<std::size_t>(row)].empty()) labels[static_cast<std::size_t>(row)] = compact_usd(v);
  }
  return labels;
}

// The x axis: '+' under each round tick and its label centred below, skipping labels that would touch.
std::pair<std::string, std::string> x_axis(const Grid& g) {
  std::string axis(static_cast<std::size_t>(g.w), '-'), labels(static_cast<std::size_t>(g.w) + 8, ' ');
  int free_from = 0;
  for (double v : plot::log_ticks(std::pow(10.0, g.x0), std::pow(10.0, g.x1), std::max(2, g.w / 8))) {
    const int c = g.col(v);
    if (c < 0 || c >= g.w) continue;
    axis[static_cast<std::size_t>(c)] = '+';
    const std::string text = format_tokens(Tokens(v));
    const int start = std::max(0, c - static_cast<int>(text.size()) / 2);
    if (start < free_from || start + static_cast<int>(text.size()) > static_cast<int>(labels.size())) continue;
    labels.replace(static_cast<std::size_t>(start), text.size(), text);
    free_from = start + static_cast<int>(text.size()) + 1;
  }
  while (!labels.empty() && labels.back() == ' ') labels.pop_back();
  return {axis, labels};
}

// Words joined with two spaces, wrapped at `width`, each line indented by two.
std::string wrapped(const std::vector<std::string>& words, int width) {
  std::string out, line = " ";
  for (const auto& w : words) {
    if (line.size() > 1 && static_cast<int>(line.size() + 2 + w.size()) > width) {
      out += line + "\n";
      line = " ";
    }
    line += (line.size() > 1 ? "  " : " ") + w;
  }
  return out + line + "\n";
}

}  // namespace

std::string render_sweep_chart(const SweepReport& r, int width, int height, int top) {
  const std::vector<std::size_t> apis =
      sweep_drawn_apis(r, top > 0 ? top : static_cast<int>(std::min(k_chart_default_apis, r.apis.size())));
  Grid g;
  g.w = std::max(40, width - k_label_width - 3);
  g.h = std::max(8, height);
  g.x0 = std::log10(r.volumes[0]);
  g.x1 = std::log10(r.volumes[r.volumes.size() - 1]);
  double lo = r.selfhost.monthly.minCoeff(), hi = r.selfhost.monthly.maxCoeff();
  for (std::size_t k : apis) {
    lo = std::min(lo, r.apis[k].monthly.minCoeff());
    hi = std::max(hi, r.apis[k].monthly.maxCoeff());
  }
  g.y0 = std::log10(plot::round_down(std::max(lo, 1e-2)));
  g.y1 = std::log10(plot::round_up(std::max(hi, std::pow(10.0, g.y0) * 10.0)));
  g.cells.assign(static_cast<std::size_t>(g.h), std::string(static_cast<std::size_t>(g.w), ' '));

  const bool now = r.marked && r.workload.tokens.value >= r.volumes[0] && r.workload.tokens.value <= r.volumes[r.volumes.size() - 1];
  if (now) {
    for (int row = 0; row < g.h; ++row) g.put(row, g.col(r.workload.tokens.value), ':');
  }
  static const char marks[] = "abcdefghijklmnopqrstuvwxyz";
  for (std::size_t j = 0; j < apis.size() && j < 26; ++j) plot_curve(g, r, r.apis[apis[j]].monthly, marks[j]);
  plot_curve(g, r, r.selfhost.monthly, '#');
  std::vector<std::string> breaks;
  for (std::size_t j = 0; j < apis.size() && j < 26; ++j) {
    const auto& a = r.apis[apis[j]];
    if (!a.break_even || !a.break_even->sustained) continue;
    const double v = a.break_even->sustained->value;
    if (v < r.volumes[0] || v > r.volumes[r.volumes.size() - 1]) continue;
    g.put(g.row(v * a.blended.value / k_tokens_per_mtok), g.col(v), 'X');
    breaks.push_back(fmt::format("{} {}", marks[j], format_tokens(Tokens(v))));
  }

  std::string out = "Monthly cost against tokens per month (log-log)\n";
  const auto labels = row_labels(g);
  for (int row = 0; row < g.h; ++row) {
    out += fmt::format("{:>{}} |{}\n", labels[static_cast<std::size_t>(row)], k_label_width, g.cells[static_cast<std::size_t>(row)]);
  }
  const auto [axis, ticks] = x_axis(g);
  out += fmt::format("{:>{}} +{}\n{:>{}}  {}\n", "", k_label_width, axis, "", k_label_width, ticks);
  std::vector<std::string> legend = {fmt::format("# self-host ({})", r.selfhost.id)};
  for (std::size_t j = 0; j < apis.size() && j < 26; ++j) legend.push_back(fmt::format("{} {}", marks[j], r.apis[apis[j]].id));
  if (apis.size() < r.apis.size()) legend.push_back(fmt::format("(+{} more: --top N)", r.apis.size() - apis.size()));
  out += wrapped(legend, width);
  std::vector<std::string> marked = {breaks.empty() ? "X break-even: none in range" : "X break-even:"};
  for (std::size_t k = 0; k < breaks.size(); ++k) marked.push_back(breaks[k] + (k + 1 < breaks.size() ? "," : ""));
  if (now) marked.push_back(fmt::format(":  now {}", format_tokens(r.workload.tokens)));
  return out + wrapped(marked, width);
}

}  // namespace nimcost
