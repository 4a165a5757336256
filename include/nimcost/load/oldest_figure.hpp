// The dated figures in a JSON report: every object with an "as_of" date (a catalog entry with its
// provenance; the JSON contract puts every resolved input in the report), named by its "id". One rule
// for a report just built and a report read back from a file.
#pragma once

#include <nimcost/model/report_snapshot.hpp>

#include <optional>
#include <string>

namespace nimcost {

// Calls visit(id, as_of) for each dated object in `node`, at any depth.
template <typename Json, typename Visit>
void visit_dated_figures(const Json& node, const Visit& visit) {
  if (node.is_object()) {
    const auto as_of = node.find("as_of");
    if (as_of != node.end() && as_of->is_string() && as_of->template get<std::string>().size() == 10) {
      const auto id = node.find("id");
      visit(id != node.end() && id->is_string() ? id->template get<std::string>() : std::string("?"),
            as_of->template get<std::string>());
    }
  }
  if (node.is_object() || node.is_array()) {
    for (const auto& child : node) visit_dated_figures(child, visit);
  }
}

template <typename Json>
std::optional<DatedFigure> oldest_figure(const Json& report) {
  std::optional<DatedFigure> oldest;
  visit_dated_figures(report, [&](const std::string& id, const std::string& date) {
    if (!oldest || date < oldest->as_of) oldest = DatedFigure{id, date};
  });
  return oldest;
}

}  // namespace nimcost
