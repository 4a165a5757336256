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
  TableBlock table;
  table.title = "Every option, cheapest first";
  table.columns = {{"Option", "id"},      {"Kind", "kind"},        {"Detail", "detail"}, {"$/M", "per_mtok_usd"},
                   {"Monthly", "monthly_usd"}, {"Util", "utilization_fraction"}, {"As of", "as_of"}};
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const CompareRow& row = r.rows[i];
    const bool idle = row.kind == "selfhost" && r.workload.tokens.value == 0.0;
    table.rows.push_back({Cell::of_text(row.id), Cell::of_text(row.kind), Cell::of_text(row.detail),
                          idle ? Cell::none("-") : Cell::of_rate(row.per_mtok), Cell::of_usd(row.monthly),
                          row.utilization ? Cell::of_fraction(*row.utilization) : Cell::none("-"),
                          Cell::of_text(row.as_of.empty() ? "-" : row.as_of)});
    if (row.kind == "selfhost") table.highlighted_rows.push_back(static_cast<int>(i));
  }
  doc.tables.push_back(std::move(table));
  if (!r.rows.empty()) {
    doc.verdict = fmt::format("Cheapest at {} tokens/month: {} ({}) at {}/month.", volume, r.rows.front().id,
                              r.rows.front().kind, format_usd(r.rows.front().monthly));
  }
  doc.warnings = r.warnings;
  return doc;
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

}  // namespace nimcost
