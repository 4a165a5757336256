// The page around the panels: title, legend, labels placed clear of each other, footer.
#include "plot_figure.hpp"
#include "plot_scale.hpp"
#include "svg_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost::plot {

namespace {

constexpr double k_label_font = 11.0;
constexpr double k_legend_font = 12.0;
constexpr double k_legend_row = 19.0;
constexpr double k_footer_font = 10.0;

std::string box_attribute(const Box& b) { return fmt::format("data-box=\"{:.1f},{:.1f},{:.1f},{:.1f}\"", b.x, b.y, b.w, b.h); }

Box legend_box(const Figure& f) {
  return {legend_left(f), f.panels.empty() ? 60.0 : f.panels.front().area().y, legend_width(f.legend),
          static_cast<double>(f.legend.size()) * k_legend_row + 12.0};
}

std::string legend_svg(const Figure& f, const Box& box) {
  if (f.legend.empty()) return "";
  std::string svg = fmt::format("<g class=\"legend\" {}>\n", box_attribute(box));
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"white\" stroke=\"#bbb\"/>\n",
                     box.x, box.y, box.w, box.h);
  double y = box.y + 6 + k_legend_row / 2;
  for (const auto& e : f.legend) {
    const double x = box.x + 8;
    if (e.swatch) {
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"26\" height=\"11\" fill=\"{}\" fill-opacity=\"{}\"/>\n", x,
                         y - 5.5, e.colour, e.opacity);
    } else {
      svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n",
                         x, y, x + 26, y, e.colour, e.width,
                         e.dash.empty() ? std::string() : fmt::format(" stroke-dasharray=\"{}\"", e.dash));
      if (e.marker) svg += marker_svg(*e.marker, x + 13, y, 3.2, e.colour, "");
    }
    svg += fmt::format("<text class=\"legend-entry\" data-id=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", xml(e.id), x + 34,
                       y + 4, xml(e.label));
    y += k_legend_row;
  }
  return svg + "</g>\n";
}

// Offsets from the point to try, nearest first: right and left of it, then ever further up and down.
std::vector<std::pair<double, double>> candidate_offsets(double w, double h) {
  std::vector<std::pair<double, double>> out;
  const double right = 8.0, left = -8.0 - w;
  for (int step = 0; step <= 24; ++step) {
    const double up = -h - 6.0 - step * (h + 2.0), down = 6.0 + step * (h + 2.0);
    for (double dx : {right, left}) {
      out.emplace_back(dx, up);
      out.emplace_back(dx, down);
    }
  }
  return out;
}

// The first box beside the point that stays in its panel and clear of everything placed so far.
Box place(const Label& l, const Box& area, const std::vector<Box>& taken) {
  const double w = text_width(l.text, k_label_font) + 8.0, h = k_label_font + 6.0;
  Box fallback{l.x + 8.0, l.y - h - 6.0, w, h};
  for (const auto& [dx, dy] : candidate_offsets(w, h)) {
    const Box b{l.x + dx, l.y + dy, w, h};
    if (!b.inside(area)) continue;
    if (std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return b.overlaps(t); })) return b;
  }
  // Nowhere free: keep it inside the panel at least (the test that checks overlaps would say so).
  fallback.x = std::clamp(fallback.x, area.x, area.x + area.w - w);
  fallback.y = std::clamp(fallback.y, area.y, area.y + area.h - h);
  return fallback;
}

// A leader line where the label had to move away from its point; drawn under every label box.
std::string leader_svg(const Label& l, const Box& b) {
  const double cx = std::clamp(l.x, b.x, b.x + b.w), cy = std::clamp(l.y, b.y, b.y + b.h);
  if (std::hypot(cx - l.x, cy - l.y) <= 14.0) return "";
  return fmt::format("<line class=\"leader\" x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"{}\" "
                     "stroke-width=\"0.8\"/>\n",
                     l.x, l.y, cx, cy, l.colour);
}

std::string label_svg(const Label& l, const Box& b) {
  std::string svg = fmt::format("<g class=\"{}\" data-id=\"{}\" {}>\n", l.cls, xml(l.id), box_attribute(b));
  svg += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" rx=\"2\" fill=\"white\" "
                     "stroke=\"{}\" stroke-width=\"0.6\"/>\n",
                     b.x, b.y, b.w, b.h, l.colour);
  svg += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"{}\" fill=\"{}\">{}</text>\n", b.x + 4, b.y + b.h - 5,
                     k_label_font, l.colour, xml(l.text));
  return svg + "</g>\n";
}

}  // namespace

