// Measured tokens in attribute's JSON and tables.
#include "attribute_tokens.hpp"

#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>

#include <fmt/format.h>

#include <cmath>

namespace nimcost {

using namespace json_parts;

void add_group_tokens(json& group, const GroupCost& c) {
  group["input_tokens"] = c.tokens ? tokens(Tokens(c.tokens->input)) : json(nullptr);
  group["output_tokens"] = c.tokens ? tokens(Tokens(c.tokens->output)) : json(nullptr);
  group["effective_per_mtok_usd"] = c.effective_per_mtok ? rate(*c.effective_per_mtok) : json(nullptr);
  group["api_cost_usd"] = c.api_cost ? usd(*c.api_cost) : json(nullptr);
}

json models_json(const AttributionReport& r) {
  json models = json::array();
  for (const ModelCost& m : r.models) {
    json apis = json::array();
    for (const auto& a : m.apis) {
      apis.push_back({{"id", a.model.id},
                      {"cost_usd", usd(a.cost.total)},
                      {"per_mtok_usd", rate(a.cost.blended)},
                      {"cheaper", a.cheaper == Cheaper::api ? "api" : "selfhost"}});
    }
    const bool api = !m.selfhost_cheapest;
    models.push_back({{"model", m.model},
                      {"served_model", m.served_model ? json(*m.served_model) : json(nullptr)},
                      {"input_tokens", tokens(Tokens(m.tokens.input))},
                      {"output_tokens", tokens(Tokens(m.tokens.output))},
                      {"gpu_hours", std::round(m.gpu_hours * 1e6) / 1e6},
                      {"cost_usd", usd(m.cost)},
                      {"effective_per_mtok_usd", m.effective_per_mtok ? rate(*m.effective_per_mtok) : json(nullptr)},
                      {"apis", std::move(apis)},
                      {"verdict",
                       {{"cheapest", api ? m.apis.front().model.id : "selfhost"},
                        {"text", api ? fmt::format("{}: {} would have cost {} for the same tokens, {} less",
                                                   m.model, m.apis.front().model.id,
                                                   format_usd(m.apis.front().cost.total),
                                                   format_usd(m.cost - m.apis.front().cost.total))
                                     : m.apis.empty() ? fmt::format("{}: no API to compare", m.model)
                                                      : fmt::format("{}: self-hosting cost {}, {} less than {}", m.model,
                                                                    format_usd(m.cost),
                                                                    format_usd(m.apis.front().cost.total - m.cost),
                                                                    m.apis.front().model.id)}}}});
  }
  return models;
}

json token_counters_json(const AttributionReport& r) {
  if (!r.measured_tokens) return nullptr;
  const TokenTotals& t = *r.measured_tokens;
  return {{"series", t.series}, {"samples", t.samples}, {"resets", t.resets},
          {"input_tokens", tokens(Tokens(t.total.input))}, {"output_tokens", tokens(Tokens(t.total.output))}};
}

std::optional<TableBlock> models_table(const AttributionReport& r) {
  if (!r.measured_tokens) return std::nullopt;
  TableBlock t;
  t.title = "Tokens served by model (NIM/vLLM counters): realized $/M against its APIs";
  t.columns = {{"Model", "model"},       {"In tokens", "input_tokens"}, {"Out tokens", "output_tokens"},
               {"GPU-h", "gpu_hours"},    {"Cost", "cost_usd"},      {"$/M", "effective_per_mtok_usd"}, {"Cheapest API", "api"},
               {"API cost", "api_cost_usd"}, {"Cheaper", "cheaper"}};
  for (const ModelCost& m : r.models) {
    const bool has_api = !m.apis.empty();
    t.rows.push_back({Cell::of_text(m.model), Cell::of_tokens(Tokens(m.tokens.input)),
                      Cell::of_tokens(Tokens(m.tokens.output)), Cell::of_decimal(m.gpu_hours, 2), Cell::of_usd(m.cost),
                      m.effective_per_mtok ? Cell::of_rate(*m.effective_per_mtok) : Cell::none("-"),
                      has_api ? Cell::of_text(m.apis.front().model.id) : Cell::none("-"),
                      has_api ? Cell::of_usd(m.apis.front().cost.total) : Cell::none("-"),
                      Cell::of_text(m.selfhost_cheapest ? "selfhost" : "api")});
  }
  return t;
}

}  // namespace nimcost
