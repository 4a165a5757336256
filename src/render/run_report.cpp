// `nimcost run` and `nimcost diff` reports: JSON, and the document the table, Markdown and CSV
// renderers draw. A run's JSON holds each scenario's crossover (assumptions and results, as
// `crossover` writes them) so that `diff` reads one shape from either command.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include "json_parts.hpp"

#include <fmt/format.h>
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

json gates_json(const std::vector<GateResult>& gates) {
  json out = json::array();
  for (const auto& g : gates) {
    out.push_back({{"gate", g.gate},
                   {"threshold", std::round(g.threshold * 1e9) / 1e9},
                   {"value", std::round(g.value * 1e9) / 1e9},
                   {"tripped", g.tripped},
                   {"detail", g.detail}});
  }
  return out;
}

std::string scenario_label(const ScenarioReport& s) { return s.spec.name; }

// Value and limit in the gate's own unit: a percentage, dollars, or a count of flips.
std::vector<Cell> gate_row(const GateResult& g) {
  Cell value = Cell::of_count(g.value), limit = Cell::of_text("0");
  if (g.gate == "fail-if-cost-increase-above") {
    value = Cell::of_fraction_change(g.value);
    limit = Cell::of_fraction(g.threshold);
  } else if (g.gate == "fail-above-monthly-usd") {
    value = Cell::of_usd(Usd(g.value));
    limit = Cell::of_usd(Usd(g.threshold));
  }
  return {Cell::of_text("--" + g.gate), Cell::of_text(g.tripped ? "FAIL" : "pass"), value, limit};
}

TableBlock gates_table(const std::vector<GateResult>& gates) {
  TableBlock t;
  t.title = "CI gates";
  t.columns = {{"Gate", "gate"}, {"Result", "result"}, {"Value", "value"}, {"Limit", "threshold"}};
  for (std::size_t i = 0; i < gates.size(); ++i) {
    t.rows.push_back(gate_row(gates[i]));
    if (gates[i].tripped) t.highlighted_rows.push_back(static_cast<int>(i));
  }
  return t;
}

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
                         {"warnings", s.crossover.warnings}});
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
  summary.columns = {{"Scenario", "name"},           {"Tokens/month", "volume_tokens"},
                     {"Cheapest", "cheapest"},        {"Monthly", "monthly_usd"},
                     {"Self-host", "selfhost_monthly_usd"}, {"GPUs", "selfhost_gpus"},
                     {"Utilization", "utilization_fraction"}};
  for (const auto& s : r.scenarios) {
    const CrossoverReport& x = s.crossover;
    summary.rows.push_back({Cell::of_text(scenario_label(s)), Cell::of_tokens(x.workload.tokens),
                            Cell::of_text(x.verdict.cheapest_id), Cell::of_usd(scenario_monthly(s)),
                            Cell::of_usd(x.selfhost.total), Cell::of_count(x.selfhost.gpus),
                            Cell::of_fraction(x.selfhost.utilization)});
  }
  doc.tables.push_back(std::move(summary));

  for (const auto& s : r.scenarios) {
    const CrossoverReport& x = s.crossover;
    const std::string label = scenario_label(s);
    doc.facts.push_back({label, fmt::format("{}x {} at {}/GPU-hour, license {}; {}", x.selfhost.gpus, x.plan.gpu.id,
                                            format_usd(Usd(x.plan.usd_per_gpu_hour)), x.plan.license.id,
                                            s.spec.description.empty() ? s.spec.file : s.spec.description)});
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
    doc.tables.push_back(std::move(options));

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
    doc.notes.push_back(label + ": " + crossover_verdict_text(x));
    if (!s.capacity_note.empty()) doc.notes.push_back(label + ": capacity " + s.capacity_note + ".");
    for (const auto& w : x.warnings) doc.warnings.push_back(label + ": " + w);
  }
  if (!r.gates.empty()) doc.tables.push_back(gates_table(r.gates));
  doc.verdict = r.scenarios.size() == 1 ? crossover_verdict_text(r.scenarios.front().crossover)
                                        : fmt::format("{} scenarios: {}/month at each one's cheapest option.",
                                                      r.scenarios.size(), format_usd(Usd(total)));
  if (r.scenarios.size() == 1) doc.notes.erase(doc.notes.begin());
  return doc;
}

