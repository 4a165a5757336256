// Workload and API resolution: the catalog's default mix, the serving mix from --isl/--osl, and the
// API models a --provider list names.
#include <nimcost/base/error.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/resolve/request.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

Workload resolve_workload(const Catalog& catalog, const WorkloadRequest& request) {
  Workload w;
  if (!request.tokens) throw usage_error("--tokens is required");
  w.tokens = *request.tokens;
  w.input_share = request.input_share.value_or(catalog.defaults.input_share);
  w.cached_input_share = request.cached_input_share;
  w.batch_api = request.batch_api;
  return w;
}

std::vector<ApiModel> resolve_api_models(const Catalog& catalog, const std::vector<std::string>& providers,
                                         std::vector<std::string>& warnings) {
  std::vector<ApiModel> out;
  auto add = [&](const ApiModel& model) {
    const bool seen = std::any_of(out.begin(), out.end(), [&](const ApiModel& m) { return m.id == model.id; });
    if (!seen) out.push_back(model);
  };
  if (providers.empty()) {
    for (const auto& model : catalog.api_models) {
      if (model.production) add(model);
    }
    return out;
  }
  for (const auto& selector : providers) {
    for (const ApiModel* model : catalog.select_api_models(selector)) {
      if (!model->production) {
        warnings.push_back(fmt::format("{}: {}", model->id,
                                       model->notes.empty() ? "not offered for production use" : model->notes));
      }
      add(*model);
    }
  }
  return out;
}

std::optional<double> serving_input_share(const std::optional<ReplicaRequest>& replica) {
  if (!replica || !replica->isl || !replica->osl) return std::nullopt;
  return *replica->isl / (*replica->isl + *replica->osl);
}

WorkloadRequest matched_workload(const CrossoverRequest& request, std::vector<std::string>& warnings) {
  WorkloadRequest w = request.workload;
  const std::optional<double> share = serving_input_share(request.selfhost.replica);
  if (!share) return w;
  if (!w.input_share) {
    w.input_share = share;
  } else if (std::fabs(*w.input_share - *share) > 0.005) {
    warnings.push_back(fmt::format("--input-share {} prices the APIs, while --isl/--osl ({}) size the GPUs",
                                   format_percent(*w.input_share), format_percent(*share)));
  }
  return w;
}

}  // namespace nimcost
