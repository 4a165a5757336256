// One plotting module for every SVG nimcost writes: panels with axes on round ticks, series drawn by
// the caller in data coordinates, labels placed on a white halo where they overlap nothing, a legend
// outside the plot areas, a title and a footer naming the prices' sources and dates. Every label and
// the legend carry their box as data-box="x,y,w,h", so tests can check that no two overlap.
#pragma once

#include "plot_style.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nimcost::plot {

struct Box {
  double x = 0.0, y = 0.0, w = 0.0, h = 0.0;
  bool overlaps(const Box& o) const { return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h; }
  bool inside(const Box& o) const { return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h; }
};

struct Axis {
  std::string title;  // with its unit: "USD per month"
  bool log = false;
  double lo = 0.0, hi = 1.0;
  std::function<std::string(double)> label;  // a tick's text
  std::vector<double> ticks;                 // explicit ticks; empty: round ones
  int max_ticks = 8;
  bool grid = true;
};

inline Axis make_axis(std::string title, bool log, double lo, double hi, std::function<std::string(double)> label = {}) {
  Axis a;
  a.title = std::move(title);
  a.log = log;
  a.lo = lo;
  a.hi = hi;
  a.label = std::move(label);
  return a;
}

// A label to place near a point (pixels): beside it where it overlaps no other label, no legend and
// no marker, else further up or down with a leader line back to the point.
struct Label {
  std::string text;
  double x = 0.0, y = 0.0;
  std::string colour = "#222";
  std::string cls = "label";
  std::string id;
};

class Panel {
public:
  Panel(std::string id, Box area, Axis x, Axis y, std::string title = "");

  double px(double v) const;
  double py(double v) const;
  const Box& area() const { return m_area; }
  const std::string& id() const { return m_id; }

  // A series as one polyline (class "series", data-id), with markers every `marker_every` points
  // from `marker_start` (staggered by series, so lines that nearly coincide still show both).
  void line(const std::string& id, const std::vector<std::pair<double, double>>& points, const Style& style,
            double width, std::size_t marker_every = 0, std::size_t marker_start = 0);
  // A filled area between two curves over the same x values (class "series" unless `cls` says).
  void area(const std::string& id, const std::vector<double>& xs, const std::vector<double>& lower,
            const std::vector<double>& upper, const std::string& colour, double opacity, const std::string& cls = "series");
  // SVG in pixel coordinates, clipped to the plot area.
  void draw(std::string svg) { m_content += std::move(svg); }
  // A spot labels must not cover (a marker).
  void keep_clear(Box box) { m_keep_clear.push_back(box); }
  void label(Label l) { m_labels.push_back(std::move(l)); }

  std::string render(const std::string& clip_id) const;
  const std::vector<Label>& labels() const { return m_labels; }
  const std::vector<Box>& kept_clear() const { return m_keep_clear; }

private:
  std::string axes() const;

  std::string m_id;
  Box m_area;
  Axis m_x, m_y;
  std::string m_title;
  std::string m_content;
  std::vector<Label> m_labels;
  std::vector<Box> m_keep_clear;
};

struct LegendEntry {
  std::string id;
  std::string label;
  std::string colour;
  std::string dash;  // "" solid
  std::optional<Marker> marker;
  double width = 1.8;
  bool swatch = false;  // a filled square (areas) instead of a line
  double opacity = 1.0;
};

struct Figure {
  std::string id = "plot";  // prefixes element ids, so several SVGs can sit in one HTML page
  double width = 960.0;
  std::string title, subtitle;
  std::vector<Panel> panels;
  std::vector<LegendEntry> legend;
  std::vector<std::string> footer;   // lines under the plots: sources, dates, what was left out
  std::string root_attributes;       // extra attributes on <svg> (data-* for tests)
};

// Where the legend goes: its width for `entries` (the caller leaves this much on the right).
double legend_width(const std::vector<LegendEntry>& entries);
// The left edge of the legend: right of every panel.
double legend_left(const Figure& figure);

std::string render_figure(const Figure& figure);

// The footer's source lines: "Prices: <source> (as of <date>); ..." wrapped to `width` pixels, at
// most `max_lines` lines (then "and N more in the JSON report").
std::vector<std::string> source_lines(const std::vector<std::pair<std::string, std::string>>& sources, double width,
                                      std::size_t max_lines);

}  // namespace nimcost::plot
