// CSV for spreadsheets and scripts: the document's first table, machine column names, raw numbers
// (no $ signs, no thousands separators, fractions as 0..1), empty cells where a value is absent.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

namespace nimcost {

namespace {

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string raw(const Cell& cell) {
  switch (cell.kind) {
    case CellKind::text: return quoted(cell.text);
    case CellKind::missing: return "";
    case CellKind::tokens: return fmt::format("{}", whole_tokens(Tokens(cell.number)));
    case CellKind::count: return fmt::format("{:.0f}", cell.number);
    case CellKind::decimal: return fmt::format("{:.{}f}", cell.number, cell.decimals);
    default: return fmt::format("{}", round_to(cell.number, 6));
  }
}

}  // namespace

std::string render_csv(const Document& doc) {
  if (doc.tables.empty()) return "";
  const TableBlock& table = doc.tables.front();
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out += ',';
    out += quoted(table.columns[c].key);
  }
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      out += raw(row[c]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace nimcost
