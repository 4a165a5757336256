// `nimcost simulate --plot`: a typical week and a typical day of demand against the fleet's capacity
// (the Monte Carlo months' means, realtime and batch stacked, what spilled to the API on top, the
// P5-P95 band of demand, SLO-violating hours shaded), and a heat map of utilization by hour of day and
// day of week. Everything is in replicas: one replica serves one replica-second of work a second.
#include "fleet_text.hpp"
#include "plot_figure.hpp"
#include "plot_scale.hpp"
#include "svg_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace nimcost {

namespace {

using plot::Box;
using plot::Panel;

constexpr const char* k_realtime = "#0072B2";
constexpr const char* k_batch = "#009E73";
constexpr const char* k_spilled = "#D55E00";
constexpr const char* k_band = "#999999";
constexpr const char* k_violating = "#CC0000";
constexpr std::array<const char*, 7> k_days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// The hours as drawn: per hour, the means of each layer and the demand band.
struct HourSeries {
  std::vector<double> realtime, batch, spilled, capacity, held, demand_p5, demand_p95, violating, busy;
};

HourSeries week_hours(const SimResult& r) {
  HourSeries h;
  for (const WeekHour& w : r.week) {
    h.realtime.push_back(w.realtime_served.mean);
    h.batch.push_back(w.batch_served.mean);
    h.spilled.push_back(w.spilled.mean);
    h.capacity.push_back(w.capacity.mean);
    h.held.push_back(w.held.mean);
    // Realtime demand only: batch work arrives in jobs with a deadline, so an hour's arrivals say
    // little about what the fleet must serve that hour (it is drawn when it is served).
    h.demand_p5.push_back(w.realtime_demand.p5);
    h.demand_p95.push_back(w.realtime_demand.p95);
    h.violating.push_back(w.slo_violating.mean);
    h.busy.push_back(w.realtime_served.mean + w.batch_served.mean);
  }
  return h;
}

// The typical day: each hour of the day averaged over the seven days.
HourSeries day_hours(const HourSeries& week) {
  HourSeries d;
  const auto fold = [](const std::vector<double>& v) {
    std::vector<double> out(24, 0.0);
    for (std::size_t i = 0; i < v.size(); ++i) out[i % 24] += v[i] / 7.0;
    return out;
  };
  d = {fold(week.realtime), fold(week.batch),      fold(week.spilled),   fold(week.capacity), fold(week.held),
       fold(week.demand_p5), fold(week.demand_p95), fold(week.violating), fold(week.busy)};
  return d;
}

// Hourly values as steps: x = 0,1,1,2,2,... and each value held over its hour.
void steps(const std::vector<double>& v, std::vector<double>& xs, std::vector<double>& ys) {
  xs.clear();
  ys.clear();
  for (std::size_t i = 0; i < v.size(); ++i) {
    xs.push_back(static_cast<double>(i));
    xs.push_back(static_cast<double>(i + 1));
    ys.push_back(v[i]);
    ys.push_back(v[i]);
  }
}

double top_of(const HourSeries& h) {
  double top = 1.0;
  for (std::size_t i = 0; i < h.held.size(); ++i) {
    top = std::max({top, h.held[i], h.capacity[i], h.demand_p95[i], h.busy[i] + h.spilled[i]});
  }
  // A round step, and the axis ends on the first step above the data (2.3 replicas: 2.5, not 5).
  const double step = plot::round_up(top * 1.15 / 5.0);
  return std::ceil(top * 1.15 / step) * step;
}

void draw_layers(Panel& p, const HourSeries& h, const std::string& prefix) {
  std::vector<double> xs, zero, rt, rt_batch, all, lo, hi, capacity, held;
  steps(std::vector<double>(h.realtime.size(), 0.0), xs, zero);
  steps(h.realtime, xs, rt);
  std::vector<double> sum(h.realtime.size()), sum_all(h.realtime.size());
  for (std::size_t i = 0; i < sum.size(); ++i) {
    sum[i] = h.realtime[i] + h.batch[i];
    sum_all[i] = sum[i] + h.spilled[i];
  }
  steps(sum, xs, rt_batch);
  steps(sum_all, xs, all);
  steps(h.demand_p5, xs, lo);
  steps(h.demand_p95, xs, hi);
  // SLO-violating time: a strip along the top, its height the share of the hour that violated.
  for (std::size_t i = 0; i < h.violating.size(); ++i) {
    if (h.violating[i] < 1e-3) continue;
    const double height = std::max(1.5, 24.0 * std::min(1.0, h.violating[i]));
    p.draw(fmt::format("<rect class=\"slo-violating\" data-hour=\"{}\" data-fraction=\"{:.4f}\" x=\"{:.2f}\" y=\"{:.2f}\" "
                       "width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                       i, h.violating[i], p.px(static_cast<double>(i)), p.area().y,
                       p.px(static_cast<double>(i + 1)) - p.px(static_cast<double>(i)), height, k_violating));
  }
  p.area(prefix + "demand-p5-p95", xs, lo, hi, k_band, 0.35);
  p.area(prefix + "realtime-served", xs, zero, rt, k_realtime, 0.75);
  p.area(prefix + "batch-served", xs, rt, rt_batch, k_batch, 0.75);
  p.area(prefix + "spilled", xs, rt_batch, all, k_spilled, 0.75);
  std::vector<std::pair<double, double>> cap, hold;
  steps(h.capacity, xs, capacity);
  steps(h.held, xs, held);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    cap.emplace_back(xs[i], capacity[i]);
    hold.emplace_back(xs[i], held[i]);
  }
  // Capacity first: held is at least capacity and often equal, so its dashes must lie on top.
  p.line(prefix + "capacity", cap, {"#000000", "", plot::Marker::circle}, 2.0);
  p.line(prefix + "held", hold, {"#999999", "5,3", plot::Marker::cross}, 1.6);
}