nlohmann::ordered_json diff_json(const DiffReport& d, const RenderContext& context) {
  json scenarios = json::array();
  auto opt = [](const std::optional<double>& v) { return v ? json(std::round(*v * 1e6) / 1e6) : json(nullptr); };
  auto volume = [](const std::optional<double>& v) { return v ? json(static_cast<long long>(std::ceil(*v - 1e-9))) : json(nullptr); };
  for (const auto& s : d.scenarios) {
    json options = json::array();
    for (const auto& o : s.options) {
      options.push_back({{"id", o.id},
                         {"kind", o.kind},
                         {"base_monthly_usd", opt(o.base_monthly_usd)},
                         {"head_monthly_usd", opt(o.head_monthly_usd)},
                         {"delta_usd", usd(Usd(o.delta_usd()))},
                         {"delta_fraction", o.delta_fraction() ? fraction(*o.delta_fraction()) : json(nullptr)},
                         {"base_break_even_tokens", volume(o.base_break_even_tokens)},
                         {"head_break_even_tokens", volume(o.head_break_even_tokens)}});
    }
    const char* change = s.change == ScenarioChange::unchanged ? "unchanged"
                         : s.change == ScenarioChange::changed ? "changed"
                         : s.change == ScenarioChange::added   ? "added"
                                                               : "removed";
    scenarios.push_back({{"name", s.name},
                         {"change", change},
                         {"base_volume_tokens", s.base ? volume(s.base->volume_tokens) : json(nullptr)},
                         {"head_volume_tokens", s.head ? volume(s.head->volume_tokens) : json(nullptr)},
                         {"base_cheapest", s.base ? json(s.base->cheapest) : json(nullptr)},
                         {"head_cheapest", s.head ? json(s.head->cheapest) : json(nullptr)},
                         {"verdict_changed", s.verdict_changed()},
                         {"base_monthly_usd", usd(Usd(s.base_monthly_usd()))},
                         {"head_monthly_usd", usd(Usd(s.head_monthly_usd()))},
                         {"delta_usd", usd(Usd(s.delta_usd()))},
                         {"delta_fraction", s.delta_fraction() ? fraction(*s.delta_fraction()) : json(nullptr)},
                         {"base_verdict", s.base ? json(s.base->verdict) : json(nullptr)},
                         {"head_verdict", s.head ? json(s.head->verdict) : json(nullptr)},
                         {"options", std::move(options)}});
  }
  const double delta = d.head_total_usd - d.base_total_usd;
  json results = {{"summary", diff_summary_text(d)},
                  {"changed", d.changed()},
                  {"base_total_monthly_usd", usd(Usd(d.base_total_usd))},
                  {"head_total_monthly_usd", usd(Usd(d.head_total_usd))},
                  {"delta_usd", usd(Usd(delta))},
                  {"delta_fraction", d.base_total_usd > 1e-6 ? fraction(delta / d.base_total_usd) : json(nullptr)},
                  {"scenarios", std::move(scenarios)},
                  {"gates", gates_json(d.gates)},
                  {"gates_tripped", any_tripped(d.gates)}};
  json assumptions = {{"base", d.base_origin}, {"head", d.head_origin}};
  return envelope("diff", std::move(assumptions), std::move(results), {}, context);
}

