// A request-length histogram from CSV; see lengths_csv.hpp.
#include "csv_records.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/base/text.hpp>
#include <nimcost/load/lengths_csv.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

namespace nimcost {

namespace {

constexpr double k_max_tokens = 10'000'000.0;
constexpr double k_max_count = 1e15;

// The first header column named one of `names`.
std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (csv_column_key(header[i], i) == name) return i;
    }
  }
  return std::nullopt;
}

double cell(const CsvRecord& rec, std::size_t column, const char* what, double maximum, const std::string& name) {
  const std::string_view text = trim(rec.fields[column]);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0.0 ||
      v > maximum) {
    throw input_error(fmt::format("{}:{}: {} '{}' is not a number from 0 to {:g}", name, rec.line, what,
                                  rec.fields[column], maximum));
  }
  return v;
}

}  // namespace

std::vector<LengthBin> parse_lengths_csv(const std::string& text, const std::string& name) {
  const std::vector<CsvRecord> records = split_csv_records(text, name);
  if (records.empty()) throw input_error(fmt::format("{}: empty file; expected a header row", name));
  const CsvRecord& header = records.front();
  const auto isl = find_column(header.fields, {"isl", "input_tokens", "prompt_tokens"});
  const auto osl = find_column(header.fields, {"osl", "output_tokens", "completion_tokens"});
  const auto count = find_column(header.fields, {"count", "requests"});
  if (!isl || !osl) {
    throw input_error(fmt::format("{}:{}: the header needs an input column (isl, input_tokens or prompt_tokens) and "
                                  "an output column (osl, output_tokens or completion_tokens)",
                                  name, header.line));
  }
  std::vector<LengthBin> bins;
  double total = 0.0;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    if (rec.fields.size() != header.fields.size()) {
      throw input_error(fmt::format("{}:{}: {} fields, but the header has {}", name, rec.line, rec.fields.size(),
                                    header.fields.size()));
    }
    LengthBin b;
    b.isl = cell(rec, *isl, "input length", k_max_tokens, name);
    b.osl = cell(rec, *osl, "output length", k_max_tokens, name);
    if (b.osl < 1.0) throw input_error(fmt::format("{}:{}: a request yields at least one output token", name, rec.line));
    b.count = count ? cell(rec, *count, "count", k_max_count, name) : 1.0;
    total += b.count;
    bins.push_back(b);
  }
  if (!(total > 0.0)) throw input_error(fmt::format("{}: no requests (no rows, or every count is 0)", name));
  return bins;
}

}  // namespace nimcost
