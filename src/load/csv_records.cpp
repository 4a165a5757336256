// RFC 4180 CSV records; see csv_records.hpp.
#include "csv_records.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/base/text.hpp>

#include <fmt/format.h>

namespace nimcost {

std::string csv_column_key(const std::string& cell, std::size_t index) {
  std::string key = lower_case(trim(cell));
  if (index == 0 && key.rfind("\xef\xbb\xbf", 0) == 0) key.erase(0, 3);
  return key;
}

std::vector<CsvRecord> split_csv_records(const std::string& text, const std::string& name) {
  std::vector<CsvRecord> records;
  CsvRecord current;
  std::string field;
  bool quoted = false;
  bool field_was_quoted = false;
  int line = 1;
  current.line = line;
  const auto end_record = [&] {
    current.fields.push_back(field);
    field.clear();
    field_was_quoted = false;
    const bool blank = current.fields.size() == 1 && current.fields[0].empty();
    if (!blank) records.push_back(current);
    current = CsvRecord{};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() || field_was_quoted) {
        throw input_error(fmt::format("{}:{}: a quote inside an unquoted field; quote the whole field", name, line));
      }
      quoted = true;
      field_was_quoted = true;
    } else if (c == ',') {
      current.fields.push_back(field);
      field.clear();
      field_was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      current.line = line;
    } else if (c == '\0') {
      throw input_error(fmt::format("{}:{}: a NUL byte; this is not a CSV text file", name, line));
    } else {
      if (field_was_quoted) {
        throw input_error(fmt::format("{}:{}: text after a closing quote", name, line));
      }
      field += c;
    }
  }
  if (quoted) throw input_error(fmt::format("{}:{}: a quoted field is never closed", name, current.line));
  if (!field.empty() || !current.fields.empty() || field_was_quoted) end_record();
  return records;
}


}  // namespace nimcost
