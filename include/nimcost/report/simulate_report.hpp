// `nimcost simulate`: the parts as simulated, the policy, the Monte Carlo result, and the search.
#pragma once

#include <nimcost/model/fleet_search.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/model/selfhost.hpp>
#include <nimcost/model/workload.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct SimulatedPart {
  std::string name;
  std::string profile;  // traffic profile ID
  std::string kind;     // realtime or batch
  Workload workload;
  double replica_tokens_per_s = 0.0;
  std::string capacity_source;
  std::string api;  // the API it spills to / would pay
  PerMtok api_per_mtok;
};

// The offers each part of the fleet is priced at.
struct FleetOffers {
  std::optional<RentalOffer> on_demand;  // the policy's replicas (absent: a rate typed by hand)
  std::optional<RentalOffer> committed;  // a committed base (--committed, or weighed by --optimize)
  std::optional<RentalOffer> spot;       // spot replicas (--spot, or weighed by --optimize)
  std::string interruptions_from;        // spot: "catalog" or "flags"
};

struct SimulateReport {
  ScenarioSpec spec;
  SelfHostPlan plan;
  std::vector<SimulatedPart> parts;
  std::vector<TrafficProfile> profiles;  // as used (after --batch-window)
  std::string billing;                   // as used
  FleetOffers offers;
  SimSetup setup;                        // the policy simulated (the best one with --optimize)
  SimResult result;
  std::optional<OptimizeResult> search;
  std::optional<BreakEvenVolume> break_even;
  double max_slo_violation = 0.01;
  bool meets_slo_target = true;          // the simulated policy's SLO-violating time is within the target
  std::optional<Candidate> alternative;  // when it is not: the cheapest policy found that meets it
  std::vector<std::string> warnings;
};

}  // namespace nimcost
