// Document and JSON views of `nimcost attribute`.
#include "attribute_tokens.hpp"
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

using namespace json_parts;

namespace {

std::vector<Cell> cost_cells(const GroupCost& c, bool power, bool tokens) {
  std::vector<Cell> row = {Cell::of_text(c.usage.key),
                           Cell::of_decimal(c.usage.gpu_hours, 2),
                           Cell::of_decimal(c.usage.active_gpu_hours, 2),
                           Cell::of_fraction(c.usage.utilization()),
                           Cell::of_usd(c.total),
                           Cell::of_usd(c.idle),
                           Cell::of_fraction(c.total.value > 0.0 ? c.idle.value / c.total.value : 0.0),
                           Cell::of_count(c.usage.mean_fb_used_mib())};
  if (power) {
    row.push_back(Cell::of_decimal(c.usage.energy_kwh, 2));
    row.push_back(Cell::of_usd(c.power));
  }
  if (tokens) {
    row.push_back(c.tokens ? Cell::of_tokens(Tokens(c.tokens->total())) : Cell::none("-"));
    row.push_back(c.effective_per_mtok ? Cell::of_rate(*c.effective_per_mtok) : Cell::none("-"));
    row.push_back(c.api_cost ? Cell::of_usd(*c.api_cost) : Cell::none("-"));
  }
  return row;
}

json cost_json(const GroupCost& c) {
  json by_model = json::object();
  for (const auto& [model, hours] : c.usage.gpu_hours_by_model) by_model[model] = round_to(hours, 6);
  json out = {{"key", c.usage.key},
          {"gpu_hours", round_to(c.usage.gpu_hours, 6)},
          {"active_gpu_hours", round_to(c.usage.active_gpu_hours, 6)},
          {"utilization_fraction", fraction(std::clamp(c.usage.utilization(), 0.0, 1.0))},
          {"cost_usd", usd(c.total)},
          {"gpu_cost_usd", usd(c.gpu)},
          {"license_cost_usd", usd(c.license)},
          {"power_cost_usd", usd(c.power)},
          {"idle_cost_usd", usd(c.idle)},
          {"energy_kwh", round_to(c.usage.energy_kwh, 6)},
          {"mean_fb_used_mib", round_to(c.usage.mean_fb_used_mib(), 3)},
          {"gpu_hours_by_model", by_model},
          {"samples", c.usage.samples}};
  add_group_tokens(out, c);
  return out;
}

std::string period_text(const UsageTotals& u) {
  if (!u.start_s) return fmt::format("{:.1f} h (--period; a single scrape)", u.period_hours);
  return fmt::format("{:.2f} h of samples, unix {:.0f} to {:.0f}", u.period_hours, *u.start_s, *u.end_s);
}


// The verdict's one shape (as crossover's): the fleet ("selfhost") against the cheapest API, per
// million tokens since the period is not a month; no comparison without the tokens served.
json verdict_json(const AttributionReport& r) {
  json cheapest = nullptr, per_mtok = nullptr;
  if (r.effective_per_mtok && !r.apis.empty()) {
    const auto& api = r.apis.front();
    const bool api_wins = api.cheaper == Cheaper::api;
    cheapest = api_wins ? api.model.id : "selfhost";
    per_mtok = rate(api_wins ? api.cost.blended : *r.effective_per_mtok);
  }
  return {{"cheapest", cheapest}, {"cheapest_per_mtok_usd", per_mtok}, {"text", attribution_verdict_text(r)}};
}

}  // namespace