double legend_width(const std::vector<LegendEntry>& entries) {
  double w = 0.0;
  for (const auto& e : entries) w = std::max(w, text_width(e.label, k_legend_font));
  return entries.empty() ? 0.0 : w + 50.0;
}

double legend_left(const Figure& f) {
  double right = 0.0;
  for (const auto& p : f.panels) right = std::max(right, p.area().x + p.area().w);
  return right + 18.0;
}

std::vector<std::string> source_lines(const std::vector<std::pair<std::string, std::string>>& sources, double width,
                                      std::size_t max_lines) {
  std::vector<std::string> items;
  for (const auto& [source, as_of] : sources) {
    std::string item = as_of.empty() ? source : fmt::format("{} (as of {})", source, as_of);
    // One source longer than a line is cut (the JSON report has it whole).
    const std::string date = as_of.empty() ? "" : fmt::format("... (as of {})", as_of);
    if (text_width("Prices: " + item, k_footer_font) > width) {
      std::string cut = source;
      while (!cut.empty() && text_width("Prices: " + cut + (date.empty() ? "..." : date), k_footer_font) > width) cut.pop_back();
      while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();  // whole UTF-8 signs
      if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
      item = cut + (date.empty() ? "..." : date);
    }
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
  }
  std::vector<std::string> lines;
  std::string line = "Prices: ";
  std::size_t used = 0;
  // The last line keeps room for "; and N more in the JSON report".
  const auto room = [&] { return lines.size() + 1 == max_lines ? width - text_width("; and 99 more in the JSON report", k_footer_font) : width; };
  for (; used < items.size(); ++used) {
    const std::string next = line + (line == "Prices: " ? "" : "; ") + items[used];
    if (text_width(next, k_footer_font) <= room() || line == "Prices: ") {
      line = next;
      continue;
    }
    if (lines.size() + 1 == max_lines) break;
    lines.push_back(line + ";");
    line = items[used];
  }
  if (used < items.size()) line += fmt::format("; and {} more in the JSON report", items.size() - used);
  lines.push_back(line);
  return lines;
}

std::string render_figure(const Figure& f) {
  const Box legend = legend_box(f);
  double bottom = legend.y + (f.legend.empty() ? 0.0 : legend.h);
  for (const auto& p : f.panels) bottom = std::max(bottom, p.area().y + p.area().h + 44.0);
  const double height = std::ceil(bottom + 14.0 + 14.0 * static_cast<double>(f.footer.size()));
  std::string svg = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" "
      "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\"{2}>\n",
      f.width, height, f.root_attributes.empty() ? "" : " " + f.root_attributes);
  svg += fmt::format("<title>{}</title>\n", xml(f.title));
  svg += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>\n", f.width, height);
  svg += fmt::format("<text class=\"title\" x=\"16\" y=\"26\" font-size=\"17\" font-weight=\"bold\">{}</text>\n", xml(f.title));
  if (!f.subtitle.empty()) {
    svg += fmt::format("<text class=\"subtitle\" x=\"16\" y=\"45\" font-size=\"12\" fill=\"#444\">{}</text>\n", xml(f.subtitle));
  }
  std::vector<Box> taken;
  if (!f.legend.empty()) taken.push_back(legend);
  for (const auto& p : f.panels) taken.insert(taken.end(), p.kept_clear().begin(), p.kept_clear().end());
  std::string leaders, labels;
  for (std::size_t k = 0; k < f.panels.size(); ++k) {
    svg += f.panels[k].render(fmt::format("{}-clip-{}", f.id, k));
    for (const Label& l : f.panels[k].labels()) {
      const Box b = place(l, f.panels[k].area(), taken);
      taken.push_back(b);
      leaders += leader_svg(l, b);
      labels += label_svg(l, b);
    }
  }
  svg += leaders + labels + legend_svg(f, legend);
  double y = height - 8.0 - 14.0 * static_cast<double>(f.footer.size() - (f.footer.empty() ? 0 : 1));
  for (const auto& line : f.footer) {
    svg += fmt::format("<text class=\"footer\" x=\"16\" y=\"{:.1f}\" font-size=\"{}\" fill=\"#555\">{}</text>\n", y,
                       k_footer_font, xml(line));
    y += 14.0;
  }
  return svg + "</svg>\n";
}

}  // namespace nimcost::plot
