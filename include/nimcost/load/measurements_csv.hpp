// Reading a throughput measurement table: CSV (RFC 4180 quoting) with the column layout of
// shared/reference/throughput-measured.csv. Pure text in, rows out; malformed text is an input error
// naming the file and line.
#pragma once

#include <nimcost/load/measurement_rows.hpp>

#include <string>
#include <vector>

namespace nimcost {

// The columns a table must have (others are allowed and ignored).
const std::vector<std::string>& measurement_columns();

// Parses CSV text named `name` in messages.
std::vector<MeasurementRow> parse_measurements_csv(const std::string& text, const std::string& name);

}  // namespace nimcost
