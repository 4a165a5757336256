// API cost = uncached input x input price + cached input x cache price + output x output price,
// then the batch discount. A model without a cache price bills cached tokens as ordinary input; a
// model without a batch API bills batch traffic at list price. Both cases are flagged, not hidden.
#include <nimcost/model/api_cost.hpp>

namespace nimcost {

ApiCost api_cost(const ApiModel& model, const Workload& workload) {
  ApiCost cost;
  const Tokens input = workload.input_tokens();
  const Tokens cached = input * workload.cached_input_share;
  const Tokens uncached = input - cached;
  cost.cache_priced = model.cached_input.has_value() || workload.cached_input_share == 0.0;
  cost.input = cost_of(uncached, model.input);
  cost.cached_input = cost_of(cached, model.cached_input.value_or(model.input));
  cost.output = cost_of(workload.output_tokens(), model.output);
  const Usd list = cost.input + cost.cached_input + cost.output;
  if (workload.batch_api) {
    cost.batch_priced = model.batch_discount_fraction > 0.0;
    cost.batch_discount = list * model.batch_discount_fraction;
  }
  cost.total = list - cost.batch_discount;
  cost.blended = blended_rate(model, workload);
  return cost;
}

PerMtok blended_rate(const ApiModel& model, const Workload& workload) {
  // The cost of one million tokens at the same mix: cost is linear, so this holds at any volume.
  const double in = workload.input_share;
  const double cached = in * workload.cached_input_share;
  const double rate = (in - cached) * model.input.value +
                      cached * model.cached_input.value_or(model.input).value +
                      (1.0 - in) * model.output.value;
  const double discount = workload.batch_api ? model.batch_discount_fraction : 0.0;
  return PerMtok(rate * (1.0 - discount));
}

}  // namespace nimcost
