// CSV per RFC 4180: fields separated by commas, optionally quoted, "" for a quote inside quotes,
// line breaks allowed inside quotes. A header row names the columns; blank lines are skipped.
#include <nimcost/base/error.hpp>
#include <nimcost/load/measurements_csv.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace nimcost {

namespace {

struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

std::vector<Record> split_records(const std::string& text, const std::string& name) {
  std::vector<Record> records;
  Record current;
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
    current = Record{};
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

}  // namespace

const std::vector<std::string>& measurement_columns() {
  static const std::vector<std::string> columns = {
      "source", "engine", "model", "precision", "gpu", "num_gpus", "isl", "osl", "concurrency_or_mode",
      "output_tok_per_s_total", "output_tok_per_s_per_gpu"};
  return columns;
}

std::vector<MeasurementRow> parse_measurements_csv(const std::string& text, const std::string& name) {
  const std::vector<Record> records = split_records(text, name);
  if (records.empty()) throw input_error(fmt::format("{}: empty file; expected a header row", name));
  const Record& header = records.front();
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string key = lower_case(header.fields[i]);
    if (i == 0 && key.rfind("\xef\xbb\xbf", 0) == 0) key.erase(0, 3);  // a UTF-8 byte order mark
    column.emplace(key, i);
  }
  std::vector<std::string> missing;
  for (const auto& c : measurement_columns()) {
    if (column.count(c) == 0) missing.push_back(c);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw input_error(fmt::format("{}:{}: the header lacks column{} {} (the layout of "
                                  "shared/reference/throughput-measured.csv)",
                                  name, header.line, missing.size() == 1 ? "" : "s", list));
  }
  std::vector<MeasurementRow> rows;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& rec = records[r];
    if (rec.fields.size() != header.fields.size()) {
      throw input_error(fmt::format("{}:{}: {} fields, but the header has {}", name, rec.line, rec.fields.size(),
                                    header.fields.size()));
    }
    const auto get = [&](const char* key) { return rec.fields[column.at(key)]; };
    MeasurementRow row;
    row.origin = fmt::format("{}:{}", name, rec.line);
    row.source = get("source");
    row.engine = get("engine");
    row.model = get("model");
    row.precision = get("precision");
    row.gpu = get("gpu");
    row.num_gpus = get("num_gpus");
    row.isl = get("isl");
    row.osl = get("osl");
    row.mode = get("concurrency_or_mode");
    row.output_total = get("output_tok_per_s_total");
    row.output_per_gpu = get("output_tok_per_s_per_gpu");
    if (column.count("notes") != 0) row.notes = get("notes");
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw input_error(fmt::format("{}: no rows after the header", name));
  return rows;
}

}  // namespace nimcost
