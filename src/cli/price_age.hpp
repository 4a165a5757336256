// How old the prices a report used are: the oldest dated figure in it and how many are older than
// --max-price-age (default 180 days), counted from --today (default: SOURCE_DATE_EPOCH when set, so
// that builds and tests are reproducible, else the system date). A warning in the report, the figures
// in assumptions.price_age, and the --fail-if-prices-older-than gate of run and diff.
#pragma once

#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/report/diff_report.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace nimcost::cli {

struct PriceAgeFlags {
  std::string today;    // --today DATE
  std::string max_age;  // --max-price-age AGE
};

void add_price_age_flags(CLI::App& app, PriceAgeFlags& flags);

// An age: days, or a number with d, w, m (30 days) or y (365 days); a usage error naming `flag`.
long parse_age_days(const char* flag, const std::string& text);

struct PriceAge {
  std::string today;
  long max_age_days = 180;
  std::optional<DatedFigure> oldest;
  long oldest_days = 0;  // the oldest figure's age
  int older = 0;         // figures older than max_age_days
};

PriceAge price_age_of(const nlohmann::ordered_json& report, const PriceAgeFlags& flags);
nlohmann::ordered_json price_age_json(const PriceAge& age);
std::optional<std::string> price_age_warning(const PriceAge& age);
// The report's price age into its assumptions and, when prices are stale, its warnings; the warning.
std::optional<std::string> stamp_price_age(nlohmann::ordered_json& report, const PriceAgeFlags& flags);

// The gate: trips when the oldest figure is older than `threshold` (an age); none without a threshold.
std::optional<GateResult> price_age_gate(const std::string& threshold, const std::optional<DatedFigure>& oldest,
                                         const PriceAgeFlags& flags);

}  // namespace nimcost::cli
