// Cell formatting shared by the table and Markdown renderers; rounding happens here and only here.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/document.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

namespace {

std::string value_text(const Cell& cell) {
  switch (cell.kind) {
    case CellKind::text: return cell.text;
    case CellKind::usd: return format_usd(Usd(cell.number));
    case CellKind::per_mtok: {
      // Sub-cent rates keep three decimals so $0.075/M does not read as $0.07.
      const double v = cell.number;
      return v != 0.0 && v < 0.1 ? fmt::format("${:.3f}", v) : format_usd(Usd(v));
    }
    case CellKind::tokens: return format_tokens(Tokens(cell.number));
    case CellKind::fraction: return format_percent(cell.number);
    case CellKind::count: return fmt::format("{:.0f}", cell.number);
    case CellKind::decimal: return fmt::format("{:.{}f}", cell.number, cell.decimals);
    case CellKind::usd_change: {
      if (std::fabs(cell.number) < 0.005) return "$0.00";
      return (cell.number > 0 ? "+" : "-") + format_usd(Usd(std::fabs(cell.number)));
    }
    case CellKind::fraction_change: {
      if (std::fabs(cell.number) < 0.0005) return "0.0%";
      return (cell.number > 0 ? "+" : "-") + format_percent(std::fabs(cell.number));
    }
    case CellKind::missing: return cell.text;
  }
  return "";
}

}  // namespace

std::string cell_text(const Cell& cell) { return (cell.shown.empty() ? value_text(cell) : cell.shown) + cell.mark; }

}  // namespace nimcost
