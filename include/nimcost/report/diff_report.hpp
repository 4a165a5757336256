// `nimcost diff`: two reports paired by scenario (by name, or the one on each side) and option (by
// ID), the changes, and the CI gates with what tripped them.
#pragma once

#include <nimcost/model/report_snapshot.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct OptionDiff {
  std::string id;
  std::string kind;
  std::optional<double> base_monthly_usd;  // absent: the option is new
  std::optional<double> head_monthly_usd;  // absent: the option is gone
  std::optional<double> base_break_even_tokens;
  std::optional<double> head_break_even_tokens;
  double delta_usd() const;
  std::optional<double> delta_fraction() const;  // absent when the base was 0 or missing
};

enum class ScenarioChange { unchanged, changed, added, removed };

struct ScenarioDiff {
  std::string name;
  ScenarioChange change = ScenarioChange::unchanged;
  std::optional<ScenarioSnapshot> base;
  std::optional<ScenarioSnapshot> head;
  std::vector<OptionDiff> options;
  // The scenario's cost is its cheapest option's: what the verdict says to pay.
  double base_monthly_usd() const;
  double head_monthly_usd() const;
  double delta_usd() const { return head_monthly_usd() - base_monthly_usd(); }
  std::optional<double> delta_fraction() const;
  bool verdict_changed() const;  // the cheapest option is another one (or the scenario came or went)
};

// CI thresholds; each one given is checked.
struct GateThresholds {
  std::optional<double> cost_increase_fraction;  // --fail-if-cost-increase-above (0.10 = 10%)
  std::optional<double> above_monthly_usd;       // --fail-above-monthly-usd
  bool verdict_changes = false;                  // --fail-if-verdict-changes
  bool any() const { return cost_increase_fraction || above_monthly_usd || verdict_changes; }
};

struct GateResult {
  std::string gate;  // the flag's name without dashes: "fail-above-monthly-usd"
  double threshold = 0.0;
  double value = 0.0;
  bool tripped = false;
  std::string detail;  // one sentence: what was compared and where
};

struct DiffReport {
  std::string base_origin;
  std::string head_origin;
  std::vector<ScenarioDiff> scenarios;
  double base_total_usd = 0.0;
  double head_total_usd = 0.0;
  std::vector<GateResult> gates;
  bool changed() const;
  std::optional<double> total_delta_fraction() const;  // absent when the base total was 0
};

// Whether any gate tripped: the CLI exits 1.
inline bool any_tripped(const std::vector<GateResult>& gates) {
  for (const auto& g : gates) {
    if (g.tripped) return true;
  }
  return false;
}

}  // namespace nimcost
