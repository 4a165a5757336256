// The terminal renderer: a title, "label: value" facts, then each table with columns sized to their
// widest cell, numbers right-aligned, text left-aligned. Colour (bold headers, highlighted rows, a
// bold verdict) only when the caller says the output is a colour terminal.
#include <nimcost/render/render.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace nimcost {

namespace {

constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_green = "\x1b[32m";
constexpr const char* k_yellow = "\x1b[33m";
constexpr const char* k_reset = "\x1b[0m";

// Display width of UTF-8 text: count the bytes that start a code point.
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad(const std::string& s, std::size_t width, bool right) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return right ? fill + s : s + fill;
}

// Wraps `text` to `width` columns at spaces, indenting continuation lines by `indent`.
std::string wrap(const std::string& text, std::size_t width, std::size_t indent) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += line + "\n";
      line = std::string(indent, ' ') + word;
    } else {
      line += (line.empty() ? "" : " ") + word;
    }
    start = end + 1;
  }
  return out + line;
}

// The first `width` - 1 code points of `s` and an ellipsis.
std::string clip(const std::string& s, std::size_t width) {
  std::string out;
  std::size_t points = 0;
  for (char c : s) {
    const bool starts_point = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_point && ++points > width - 1) break;
    out += c;
  }
  return out + "\u2026";
}

bool is_numeric(CellKind kind) { return kind != CellKind::text && kind != CellKind::missing; }

// A table's cells as text, each column's width and alignment, and which columns are shown.
struct TableLayout {
  std::vector<std::vector<std::string>> texts;
  std::vector<std::size_t> widths;
  std::vector<bool> right;
  std::vector<bool> shown;

  std::size_t total() const {
    std::size_t sum = 0, count = 0;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      if (shown[c]) sum += widths[c] + (count++ > 0 ? 2 : 0);
    }
    return sum;
  }
};

TableLayout measure(const TableBlock& table) {
  const std::size_t columns = table.columns.size();
  TableLayout layout{{}, std::vector<std::size_t>(columns, 0), std::vector<bool>(columns, false),
                     std::vector<bool>(columns, true)};
  for (std::size_t c = 0; c < columns; ++c) layout.widths[c] = display_width(table.columns[c].header);
  for (const auto& row : table.rows) {
    std::vector<std::string> line;
    for (std::size_t c = 0; c < columns && c < row.size(); ++c) {
      line.push_back(cell_text(row[c]));
      layout.widths[c] = std::max(layout.widths[c], display_width(line.back()));
      if (is_numeric(row[c].kind)) layout.right[c] = true;
    }
    layout.texts.push_back(std::move(line));
  }
  return layout;
}

// Shortens the widest shown text column (with an ellipsis) toward `floor` until the table fits.
void clip_text_columns(TableLayout& layout, std::size_t width, std::size_t floor) {
  while (layout.total() > width) {
    std::size_t widest = layout.widths.size();
    for (std::size_t c = 0; c < layout.widths.size(); ++c) {
      if (layout.shown[c] && !layout.right[c] && layout.widths[c] > floor &&
          (widest == layout.widths.size() || layout.widths[c] > layout.widths[widest])) {
        widest = c;
      }
    }
    if (widest == layout.widths.size()) return;
    layout.widths[widest] -= std::min(layout.widths[widest] - floor, layout.total() - width);
    for (auto& line : layout.texts) {
      if (widest < line.size() && display_width(line[widest]) > layout.widths[widest]) {
        line[widest] = clip(line[widest], layout.widths[widest]);
      }
    }
  }
}

// Fits a table to a terminal `width`: text columns are shortened to 14 characters (an ID stays
// recognisable), then the rightmost columns are left out (never the first), then text is cut to 8.
// Returns the headers of the columns left out.
std::vector<std::string> fit(TableLayout& layout, const TableBlock& table, std::size_t width) {
  clip_text_columns(layout, width, 14);
  std::vector<std::string> left_out;
  for (std::size_t c = layout.widths.size(); c-- > 1 && layout.total() > width;) {
    layout.shown[c] = false;
    left_out.insert(left_out.begin(), table.columns[c].header);
  }
  clip_text_columns(layout, width, 8);
  return left_out;
}

std::string draw(const TableLayout& layout, const std::vector<std::string>& cells) {
  std::string line;
  bool first = true;
  for (std::size_t c = 0; c < cells.size() && c < layout.widths.size(); ++c) {
    if (!layout.shown[c]) continue;
    if (!first) line += "  ";
    first = false;
    const bool wide = display_width(cells[c]) > layout.widths[c];  // a header wider than its cut column
    line += pad(wide ? clip(cells[c], layout.widths[c]) : cells[c], layout.widths[c], layout.right[c]);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

std::string render_table(const Document& doc, const TableStyle& style) {
  auto styled = [&](const std::string& s, const char* code) { return style.color ? code + s + k_reset : s; };
  std::string out;
  out += styled(doc.title, k_bold) + "\n";
  std::size_t label_width = 0;
  for (const auto& [label, value] : doc.facts) label_width = std::max(label_width, display_width(label));
  for (const auto& [label, value] : doc.facts) {
    out += wrap(pad(label + ":", label_width + 1, false) + " " + value, style.width, label_width + 2) + "\n";
  }

  for (const auto& table : doc.tables) {
    out += "\n";
    if (!table.title.empty()) out += styled(table.title, k_bold) + "\n";
    TableLayout layout = measure(table);
    std::vector<std::string> left_out;
    if (style.clip_cells) left_out = fit(layout, table, style.width);
    std::vector<std::string> headers;
    for (const auto& column : table.columns) headers.push_back(column.header);
    out += styled(draw(layout, headers), k_bold) + "\n";
    out += std::string(style.clip_cells ? std::min(layout.total(), style.width) : layout.total(), '-') + "\n";
    const auto& texts = layout.texts;
    for (std::size_t r = 0; r < texts.size(); ++r) {
      const bool highlight =
          std::find(table.highlighted_rows.begin(), table.highlighted_rows.end(), static_cast<int>(r)) !=
          table.highlighted_rows.end();
      out += (highlight ? styled(draw(layout, texts[r]), k_green) : draw(layout, texts[r])) + "\n";
    }
    if (!left_out.empty()) {
      out += wrap(fmt::format("({} left out to fit {} columns; a wider terminal or --format csv shows them)",
                              fmt::join(left_out, ", "), style.width),
                  style.width, 1) + "\n";
    }
  }
  if (!doc.verdict.empty()) out += "\n" + styled(wrap(doc.verdict, style.width, 0), k_bold) + "\n";
  if (!doc.notes.empty()) {
    out += "\n";
    for (const auto& note : doc.notes) out += wrap(note, style.width, 2) + "\n";
  }
  for (const auto& warning : doc.warnings) out += styled(wrap("warning: " + warning, style.width, 2), k_yellow) + "\n";
  return out;
}

}  // namespace nimcost
