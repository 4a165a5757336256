// GitHub-flavoured Markdown: facts as a bullet list, tables with numeric columns right-aligned, the
// verdict in bold, warnings as a quote. Pipes in cell text are escaped.
#include <nimcost/render/render.hpp>

namespace nimcost {

namespace {

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_markdown(const Document& doc) {
  std::string out = "### " + escaped(doc.title) + "\n\n";
  for (const auto& [label, value] : doc.facts) out += "- **" + escaped(label) + ":** " + escaped(value) + "\n";
  for (const auto& table : doc.tables) {
    out += "\n";
    if (!table.title.empty()) out += "**" + escaped(table.title) + "**\n\n";
    std::string header = "|";
    std::string rule = "|";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      header += ' ';
      header += escaped(table.columns[c].header);
      header += " |";
      bool numeric = false;
      for (const auto& row : table.rows) {
        if (c < row.size() && row[c].kind != CellKind::text && row[c].kind != CellKind::missing) numeric = true;
      }
      rule += numeric ? "---:|" : "---|";
    }
    out += header + "\n" + rule + "\n";
    for (const auto& row : table.rows) {
      std::string line = "|";
      for (const auto& cell : row) {
        line += ' ';
        line += escaped(cell_text(cell));
        line += " |";
      }
      out += line + "\n";
    }
  }
  if (!doc.verdict.empty()) out += "\n**" + escaped(doc.verdict) + "**\n";
  if (!doc.notes.empty()) {
    out += "\n";
    for (const auto& note : doc.notes) out += "- " + escaped(note) + "\n";
  }
  if (!doc.warnings.empty()) {
    out += "\n";
    for (const auto& warning : doc.warnings) out += "> **Warning:** " + escaped(warning) + "\n";
  }
  return out;
}

}  // namespace nimcost
