// Document, JSON and SVG views of `nimcost sweep`. The SVG is plain SVG 1.1: log-log axes, one
// polyline per option, a circle and label at each break-even, the marked volume as a dashed line,
// and a legend. Each break-even circle carries its volume and cost as data attributes, and the root
// carries the axis ranges, so tests can check that markers sit where the numbers say.
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

std::string xml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// "$10", "$1k", "$100k", "$1M": axis labels at powers of ten.
std::string compact_usd(double v) {
  if (v >= 1e9) return fmt::format("${:.3g}B", v / 1e9);
  if (v >= 1e6) return fmt::format("${:.3g}M", v / 1e6);
  if (v >= 1e3) return fmt::format("${:.3g}k", v / 1e3);
  return fmt::format("${:.3g}", v);
}

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
  doc.facts.push_back({"Self-host", fmt::format("{} ({}), {:.0f} tokens/s per GPU, fleet at or under {}, {}-GPU replicas",
                                                r.selfhost.id, r.plan.gpu.id, r.plan.capacity_tokens_per_s_per_gpu,
                                                format_percent(r.plan.max_utilization), r.plan.gpus_per_replica)});
  std::string breaks;
  for (const auto& a : r.apis) {
    const auto& be = a.break_even;
    breaks += fmt::format("{}{} {}", breaks.empty() ? "" : "; ", a.id,
                          be && be->sustained ? format_tokens(*be->sustained) : std::string("never"));
  }
  doc.facts.push_back({"Break-even", breaks.empty() ? "-" : breaks});
  TableBlock t;
  t.title = "Monthly cost by volume (every option: --format csv or json)";
  t.columns = {{"Volume", "volume_tokens"}, {"Self-host", "selfhost_monthly_usd"}, {"Self $/M", "selfhost_per_mtok_usd"},
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
    g.columns.push_back({"Volume", "volume_tokens"});
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
  t.columns = {{"Volume", "volume_tokens"}, {"", r.selfhost.id + "_monthly_usd"}};
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
  json results = {{"volumes_tokens", volumes},
                  {"marked_volume_tokens", r.marked ? json(tokens(r.workload.tokens)) : json(nullptr)},
                  {"options", options},
                  {"utilization_grid", grid}};
  return envelope("sweep", std::move(assumptions), std::move(results), r.warnings, context);
}

std::string render_sweep_chart(const SweepReport& r, int width, int height) {
  const int w = std::max(20, width - 12);  // room for the cost labels on the left
  const int h = std::max(6, height);
  const double x0 = std::log10(r.volumes[0]), x1 = std::log10(r.volumes[r.volumes.size() - 1]);
  double lo = r.selfhost.monthly.minCoeff(), hi = r.selfhost.monthly.maxCoeff();
  for (const auto& a : r.apis) {
    lo = std::min(lo, a.monthly.minCoeff());
    hi = std::max(hi, a.monthly.maxCoeff());
  }
  const double y0 = std::log10(std::max(lo, 1e-2)), y1 = std::log10(std::max(hi, std::max(lo, 1e-2) * 10.0));
  std::vector<std::string> grid(static_cast<std::size_t>(h), std::string(static_cast<std::size_t>(w), ' '));
  const auto plot = [&](const Eigen::ArrayXd& monthly, char mark) {
    for (int col = 0; col < w; ++col) {
      const double v = std::pow(10.0, x0 + (x1 - x0) * col / (w - 1));
      // The cost at this column: the nearest sampled volume.
      Eigen::Index i = 0;
      (r.volumes.log10() - std::log10(v)).abs().minCoeff(&i);
      const double c = std::max(monthly[i], 1e-2);
      const int row = static_cast<int>(std::lround((y1 - std::log10(c)) / (y1 - y0) * (h - 1)));
      if (row >= 0 && row < h) grid[static_cast<std::size_t>(row)][static_cast<std::size_t>(col)] = mark;
    }
  };
  static const char marks[] = "abcdefghijklmnopqrstuvwxyz";
  for (std::size_t k = 0; k < r.apis.size() && k < 26; ++k) plot(r.apis[k].monthly, marks[k]);
  plot(r.selfhost.monthly, '#');
  std::string out = "Monthly cost (log) against tokens per month (log)\n";
  for (int row = 0; row < h; ++row) {
    const double c = std::pow(10.0, y1 - (y1 - y0) * row / (h - 1));
    out += fmt::format("{:>10} |{}\n", row % 3 == 0 ? compact_usd(c) : "", grid[static_cast<std::size_t>(row)]);
  }
  out += fmt::format("{:>10} +{}\n", "", std::string(static_cast<std::size_t>(w), '-'));
  const std::string left = format_tokens(Tokens(r.volumes[0]));
  const std::string right = format_tokens(Tokens(r.volumes[r.volumes.size() - 1]));
  out += fmt::format("{:>10}  {}{}{}\n", "", left,
                     std::string(static_cast<std::size_t>(std::max<int>(1, w - static_cast<int>(left.size() + right.size()))), ' '),
                     right);
  out += fmt::format("  # self-host ({})", r.selfhost.id);
  for (std::size_t k = 0; k < r.apis.size() && k < 26; ++k) out += fmt::format("   {} {}", marks[k], r.apis[k].id);
  return out + "\n";
}

