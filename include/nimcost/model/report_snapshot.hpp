// A report as `diff` and the CI gates see it: per scenario, each option's monthly cost, $/M and
// break-even, and the cheapest. Read back from a saved JSON report or taken from one just evaluated,
// so a report written by an older nimcost of the same schema version diffs against today's.
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
  std::string verdict;  // the verdict in words, as the report's renderer wrote it
};

// A catalog figure a report used, by its date: the entry's ID and as_of.
struct DatedFigure {
  std::string id;
  std::string as_of;  // YYYY-MM-DD
};

// A planned scenario ([plan]): its winner becomes an option ("plan") and what the verdict picks, so
// the gates weigh the planned cost. One rule for a report just evaluated and one read back.
inline void add_planned(ScenarioSnapshot& s, const std::string& choice, double monthly_usd, std::optional<double> per_mtok_usd) {
  OptionSnapshot o;
  o.id = "plan";
  o.kind = "plan";
  o.monthly_usd = monthly_usd;
  o.per_mtok_usd = per_mtok_usd;
  s.options.push_back(o);
  s.cheapest = "plan: " + choice;
  s.cheapest_monthly_usd = monthly_usd;
}

struct ReportSnapshot {
  std::string origin;   // file name, or the scenario files it was evaluated from
  std::string command;  // "run" or "crossover"
  std::vector<ScenarioSnapshot> scenarios;
  std::optional<DatedFigure> oldest_price;  // the oldest figure the report used (the price-age gate)
};

}  // namespace nimcost
