// HTML pieces shared by the HTML renderer's files (internal to the renderers): escaping, and the
// sections drawn from the JSON report rather than the Document (assumptions, prices and sources).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace nimcost::html {

// Text safe in element content and in quoted attributes: & < > " ' escaped.
std::string escaped(std::string_view text);
// Escaped, with a break opportunity after each '_' and '.' so long key names wrap in narrow columns.
std::string breakable(std::string_view text);
// A JSON scalar as a reader sees it: yes/no, "not set" for null, numbers to six significant digits.
std::string value_text(const nlohmann::ordered_json& value);

// "Assumptions": the report's assumptions object (and each scenario's, for run), as key/value tables
// of dotted paths, and uniform lists of objects as tables of their own.
std::string assumptions_section(const nlohmann::ordered_json& report);
// "Prices and sources": every object in the report with a source and a date (or a price), once each.
std::string prices_section(const nlohmann::ordered_json& report);

}  // namespace nimcost::html