std::string render_sweep_svg(const SweepReport& r) {
  const double width = 960.0, height = 600.0;
  const double left = 90.0, right = 250.0, top = 50.0, bottom = 70.0;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const double x0 = std::log10(r.volumes[0]), x1 = std::log10(r.volumes[r.volumes.size() - 1]);
  double y_min = r.selfhost.monthly.minCoeff(), y_max = r.selfhost.monthly.maxCoeff();
  for (const auto& a : r.apis) {
    y_min = std::min(y_min, a.monthly.minCoeff());
    y_max = std::max(y_max, a.monthly.maxCoeff());
  }
  y_min = std::max(y_min, 1e-2);
  const double y0 = std::floor(std::log10(y_min)), y1 = std::ceil(std::log10(std::max(y_max, y_min * 10)));
  const auto px = [&](double v) { return left + (std::log10(v) - x0) / (x1 - x0) * plot_w; };
  const auto py = [&](double c) {
    const double l = std::log10(std::max(c, std::pow(10.0, y0)));
    return top + plot_h - (l - y0) / (y1 - y0) * plot_h;
  };
  static const char* palette[] = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\" font-size=\"12\" data-plot-left=\"{2}\" data-plot-width=\"{3}\" data-plot-top=\"{4}\" "
      "data-plot-height=\"{5}\" data-log10-volume-min=\"{6}\" data-log10-volume-max=\"{7}\" data-log10-cost-min=\"{8}\" "
      "data-log10-cost-max=\"{9}\">\n",
      width, height, left, plot_w, top, plot_h, x0, x1, y0, y1);
  svg += fmt::format("<title>nimcost sweep: monthly cost against tokens per month</title>\n");
  svg += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>\n", width, height);
  svg += fmt::format("<text x=\"{}\" y=\"28\" font-size=\"16\">Monthly cost against tokens per month (log-log)</text>\n",
                     left);
  // Grid and ticks: each power of ten.
  for (double e = std::ceil(x0); e <= x1 + 1e-9; e += 1.0) {
    const double x = left + (e - x0) / (x1 - x0) * plot_w;
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#e0e0e0\"/>\n", x, top, top + plot_h);
    svg += fmt::format("<text x=\"{:.2f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", x, top + plot_h + 18,
                       xml(format_tokens(Tokens(std::pow(10.0, e)))));
  }
  for (double e = y0; e <= y1 + 1e-9; e += 1.0) {
    const double y = top + plot_h - (e - y0) / (y1 - y0) * plot_h;
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\" stroke=\"#e0e0e0\"/>\n", left, y, left + plot_w);
    svg += fmt::format("<text x=\"{}\" y=\"{:.2f}\" text-anchor=\"end\">{}</text>\n", left - 6, y + 4,
                       xml(compact_usd(std::pow(10.0, e))));
  }
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", left, top,
                     plot_w, plot_h);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">tokens per month</text>\n", left + plot_w / 2,
                     height - 20);
  svg += fmt::format("<text x=\"20\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 20 {0})\">USD per month</text>\n",
                     top + plot_h / 2);
  const auto polyline = [&](const Eigen::ArrayXd& monthly, const char* color, double stroke, const std::string& id) {
    std::string points;
    for (Eigen::Index i = 0; i < r.volumes.size(); ++i) {
      points += fmt::format("{}{:.2f},{:.2f}", i == 0 ? "" : " ", px(r.volumes[i]), py(monthly[i]));
    }
    return fmt::format("<polyline class=\"series\" data-id=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" "
                       "points=\"{}\"/>\n",
                       xml(id), color, stroke, points);
  };
  // The fleet's cost is a step function: draw its steps where whole replicas are added, exactly,
  // when there are few enough of them; else through the sampled volumes as steps.
  {
    const auto& pts = r.selfhost_outline;
    std::string points;
    for (const auto& [v, c] : pts) points += fmt::format("{}{:.2f},{:.2f}", points.empty() ? "" : " ", px(v), py(c));
    svg += fmt::format("<polyline class=\"series\" data-id=\"{}\" fill=\"none\" stroke=\"black\" stroke-width=\"2.5\" "
                       "points=\"{}\"/>\n",
                       xml(r.selfhost.id), points);
  }
  for (std::size_t k = 0; k < r.apis.size(); ++k) svg += polyline(r.apis[k].monthly, palette[k % 10], 1.5, r.apis[k].id);
  // Break-even markers, where they fall inside the range; labels stacked under the curves in
  // volume order so that close break-evens stay readable.
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
  for (std::size_t j = 0; j < order.size(); ++j) {
    const auto& a = r.apis[order[j]];
    const double v = a.break_even->sustained->value;
    const double cost = v * a.blended.value / k_tokens_per_mtok;
    const char* color = palette[order[j] % 10];
    svg += fmt::format("<circle class=\"break-even\" data-id=\"{}\" data-volume=\"{}\" data-cost=\"{}\" cx=\"{:.2f}\" "
                       "cy=\"{:.2f}\" r=\"5\" fill=\"{}\" stroke=\"black\"/>\n",
                       xml(a.id), v, cost, px(v), py(cost), color);
    const double label_y = py(cost) + 22.0 + 15.0 * static_cast<double>(j);
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\" stroke=\"{3}\" "
                       "stroke-width=\"0.8\"/>\n",
                       px(v), py(cost) + 5, label_y - 4, color);
    svg += fmt::format("<text class=\"break-even-label\" x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"11\" fill=\"{}\">"
                       "break-even vs {}: {}</text>\n",
                       px(v) + 4, label_y, color, xml(a.id), xml(format_tokens(Tokens(v))));
  }
  if (r.marked && r.workload.tokens.value >= r.volumes[0] && r.workload.tokens.value <= r.volumes[r.volumes.size() - 1]) {
    const double x = px(r.workload.tokens.value);
    svg += fmt::format("<line class=\"current-volume\" data-volume=\"{}\" x1=\"{:.2f}\" y1=\"{}\" x2=\"{:.2f}\" y2=\"{}\" "
                       "stroke=\"#555\" stroke-dasharray=\"6,4\"/>\n",
                       r.workload.tokens.value, x, top, x, top + plot_h);
    svg += fmt::format("<text x=\"{:.2f}\" y=\"{}\" font-size=\"11\">now: {}</text>\n", x + 4, top + 14,
                       xml(format_tokens(r.workload.tokens)));
  }
  // Legend.
  const double lx = left + plot_w + 20;
  double ly = top + 10;
  const auto legend = [&](const std::string& label, const char* color, double stroke) {
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{}\"/>\n", lx, ly,
                       lx + 24, ly, color, stroke);
    svg += fmt::format("<text class=\"legend\" x=\"{}\" y=\"{:.1f}\">{}</text>\n", lx + 30, ly + 4, xml(label));
    ly += 18;
  };
  legend(fmt::format("self-host: {}", r.selfhost.id), "black", 2.5);
  for (std::size_t k = 0; k < r.apis.size() && k < 24; ++k) {
    legend(fmt::format("{} ({}/M)", r.apis[k].id, format_usd(Usd(r.apis[k].blended.value))), palette[k % 10], 1.5);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace nimcost
