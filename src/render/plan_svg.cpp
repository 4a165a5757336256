// `nimcost plan --plot`: every self-hosted candidate's monthly cost against its time per output
// token, coloured by how the GPUs are paid for, the Pareto front as a step line, the cheapest API
// of the quality as a level (its latency is not modelled), and the TPOT target.
#include "plot_figure.hpp"
#include "plot_scale.hpp"
#include "svg_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace nimcost {

namespace {

using plot::Panel;

struct TermStyle {
  const char* id;
  const char* label;
  const char* colour;
  plot::Marker marker;
};

// One look per way of paying; mixed fleets take their first (largest) term's.
constexpr TermStyle k_terms[] = {{"on-demand", "on demand", "#0072B2", plot::Marker::circle},
                                 {"1-year", "committed 1 year", "#009E73", plot::Marker::square},
                                 {"3-year", "committed 3 years", "#006046", plot::Marker::square},
                                 {"spot", "spot", "#E69F00", plot::Marker::triangle},
                                 {"purchase", "bought servers", "#CC79A7", plot::Marker::diamond}};

const TermStyle& term_style(const std::string& term) {
  const std::string first = term.substr(0, term.find('+'));
  for (const auto& t : k_terms) {
    if (first == t.id) return t;
  }
  return k_terms[0];
}

const char* const k_front = "#222222";
const char* const k_api = "#D55E00";
const char* const k_miss = "#999999";

std::string short_words(const PlanCandidate& c) {
  return fmt::format("{} {}x {} {} {}", c.model, c.gpus, c.gpu, c.precision, c.policy);
}

// The axes' ranges: every point and the API's level with room around them; TPOT in whole tens.
struct Ranges {
  double lo_usd = 1.0, hi_usd = 10.0, hi_ms = 10.0;
};

Ranges ranges_of(const std::vector<const PlanCandidate*>& points, const PlanCandidate* api, const LatencyTarget& target) {
  double lo = 1e18, hi = 0.0, ms = target.tpot_ms.value_or(0.0);
  for (const auto* c : points) {
    lo = std::min(lo, c->monthly_usd.mean);
    hi = std::max(hi, c->monthly_usd.mean);
    ms = std::max(ms, *c->tpot_ms);
  }
  if (api) {
    lo = std::min(lo, api->monthly_usd.mean);
    hi = std::max(hi, api->monthly_usd.mean);
  }
  if (!(hi > 0.0)) lo = hi = 1.0;
  Ranges r;
  r.lo_usd = plot::round_down(std::max(lo, 1.0) / 1.3);
  r.hi_usd = plot::round_up(std::max(hi * 1.3, r.lo_usd * 10.0));
  r.hi_ms = std::ceil(std::max(ms * 1.1, 10.0) / 10.0) * 10.0;  // TPOTs sit near the target
  return r;
}

std::vector<plot::LegendEntry> legend_of(const std::vector<const PlanCandidate*>& points, bool api, bool target) {
  std::vector<plot::LegendEntry> legend;
  for (const auto& t : k_terms) {
    if (std::any_of(points.begin(), points.end(), [&](const PlanCandidate* c) { return &term_style(c->term) == &t; })) {
      legend.push_back({t.id, t.label, t.colour, "", t.marker, 0.0});
    }
  }
  legend.push_back({"front", "Pareto front", k_front, "", std::nullopt, 1.8});
  if (std::any_of(points.begin(), points.end(), [](const PlanCandidate* c) { return !c->meets_slo_target; })) {
    legend.push_back({"miss", "misses the SLO", k_miss, "", plot::Marker::cross, 0.0});
  }
  if (api) legend.push_back({"api", "cheapest API of the quality", k_api, "6,4", std::nullopt, 1.8});
  if (target) legend.push_back({"target", "TPOT target", "#777777", "2,3", std::nullopt, 1.2});
  return legend;
}

// The front as a staircase: from each point, level to the next one's TPOT, then down to it.
void draw_front(Panel& p, const std::vector<const PlanCandidate*>& points) {
  std::vector<std::pair<double, double>> front;
  for (const auto* c : points) {
    if (c->pareto) front.emplace_back(*c->tpot_ms, c->monthly_usd.mean);
  }
  std::sort(front.begin(), front.end());
  if (front.size() < 2) return;
  std::vector<std::pair<double, double>> steps;
  for (std::size_t i = 0; i < front.size(); ++i) {
    if (i > 0) steps.emplace_back(front[i].first, front[i - 1].second);
    steps.push_back(front[i]);
  }
  p.line("front", steps, plot::Style{k_front, "", plot::Marker::circle}, 1.6);
}

void draw_points(Panel& p, const std::vector<const PlanCandidate*>& points) {
  for (const auto* c : points) {
    const TermStyle& t = term_style(c->term);
    const double cx = p.px(*c->tpot_ms), cy = p.py(c->monthly_usd.mean);
    const std::string attributes = fmt::format("class=\"series\" data-id=\"{}\" data-usd=\"{}\" data-tpot-ms=\"{}\" "
                                               "data-pareto=\"{}\" ",
                                               xml(short_words(*c)), c->monthly_usd.mean, *c->tpot_ms, c->pareto ? 1 : 0);
    p.draw(plot::marker_svg(c->meets_slo_target ? t.marker : plot::Marker::cross, cx, cy, c->pareto ? 6.0 : 4.0,
                            c->meets_slo_target ? t.colour : k_miss, attributes));
    p.keep_clear({cx - 6.0, cy - 6.0, 12.0, 12.0});
  }
}

// The API as a level across the panel (its latency is not modelled), and the TPOT target.
void draw_levels(Panel& p, const PlanCandidate* api, const LatencyTarget& target) {
  if (target.tpot_ms) {
    p.draw(fmt::format("<line class=\"target\" x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\" stroke=\"#777\" "
                       "stroke-width=\"1.2\" stroke-dasharray=\"2,3\"/>\n",
                       p.px(*target.tpot_ms), p.area().y, p.area().y + p.area().h));
  }
  if (!api) return;
  const double y = p.py(api->monthly_usd.mean);
  p.draw(fmt::format("<line class=\"series\" data-id=\"api:{}\" data-usd=\"{}\" x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" "
                     "y2=\"{:.2f}\" stroke=\"{}\" stroke-width=\"1.8\" stroke-dasharray=\"6,4\"/>\n",
                     xml(api->model), api->monthly_usd.mean, p.area().x, y, p.area().x + p.area().w, y, k_api));
  p.label({fmt::format("{}: {}/month", api->model, format_usd(Usd(api->monthly_usd.mean))), p.area().x + 8.0, y - 6.0,
           k_api, "label", "api"});
}

std::vector<std::string> footer_of(const PlanReport& r, double width) {
  std::vector<std::pair<std::string, std::string>> sources;
  for (const auto& i : {r.best_selfhost, r.best_api}) {
    if (i) sources.emplace_back(r.candidates[*i].offer + ": " + r.candidates[*i].source, r.candidates[*i].as_of);
  }
  std::vector<std::string> footer = plot::source_lines(sources, width, 2);
  footer.push_back(fmt::format("{} simulated configurations of {} that fit and meet the latency target; {} months each "
                               "at {:g}-min steps, the winner {} months.",
                               r.search.simulated_configurations, r.search.meeting_latency, r.search.search_seeds,
                               r.search.search_step_s / 60.0, r.search.seeds));
  footer.push_back("Below and left is better. An API's latency is not modelled: it is drawn as a level, not a point.");
  return footer;
}

}  // namespace

