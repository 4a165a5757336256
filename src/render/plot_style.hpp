// How a plotted series looks: a colour, a dash pattern and a marker. Colour alone fails in grey print
// and for readers with a colour-vision deficiency, so every one of the first k_styles series also
// differs from every other in its (dash, marker) pair.
#pragma once

#include <cstddef>
#include <string>

namespace nimcost::plot {

enum class Marker { circle, square, triangle, diamond, cross };

struct Style {
  const char* colour;
  const char* dash;  // stroke-dasharray; "" is solid
  Marker marker;
};

// Distinct styles before they repeat.
inline constexpr std::size_t k_styles = 20;

Style style_of(std::size_t k);

// The marker shape centred at (x, y), `r` its half-size, with any extra attributes (class, data-*).
std::string marker_svg(Marker marker, double x, double y, double r, const std::string& colour, const std::string& attributes);

// The stroke attributes of a style: stroke, stroke-dasharray.
std::string stroke_attributes(const Style& style, double width);

}  // namespace nimcost::plot
