// HTML: one self-contained file a reader opens in any browser or prints on A4, with nothing to
// fetch and no script. The verdict comes first (the reader may stop there), then the Document's facts
// and tables, the pictures (inline SVG), the notes, and from the JSON report every assumption and
// every price with its source and date (html_report.cpp), so the page can be checked without nimcost.
#include "html_parts.hpp"

#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace nimcost {

namespace {

// Print first: A4 with 15 mm margins; tables in small type that wraps rather than overflows; rows,
// figures and the verdict never split across pages; colours kept when printed.
constexpr const char* k_style = R"css(
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt;
  line-height: 1.35; color: #1a1a1a; margin: 0 auto; padding: 8mm 0; max-width: 180mm; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10pt; margin: 4mm 0 1mm; break-after: avoid; }
h4 { font-size: 9pt; margin: 3mm 0 1mm; break-after: avoid; }
.verdict { font-size: 12pt; font-weight: bold; border-left: 5px solid #2b6cb0; background: #eef4fb;
  padding: 3mm 4mm; margin: 0 0 4mm; break-inside: avoid; }
.warning { border-left: 5px solid #c05621; background: #fdf1e7; padding: 2mm 4mm; margin: 0 0 2mm; break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 1mm 4mm; margin: 0 0 4mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; margin: 0 0 4mm; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; padding: 0 0 1mm; }
th, td { border-bottom: 1px solid #ddd; padding: 0.6mm 1.2mm; vertical-align: top; text-align: left; }
th { border-bottom: 1px solid #666; background: #f2f2f2; }
td { overflow-wrap: break-word; }
td.long { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
thead { display: table-header-group; break-inside: avoid; break-after: avoid; }
tbody tr:first-child { break-before: avoid; }
tr { break-inside: avoid; }
tr.highlight td { background: #e6f2de; }
tr.highlight td:first-child { font-weight: bold; }
td.short { white-space: nowrap; }
dl.kv { columns: 2; column-gap: 6mm; font-size: 7.5pt; margin: 0 0 3mm; }
dl.kv div { display: grid; grid-template-columns: minmax(0, 9fr) minmax(0, 11fr); gap: 0 1.5mm; break-inside: avoid;
  border-bottom: 1px solid #e4e4e4; padding: 0.4mm 0; }
dl.kv dt { color: #444; overflow-wrap: anywhere; }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
table.assumption-list, table.prices { font-size: 7pt; }
th.wide { min-width: 30mm; }
caption small { font-weight: normal; color: #555; }
table.prices th:nth-child(1) { width: 20%; }
table.prices th:nth-child(2) { width: 28%; }
table.prices th:nth-child(4) { width: 11%; }
figure { margin: 0 0 4mm; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
ul.notes li { margin-bottom: 1mm; }
footer { margin-top: 8mm; border-top: 1px solid #999; padding-top: 2mm; font-size: 8pt; color: #444; }
@media print { body { padding: 0; max-width: none; } }
)css";

bool numeric_column(const TableBlock& table, std::size_t column) {
  for (const auto& row : table.rows) {
    if (column < row.size() && row[column].kind != CellKind::text && row[column].kind != CellKind::missing) return true;
  }
  return false;
}

// A Document table: caption = its title, numeric columns right-aligned, highlighted rows in bold.
std::string table_html(const TableBlock& table) {
  std::vector<bool> numeric;
  for (std::size_t c = 0; c < table.columns.size(); ++c) numeric.push_back(numeric_column(table, c));
  const auto cls = [&](std::size_t c) { return c < numeric.size() && numeric[c] ? " class=\"num\"" : ""; };
  std::string out = "<table class=\"doc\">\n";
  if (!table.title.empty()) out += "<caption>" + html::escaped(table.title) + "</caption>\n";
  out += "<thead><tr>";
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    out += fmt::format("<th{}>{}</th>", cls(c), html::escaped(table.columns[c].header));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const bool lit = std::find(table.highlighted_rows.begin(), table.highlighted_rows.end(), static_cast<int>(r)) !=
                     table.highlighted_rows.end();
    out += lit ? "<tr class=\"highlight\">" : "<tr>";
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
      const std::string text = cell_text(table.rows[r][c]);
      // A short word (a date, a tier) wrapped at its hyphen reads as two values.
      const char* kind = c < numeric.size() && numeric[c] ? " class=\"num\"" : text.size() <= 12 ? " class=\"short\"" : "";
      out += fmt::format("<td{}>{}</td>", kind, html::escaped(text));
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// An SVG document as inline markup: its XML declaration and any DOCTYPE dropped (not allowed there).
std::string inline_svg(std::string svg) {
  for (const char* head : {"<?xml", "<!DOCTYPE"}) {
    const auto start = svg.find_first_not_of(" \t\r\n");
    if (start != std::string::npos && svg.compare(start, std::string_view(head).size(), head) == 0) {
      const auto end = svg.find('>', start);
      svg.erase(0, end == std::string::npos ? svg.size() : end + 1);
    }
  }
  svg.erase(0, std::min(svg.size(), svg.find_first_not_of(" \t\r\n")));
  return "<figure>\n" + svg + (svg.empty() || svg.back() == '\n' ? "" : "\n") + "</figure>\n";
}

std::string string_at(const nlohmann::ordered_json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// "prices: oldest dgx-h100, as of 2023-05-01 (1311 days on 2026-12-02); 3 older than 180 days".
std::string price_age_text(const nlohmann::ordered_json& assumptions) {
  if (!assumptions.is_object() || !assumptions.contains("price_age")) return "";
  const auto& age = assumptions["price_age"];
  if (!age.is_object()) return "";
  const std::string today = string_at(age, "today");
  const std::string oldest = string_at(age, "oldest");
  if (oldest.empty()) return fmt::format("prices: no dated figure used (aged on {})", today);
  return fmt::format("prices: the oldest is {}, as of {} ({} days old on {}); {} older than {} days", oldest,
                     string_at(age, "oldest_as_of"), html::value_text(age.value("oldest_age_days", nlohmann::ordered_json())),
                     today, html::value_text(age.value("older_than_max", nlohmann::ordered_json())),
                     html::value_text(age.value("max_age_days", nlohmann::ordered_json())));
}

std::string footer_html(const nlohmann::ordered_json& report) {
  const nlohmann::ordered_json none;
  const auto& assumptions = report.is_object() && report.contains("assumptions") ? report["assumptions"] : none;
  std::string version = string_at(assumptions, "nimcost_version");
  std::string parts = "nimcost" + (version.empty() ? "" : " " + version);
  if (const std::string schema = string_at(report, "schema"); !schema.empty()) parts += " · schema " + schema;
  if (const std::string command = string_at(report, "command"); !command.empty()) parts += " · nimcost " + command;
  if (const std::string age = price_age_text(assumptions); !age.empty()) parts += " · " + age;
  return "<footer>" + html::escaped(parts) + "</footer>\n";
}

std::string head_html(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         html::escaped(title) + "</title>\n<style>" + k_style + "</style>\n</head>\n<body>\n";
}

}  // namespace

std::string render_html(const Document& doc, const nlohmann::ordered_json& report, const std::vector<std::string>& pictures) {
  std::string out = head_html(doc.title);
  out += "<h1>" + html::escaped(doc.title) + "</h1>\n";
  if (!doc.verdict.empty()) out += "<p class=\"verdict\">" + html::escaped(doc.verdict) + "</p>\n";
  for (const auto& warning : doc.warnings) out += "<p class=\"warning\">Warning: " + html::escaped(warning) + "</p>\n";
  if (!doc.facts.empty()) {
    out += "<dl class=\"facts\">\n";
    for (const auto& [label, value] : doc.facts) {
      out += "<dt>" + html::escaped(label) + "</dt><dd>" + html::escaped(value) + "</dd>\n";
    }
    out += "</dl>\n";
  }
  for (const auto& table : doc.tables) out += table_html(table);
  for (const auto& picture : pictures) out += inline_svg(picture);
  if (!doc.notes.empty()) {
    out += "<h2>Notes</h2>\n<ul class=\"notes\">\n";
    for (const auto& note : doc.notes) out += "<li>" + html::escaped(note) + "</li>\n";
    out += "</ul>\n";
  }
  out += html::assumptions_section(report);
  out += html::prices_section(report);
  out += footer_html(report);
  return out + "</body>\n</html>\n";
}

}  // namespace nimcost
