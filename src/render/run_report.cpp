// `nimcost run` and `nimcost diff` reports: JSON, and the document the table, Markdown and CSV
// renderers draw. A run's JSON holds each scenario's crossover (assumptions and results, as
// `crossover` writes them) so that `diff` reads one shape from either command.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include "gate_parts.hpp"
#include "json_parts.hpp"
#include "plan_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fmt/ranges.h>

#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

const char* cheaper_name(Cheaper c) { return c == Cheaper::selfhost ? "selfhost" : "api"; }

json part_json(const PartReport& p) {
  return {{"name", p.part.name},
          {"monthly_tokens", tokens(p.workload.tokens)},
          {"tokens_per_day", optional(p.part.tokens_per_day, tokens)},
          {"input_share_fraction", fraction(p.workload.input_share)},
          {"cached_input_share_fraction", fraction(p.workload.cached_input_share)},
          {"profile", p.profile},
          {"mig_profile", p.mig ? json(p.mig->id) : json(nullptr)},
          {"gpu_share_fraction", fraction(p.gpu_share)},
          {"selfhost_monthly_usd", usd(p.selfhost)},
          {"selfhost_per_mtok_usd", optional(p.selfhost_per_mtok, rate)},
          {"utilization_fraction", fraction(p.utilization)},
          {"cheapest_api", p.cheapest_api.empty() ? json(nullptr) : json(p.cheapest_api)},
          {"cheapest_api_monthly_usd", p.cheapest_api.empty() ? json(nullptr) : usd(p.cheapest_api_monthly)},
          {"cheaper", cheaper_name(p.cheaper)}};
}

std::string scenario_label(const ScenarioReport& s) { return s.spec.name; }

// One scenario's options at its volume: self-hosting, then each API with its break-even.
TableBlock options_table(const std::string& label, const CrossoverReport& x) {
  TableBlock options;
  options.title = fmt::format("{}: options at {} tokens/month", label, format_tokens(x.workload.tokens));
  options.columns = {{"Option", "id"}, {"$/M", "per_mtok_usd"}, {"Monthly", "monthly_usd"}, {"Break-even", "break_even_tokens"}};
  options.rows.push_back({Cell::of_text(fmt::format("selfhost ({}x {})", x.selfhost.gpus, x.plan.gpu.id)),
                          x.selfhost.per_mtok ? Cell::of_rate(*x.selfhost.per_mtok) : Cell::none(),
                          Cell::of_usd(x.selfhost.total), Cell::none()});
  for (const auto& a : x.apis) {
    options.rows.push_back({Cell::of_text(a.model.id), Cell::of_rate(a.cost.blended), Cell::of_usd(a.cost.total),
                            a.break_even.sustained ? Cell::of_tokens(*a.break_even.sustained) : Cell::none("never")});
  }
  for (std::size_t i = 0; i < options.rows.size(); ++i) {
    const std::string id = i == 0 ? "selfhost" : x.apis[i - 1].model.id;
    if (id == x.verdict.cheapest_id) options.highlighted_rows.push_back(static_cast<int>(i));
  }
  return options;
}

// Value and limit in the gate's own unit: a percentage, dollars, or a count of flips.
}  // namespace

nlohmann::ordered_json run_json(const RunReport& r, const RenderContext& context) {
  json scenarios = json::array();
  json files = json::array();
  std::vector<std::string> warnings;
  double total = 0.0;
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    const ScenarioReport& s = r.scenarios[i];
    RenderContext own = context;
    own.catalog_sources = r.catalog_sources.at(i);
    json crossover = crossover_json(s.crossover, own);
    json parts = json::array();
    for (const auto& p : s.parts) parts.push_back(part_json(p));
    scenarios.push_back({{"name", s.spec.name},
                         {"description", s.spec.description},
                         {"file", s.spec.file},
                         {"files", s.spec.files},
                         {"workloads", std::move(parts)},
                         {"assumptions", std::move(crossover["assumptions"])},
                         {"results", std::move(crossover["results"])},
                         {"monthly_usd", usd(scenario_monthly(s))},
                         {"capacity_note", s.capacity_note.empty() ? json(nullptr) : json(s.capacity_note)},
                         {"unallocated_gpu_share_fraction", fraction(s.unallocated_gpu_share)},
                         {"unallocated_monthly_usd", usd(s.unallocated)},
                         {"warnings", s.crossover.warnings},
                         {"plan", s.plan ? plan_summary(*s.plan) : json(nullptr)}});
    files.push_back(s.spec.file);
    total += scenario_monthly(s).value;
    for (const auto& w : s.crossover.warnings) warnings.push_back(s.spec.name + ": " + w);
  }
  json assumptions = {{"scenario_files", std::move(files)},
                      {"base_report", r.base_report.empty() ? json(nullptr) : json(r.base_report)}};
  json results = {{"scenarios", std::move(scenarios)},
                  {"total_monthly_usd", usd(Usd(total))},
                  {"gates", gates_json(r.gates)},
                  {"gates_tripped", any_tripped(r.gates)}};
  return envelope("run", std::move(assumptions), std::move(results), warnings, context);
}

