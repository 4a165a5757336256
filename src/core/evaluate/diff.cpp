// Diffing two report snapshots and checking the CI gates. Pure: snapshots in, a DiffReport out.
#include <nimcost/evaluate/diff.hpp>
#include <nimcost/base/quantity.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {

// Money in reports is rounded to 1e-6 USD; anything smaller is no change.
constexpr double k_usd_epsilon = 1e-6;

bool same_amount(const std::optional<double>& a, const std::optional<double>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || std::fabs(*a - *b) <= k_usd_epsilon;
}

const OptionSnapshot* find_option(const ScenarioSnapshot& s, const std::string& id) {
  for (const auto& o : s.options) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

std::vector<OptionDiff> diff_options(const ScenarioSnapshot* base, const ScenarioSnapshot* head) {
  std::vector<OptionDiff> out;
  auto add = [&](const OptionSnapshot& o) {
    if (std::any_of(out.begin(), out.end(), [&](const OptionDiff& d) { return d.id == o.id; })) return;
    OptionDiff d;
    d.id = o.id;
    d.kind = o.kind;
    if (const OptionSnapshot* b = base ? find_option(*base, o.id) : nullptr) {
      d.base_monthly_usd = b->monthly_usd;
      d.base_break_even_tokens = b->break_even_tokens;
    }
    if (const OptionSnapshot* h = head ? find_option(*head, o.id) : nullptr) {
      d.head_monthly_usd = h->monthly_usd;
      d.head_break_even_tokens = h->break_even_tokens;
    }
    out.push_back(std::move(d));
  };
  if (head) for (const auto& o : head->options) add(o);
  if (base) for (const auto& o : base->options) add(o);
  return out;
}

}  // namespace

std::optional<double> fraction_of(double delta, double base) {
  if (!(std::fabs(base) > k_usd_epsilon)) return std::nullopt;
  return delta / base;
}

double OptionDiff::delta_usd() const { return head_monthly_usd.value_or(0.0) - base_monthly_usd.value_or(0.0); }

std::optional<double> OptionDiff::delta_fraction() const {
  if (!base_monthly_usd || !head_monthly_usd) return std::nullopt;
  return fraction_of(delta_usd(), *base_monthly_usd);
}

std::optional<double> DiffReport::total_delta_fraction() const {
  return fraction_of(head_total_usd - base_total_usd, base_total_usd);
}

double ScenarioDiff::base_monthly_usd() const { return base ? base->cheapest_monthly_usd : 0.0; }
double ScenarioDiff::head_monthly_usd() const { return head ? head->cheapest_monthly_usd : 0.0; }

std::optional<double> ScenarioDiff::delta_fraction() const {
  if (!base || !head) return std::nullopt;
  return fraction_of(delta_usd(), base_monthly_usd());
}

bool ScenarioDiff::verdict_changed() const {
  if (!base || !head) return true;
  return base->cheapest != head->cheapest;
}

bool DiffReport::changed() const {
  return std::any_of(scenarios.begin(), scenarios.end(),
                     [](const ScenarioDiff& s) { return s.change != ScenarioChange::unchanged; });
}

DiffReport diff_reports(const ReportSnapshot& base, const ReportSnapshot& head) {
  DiffReport d;
  d.base_origin = base.origin;
  d.head_origin = head.origin;

  // One scenario a side is the same scenario at two revisions, whatever it is called.
  const bool pair_alone = base.scenarios.size() == 1 && head.scenarios.size() == 1;
  std::vector<bool> base_used(base.scenarios.size(), false);
  for (const auto& h : head.scenarios) {
    ScenarioDiff s;
    s.name = h.name;
    s.head = h;
    for (std::size_t i = 0; i < base.scenarios.size(); ++i) {
      if (!base_used[i] && (pair_alone || base.scenarios[i].name == h.name)) {
        s.base = base.scenarios[i];
        base_used[i] = true;
        if (s.base->name != h.name) s.name = s.base->name + " -> " + h.name;
        break;
      }
    }
    d.scenarios.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < base.scenarios.size(); ++i) {
    if (base_used[i]) continue;
    ScenarioDiff s;
    s.name = base.scenarios[i].name;
    s.base = base.scenarios[i];
    d.scenarios.push_back(std::move(s));
  }

  for (auto& s : d.scenarios) {
    s.options = diff_options(s.base ? &*s.base : nullptr, s.head ? &*s.head : nullptr);
    if (!s.base) {
      s.change = ScenarioChange::added;
    } else if (!s.head) {
      s.change = ScenarioChange::removed;
    } else {
      bool same = s.base->cheapest == s.head->cheapest && std::fabs(s.base->volume_tokens - s.head->volume_tokens) < 0.5;
      for (const auto& o : s.options) {
        same = same && same_amount(o.base_monthly_usd, o.head_monthly_usd) &&
               o.base_break_even_tokens == o.head_break_even_tokens;
      }
      s.change = same ? ScenarioChange::unchanged : ScenarioChange::changed;
    }
    d.base_total_usd += s.base_monthly_usd();
    d.head_total_usd += s.head_monthly_usd();
  }
  return d;
}

