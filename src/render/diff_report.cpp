// `nimcost diff`: two reports side by side as JSON, a document for the table and CSV, and Markdown
// for a pull-request comment (the summary line first, the gates, then the signed changes).
#include "gate_parts.hpp"
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

// A side's verdict in the one shape every report uses; null for a scenario the side does not have.
json verdict_json(const std::optional<ScenarioSnapshot>& s) {
  if (!s) return nullptr;
  return {{"cheapest", s->cheapest}, {"cheapest_monthly_usd", usd(Usd(s->cheapest_monthly_usd))}, {"text", s->verdict}};
}

}  // namespace

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
                         {"base_monthly_tokens", s.base ? volume(s.base->volume_tokens) : json(nullptr)},
                         {"head_monthly_tokens", s.head ? volume(s.head->volume_tokens) : json(nullptr)},
                         {"verdict_changed", s.verdict_changed()},
                         {"base_monthly_usd", usd(Usd(s.base_monthly_usd()))},
                         {"head_monthly_usd", usd(Usd(s.head_monthly_usd()))},
                         {"delta_usd", usd(Usd(s.delta_usd()))},
                         {"delta_fraction", s.delta_fraction() ? fraction(*s.delta_fraction()) : json(nullptr)},
                         {"base_verdict", verdict_json(s.base)},
                         {"head_verdict", verdict_json(s.head)},
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

namespace {

// "cheapest: gpt-4o-mini", or "cheapest: selfhost -> gpt-4o-mini" when it changed.
std::string cheapest_text(const ScenarioDiff& s) {
  if (s.base && s.head && s.base->cheapest != s.head->cheapest) {
    return fmt::format("cheapest: {} -> {}", s.base->cheapest, s.head->cheapest);
  }
  return "cheapest: " + (s.head ? s.head->cheapest : s.base ? s.base->cheapest : std::string("-"));
}

}  // namespace

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
  // The head's break-even as a number (CSV keeps it raw); a changed one says what it was.
  auto be_text = [](const OptionDiff& o) {
    if (o.kind != "api") return Cell::none("");  // self-hosting, or a planned scenario's winner
    auto cell = [](const std::optional<double>& v) { return v ? Cell::of_tokens(Tokens(*v)) : Cell::none("never"); };
    auto shown = [](const std::optional<double>& v) { return v ? format_tokens(Tokens(*v)) : std::string("never"); };
    if (!o.base_monthly_usd) return cell(o.head_break_even_tokens);
    if (!o.head_monthly_usd) return cell(o.base_break_even_tokens);
    if (o.base_break_even_tokens == o.head_break_even_tokens) return cell(o.head_break_even_tokens);
    return cell(o.head_break_even_tokens).marked(" (was " + shown(o.base_break_even_tokens) + ")");
  };
  for (const auto& s : d.scenarios) {
    const bool added = s.change == ScenarioChange::added;
    const bool removed = s.change == ScenarioChange::removed;
    std::string label = s.name;
    if (added) label += " (new)";
    if (removed) label += " (removed)";
    const auto f = s.delta_fraction();
    changes.rows.push_back({Cell::of_text(label), Cell::of_text(cheapest_text(s)),
                            s.base ? Cell::of_usd(Usd(s.base_monthly_usd())) : Cell::none("-"),
                            s.head ? Cell::of_usd(Usd(s.head_monthly_usd())) : Cell::none("-"),
                            Cell::of_usd_change(s.delta_usd()),
                            f ? Cell::of_fraction_change(*f) : Cell::none(removed ? "removed" : "new"), Cell::none("")});
    if (s.verdict_changed()) changes.highlighted_rows.push_back(static_cast<int>(changes.rows.size() - 1));
    if (added || removed) continue;  // its options all came or went with it: the scenario row says so
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
  // The hidden marker lets a CI job find and update its one comment instead of adding one per push.
  std::string out = "<!-- nimcost-diff -->\n### nimcost: cost diff\n\n**" + diff_summary_text(d) + "**\n\n";
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