std::string render_plan_svg(const PlanReport& r) {
  std::vector<const PlanCandidate*> points;
  for (const auto& c : r.candidates) {
    if (c.kind == "selfhost" && c.tpot_ms) points.push_back(&c);
  }
  const PlanCandidate* api = r.best_api ? &r.candidates[*r.best_api] : nullptr;
  const Ranges range = ranges_of(points, api, r.target);
  plot::Figure f;
  f.id = "plan";
  f.legend = legend_of(points, api != nullptr, r.target.tpot_ms.has_value());
  const double left = 86.0, width = std::max(480.0, 960.0 - left - 40.0 - plot::legend_width(f.legend));
  f.width = left + width + 40.0 + plot::legend_width(f.legend);
  plot::Axis x = plot::make_axis("time per output token at the operating point (ms)", false, 0.0, range.hi_ms,
                                 [](double v) { return fmt::format("{:g}", v); });
  plot::Axis y = plot::make_axis("USD per month (log scale)", true, range.lo_usd, range.hi_usd,
                                 [](double v) { return compact_usd(v); });
  Panel p("candidates", {left, 86.0, width, 420.0}, x, y, "Monthly cost against latency, every simulated candidate");
  draw_levels(p, api, r.target);
  draw_front(p, points);
  draw_points(p, points);
  if (r.best_selfhost) {
    const PlanCandidate& c = r.candidates[*r.best_selfhost];
    p.label({fmt::format("best self-hosted: {} ({}/month)", short_words(c), format_usd(Usd(c.monthly_usd.mean))),
             p.px(*c.tpot_ms), p.py(c.monthly_usd.mean) + 16.0, "#222", "label", "best-selfhost"});
  }
  f.panels.push_back(std::move(p));
  f.title = fmt::format("nimcost plan: {} tokens/month", format_tokens(r.total.tokens));
  const std::string verdict = plan_verdict_text(r);
  f.subtitle = verdict.substr(0, verdict.find(". ") + 1);
  f.footer = footer_of(r, f.width - 32.0);
  return plot::render_figure(f);
}

}  // namespace nimcost
