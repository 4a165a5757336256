// A throughput measurement table: CSV (csv_records.hpp) whose header names the columns of
// shared/reference/throughput-measured.csv, and optional ones (ttft_ms, tpot_ms, tp, pp, ep, split).
#include "csv_records.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/load/measurements_csv.hpp>
#include <nimcost/base/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace nimcost {

const std::vector<std::string>& measurement_columns() {
  static const std::vector<std::string> columns = {
      "source", "engine", "model", "precision", "gpu", "num_gpus", "isl", "osl", "concurrency_or_mode",
      "output_tok_per_s_total", "output_tok_per_s_per_gpu"};
  return columns;
}

std::vector<MeasurementRow> parse_measurements_csv(const std::string& text, const std::string& name) {
  const std::vector<CsvRecord> records = split_csv_records(text, name);
  if (records.empty()) throw input_error(fmt::format("{}: empty file; expected a header row", name));
  const CsvRecord& header = records.front();
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.fields.size(); ++i) column.emplace(csv_column_key(header.fields[i], i), i);
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
    const CsvRecord& rec = records[r];
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
    const auto optional = [&](const char* key) { return column.count(key) != 0 ? get(key) : std::string(); };
    row.notes = optional("notes");
    row.ttft_ms = optional("ttft_ms");
    row.tpot_ms = optional("tpot_ms");
    row.tp = optional("tp");
    row.pp = optional("pp");
    row.ep = optional("ep");
    row.split = optional("split");
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw input_error(fmt::format("{}: no rows after the header", name));
  return rows;
}

}  // namespace nimcost