Document diff_document(const DiffReport& d) {
  Document doc;
  doc.title = "nimcost diff";
  doc.facts.push_back({"Base", d.base_origin});
  doc.facts.push_back({"Head", d.head_origin});
  TableBlock changes;
  changes.title = "Monthly cost by option (base -> head)";
  changes.columns = {{"Scenario", "scenario"},        {"Option", "id"},
                     {"Base", "base_monthly_usd"},    {"Head", "head_monthly_usd"},
                     {"Change", "delta_usd"},         {"%", "delta_fraction"},
                     {"Break-even", "head_break_even_tokens"}};
  auto money = [](const std::optional<double>& v) { return v ? Cell::of_usd(Usd(*v)) : Cell::none("-"); };
  auto be_text = [](const OptionDiff& o) {
    if (o.kind == "selfhost") return Cell::none("");
    auto shown = [](const std::optional<double>& v) { return v ? format_tokens(Tokens(*v)) : std::string("never"); };
    if (!o.base_monthly_usd) return Cell::of_text(shown(o.head_break_even_tokens));
    if (!o.head_monthly_usd) return Cell::of_text(shown(o.base_break_even_tokens));
    if (o.base_break_even_tokens == o.head_break_even_tokens) return Cell::of_text(shown(o.head_break_even_tokens));
    return Cell::of_text(shown(o.base_break_even_tokens) + " -> " + shown(o.head_break_even_tokens));
  };
  for (const auto& s : d.scenarios) {
    std::string label = s.name;
    if (s.change == ScenarioChange::added) label += " (new)";
    if (s.change == ScenarioChange::removed) label += " (removed)";
    const auto f = s.delta_fraction();
    changes.rows.push_back({Cell::of_text(label), Cell::of_text(s.verdict_changed() ? "cheapest (changed)" : "cheapest"),
                            Cell::of_usd(Usd(s.base_monthly_usd())), Cell::of_usd(Usd(s.head_monthly_usd())),
                            Cell::of_usd_change(s.delta_usd()), f ? Cell::of_fraction_change(*f) : Cell::none("new"),
                            Cell::none("")});
    if (s.verdict_changed()) changes.highlighted_rows.push_back(static_cast<int>(changes.rows.size() - 1));
    for (const auto& o : s.options) {
      const auto of = o.delta_fraction();
      const bool moved = o.delta_usd() != 0.0 || o.base_break_even_tokens != o.head_break_even_tokens ||
                         !o.base_monthly_usd || !o.head_monthly_usd;
      if (!moved) continue;  // a PR comment lists what changed
      changes.rows.push_back({Cell::of_text(""), Cell::of_text(o.id), money(o.base_monthly_usd), money(o.head_monthly_usd),
                              Cell::of_usd_change(o.delta_usd()),
                              of ? Cell::of_fraction_change(*of) : Cell::none(o.base_monthly_usd ? "gone" : "new"),
                              be_text(o)});
    }
  }
  doc.tables.push_back(std::move(changes));
  if (!d.gates.empty()) doc.tables.push_back(gates_table(d.gates));
  doc.verdict = diff_summary_text(d);
  for (const auto& s : d.scenarios) {
    if (s.change == ScenarioChange::changed && s.verdict_changed()) {
      doc.notes.push_back(fmt::format("{}: the cheapest option changed from {} to {}. Now: {}", s.name, s.base->cheapest,
                                      s.head->cheapest, s.head->verdict));
    }
  }
  doc.notes.push_back("Each scenario costs what its cheapest option costs. Break-even: the monthly volume from which "
                      "self-hosting beats that API.");
  return doc;
}

std::string render_diff_markdown(const DiffReport& d) {
  // A PR comment leads with the answer: the summary line, then the gates, then the table.
  Document doc = diff_document(d);
  std::string out = "### nimcost: cost diff\n\n**" + diff_summary_text(d) + "**\n\n";
  for (const auto& g : d.gates) {
    out += fmt::format("- {} `--{}`: {}\n", g.tripped ? ":x:" : ":white_check_mark:", g.gate, g.detail);
  }
  if (!d.gates.empty()) out += "\n";
  doc.title = "Changes";
  doc.facts.clear();
  doc.verdict.clear();
  if (!doc.tables.empty() && !d.gates.empty()) doc.tables.pop_back();
  std::string body = render_markdown(doc);
  body = body.substr(body.find('\n') + 1);  // drop the document's own heading
  out += body.substr(body.find_first_not_of('\n'));
  out += fmt::format("\n<sub>base: {} · head: {}</sub>\n", d.base_origin, d.head_origin);
  return out;
}

}  // namespace nimcost
