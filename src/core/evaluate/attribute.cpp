// Pricing attributed usage. GPU cost is allocation-based (what is billed: every observed GPU-hour),
// as OpenCost charges it; utilization only splits it into active and idle.
#include "attribute_tokens.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/base/suggest.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/report/attribute_report.hpp>
#include <nimcost/report/common_report.hpp>
#include <nimcost/resolve/request.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

namespace {


std::vector<std::string> tokens_of(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : lower_case(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

bool has(const std::vector<std::string>& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

const GpuSku* gpu_for_model_name(const Catalog& catalog, const std::string& model_name) {
  const auto words = tokens_of(model_name);
  const GpuSku* best = nullptr;
  int best_score = 0;
  for (const auto& g : catalog.gpus) {
    const auto id = tokens_of(g.id);  // "h100-sxm" -> h100, sxm
    if (id.empty() || !has(words, id.front())) continue;
    int score = 1;
    bool contradicted = false;
    for (std::size_t i = 1; i < id.size(); ++i) {
      if (has(words, id[i])) score += 2;
      // A memory size in the ID ("80gb") that the name contradicts ("40gb") rules the entry out.
      else if (id[i].size() > 2 && id[i].compare(id[i].size() - 2, 2, "gb") == 0) {
        contradicted = std::any_of(words.begin(), words.end(), [](const std::string& w) {
          return w.size() > 2 && w.compare(w.size() - 2, 2, "gb") == 0;
        });
      }
    }
    // "pcie" in the name and not in the ID: a PCIe card is not the SXM entry.
    if (has(words, "pcie") && !has(id, "pcie")) score -= 2;
    if (!contradicted && score > best_score) {
      best = &g;
      best_score = score;
    }
  }
  return best;
}

namespace {

// A price per GPU model the samples name: the typed rate, the rental asked for, or the catalog's
// rental for the GPU the exporter's modelName names. A usage error for a model with no price.
std::vector<GpuPrice> gpu_prices(const Catalog& catalog, const AttributeRequest& request, const UsageTally& fleet,
                                 std::vector<std::string>& warnings) {
  std::vector<GpuPrice> prices;
  std::vector<std::string> unpriced;
  for (const auto& [model, hours] : fleet.gpu_hours_by_model) {
    GpuPrice price;
    price.model = model;
    if (request.gpu_hourly_usd) {
      price.usd_per_gpu_hour = *request.gpu_hourly_usd;
      price.source = "--gpu-hourly-usd";
    } else if (request.rental) {
      const RentalOffer& offer = catalog.rental(*request.rental);
      price.usd_per_gpu_hour = offer.usd_per_gpu_hour;
      price.source = "rental " + offer.id;
      const GpuSku* g = gpu_for_model_name(catalog, model);
      if (g == nullptr || g->id != offer.gpu) {
        warnings.push_back(fmt::format("rental {} is for {}, but the samples' GPUs are '{}'", offer.id, offer.gpu,
                                              model));
      }
    } else {
      const GpuSku* g = gpu_for_model_name(catalog, model);
      const RentalOffer* offer = nullptr;
      if (g != nullptr) {
        offer = same_name(g->id, catalog.defaults.gpu) ? &catalog.rental(catalog.defaults.rental)
                                                       : catalog.first_rental_for(g->id);
      }
      if (offer == nullptr) {
        unpriced.push_back(model);
        continue;
      }
      price.usd_per_gpu_hour = offer->usd_per_gpu_hour;
      price.source = fmt::format("rental {} ({} from modelName)", offer->id, g->id);
    }
    prices.push_back(price);
  }
  if (!unpriced.empty()) {
    std::string list;
    for (const auto& m : unpriced) list += (list.empty() ? "'" : ", '") + m + "'";
    throw usage_error(fmt::format("no price for {} GPUs in the catalog: give --gpu-hourly-usd X or --rental ID", list));
  }
  return prices;
}

double usd_per_gpu_hour(const std::vector<GpuPrice>& prices, const std::string& model) {
  for (const auto& p : prices) {
    if (p.model == model) return p.usd_per_gpu_hour;
  }
  return 0.0;
}

// A group's usage priced: GPU-hours by GPU model, license per GPU-hour, power, and the idle share.
GroupCost group_cost(const AttributionReport& report, const UsageTally& u) {
  GroupCost c;
  c.usage = u;
  double gpu = 0.0;
  for (const auto& [model, hours] : u.gpu_hours_by_model) gpu += hours * usd_per_gpu_hour(report.prices, model);
  c.gpu = Usd(gpu);
  c.license = Usd(u.gpu_hours * report.license_usd_per_gpu_hour);
  c.power = Usd(report.power_usd_per_kwh ? u.energy_kwh * *report.power_usd_per_kwh : 0.0);
  c.total = c.gpu + c.license + c.power;
  c.idle = (c.gpu + c.license) * (1.0 - std::clamp(u.utilization(), 0.0, 1.0));
  return c;
}

// With --tokens: the effective $/M of the tokens served (and at the target utilization), and each
// API's bill for the same tokens, cheapest first.
void against_apis(const Catalog& catalog, const AttributeRequest& request, AttributionReport& report) {
  WorkloadRequest w;
  w.tokens = *request.tokens;
  w.input_share = request.input_share;
  report.workload = resolve_workload(catalog, w);
  const double tokens = request.tokens->value;
  if (tokens > 0.0) {
    report.effective_per_mtok = rate_of(report.fleet.total, *request.tokens);
    const double u = report.fleet.usage.utilization();
    if (u > 0.0 && u < report.target_utilization) {
      report.per_mtok_at_target = PerMtok(report.effective_per_mtok->value * u / report.target_utilization);
    }
  }
  for (const ApiModel& m : resolve_api_models(catalog, request.providers, report.warnings)) {
    AttributionApiRow row;
    row.model = m;
    row.cost = api_cost(m, *report.workload);
    row.cheaper = report.fleet.total <= row.cost.total ? Cheaper::selfhost : Cheaper::api;
    report.apis.push_back(row);
  }
  std::stable_sort(report.apis.begin(), report.apis.end(),
                   [](const AttributionApiRow& a, const AttributionApiRow& b) { return a.cost.total < b.cost.total; });
}

}  // namespace

AttributionReport evaluate_attribution(const Catalog& catalog, const AttributeRequest& request, UsageTotals usage) {
  AttributionReport report;
  if (request.rental && request.gpu_hourly_usd) throw usage_error("give either --rental or --gpu-hourly-usd, not both");
  report.license = catalog.license(request.license.value_or(catalog.defaults.license));
  report.license_usd_per_gpu_hour = license_usd_per_gpu_hour(report.license);
  report.power_usd_per_kwh = request.power_usd_per_kwh;
  report.target_utilization = request.max_utilization.value_or(catalog.defaults.max_utilization);
  if (!(report.target_utilization > 0.0)) throw usage_error("--max-utilization must be above 0");

  report.prices = gpu_prices(catalog, request, usage.fleet, report.warnings);
  for (const auto& g : usage.groups) report.groups.push_back(group_cost(report, g));
  report.fleet = group_cost(report, usage.fleet);

  if (request.tokens && request.measured_tokens) {
    throw usage_error("give --tokens or --tokens-from-metrics, not both");
  }
  if (request.measured_tokens) {
    price_measured_tokens(catalog, request, report);
    // The fleet's measured tokens and mix against the APIs, as --tokens would be.
    AttributeRequest measured = request;
    const TokenTally& total = request.measured_tokens->total;
    measured.tokens = Tokens(total.total());
    if (total.total() > 0.0) measured.input_share = total.input / total.total();
    against_apis(catalog, measured, report);
  } else if (request.tokens) {
    against_apis(catalog, request, report);
  }

  report.usage = std::move(usage);
  report.warnings.insert(report.warnings.begin(), report.usage.warnings.begin(), report.usage.warnings.end());
  return report;
}

}  // namespace nimcost
