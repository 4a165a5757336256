// CSV per RFC 4180: fields separated by commas, optionally quoted, "" for a quote inside quotes,
// line breaks allowed inside quotes; blank lines are skipped. Malformed text is an input error naming
// the file and line. Shared by the measurement table and the length histogram readers.
#pragma once

#include <string>
#include <vector>

namespace nimcost {

struct CsvRecord {
  int line = 0;  // where the record starts
  std::vector<std::string> fields;
};

std::vector<CsvRecord> split_csv_records(const std::string& text, const std::string& name);

// A header cell as a column key: lower case, trimmed, without a UTF-8 byte order mark on the first.
std::string csv_column_key(const std::string& cell, std::size_t index);

}  // namespace nimcost
