// The terminal renderer: a title, "label: value" facts, then each table with columns sized to their
// widest cell, numbers right-aligned, text left-aligned. Colour (bold headers, highlighted rows, a
// bold verdict) only when the caller says the output is a colour terminal.
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

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
    const std::size_t columns = table.columns.size();
    std::vector<std::size_t> widths(columns, 0);
    std::vector<bool> right(columns, false);
    std::vector<std::vector<std::string>> texts;
    for (std::size_t c = 0; c < columns; ++c) widths[c] = display_width(table.columns[c].header);
    for (const auto& row : table.rows) {
      std::vector<std::string> line;
      for (std::size_t c = 0; c < columns && c < row.size(); ++c) {
        line.push_back(cell_text(row[c]));
        widths[c] = std::max(widths[c], display_width(line.back()));
        if (is_numeric(row[c].kind)) right[c] = true;
      }
      texts.push_back(std::move(line));
    }
    // Too wide for the terminal: shorten the widest text column (with an ellipsis) until it fits.
    auto total = [&] {
      std::size_t sum = 0;
      for (std::size_t c = 0; c < columns; ++c) sum += widths[c] + (c > 0 ? 2 : 0);
      return sum;
    };
    while (style.clip_cells && total() > style.width) {
      std::size_t widest = columns;
      for (std::size_t c = 0; c < columns; ++c) {
        if (!right[c] && widths[c] > 8 && (widest == columns || widths[c] > widths[widest])) widest = c;
      }
      if (widest == columns) break;
      widths[widest] -= std::min(widths[widest] - 8, total() - style.width);
      for (auto& line : texts) {
        if (display_width(line[widest]) > widths[widest]) line[widest] = clip(line[widest], widths[widest]);
      }
    }
    auto draw = [&](const std::vector<std::string>& cells) {
      std::string line;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        if (c > 0) line += "  ";
        line += pad(cells[c], widths[c], right[c]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      return line;
    };
    std::vector<std::string> headers;
    for (const auto& column : table.columns) headers.push_back(column.header);
    out += styled(draw(headers), k_bold) + "\n";
    std::size_t rule = 0;
    for (std::size_t c = 0; c < columns; ++c) rule += widths[c] + (c > 0 ? 2 : 0);
    out += std::string(style.clip_cells ? std::min(rule, style.width) : rule, '-') + "\n";
    for (std::size_t r = 0; r < texts.size(); ++r) {
      const bool highlight =
          std::find(table.highlighted_rows.begin(), table.highlighted_rows.end(), static_cast<int>(r)) !=
          table.highlighted_rows.end();
      out += (highlight ? styled(draw(texts[r]), k_green) : draw(texts[r])) + "\n";
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
