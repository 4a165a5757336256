// `nimcost simulate` as asked (flags or a scenario file) to a simulation setup and its report: each
// workload part's traffic profile from the catalog, a replica's rate for it from the throughput
// model (or the per-GPU capacity), the API it would otherwise pay, the rental's billing unit and
// the license, then the Monte Carlo run or the --optimize search.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/report/simulate_report.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct SimulateRequest {
  ScenarioSpec spec;  // parts (profile = a traffic profile ID), APIs, fleet
  std::optional<FleetPolicy> policy;
  std::optional<int> min_replicas;
  std::optional<int> max_replicas;
  std::optional<double> scale_up_delay_s;
  std::optional<double> scale_down_after_s;
  std::optional<double> target_utilization;
  std::optional<double> batch_window_s;  // overrides batch profiles' completion window
  bool realtime_to_api = false;          // hybrid: realtime all on the API, the fleet for batch
  std::optional<std::string> billing;    // "per-second", "per-minute", "per-hour"; default the rental's
  // Committed and spot capacity under the policy's replicas (see PolicySpec); the offers default
  // to the GPU's cheapest of that term in the catalog.
  std::optional<int> committed_replicas;
  std::optional<std::string> committed_rental;
  std::optional<int> spot_replicas;
  std::optional<std::string> spot_rental;
  std::optional<double> interruptions_per_day;  // override the spot offer's figures
  std::optional<double> mean_interruption_s;
  double step_s = 60.0;
  std::uint64_t seed = 1;
  int seeds = 100;
  bool optimize = false;
  bool break_even = false;  // also find the volume from which a fixed fleet beats the API
  double max_slo_violation = 0.01;
  int threads = 0;
};

// `progress(done, total)` for Monte Carlo seeds (or --optimize's candidates, total 0).
SimulateReport evaluate_simulation(const Catalog& catalog, const SimulateRequest& request,
                                   const std::function<void(int, int)>& progress = nullptr);

}  // namespace nimcost
