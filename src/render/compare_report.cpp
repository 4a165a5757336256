// `nimcost compare`: one $/M table of every API and hosting option, cheapest first, and its JSON.
#include "json_parts.hpp"
#include "plan_text.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace nimcost {

using namespace json_parts;

namespace {

// Rows are cheapest first; the first the verdict weighs.
const CompareRow* cheapest_compared(const CompareReport& r) {
  for (const auto& row : r.rows) {
    if (row.compared) return &row;
  }
  return nullptr;
}

}  // namespace

Document compare_document(const CompareReport& r) {
  Document doc;
  const std::string volume = format_tokens(r.workload.tokens);
  doc.title = fmt::format("nimcost compare: {} tokens/month", volume);
  doc.facts.push_back({"Workload", fmt::format("{} tokens/month, {}", volume, mix_text(r.workload))});
  doc.facts.push_back({"Self-host", fmt::format("{:g} h/month, {}, ops {}/month, fleet at or under {} utilization",
                                                r.plan.hours_per_month.value, license_text(r.plan),
                                                format_usd(r.plan.ops_monthly), format_percent(r.plan.max_utilization))});
  doc.facts.push_back({"Capacity", fmt::format("{:.0f} tokens/s per {} GPU ({}); other GPUs {}",
                                               r.plan.capacity_tokens_per_s_per_gpu, r.plan.gpu.id,
                                               r.plan.capacity_source,
                                               r.plan.sizing ? "sized by the same throughput model"
                                                             : "scaled by memory bandwidth")});
  doc.facts.push_back({"Model", fmt::format("{}, sized on each GPU; APIs tiered against its quality",
                                            r.plan.served_model)});
  TableBlock table;
  table.title = "Every option, cheapest first";
  table.columns = {{"Option", "id"},      {"Kind", "kind"},        {"Detail", "detail"}, {"$/M", "per_mtok_usd"},
                   {"Monthly", "monthly_usd"}, {"Util", "utilization_fraction"}, {"Tier", "tier"}, {"As of", "as_of"}};
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const CompareRow& row = r.rows[i];
    const bool idle = row.kind != "api" && r.workload.tokens.value == 0.0;
    const std::string kind = row.term.empty() || row.term == "on-demand" ? row.kind : row.kind + " " + row.term;
    table.rows.push_back({Cell::of_text(row.id), Cell::of_text(row.kind).shown_as(kind), Cell::of_text(row.detail),
                          idle ? Cell::none("-") : Cell::of_rate(row.per_mtok), Cell::of_usd(row.monthly),
                          row.utilization ? Cell::of_fraction(*row.utilization) : Cell::none("-"),
                          row.kind == "api" ? Cell::of_text(std::string(tier_name(row.tier)) + (row.compared ? "" : " *"))
                                            : Cell::of_text(row.precision_tp.empty() ? "-" : row.precision_tp),
                          Cell::of_text(row.as_of.empty() ? "-" : row.as_of)});
    if (row.kind != "api") table.highlighted_rows.push_back(static_cast<int>(i));
  }
  doc.tables.push_back(std::move(table));
  if (const CompareRow* best = cheapest_compared(r)) {
    int left = 0;
    for (const auto& row : r.rows) left += row.compared ? 0 : 1;
    doc.verdict = fmt::format("Cheapest at {} tokens/month: {} ({}) at {}/month{}.", volume, best->id, best->kind,
                              format_usd(best->monthly),
                              left > 0 ? fmt::format(", among self-hosting {} and {} ({} marked * left out)",
                                                     r.plan.served_model,
                                                     r.compared_to == CompareTo::same_model ? "APIs serving the same model"
                                                                                            : "APIs of its quality",
                                                     left)
                                       : "");
  }
  doc.warnings = r.warnings;
  return doc;
}

nlohmann::ordered_json compare_json(const CompareReport& r, const RenderContext& context) {
  json rows = json::array();
  for (const auto& row : r.rows) {
    const bool idle = row.kind != "api" && r.workload.tokens.value == 0.0;
    rows.push_back({{"kind", row.kind},
                    {"id", row.id},
                    {"term", row.term.empty() ? json(nullptr) : json(row.term)},
                    {"detail", row.detail},
                    {"per_mtok_usd", idle ? json(nullptr) : rate(row.per_mtok)},
                    {"monthly_usd", usd(row.monthly)},
                    {"gpus", row.gpus ? json(*row.gpus) : json(nullptr)},
                    {"utilization_fraction", optional(row.utilization, fraction)},
                    {"as_of", row.as_of},
                    {"source", row.source},
                    {"model", row.kind != "api" ? json(row.model) : json(nullptr)},
                    {"precision_tp", row.precision_tp.empty() ? json(nullptr) : json(row.precision_tp)},
                    {"quality_score", row.quality_score ? json(*row.quality_score) : json(nullptr)},
                    {"tier", row.kind == "api" ? json(tier_name(row.tier)) : json(nullptr)},
                    {"compared", row.compared}});
  }
  json assumptions = {{"workload", workload(r.workload)}, {"selfhost", selfhost_plan(r.plan)}};
  json results = {{"monthly_tokens", tokens(r.workload.tokens)},
                  {"options", rows},
                  {"cheapest", cheapest_compared(r) ? json(cheapest_compared(r)->id) : json(nullptr)},
                  {"compared_to", compare_to_name(r.compared_to)}};
  return envelope("compare", std::move(assumptions), std::move(results), r.warnings, context);
}

}  // namespace nimcost
