// Text for pictures (internal to the renderers): XML escaping and compact axis labels.
#pragma once

#include <fmt/format.h>

#include <string>

namespace nimcost {

inline std::string xml(const std::string& s) {
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
inline std::string compact_usd(double v) {
  if (v >= 1e9) return fmt::format("${:.3g}B", v / 1e9);
  if (v >= 1e6) return fmt::format("${:.3g}M", v / 1e6);
  if (v >= 1e3) return fmt::format("${:.3g}k", v / 1e3);
  return fmt::format("${:.3g}", v);
}

}  // namespace nimcost
