// Break-even between a per-token API (cost linear in volume) and a self-hosted fleet (a step
// function: the GPU count steps up as volume grows). Solved exactly per step, not by bisection.
#pragma once

#include <nimcost/model/selfhost.hpp>
#include <nimcost/base/units.hpp>

#include <optional>

namespace nimcost {

struct BreakEven {
  // The volume from which self-hosting is cheaper or equal at every higher volume; absent when
  // self-hosting never wins for good (each added GPU costs more than the API volume it serves).
  std::optional<Tokens> sustained;
  // The lowest volume at which self-hosting is cheaper or equal; below `sustained` when a step up
  // in GPUs hands the advantage back to the API for a while.
  std::optional<Tokens> first;
  // GPUs the fleet has at the sustained break-even.
  int gpus_at_sustained = 0;

  // Whether self-hosting first wins below the volume where it wins for good.
  bool wins_early() const { return first && sustained && first->value < sustained->value * (1.0 - 1e-9); }
};

// The break-even volumes of an API at `api_rate` against `plan` (pinned fleet or sized by volume).
// `max_gpus` caps the fleet (a license limit); volumes needing more GPUs never break even.
BreakEven break_even(PerMtok api_rate, const SelfHostPlan& plan, std::optional<int> max_gpus = {});

// The utilization the fleet must sustain at `volume` for self-hosting to cost no more than the API
// there: the volume over the capacity of the largest fleet the API's bill would pay for. Absent when
// not even one GPU is affordable or the affordable fleet cannot serve the volume at 100%.
std::optional<double> required_utilization(PerMtok api_rate, const SelfHostPlan& plan, Tokens volume);

}  // namespace nimcost
