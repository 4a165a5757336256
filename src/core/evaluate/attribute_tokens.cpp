// Realized cost per million tokens. A group's cost is what its GPUs cost (allocation, idle included)
// over the tokens it served. A model's cost is each group's cost split by the tokens each model served
// in that group (a namespace serving two models pays for both); groups that served no tokens are left
// out of every model's cost and named. Each API bills the model's input and output tokens at its own
// input and output prices.
#include "attribute_tokens.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/model/quality_tier.hpp>
#include <nimcost/resolve/request.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace nimcost {

namespace {

std::optional<PerMtok> per_mtok(Usd cost, double tokens) {
  if (!(tokens > 0.0)) return std::nullopt;
  return PerMtok(cost.value / tokens * 1e6);
}

// "meta/llama-3.1-8b-instruct", "meta-llama/Llama-3.1-8B-Instruct" -> the catalog's served model.
const ServedModel* served_model_for(const Catalog& catalog, const std::string& label) {
  const auto slash = label.find_last_of('/');
  const std::string name = slash == std::string::npos ? label : label.substr(slash + 1);
  for (const std::string& candidate : {label, name}) {
    try {
      return &catalog.served_model(candidate);
    } catch (const Error&) {
    }
  }
  return nullptr;
}

// The APIs a model's tokens are weighed against: of its quality when the catalog knows the model.
std::vector<AttributionApiRow> api_rows(const Catalog& catalog, const AttributeRequest& request, const ModelCost& m,
                                        std::vector<std::string>& warnings) {
  WorkloadRequest w;
  w.tokens = Tokens(m.tokens.total());
  w.input_share = m.tokens.total() > 0.0 ? m.tokens.input / m.tokens.total() : 0.0;
  const Workload workload = resolve_workload(catalog, w);
  std::vector<AttributionApiRow> rows;
  for (const ApiModel& api : resolve_api_models(catalog, request.providers, warnings)) {
    if (m.served_model &&
        !in_comparison(quality_tier(catalog, api, *m.served_model, std::nullopt), CompareTo::comparable)) {
      continue;
    }
    AttributionApiRow row;
    row.model = api;
    row.cost = api_cost(api, workload);
    row.cheaper = m.cost <= row.cost.total ? Cheaper::selfhost : Cheaper::api;
    rows.push_back(row);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const AttributionApiRow& a, const AttributionApiRow& b) { return a.cost.total < b.cost.total; });
  return rows;
}

}  // namespace

void price_measured_tokens(const Catalog& catalog, const AttributeRequest& request, AttributionReport& report) {
  const TokenTotals& t = *request.measured_tokens;
  report.measured_tokens = t;
  report.warnings.insert(report.warnings.end(), t.warnings.begin(), t.warnings.end());
  std::vector<std::string> idle_groups;
  for (GroupCost& g : report.groups) {
    const auto it = t.by_group.find(g.usage.key);
    g.tokens = it != t.by_group.end() ? it->second : TokenTally{};
    g.effective_per_mtok = per_mtok(g.total, g.tokens->total());
    if (!(g.tokens->total() > 0.0)) idle_groups.push_back(g.usage.key);
  }
  report.fleet.tokens = t.total;
  report.fleet.effective_per_mtok = per_mtok(report.fleet.total, t.total.total());
  for (const auto& [key, tally] : t.by_group) {
    const std::string& group = key;  // clang 14 cannot capture a structured binding
    const bool has_gpus = std::any_of(report.groups.begin(), report.groups.end(),
                                      [&](const GroupCost& g) { return g.usage.key == group; });
    if (!has_gpus && tally.total() > 0.0) {
      report.warnings.push_back(fmt::format("'{}' served {:.0f} tokens but used no GPU in the metrics read: its tokens "
                                            "count at no cost",
                                            group, tally.total()));
    }
  }
  if (!idle_groups.empty() && t.total.total() > 0.0) {
    report.warnings.push_back(fmt::format("{} group(s) served no counted tokens; their cost is in no model's: {}",
                                          idle_groups.size(), fmt::join(idle_groups, ", ")));
  }
  for (const auto& [model, tally] : t.by_model) {
    ModelCost m;
    m.model = model;
    m.tokens = tally;
    if (const ServedModel* s = served_model_for(catalog, model)) m.served_model = s->id;
    double cost = 0.0, gpu_hours = 0.0;
    for (const GroupCost& g : report.groups) {
      const auto in_group = t.by_group_and_model.find(g.usage.key);
      if (in_group == t.by_group_and_model.end() || !(g.tokens && g.tokens->total() > 0.0)) continue;
      const auto served = in_group->second.find(model);
      if (served == in_group->second.end()) continue;
      const double share = served->second.total() / g.tokens->total();
      cost += g.total.value * share;
      gpu_hours += g.usage.gpu_hours * share;
    }
    m.cost = Usd(cost);
    m.gpu_hours = gpu_hours;
    m.effective_per_mtok = per_mtok(m.cost, tally.total());
    if (!m.served_model) {
      report.warnings.push_back(fmt::format("model '{}' is not in the catalog: its APIs are not filtered by quality",
                                            model));
    }
    m.apis = api_rows(catalog, request, m, report.warnings);
    m.selfhost_cheapest = m.apis.empty() || m.cost <= m.apis.front().cost.total;
    report.models.push_back(std::move(m));
  }
  // Each group's tokens on the APIs: every model's share at that model's cheapest like-for-like API,
  // input and output priced separately.
  for (GroupCost& g : report.groups) {
    const auto in_group = t.by_group_and_model.find(g.usage.key);
    if (in_group == t.by_group_and_model.end()) continue;
    double cost = 0.0;
    bool priced = false;
    for (const auto& [name, tally] : in_group->second) {
      const std::string& model = name;  // clang 14 cannot capture a structured binding
      const auto m = std::find_if(report.models.begin(), report.models.end(),
                                  [&](const ModelCost& x) { return x.model == model; });
      if (m == report.models.end() || m->apis.empty() || !(tally.total() > 0.0)) continue;
      WorkloadRequest w;
      w.tokens = Tokens(tally.total());
      w.input_share = tally.input / tally.total();
      cost += api_cost(m->apis.front().model, resolve_workload(catalog, w)).total.value;
      priced = true;
    }
    if (priced) {
      g.api_cost = Usd(cost);
      report.fleet.api_cost = report.fleet.api_cost.value_or(Usd(0.0)) + g.api_cost.value();
    }
  }
  std::stable_sort(report.models.begin(), report.models.end(),
                   [](const ModelCost& a, const ModelCost& b) { return a.tokens.total() > b.tokens.total(); });
}

}  // namespace nimcost
