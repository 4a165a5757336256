// JSON reports, version 1 (DESIGN.md section 5). Keys are snake_case with unit suffixes; money is
// rounded to 1e-6 USD and fractions to 1e-9 so that printed figures are exact decimals; token
// counts are whole numbers. No timestamps: the same inputs give byte-identical output.
#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include "json_parts.hpp"

#include <cmath>

namespace nimcost {

using namespace json_parts;

nlohmann::ordered_json crossover_json(const CrossoverReport& r, const RenderContext& context) {
  json apis_in = json::array();
  json apis_out = json::array();
  for (const auto& a : r.apis) {
    apis_in.push_back(api_model(a.model));
    apis_out.push_back({{"id", a.model.id},
                        {"provider", a.model.provider},
                        {"blended_per_mtok_usd", rate(a.cost.blended)},
                        {"monthly_usd", usd(a.cost.total)},
                        {"input_usd", usd(a.cost.input)},
                        {"cached_input_usd", usd(a.cost.cached_input)},
                        {"output_usd", usd(a.cost.output)},
                        {"batch_discount_usd", usd(a.cost.batch_discount)},
                        {"break_even_tokens", optional(a.break_even.sustained, break_even_volume)},
                        {"first_break_even_tokens", optional(a.break_even.first, break_even_volume)},
                        {"break_even_gpus", a.break_even.sustained ? json(a.break_even.gpus_at_sustained) : json(nullptr)},
                        {"required_utilization_fraction", optional(a.required_utilization, fraction)},
                        {"cheaper", a.cheaper == Cheaper::selfhost ? "selfhost" : "api"},
                        {"savings_usd", usd(a.savings)},
                        {"as_of", a.model.provenance.as_of}});
  }
  const SelfHostCost& s = r.selfhost;
  json selfhost = {{"gpu", r.plan.gpu.id},
                   {"rental", r.plan.rental ? json(r.plan.rental->id) : json(nullptr)},
                   {"license", r.plan.license.id},
                   {"gpus", s.gpus},
                   {"hours_per_month", r.plan.hours_per_month.value},
                   {"gpu_monthly_usd", usd(s.gpu)},
                   {"license_monthly_usd", usd(s.license)},
                   {"ops_monthly_usd", usd(s.ops)},
                   {"monthly_usd", usd(s.total)},
                   {"per_mtok_usd", optional(s.per_mtok, rate)},
                   {"utilization_fraction", fraction(s.utilization)},
                   {"capacity_tokens", tokens(full_capacity_per_gpu(r.plan) * s.gpus)},
                   {"over_capacity", s.over_capacity}};
  json verdict = {{"cheapest", r.verdict.cheapest_id},
                  {"cheapest_monthly_usd", usd(r.verdict.cheapest_monthly)},
                  {"runner_up", r.verdict.runner_up_id.empty() ? json(nullptr) : json(r.verdict.runner_up_id)},
                  {"runner_up_monthly_usd",
                   r.verdict.runner_up_id.empty() ? json(nullptr) : usd(r.verdict.runner_up_monthly)},
                  {"margin_usd", r.verdict.runner_up_id.empty()
                                     ? json(nullptr)
                                     : usd(r.verdict.runner_up_monthly - r.verdict.cheapest_monthly)},
                  {"selfhost_beats_apis", r.verdict.apis_beaten_by_selfhost},
                  {"apis_compared", r.verdict.apis_compared},
                  {"text", crossover_verdict_text(r)}};
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}, {"apis", apis_in}};
  json results = {{"volume_tokens", tokens(r.workload.tokens)},
                  {"selfhost", selfhost},
                  {"apis", apis_out},
                  {"verdict", verdict}};
  return envelope("crossover", std::move(assumptions), std::move(results), r.warnings, context);
}

nlohmann::ordered_json compare_json(const CompareReport& r, const RenderContext& context) {
  json rows = json::array();
  for (const auto& row : r.rows) {
    const bool idle = row.kind == "selfhost" && r.workload.tokens.value == 0.0;
    rows.push_back({{"kind", row.kind},
                    {"id", row.id},
                    {"detail", row.detail},
                    {"per_mtok_usd", idle ? json(nullptr) : rate(row.per_mtok)},
                    {"monthly_usd", usd(row.monthly)},
                    {"gpus", row.gpus ? json(*row.gpus) : json(nullptr)},
                    {"utilization_fraction", optional(row.utilization, fraction)},
                    {"as_of", row.as_of},
                    {"source", row.source}});
  }
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}};
  json results = {{"volume_tokens", tokens(r.workload.tokens)},
                  {"options", rows},
                  {"cheapest", r.rows.empty() ? json(nullptr) : json(r.rows.front().id)}};
  return envelope("compare", std::move(assumptions), std::move(results), r.warnings, context);
}

std::string render_json(const nlohmann::ordered_json& report) { return report.dump(2) + "\n"; }

}  // namespace nimcost
