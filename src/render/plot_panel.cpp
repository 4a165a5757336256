// A panel: one plot area, its axes and what is drawn on it.
#include "plot_figure.hpp"
#include "plot_scale.hpp"
#include "svg_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost::plot {

namespace {

double fraction_along(const Axis& a, double v) {
  if (a.log) {
    const double l = std::log10(std::max(v, a.lo));  // at or below the low end: on the axis
    return (l - std::log10(a.lo)) / (std::log10(a.hi) - std::log10(a.lo));
  }
  return (v - a.lo) / (a.hi - a.lo);
}

std::vector<double> ticks_of(const Axis& a) {
  if (!a.ticks.empty()) return a.ticks;
  return a.log ? log_ticks(a.lo, a.hi, a.max_ticks) : linear_ticks(a.lo, a.hi, a.max_ticks);
}

std::string tick_text(const Axis& a, double v) { return a.label ? a.label(v) : fmt::format("{:g}", v); }

}  // namespace

Panel::Panel(std::string id, Box area, Axis x, Axis y, std::string title)
    : m_id(std::move(id)), m_area(area), m_x(std::move(x)), m_y(std::move(y)), m_title(std::move(title)) {}

double Panel::px(double v) const { return m_area.x + fraction_along(m_x, v) * m_area.w; }
double Panel::py(double v) const { return m_area.y + m_area.h - fraction_along(m_y, v) * m_area.h; }

void Panel::line(const std::string& id, const std::vector<std::pair<double, double>>& points, const Style& style,
                 double width, std::size_t marker_every, std::size_t marker_start) {
  std::string pts;
  for (const auto& p : points) pts += fmt::format("{}{:.2f},{:.2f}", pts.empty() ? "" : " ", px(p.first), py(p.second));
  m_content += fmt::format("<polyline class=\"series\" data-id=\"{}\" fill=\"none\" {} stroke-linejoin=\"round\" "
                           "points=\"{}\"/>\n",
                           xml(id), stroke_attributes(style, width), pts);
  if (marker_every == 0) return;
  for (std::size_t i = marker_start % marker_every; i < points.size(); i += marker_every) {
    const double x = px(points[i].first), y = py(points[i].second);
    if (x < m_area.x || x > m_area.x + m_area.w || y < m_area.y || y > m_area.y + m_area.h) continue;
    m_content += marker_svg(style.marker, x, y, 3.2, style.colour,
                            fmt::format("class=\"series-marker\" data-id=\"{}\" ", xml(id)));
  }
}

void Panel::area(const std::string& id, const std::vector<double>& xs, const std::vector<double>& lower,
                 const std::vector<double>& upper, const std::string& colour, double opacity, const std::string& cls) {
  std::string d;
  for (std::size_t i = 0; i < xs.size(); ++i) d += fmt::format("{}{:.2f},{:.2f}", i == 0 ? "M" : "L", px(xs[i]), py(upper[i]));
  for (std::size_t i = xs.size(); i-- > 0;) d += fmt::format("L{:.2f},{:.2f}", px(xs[i]), py(lower[i]));
  m_content += fmt::format("<path class=\"{}\" data-id=\"{}\" d=\"{}Z\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"/>\n",
                           cls, xml(id), d, colour, opacity);
}

// Grid lines and ticks on round values, the border, the axis titles and the panel's title.
std::string Panel::axes() const {
  const Box& b = m_area;
  std::string svg;
  for (double v : ticks_of(m_x)) {
    const double x = px(v);
    if (x < b.x - 0.5 || x > b.x + b.w + 0.5) continue;
    if (m_x.grid) svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#e4e4e4\"/>\n", x, b.y, b.y + b.h);
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1}\" x2=\"{0:.2f}\" y2=\"{2}\" stroke=\"#444\"/>\n", x, b.y + b.h, b.y + b.h + 4);
    svg += fmt::format("<text class=\"tick\" x=\"{:.2f}\" y=\"{:.2f}\" text-anchor=\"middle\">{}</text>\n", x, b.y + b.h + 17,
                       xml(tick_text(m_x, v)));
  }
  for (double v : ticks_of(m_y)) {
    const double y = py(v);
    if (y < b.y - 0.5 || y > b.y + b.h + 0.5) continue;
    if (m_y.grid) svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\" stroke=\"#e4e4e4\"/>\n", b.x, y, b.x + b.w);
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.2f}\" x2=\"{2}\" y2=\"{1:.2f}\" stroke=\"#444\"/>\n", b.x - 4, y, b.x);
    svg += fmt::format("<text class=\"tick\" x=\"{:.2f}\" y=\"{:.2f}\" text-anchor=\"end\">{}</text>\n", b.x - 7, y + 4,
                       xml(tick_text(m_y, v)));
  }
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n", b.x, b.y, b.w, b.h);
  if (!m_x.title.empty()) {
    svg += fmt::format("<text class=\"axis-title\" x=\"{:.2f}\" y=\"{:.2f}\" text-anchor=\"middle\">{}</text>\n",
                       b.x + b.w / 2, b.y + b.h + 36, xml(m_x.title));
  }
  if (!m_y.title.empty()) {
    const double x = b.x - 62, y = b.y + b.h / 2;
    svg += fmt::format("<text class=\"axis-title\" x=\"{0:.2f}\" y=\"{1:.2f}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 {0:.2f} {1:.2f})\">{2}</text>\n",
                       x, y, xml(m_y.title));
  }
  if (!m_title.empty()) {
    svg += fmt::format("<text class=\"panel-title\" x=\"{}\" y=\"{:.2f}\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
                       b.x, b.y - 8, xml(m_title));
  }
  return svg;
}

std::string Panel::render(const std::string& clip_id) const {
  const Box& b = m_area;
  std::string svg = fmt::format(
      "<g class=\"panel\" data-id=\"{}\" data-left=\"{}\" data-top=\"{}\" data-width=\"{}\" data-height=\"{}\" "
      "data-x-min=\"{}\" data-x-max=\"{}\" data-x-log=\"{}\" data-y-min=\"{}\" data-y-max=\"{}\" data-y-log=\"{}\">\n",
      xml(m_id), b.x, b.y, b.w, b.h, m_x.lo, m_x.hi, m_x.log ? 1 : 0, m_y.lo, m_y.hi, m_y.log ? 1 : 0);
  svg += fmt::format("<clipPath id=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>\n", clip_id, b.x,
                     b.y, b.w, b.h);
  svg += axes();
  svg += fmt::format("<g clip-path=\"url(#{})\">\n{}</g>\n", clip_id, m_content);
  return svg + "</g>\n";
}

}  // namespace nimcost::plot