Document run_document(const RunReport& r) {
  Document doc;
  double total = 0.0;
  for (const auto& s : r.scenarios) total += scenario_monthly(s).value;
  doc.title = r.scenarios.size() == 1 ? fmt::format("nimcost run: {}", r.scenarios.front().spec.name)
                                      : fmt::format("nimcost run: {} scenarios", r.scenarios.size());

  TableBlock summary;
  summary.title = "Scenarios";
  summary.columns = {{"Scenario", "name"},           {"Tokens/month", "monthly_tokens"},
                     {"Cheapest", "cheapest"},        {"Monthly", "monthly_usd"},
                     {"Self-host", "selfhost_monthly_usd"}, {"GPUs", "selfhost_gpus"},
                     {"Utilization", "utilization_fraction"}};
  for (const auto& s : r.scenarios) {
    const CrossoverReport& x = s.crossover;
    summary.rows.push_back({Cell::of_text(scenario_label(s)), Cell::of_tokens(x.workload.tokens),
                            Cell::of_text(s.plan && s.plan->best ? "plan: " + planned_choice(s.plan->candidates[*s.plan->best])
                                                                 : x.verdict.cheapest_id),
                            Cell::of_usd(scenario_monthly(s)),
                            Cell::of_usd(x.selfhost.total), Cell::of_count(x.selfhost.gpus),
                            Cell::of_fraction(x.selfhost.utilization)});
  }
  doc.tables.push_back(std::move(summary));

  for (const auto& s : r.scenarios) {
    const CrossoverReport& x = s.crossover;
    const std::string label = scenario_label(s);
    // A rental as its hourly rate; bought servers as what they cost (an hourly figure would hide power).
    const std::string price = x.plan.purchase ? rate_text(x.plan)
                                              : fmt::format("{}/GPU-hour", format_usd(Usd(x.plan.usd_per_gpu_hour)));
    doc.facts.push_back({label, fmt::format("{}{}x {} at {}, license {}; {}", s.plan ? "as configured, " : "", x.selfhost.gpus, x.plan.gpu.id, price,
                                            x.plan.license.id, s.spec.description.empty() ? s.spec.file : s.spec.description)});
    doc.tables.push_back(options_table(label, x));

    if (s.parts.size() > 1 || s.parts.front().mig) {
      TableBlock parts;
      parts.title = fmt::format("{}: workloads", label);
      parts.columns = {{"Workload", "name"},     {"Tokens/month", "monthly_tokens"}, {"Profile", "profile"},
                       {"Share", "gpu_share_fraction"}, {"Self-host", "selfhost_monthly_usd"},
                       {"Util", "utilization_fraction"}, {"Cheapest API", "cheapest_api"},
                       {"API cost", "cheapest_api_monthly_usd"}};
      for (const auto& p : s.parts) {
        const std::string profile = p.mig ? fmt::format("{} {}", p.profile, p.mig->id) : p.profile;
        parts.rows.push_back({Cell::of_text(p.part.name), Cell::of_tokens(p.workload.tokens), Cell::of_text(profile),
                              Cell::of_fraction(p.gpu_share), Cell::of_usd(p.selfhost), Cell::of_fraction(p.utilization),
                              p.cheapest_api.empty() ? Cell::none() : Cell::of_text(p.cheapest_api),
                              p.cheapest_api.empty() ? Cell::none() : Cell::of_usd(p.cheapest_api_monthly)});
      }
      if (s.unallocated_gpu_share > 1e-9) {
        parts.rows.push_back({Cell::of_text("(unallocated)"), Cell::none(), Cell::none(),
                              Cell::of_fraction(s.unallocated_gpu_share), Cell::of_usd(s.unallocated), Cell::none(),
                              Cell::none(), Cell::none()});
      }
      doc.tables.push_back(std::move(parts));
    }
    doc.notes.push_back(label + (s.plan ? ": as configured in [selfhost] (not the plan): " : ": ") + crossover_verdict_text(x));
    if (s.plan) {
      doc.notes.push_back(label + ": planned ([plan]): " + plan_verdict_text(*s.plan));
      for (const auto& w : s.plan->warnings) doc.warnings.push_back(label + ": plan: " + w);
    }
    if (!s.capacity_note.empty()) doc.notes.push_back(label + ": capacity " + s.capacity_note + ".");
    for (const auto& w : x.warnings) doc.warnings.push_back(label + ": " + w);
  }
  if (!r.gates.empty()) doc.tables.push_back(gates_table(r.gates));
  const ScenarioReport* only = r.scenarios.size() == 1 ? &r.scenarios.front() : nullptr;
  doc.verdict = only && only->plan ? plan_verdict_text(*only->plan)
                : only            ? crossover_verdict_text(only->crossover)
                                        : fmt::format("{} scenarios: {}/month at each one's cheapest option{}.",
                                                      r.scenarios.size(), format_usd(Usd(total)),
                                                      std::any_of(r.scenarios.begin(), r.scenarios.end(),
                                                                  [](const ScenarioReport& s) { return s.plan.has_value(); })
                                                          ? " (the planned one where a scenario has [plan])"
                                                          : "");
  if (only) {
    // The verdict is said once: not again among the notes.
    const auto said = std::find_if(doc.notes.begin(), doc.notes.end(), [&](const std::string& n) {
      return n.size() >= doc.verdict.size() && n.compare(n.size() - doc.verdict.size(), std::string::npos, doc.verdict) == 0;
    });
    if (said != doc.notes.end()) doc.notes.erase(said);
  }
  return doc;
}

}  // namespace nimcost
