// The HTML report's sections drawn from the JSON report: every assumption, and every price with its
// source and date. They read the JSON (not the Document) because it holds every resolved input of
// every command under one contract, so one walker serves all six commands that write HTML.
#include "html_parts.hpp"
#include "svg_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace nimcost::html {

using Json = nlohmann::ordered_json;

// The pictures' XML escaping (svg_text.hpp), and ' as well: HTML text may end up in any attribute.
std::string escaped(std::string_view text) {
  const std::string xml_text = xml(std::string(text));
  std::string out;
  out.reserve(xml_text.size());
  for (const char c : xml_text) {
    if (c == '\'') out += "&#39;";
    else out += c;
  }
  return out;
}

std::string breakable(std::string_view text) {
  std::string out;
  for (const char c : escaped(text)) {
    out += c;
    if (c == '_' || c == '.') out += "<wbr>";
  }
  return out;
}

std::string value_text(const Json& value) {
  if (value.is_null()) return "not set";
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  if (value.is_number()) {
    const double v = value.get<double>();
    if (!std::isfinite(v)) return value.dump();
    return std::fabs(v) >= 1e6 ? fmt::format("{:.0f}", v) : fmt::format("{:.6g}", v);
  }
  return value.dump();
}

namespace {

// A value inside one table cell: lists joined with commas, objects as "key: value; ...".
std::string inline_text(const Json& value) {
  if (value.is_array()) {
    if (value.empty()) return "none";
    std::string out;
    for (const auto& item : value) out += (out.empty() ? "" : ", ") + inline_text(item);
    return out;
  }
  if (value.is_object()) {
    std::string out;
    for (const auto& [key, item] : value.items()) out += (out.empty() ? "" : "; ") + key + ": " + inline_text(item);
    return out;
  }
  return value_text(value);
}

bool all_scalars(const Json& array) {
  for (const auto& item : array) {
    if (item.is_structured()) return false;
  }
  return true;
}

// Two or more objects that share most of their keys read best as one table, a row each: its columns are every
// key in the order first seen (a few catalog entries carry one more, such as "serves"). Empty when the
// objects differ too much for one table.
std::vector<std::string> list_columns(const Json& array) {
  std::vector<std::string> columns;
  if (array.size() < 2) return columns;  // one object reads better as its own key/value pairs
  for (const auto& item : array) {
    if (!item.is_object()) return {};
    for (const auto& [key, value] : item.items()) {
      if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
    }
  }
  for (const auto& item : array) {
    if (2 * item.size() < columns.size()) return {};
  }
  return columns;
}

std::string join_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

bool blank(const Json& value) {
  return value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
         (value.is_array() && value.empty());
}

// A list of like objects as a table. To fit A4 the columns no row fills are named in the caption
// instead, and the sources of dated entries (long, and repeated) are left to "Prices and sources".
std::string list_table(const std::string& title, const Json& array, std::vector<std::string> columns) {
  const bool dated = std::find(columns.begin(), columns.end(), "as_of") != columns.end();
  if (dated) columns.erase(std::remove(columns.begin(), columns.end(), "source"), columns.end());
  std::vector<std::string> unset;
  for (auto it = columns.begin(); it != columns.end();) {
    bool filled = false;
    for (const auto& item : array) filled = filled || (item.contains(*it) && !blank(item[*it]));
    if (filled) {
      ++it;
    } else {
      unset.push_back(*it);
      it = columns.erase(it);
    }
  }
  std::string caption = breakable(title);
  if (dated) caption += " <small>(sources under Prices and sources)</small>";
  std::string none;
  for (const auto& key : unset) none += (none.empty() ? "" : ", ") + breakable(key);
  if (!none.empty()) caption += " <small>not set in any: " + none + "</small>";
  std::string out = "<table class=\"assumption-list\">\n<caption>" + caption + "</caption>\n<thead><tr>";
  for (const auto& key : columns) {
    std::size_t longest = 0;  // prose (notes) gets room to wrap in words, not a letter a line
    for (const auto& item : array) longest = std::max(longest, item.contains(key) ? inline_text(item[key]).size() : 0);
    out += (longest > 40 ? "<th class=\"wide\">" : "<th>") + breakable(key) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& item : array) {
    out += "<tr>";
    for (const auto& key : columns) {
      const auto it = item.find(key);
      const char* cls = it == item.end() ? "" : it->is_number() ? " class=\"num\"" : key == "as_of" ? " class=\"date\"" : "";
      out += fmt::format("<td{}>{}</td>", cls, it == item.end() ? "-" : escaped(inline_text(*it)));
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// Flattens a value into dotted-path rows; like-object lists become tables of their own.
void flatten(const Json& value, const std::string& path, std::vector<std::pair<std::string, std::string>>& rows,
             std::string& tables) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) flatten(item, join_path(path, key), rows, tables);
  } else if (value.is_array() && !value.empty() && !all_scalars(value)) {
    if (auto columns = list_columns(value); !columns.empty()) {
      tables += list_table(path, value, std::move(columns));
    } else {
      for (std::size_t i = 0; i < value.size(); ++i) flatten(value[i], fmt::format("{}[{}]", path, i), rows, tables);
    }
  } else {
    rows.emplace_back(path, inline_text(value));
  }
}

// Key/value pairs as a definition list the stylesheet sets in two columns (half the pages of a table).
std::string kv_table(const std::vector<std::pair<std::string, std::string>>& rows) {
  if (rows.empty()) return "";
  std::string out = "<dl class=\"kv\">\n";
  for (const auto& [key, value] : rows) {
    out += "<div><dt>" + breakable(key) + "</dt><dd>" + escaped(value) + "</dd></div>\n";
  }
  return out + "</dl>\n";
}

// One assumptions object: its plain values first, then a heading per nested group. Keys `shared` gives
// with the same value (a scenario's version and catalog, said once for the report) are left out.
std::string assumptions_html(const Json& assumptions, const char* heading, const Json& shared) {
  std::vector<std::pair<std::string, std::string>> plain;
  std::string plain_tables, groups;
  for (const auto& [key, value] : assumptions.items()) {
    if (shared.is_object() && shared.contains(key) && shared[key] == value) continue;
    if (value.is_object() && !value.empty()) {
      std::vector<std::pair<std::string, std::string>> rows;
      std::string tables;
      flatten(value, "", rows, tables);
      groups += fmt::format("<{0}>{1}</{0}>\n", heading, breakable(key)) + kv_table(rows) + tables;
    } else {
      flatten(value, key, plain, plain_tables);
    }
  }
  return kv_table(plain) + plain_tables + groups;
}

}  // namespace

