// crossover --from-report: what an `nimcost attribute` JSON report measured, as a workload and a fleet.
#pragma once

#include <nimcost/report/crossover_report.hpp>

#include <string>

namespace nimcost {

// Reads the report ("-": stdin); an input error naming the file and the missing or bad key, or
// saying how to get the tokens when the report has none. `hours_per_month` scales the period.
MeasuredFleet read_attribute_report(const std::string& path, double hours_per_month);
// The same from the report's text; `name` places errors.
MeasuredFleet parse_attribute_report(const std::string& text, const std::string& name, double hours_per_month);

}  // namespace nimcost
