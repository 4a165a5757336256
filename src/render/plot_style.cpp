// The palette: Okabe and Ito's eight colours for colour-blind readers (black kept for the self-hosted
// fleet), then Paul Tol's muted and dark schemes, ordered so that neighbours in a legend contrast.
// Light colours (yellow, pale grey) are left out: a thin line of them vanishes on white.
#include "plot_style.hpp"

#include <fmt/format.h>

namespace nimcost::plot {

namespace {

constexpr const char* k_colours[k_styles] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#332288", "#882255", "#117733", "#999933",
    "#AA4499", "#44AA99", "#CC6677", "#661100", "#FF6DB6", "#8B4513", "#004949", "#920000", "#B66DFF", "#6D6D00",
};

// Four dash patterns and five markers: k -> (k mod 4, k mod 5) is one-to-one over 20 series.
constexpr const char* k_dashes[4] = {"", "7,3", "2,2.5", "9,3,2,3"};
constexpr Marker k_markers[5] = {Marker::circle, Marker::square, Marker::triangle, Marker::diamond, Marker::cross};

}  // namespace

Style style_of(std::size_t k) {
  return {k_colours[k % k_styles], k_dashes[k % 4], k_markers[k % 5]};
}

std::string marker_svg(Marker marker, double x, double y, double r, const std::string& colour, const std::string& extra) {
  static constexpr const char* k_names[] = {"circle", "square", "triangle", "diamond", "cross"};
  const std::string attributes = fmt::format("{}data-marker=\"{}\" ", extra, k_names[static_cast<int>(marker)]);
  switch (marker) {
    case Marker::circle:
      return fmt::format("<circle {}cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{:.2f}\" fill=\"{}\" stroke=\"white\" stroke-width=\"0.8\"/>\n",
                         attributes, x, y, r, colour);
    case Marker::square:
      return fmt::format("<rect {}x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\" stroke=\"white\" "
                         "stroke-width=\"0.8\"/>\n",
                         attributes, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, colour);
    case Marker::triangle:
      return fmt::format("<polygon {}points=\"{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f}\" fill=\"{}\" stroke=\"white\" "
                         "stroke-width=\"0.8\"/>\n",
                         attributes, x, y - r * 1.15, x + r, y + r * 0.75, x - r, y + r * 0.75, colour);
    case Marker::diamond:
      return fmt::format("<polygon {}points=\"{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f}\" fill=\"{}\" "
                         "stroke=\"white\" stroke-width=\"0.8\"/>\n",
                         attributes, x, y - r * 1.2, x + r, y, x, y + r * 1.2, x - r, y, colour);
    case Marker::cross:
      return fmt::format("<path {}d=\"M{:.2f},{:.2f}L{:.2f},{:.2f}M{:.2f},{:.2f}L{:.2f},{:.2f}\" stroke=\"{}\" "
                         "stroke-width=\"2\" fill=\"none\"/>\n",
                         attributes, x - r, y - r, x + r, y + r, x - r, y + r, x + r, y - r, colour);
  }
  return "";
}

std::string stroke_attributes(const Style& style, double width) {
  std::string out = fmt::format("stroke=\"{}\" stroke-width=\"{}\"", style.colour, width);
  if (style.dash[0] != '\0') out += fmt::format(" stroke-dasharray=\"{}\"", style.dash);
  return out;
}

}  // namespace nimcost::plot