Panel week_panel(const HourSeries& h, double left, double top, double width) {
  plot::Axis x = plot::make_axis("day of the week (the month starts on a Monday)", false, 0.0, 168.0);
  for (int d = 0; d < 7; ++d) x.ticks.push_back(24.0 * d);
  x.label = [](double v) { return v < 168.0 ? std::string(k_days[static_cast<std::size_t>(v / 24.0)]) : std::string(); };
  plot::Axis y = plot::make_axis("replicas", false, 0.0, top_of(h), [](double v) { return fmt::format("{:g}", v); });
  y.max_ticks = 6;
  Panel p("week", {left, top, width, 250.0}, x, y, "A typical week: demand against capacity (means over the months)");
  draw_layers(p, h, "");
  return p;
}

Panel day_panel(const HourSeries& h, double left, double top, double width) {
  plot::Axis x = plot::make_axis("hour of the day", false, 0.0, 24.0);
  for (int t = 0; t <= 24; t += 3) x.ticks.push_back(t);
  x.label = [](double v) { return fmt::format("{:02.0f}:00", v); };
  plot::Axis y = plot::make_axis("replicas", false, 0.0, top_of(h), [](double v) { return fmt::format("{:g}", v); });
  y.max_ticks = 6;
  Panel p("day", {left, top, width, 190.0}, x, y, "A typical day: the week's hours averaged over its seven days");
  draw_layers(p, h, "day:");
  return p;
}