std::string assumptions_section(const Json& report) {
  if (!report.is_object()) return "";
  std::string out;
  const auto top = report.find("assumptions");
  const Json shared = top != report.end() && top->is_object() ? *top : Json::object();
  out += assumptions_html(shared, "h3", Json());
  // run: each scenario resolves its own workload, fleet and prices.
  const auto results = report.find("results");
  if (results != report.end() && results->is_object() && results->contains("scenarios") &&
      (*results)["scenarios"].is_array()) {
    for (const auto& scenario : (*results)["scenarios"]) {
      if (!scenario.is_object() || !scenario.contains("assumptions") || !scenario["assumptions"].is_object()) continue;
      out += "<h3>Scenario " + escaped(inline_text(scenario.value("name", Json("")))) + "</h3>\n" +
             assumptions_html(scenario["assumptions"], "h4", shared);
    }
  }
  return out.empty() ? "" : "<section class=\"assumptions\">\n<h2>Assumptions</h2>\n" + out + "</section>\n";
}

namespace {

bool price_key(const std::string& key) {
  for (const char* part : {"usd", "per_mtok", "price", "discount"}) {
    if (key.find(part) != std::string::npos) return true;
  }
  return false;
}

struct PricedEntry {
  std::string name, where, figures, source, as_of;  // figures: HTML
};

// Its price fields, one a line ("input_per_mtok_usd 3"), as HTML; for a dated figure without one (a
// GPU's specs, a quality score), its numbers instead.
std::string figures_of(const Json& object) {
  std::string prices, numbers;
  for (const auto& [key, value] : object.items()) {
    if (!value.is_number()) continue;
    const std::string item = breakable(key) + " " + escaped(value_text(value));
    if (price_key(key)) prices += (prices.empty() ? "" : "<br>") + item;
    else numbers += (numbers.empty() ? "" : "<br>") + item;
  }
  return !prices.empty() ? prices : !numbers.empty() ? numbers : "-";
}

std::string name_of(const Json& object, const std::string& path) {
  for (const char* key : {"id", "name", "model", "vendor", "provider"}) {
    if (object.contains(key) && object[key].is_string() && !object[key].get<std::string>().empty()) {
      return object[key].get<std::string>();
    }
  }
  return path;
}

bool has_price(const Json& object) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_number() && price_key(key)) return true;
  }
  return false;
}

void collect_priced(const Json& value, const std::string& path, std::vector<PricedEntry>& entries,
                    std::set<std::tuple<std::string, std::string, std::string>>& seen) {
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) collect_priced(value[i], fmt::format("{}[{}]", path, i), entries, seen);
    return;
  }
  if (!value.is_object()) return;
  const bool sourced = value.contains("source") && value["source"].is_string();
  const bool dated = value.contains("as_of") && value["as_of"].is_string();
  if (sourced && (dated || has_price(value))) {
    PricedEntry e{name_of(value, path), path, figures_of(value), value["source"].get<std::string>(),
                  dated ? value["as_of"].get<std::string>() : "-"};
    if (seen.emplace(e.name, e.source, e.as_of).second) entries.push_back(std::move(e));
  }
  for (const auto& [key, item] : value.items()) collect_priced(item, join_path(path, key), entries, seen);
}

}  // namespace

std::string prices_section(const Json& report) {
  std::vector<PricedEntry> entries;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const char* part : {"assumptions", "results"}) {
    if (report.is_object() && report.contains(part)) collect_priced(report[part], part, entries, seen);
  }
  std::string out = "<section class=\"prices\">\n<h2>Prices and sources</h2>\n";
  // diff and compare of scenarios keep only totals in their JSON: say so rather than "no prices used".
  if (entries.empty()) return out + "<p>No figure in this report carries a source and a date.</p>\n</section>\n";
  out += "<table class=\"prices\">\n<thead><tr><th>Item</th><th>Figures</th><th>Source</th><th>As of</th></tr></thead>\n"
         "<tbody>\n";
  for (const auto& e : entries) {
    out += "<tr><td>" + escaped(e.name) + "<br><small>" + breakable(e.where) + "</small></td><td>" + e.figures +
           "</td><td class=\"long\">" + escaped(e.source) + "</td><td class=\"date\">" + escaped(e.as_of) + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

}  // namespace nimcost::html
