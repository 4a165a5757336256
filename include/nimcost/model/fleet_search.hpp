// Searches over simulated months: the cheapest policy that meets an SLO (--optimize) and the volume
// from which a fixed fleet keeps beating the API (--break-even).
#pragma once

#include <nimcost/model/fleet_sim.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace nimcost {

// --optimize: the policy and fleet size of least mean monthly cost whose SLO-violating time stays
// at or under `max_slo_violation`, among fixed fleets, autoscaling ranges and hybrid bases.
struct Candidate {
  PolicySpec policy;
  SimResult result;
  bool meets_slo = false;
};
struct OptimizeResult {
  std::vector<Candidate> candidates;  // every one tried, in the order tried
  std::optional<std::size_t> best;    // index into candidates; none when nothing meets the target
  double api_only_usd = 0.0;
};
OptimizeResult optimize_policy(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation,
                               int threads = 0, const std::function<void(int, int)>& progress = nullptr);

// The monthly volume (the setup's mix, scaled) from which the smallest fixed fleet that meets the
// SLO costs no more than the API alone: where self-hosting this traffic starts to pay.
struct BreakEvenVolume {
  bool found = false;           // false: no fleet of up to 48 replicas keeps beating the API
  double monthly_tokens = 0.0;
  int replicas = 0;             // the fleet at that volume
  double selfhost_usd = 0.0;
  double api_usd = 0.0;
};
BreakEvenVolume selfhost_break_even(const SimSetup& base, std::uint64_t seed, int seeds, double max_slo_violation,
                                    int threads = 0, const std::function<void(int)>& progress = nullptr);

}  // namespace nimcost