std::vector<GateResult> evaluate_gates(const GateThresholds& gates, const ReportSnapshot& head, const DiffReport* diff) {
  std::vector<GateResult> out;
  if (gates.cost_increase_fraction && diff != nullptr) {
    GateResult g{"fail-if-cost-increase-above", *gates.cost_increase_fraction, 0.0, false, ""};
    // An added scenario has no base to grow from: a percentage says nothing about it (the first pull
    // request that adds costs/ would otherwise trip at +100%); --fail-above-monthly-usd bounds it.
    std::string worst = "all scenarios";
    double base_total = 0.0, head_total = 0.0;
    int added = 0;
    for (const auto& s : diff->scenarios) {
      if (s.change == ScenarioChange::added) {
        ++added;
        continue;
      }
      base_total += s.base_monthly_usd();
      head_total += s.head_monthly_usd();
    }
    if (const auto total = fraction_of(head_total - base_total, base_total)) g.value = *total;
    for (const auto& s : diff->scenarios) {
      const auto f = s.delta_fraction();
      if (s.change != ScenarioChange::added && f && *f > g.value) {
        g.value = *f;
        worst = "scenario '" + s.name + "'";
      }
    }
    if (!(base_total > k_usd_epsilon) && head_total > k_usd_epsilon) {  // from nothing to something
      g.value = std::max(g.value, 1.0);
      worst = "scenarios that cost nothing in the base";
    }
    g.tripped = g.value > g.threshold;
    g.detail = fmt::format("largest monthly cost increase {} ({}) against the limit {}{}", format_signed_percent(g.value),
                           worst, format_percent(g.threshold),
                           added > 0 ? fmt::format("; {} added scenario(s) not counted", added) : std::string());
    out.push_back(std::move(g));
  }
  if (gates.above_monthly_usd) {
    double total = 0.0;
    for (const auto& s : head.scenarios) total += s.cheapest_monthly_usd;
    GateResult g{"fail-above-monthly-usd", *gates.above_monthly_usd, total, total > *gates.above_monthly_usd + k_usd_epsilon, ""};
    g.detail = fmt::format("monthly cost {} of {} scenario(s) against the ceiling {}", format_usd(Usd(total)),
                           head.scenarios.size(), format_usd(Usd(*gates.above_monthly_usd)));
    out.push_back(std::move(g));
  }
  if (gates.verdict_changes && diff != nullptr) {
    GateResult g{"fail-if-verdict-changes", 0.0, 0.0, false, ""};
    std::vector<std::string> flips;
    for (const auto& s : diff->scenarios) {
      if (s.change == ScenarioChange::changed && s.verdict_changed()) {
        flips.push_back(fmt::format("'{}' {} -> {}", s.name, s.base->cheapest, s.head->cheapest));
      }
    }
    g.value = static_cast<double>(flips.size());
    g.tripped = !flips.empty();
    g.detail = flips.empty() ? "the cheapest option is the same in every scenario"
                             : fmt::format("cheapest option changed: {}", fmt::join(flips, ", "));
    out.push_back(std::move(g));
  }
  return out;
}

namespace {

double stated_usd(double usd) { return round_to(usd, k_usd_decimals); }

// One scenario's crossover as its JSON report states it (money to the micro-dollar, whole tokens).
ScenarioSnapshot scenario_snapshot(const std::string& name, const CrossoverReport& x) {
  ScenarioSnapshot s;
  s.name = name;
  s.volume_tokens = static_cast<double>(std::llround(x.workload.tokens.value));
  OptionSnapshot host;
  host.id = "selfhost";
  host.kind = "selfhost";
  host.monthly_usd = stated_usd(x.selfhost.total.value);
  if (x.selfhost.per_mtok) host.per_mtok_usd = stated_usd(x.selfhost.per_mtok->value);
  host.gpus = x.selfhost.gpus;
  s.options.push_back(host);
  for (const auto& a : x.apis) {
    OptionSnapshot o;
    o.id = a.model.id;
    o.kind = "api";
    o.monthly_usd = stated_usd(a.cost.total.value);
    o.per_mtok_usd = stated_usd(a.cost.blended.value);
    if (a.break_even.sustained) o.break_even_tokens = static_cast<double>(whole_tokens(*a.break_even.sustained));
    s.options.push_back(std::move(o));
  }
  s.cheapest = x.verdict.cheapest_id;
  s.cheapest_monthly_usd = stated_usd(x.verdict.cheapest_monthly.value);
  return s;
}

}  // namespace

ReportSnapshot snapshot_of(const RunReport& report, const std::string& origin) {
  ReportSnapshot out;
  out.origin = origin;
  out.command = "run";
  for (const auto& s : report.scenarios) {
    out.scenarios.push_back(scenario_snapshot(s.spec.name, s.crossover));
    if (s.plan && s.plan->best) {
      const PlanCandidate& best = s.plan->candidates[*s.plan->best];
      add_planned(out.scenarios.back(), planned_choice(best), stated_usd(best.monthly_usd.mean), stated_usd(best.per_mtok_usd));
    }
  }
  return out;
}

}  // namespace nimcost
