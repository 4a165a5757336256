// Comparing two evaluated reports, and the CI gates. Both sides are snapshots read back from JSON
// (a `run` or `crossover` report), so a report written by an older nimcost of the same schema
// version diffs against today's. Scenarios pair by name (or, when each side holds one, with each
// other); options pair by ID.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One option of one scenario as a report states it.
struct OptionSnapshot {
  std::string id;    // an API model ID, or "selfhost"
  std::string kind;  // "api" or "selfhost"
  double monthly_usd = 0.0;
  std::optional<double> per_mtok_usd;
  std::optional<double> break_even_tokens;  // APIs: where self-hosting starts to win (none: never)
  std::optional<int> gpus;                  // self-hosting
};

struct ScenarioSnapshot {
  std::string name;
  double volume_tokens = 0.0;
  std::vector<OptionSnapshot> options;  // self-hosting first, then the APIs as reported
  std::string cheapest;
  double cheapest_monthly_usd = 0.0;
  std::string verdict;
};

struct ReportSnapshot {
  std::string origin;   // file name, or the scenario files it was evaluated from
  std::string command;  // "run" or "crossover"
  std::vector<ScenarioSnapshot> scenarios;
};

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
  std::string summary;  // one line for people and PR comments
  bool changed() const;
};

// Pairs scenarios and options and computes the changes. Pure.
DiffReport diff_reports(const ReportSnapshot& base, const ReportSnapshot& head);

// The gates against a diff (all three) or a lone report (only the monthly ceiling; `diff` null).
std::vector<GateResult> evaluate_gates(const GateThresholds& gates, const ReportSnapshot& head, const DiffReport* diff);

// Whether any gate tripped: the CLI exits 1.
bool any_tripped(const std::vector<GateResult>& gates);

}  // namespace nimcost
