// A format-neutral view of a report for the human formats: a title, key facts, tables of typed
// cells, a verdict, notes and warnings. The table, Markdown and CSV renderers all draw from it, so
// a report is laid out once; cells keep their raw numbers so CSV stays machine-readable.
#pragma once

#include <nimcost/base/units.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nimcost {

// usd_change and fraction_change print with a sign: +$120.00, -4.0%.
enum class CellKind { text, usd, per_mtok, tokens, fraction, count, decimal, usd_change, fraction_change, missing };

struct Cell {
  CellKind kind = CellKind::missing;
  std::string text;   // for text cells, and what "missing" cells show ("never", "-")
  double number = 0.0;
  int decimals = 0;  // for decimal cells
  std::string mark;   // after the value in the human formats ("*": the cheapest); CSV keeps the raw value
  std::string shown;  // instead of the value in the human formats ("[3]" for a long source); CSV keeps it

  Cell marked(std::string m) const {
    Cell c = *this;
    c.mark = std::move(m);
    return c;
  }
  Cell shown_as(std::string s) const {
    Cell c = *this;
    c.shown = std::move(s);
    return c;
  }

  static Cell of_text(std::string s) { return {CellKind::text, std::move(s), 0.0, 0, {}, {}}; }
  static Cell of_usd(Usd v) { return {CellKind::usd, "", v.value, 0, {}, {}}; }
  static Cell of_rate(PerMtok v) { return {CellKind::per_mtok, "", v.value, 0, {}, {}}; }
  static Cell of_tokens(Tokens v) { return {CellKind::tokens, "", v.value, 0, {}, {}}; }
  static Cell of_fraction(double v) { return {CellKind::fraction, "", v, 0, {}, {}}; }
  static Cell of_count(double v) { return {CellKind::count, "", v, 0, {}, {}}; }
  static Cell of_decimal(double v, int places) { return {CellKind::decimal, "", v, places, {}, {}}; }
  static Cell of_usd_change(double v) { return {CellKind::usd_change, "", v, 0, {}, {}}; }
  static Cell of_fraction_change(double v) { return {CellKind::fraction_change, "", v, 0, {}, {}}; }
  static Cell none(std::string shown = "-") { return {CellKind::missing, std::move(shown), 0.0, 0, {}, {}}; }
};

struct Column {
  std::string header;  // for people: "$/M blended"
  std::string key;     // for CSV: "blended_per_mtok_usd"
};

struct TableBlock {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  // Row index -> emphasis (the cheapest row, the self-host row); drawn where colour is on, and in HTML.
  std::vector<int> highlighted_rows;
};

struct Document {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  // "label: value" lines under the title
  std::vector<TableBlock> tables;                          // tables[0] is the one CSV writes
  std::string verdict;
  std::vector<std::string> notes;
  std::vector<std::string> warnings;
};

// How a cell reads in the human formats: $1,963.70, $6.00/M, 500M, 19.0%.
std::string cell_text(const Cell& cell);

}  // namespace nimcost
