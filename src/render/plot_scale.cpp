#include "plot_scale.hpp"

#include <algorithm>
#include <cmath>

namespace nimcost::plot {

namespace {

constexpr double k_steps[] = {1.0, 2.0, 5.0, 10.0};

}  // namespace

double round_up(double v) {
  if (!(v > 0.0)) return 0.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double s : k_steps) {
    if (s * p >= v * (1.0 - 1e-12)) return s * p;
  }
  return 10.0 * p;
}

double round_down(double v) {
  if (!(v > 0.0)) return 0.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  double best = p;
  for (double s : k_steps) {
    if (s * p <= v * (1.0 + 1e-12)) best = s * p;
  }
  return best;
}

std::vector<double> linear_ticks(double lo, double hi, int max_count) {
  std::vector<double> ticks;
  if (!(hi > lo) || max_count < 2) return {lo};
  const double step = round_up((hi - lo) / (max_count - 1));
  // Integers of steps, so that 0.1 + 0.2 never prints as 0.30000000000000004.
  const auto first = static_cast<long long>(std::ceil(lo / step - 1e-9));
  const auto last = static_cast<long long>(std::floor(hi / step + 1e-9));
  for (long long i = first; i <= last; ++i) ticks.push_back(static_cast<double>(i) * step);
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi, int max_count) {
  std::vector<double> ticks;
  if (!(lo > 0.0) || !(hi > lo)) return {lo};
  const int e0 = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int e1 = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  const auto add = [&](double v) {
    if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back(v);
  };
  if ((e1 - e0) * 3 <= max_count) {
    for (int e = e0; e <= e1; ++e) {
      for (double s : {1.0, 2.0, 5.0}) add(s * std::pow(10.0, e));
    }
  } else {
    const int every = std::max(1, (e1 - e0 + max_count - 1) / std::max(1, max_count));
    for (int e = e0; e <= e1; e += every) add(std::pow(10.0, e));
  }
  // Within a decade (510M to 590M) there may be no 1-2-5 value: round linear steps instead.
  if (ticks.size() < 2) return linear_ticks(lo, hi, std::min(max_count, 5));
  return ticks;
}

double text_width(const std::string& text, double font_size) {
  double em = 0.0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte: counted with its lead
    if (c >= 0xE3) {  // CJK and other wide scripts: a full em
      em += 1.0;
      continue;
    }
    if (c == ' ' || c == '.' || c == ',' || c == ':' || c == ';' || c == 'i' || c == 'l' || c == 'j' || c == '|' ||
        c == '\'' || c == '!' || c == '(' || c == ')' || c == 'f' || c == 't' || c == 'r') {
      em += 0.40;
    } else if (c == 'm' || c == 'w' || c == 'M' || c == 'W' || c == '%' || c == '@') {
      em += 1.0;
    } else if (c >= 'A' && c <= 'Z') {
      em += 0.74;
    } else {
      em += 0.64;  // digits, most lower case, '$', '-', multi-byte signs
    }
  }
  return em * font_size;
}

}  // namespace nimcost::plot