// Utilization as a grey-safe sequential colour: dark blue (idle) to pale yellow (busy).
std::string heat_colour(double u) {
  static constexpr std::array<std::array<int, 3>, 5> stops = {{{13, 8, 135}, {84, 2, 163}, {185, 50, 137}, {249, 142, 9}, {240, 249, 33}}};
  const double t = std::clamp(u, 0.0, 1.0) * 4.0;
  const auto i = static_cast<std::size_t>(std::min(3.0, std::floor(t)));
  const double f = t - static_cast<double>(i);
  std::array<int, 3> c{};
  for (std::size_t k = 0; k < 3; ++k) c[k] = static_cast<int>(std::lround(stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f));
  return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

Panel heat_panel(const HourSeries& h, double left, double top, double width) {
  plot::Axis x = plot::make_axis("hour of the day", false, 0.0, 24.0);
  for (int t = 0; t <= 24; t += 3) x.ticks.push_back(t);
  x.label = [](double v) { return fmt::format("{:02.0f}:00", v); };
  x.grid = false;
  plot::Axis y = plot::make_axis("", false, 0.0, 7.0);
  for (int d = 0; d < 7; ++d) y.ticks.push_back(6.5 - d);
  y.label = [](double v) { return std::string(k_days[static_cast<std::size_t>(std::clamp(6.5 - v, 0.0, 6.0))]); };
  y.grid = false;
  Panel p("heat", {left, top, width, 7 * 22.0}, x, y, "Utilization (busy / held) by hour of day and day of week");
  for (std::size_t i = 0; i < h.busy.size(); ++i) {
    const double u = h.held[i] > 0.0 ? h.busy[i] / h.held[i] : 0.0;
    const double day = static_cast<double>(i / 24), hour = static_cast<double>(i % 24);
    p.draw(fmt::format("<rect class=\"heat-cell\" data-hour-of-week=\"{}\" data-utilization=\"{:.4f}\" x=\"{:.2f}\" "
                       "y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\" stroke=\"white\" stroke-width=\"0.5\"/>\n",
                       i, u, p.px(hour), p.py(7.0 - day), p.px(hour + 1) - p.px(hour), p.py(6.0 - day) - p.py(7.0 - day),
                       heat_colour(u)));
  }
  return p;
}

std::vector<plot::LegendEntry> legend() {
  std::vector<plot::LegendEntry> out = {
      {"capacity", "serving capacity", "#000000", "", std::nullopt, 2.0},
      {"held", "held (billed, incl. starting)", "#999999", "5,3", std::nullopt, 1.6},
      {"realtime-served", "realtime served", k_realtime, "", std::nullopt, 1.8, true, 0.75},
      {"batch-served", "batch served", k_batch, "", std::nullopt, 1.8, true, 0.75},
      {"spilled", "spilled to the API", k_spilled, "", std::nullopt, 1.8, true, 0.75},
      {"demand-p5-p95", "realtime demand, P5-P95", k_band, "", std::nullopt, 1.8, true, 0.35},
      {"slo-violating", "SLO-violating share (top strip)", k_violating, "", std::nullopt, 1.8, true}};
  for (int k = 0; k <= 4; ++k) {
    out.push_back({fmt::format("heat-{}", k * 25), fmt::format("utilization {}%", k * 25), heat_colour(k / 4.0), "",
                   std::nullopt, 1.8, true});
  }
  return out;
}

}  // namespace

std::string render_simulate_svg(const SimulateReport& r) {
  const HourSeries week = week_hours(r.result);
  const HourSeries day = day_hours(week);
  plot::Figure f;
  f.id = "simulate";
  f.legend = legend();
  const double left = 80.0;
  const double width = std::max(520.0, 1040.0 - left - 40.0 - plot::legend_width(f.legend));
  f.width = left + width + 40.0 + plot::legend_width(f.legend);
  f.title = fmt::format("Simulated month: {}", policy_label(r.setup.policy));
  f.subtitle = fmt::format("{} seeds; {} GPU{} per replica on {}; mean bill {}, utilization {}, SLO-violating time {}",
                           r.result.seeds, r.setup.gpus_per_replica, r.setup.gpus_per_replica == 1 ? "" : "s",
                           r.plan.gpu.id, format_usd(Usd(r.result.total_usd.mean)), format_percent(r.result.utilization.mean),
                           format_percent(r.result.slo_violation_fraction.mean));
  f.panels.push_back(week_panel(week, left, 86.0, width));
  f.panels.push_back(day_panel(day, left, 86.0 + 250.0 + 80.0, width));
  f.panels.push_back(heat_panel(week, left, 86.0 + 250.0 + 80.0 + 190.0 + 80.0, width));
  std::vector<std::pair<std::string, std::string>> sources;
  if (r.offers.on_demand) sources.emplace_back(r.offers.on_demand->provenance.source, r.offers.on_demand->provenance.as_of);
  if (r.offers.committed) sources.emplace_back(r.offers.committed->provenance.source, r.offers.committed->provenance.as_of);
  if (r.offers.spot) sources.emplace_back(r.offers.spot->provenance.source, r.offers.spot->provenance.as_of);
  if (!r.offers.on_demand) sources.emplace_back(r.plan.rate_source, "");
  f.footer = plot::source_lines(sources, f.width - 32.0, 2);
  std::string apis;
  for (const auto& part : r.parts) apis += fmt::format("{}{} to {}", apis.empty() ? "" : ", ", part.name, part.api);
  f.footer.push_back("Spill and API-only priced at: " + apis + " (the JSON report has their prices and sources).");
  f.footer.push_back(fmt::format("Means and bands over the first {} of {} simulated months; the month starts on a Monday. "
                                 "Batch work is drawn as it is served.",
                                 r.result.week_seeds, r.result.seeds));
  return plot::render_figure(f);
}

}  // namespace nimcost
