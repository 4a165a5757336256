// What a per-token API bills for a workload: input, cached input and output tokens at the model's
// prices, less the batch discount where asked for. API cost is linear in volume, so one blended
// rate per model and mix describes it at every volume.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/workload.hpp>

namespace nimcost {

struct ApiCost {
  Usd input;         // uncached input tokens
  Usd cached_input;  // input tokens read from the prompt cache
  Usd output;
  Usd batch_discount;  // subtracted (a positive number)
  Usd total;
  PerMtok blended;           // total / tokens; the rate at this mix, independent of volume
  bool cache_priced = true;  // false: the model has no cache price, cached tokens paid in full
  bool batch_priced = true;  // false: batch asked for but the model has no batch discount
};

// The monthly bill of `model` for `workload`.
ApiCost api_cost(const ApiModel& model, const Workload& workload);

// The blended $/M tokens of `model` at the workload's mix (same at every volume).
PerMtok blended_rate(const ApiModel& model, const Workload& workload);

}  // namespace nimcost