Document attribution_document(const AttributionReport& r) {
  Document doc;
  const UsageTotals& u = r.usage;
  doc.title = fmt::format("nimcost attribute: {} by {}", r.input, group_by_name(u.by));
  doc.facts.push_back({"Samples", fmt::format("{} DCGM samples of {} devices ({} MIG slices); {}", u.samples_used,
                                              u.devices, u.mig_slices,
                                              r.requests > 0 ? fmt::format("{} requests", r.requests)
                                                             : fmt::format("{} lines", r.lines))});
  doc.facts.push_back({"Period", period_text(u)});
  std::string prices;
  for (const auto& p : r.prices) {
    prices += fmt::format("{}{}: {}/GPU-hour ({})", prices.empty() ? "" : "; ", p.model,
                          format_usd(Usd(p.usd_per_gpu_hour)), p.source);
  }
  doc.facts.push_back({"GPU price", prices.empty() ? "-" : prices});
  doc.facts.push_back({"License", fmt::format("{}: {}/GPU-hour", r.license.id,
                                              format_usd(Usd(r.license_usd_per_gpu_hour)))});
  if (r.power_usd_per_kwh) {
    doc.facts.push_back({"Power", fmt::format("{}/kWh from DCGM_FI_DEV_POWER_USAGE", format_usd(Usd(*r.power_usd_per_kwh)))});
  }
  const bool power = r.power_usd_per_kwh.has_value();
  TableBlock t;
  t.title = fmt::format("GPU cost by {} (billed GPU-hours; most first)", group_by_name(u.by));
  t.columns = {{"Group", "key"},          {"GPU-h", "gpu_hours"},     {"Active GPU-h", "active_gpu_hours"},
               {"Util", "utilization_fraction"}, {"Cost", "cost_usd"}, {"Idle cost", "idle_cost_usd"},
               {"Idle", "idle_share_fraction"},  {"FB MiB", "mean_fb_used_mib"}};
  if (power) {
    t.columns.push_back({"kWh", "energy_kwh"});
    t.columns.push_back({"Power", "power_cost_usd"});
  }
  const bool tokens = r.measured_tokens.has_value();
  if (tokens) {
    t.columns.push_back({"Tokens", "tokens"});
    t.columns.push_back({"$/M", "effective_per_mtok_usd"});
    t.columns.push_back({"APIs", "api_cost_usd"});
  }
  for (const auto& g : r.groups) t.rows.push_back(cost_cells(g, power, tokens));
  t.rows.push_back(cost_cells(r.fleet, power, tokens));
  t.rows.back()[0] = Cell::of_text("fleet");
  t.highlighted_rows.push_back(static_cast<int>(t.rows.size() - 1));
  doc.tables.push_back(std::move(t));
  if (r.workload && r.effective_per_mtok) {
    TableBlock a;
    a.title = fmt::format("{} tokens served: the fleet against the APIs", format_tokens(r.workload->tokens));
    a.columns = {{"Option", "id"}, {"$/M", "per_mtok_usd"}, {"Cost", "cost_usd"}, {"Cheaper", "cheaper"}};
    a.rows.push_back({Cell::of_text("this fleet"), Cell::of_rate(*r.effective_per_mtok), Cell::of_usd(r.fleet.total),
                      Cell::of_text("-")});
    a.highlighted_rows.push_back(0);
    if (r.per_mtok_at_target) {
      a.rows.push_back({Cell::of_text(fmt::format("fleet at {}", format_percent(r.target_utilization))),
                        Cell::of_rate(*r.per_mtok_at_target),
                        Cell::of_usd(Usd(r.per_mtok_at_target->value * r.workload->tokens.value / 1e6)),
                        Cell::of_text("-")});
    }
    for (const auto& api : r.apis) {
      a.rows.push_back({Cell::of_text(api.model.id), Cell::of_rate(api.cost.blended), Cell::of_usd(api.cost.total),
                        Cell::of_text(api.cheaper == Cheaper::api ? "api" : "selfhost")});
    }
    doc.tables.push_back(std::move(a));
  }
  if (auto models = models_table(r)) doc.tables.push_back(std::move(*models));
  doc.verdict = attribution_verdict_text(r);
  doc.notes.push_back("GPU-hours are what is billed (allocation), as OpenCost charges them; MIG slices count at their "
                      "share of the GPU (compute slices / 7). Idle cost = (GPU + license) x (1 - utilization).");
  for (const auto& g : u.gaps) {
    if (doc.notes.size() > 6) break;
    doc.notes.push_back(fmt::format("gap: {}: {} gap(s), {:.2f} GPU-hours not observed", g.device, g.count, g.hours));
  }
  doc.warnings = r.warnings;
  return doc;
}

nlohmann::ordered_json attribution_json(const AttributionReport& r, const RenderContext& context) {
  const UsageTotals& u = r.usage;
  json prices = json::array();
  for (const auto& p : r.prices) {
    prices.push_back({{"model", p.model}, {"usd_per_gpu_hour", p.usd_per_gpu_hour}, {"source", p.source}});
  }
  json assumptions = {{"input", r.input},
                      {"by", group_by_name(u.by)},
                      {"max_gap_s", r.max_gap_s},
                      {"gpu_prices", prices},
                      {"license", license(r.license)},
                      {"license_usd_per_gpu_hour", round_to(r.license_usd_per_gpu_hour, 6)},
                      {"power_usd_per_kwh", r.power_usd_per_kwh ? json(*r.power_usd_per_kwh) : json(nullptr)},
                      {"target_utilization_fraction", fraction(r.target_utilization)},
                      {"activity_source", u.activity_source}};
  if (r.workload) assumptions["workload"] = workload(*r.workload);  // with --tokens
  json groups = json::array();
  for (const auto& g : r.groups) groups.push_back(cost_json(g));
  json gaps = json::array();
  for (const auto& g : u.gaps) gaps.push_back({{"device", g.device}, {"count", g.count}, {"gpu_hours", round_to(g.hours, 6)}});
  json apis = json::array();
  for (const auto& a : r.apis) {
    apis.push_back({{"id", a.model.id},
                    {"provider", a.model.provider},
                    {"blended_per_mtok_usd", rate(a.cost.blended)},
                    {"cost_usd", usd(a.cost.total)},
                    {"cheaper", a.cheaper == Cheaper::api ? "api" : "selfhost"},
                    {"as_of", a.model.provenance.as_of}});
  }
  json fleet = cost_json(r.fleet);
  fleet["devices"] = u.devices;
  fleet["mig_slices"] = u.mig_slices;
  json results = {{"groups", groups},
                  {"fleet", fleet},
                  {"period",
                   {{"start_unix_s", u.start_s ? json(*u.start_s) : json(nullptr)},
                    {"end_unix_s", u.end_s ? json(*u.end_s) : json(nullptr)},
                    {"hours", round_to(u.period_hours, 6)}}},
                  {"gaps", gaps},
                  {"gap_gpu_hours", round_to(u.gap_hours, 6)},
                  {"samples",
                   {{"lines", r.lines},
                    {"requests", r.requests},
                    {"used", u.samples_used},
                    {"other_metric_lines", r.other_metrics},
                    {"out_of_order", u.samples_out_of_order},
                    {"not_finite", u.samples_not_finite},
                    {"out_of_range", u.samples_out_of_range}}},
                  {"period_tokens", r.workload ? json(tokens(r.workload->tokens)) : json(nullptr)},
                  {"effective_per_mtok_usd", r.effective_per_mtok ? rate(*r.effective_per_mtok) : json(nullptr)},
                  {"per_mtok_at_target_utilization_usd", r.per_mtok_at_target ? rate(*r.per_mtok_at_target) : json(nullptr)},
                  {"apis", apis},
                  {"models", models_json(r)},
                  {"token_counters", token_counters_json(r)},
                  {"verdict", verdict_json(r)}};
  return envelope("attribute", std::move(assumptions), std::move(results), r.warnings, context);
}

}  // namespace nimcost
