// Axes for pictures: round tick values (1, 2 and 5 times a power of ten) on linear and log scales,
// and the width a label will take, estimated (no font is at hand when the SVG is written).
#pragma once

#include <string>
#include <vector>

namespace nimcost::plot {

// At most about `max_count` round values from lo to hi (both ends inside or on the range).
std::vector<double> linear_ticks(double lo, double hi, int max_count);
// Round values on a log axis: 1-2-5 in each decade when the range is narrow, whole decades (or every
// other) when it is wide.
std::vector<double> log_ticks(double lo, double hi, int max_count);
// The nearest round value at or above v (> 0), and at or below.
double round_up(double v);
double round_down(double v);

// Width in pixels of `text` set in DejaVu Sans (the sans-serif on Debian) at `font_size`, slightly
// over: labels are placed so that their boxes do not overlap, and an overestimate keeps them apart.
double text_width(const std::string& text, double font_size);

}  // namespace nimcost::plot
