// Pricing attributed GPU usage (nimcost attribute): GPU-hours at a rental or typed rate per GPU
// model, a license per GPU-hour, optional power, and with the tokens served, the effective $/M
// tokens against the APIs.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/report/attribute_report.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct AttributeRequest {
  std::optional<std::string> rental;
  std::optional<double> gpu_hourly_usd;
  std::optional<std::string> license;
  std::optional<double> power_usd_per_kwh;
  std::optional<Tokens> tokens;
  std::optional<double> input_share;
  std::optional<double> max_utilization;
  std::vector<std::string> providers;
  std::optional<TokenTotals> measured_tokens;  // --tokens-from-metrics: tokens from NIM/vLLM counters
};

// The catalog GPU an exporter's modelName names ("NVIDIA H100 80GB HBM3" -> h100-sxm), if any.
const GpuSku* gpu_for_model_name(const Catalog& catalog, const std::string& model_name);

// Prices the usage. A usage error when a GPU model has no price (an unknown model and no rate flag).
AttributionReport evaluate_attribution(const Catalog& catalog, const AttributeRequest& request, UsageTotals usage);

}  // namespace nimcost
