// The plan's candidates (internal to evaluate/plan.cpp): the APIs of the quality, the policies one
// simulated configuration found best per way of paying (and bought servers for its fixed fleet),
// and the winners simulated again with every seed.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/evaluate/plan.hpp>
#include <nimcost/report/simulate_report.hpp>

#include <optional>
#include <vector>

namespace nimcost {

struct PlanEntry {
  PlanCandidate candidate;
  int sim = -1;  // the simulation to settle it with (-1: an API, bought servers, or settled already)
};

// Every API whose quality reaches the plan's bar (or serves the same open weights as --model).
std::vector<PlanEntry> api_entries(const Catalog& catalog, const PlanRequest& request, const PlanReport& report);
// The cheapest of those APIs: where hybrid fleets spill.
std::optional<ApiModel> cheapest_api_of(const std::vector<PlanEntry>& entries, const Catalog& catalog);
// The least mean monthly cost of the self-hosted entries that meet the SLO (infinity when none does).
double best_selfhost_usd(const std::vector<PlanEntry>& entries);

// From one configuration's policy search: the cheapest SLO-meeting policy of each kind (fixed,
// autoscale, hybrid) and way of paying (on demand, committed, spot), bought servers for its
// smallest fixed fleet; when none meets the SLO, the one that comes closest. Hybrids are left out
// when no API of the quality takes the spill (`no_api`).
void add_config_entries(const Catalog& catalog, const PlanRequest& request, const SimulateReport& sim, int sim_index,
                        bool no_api, std::vector<PlanEntry>& entries);

// Ranks the entries (SLO-meeting first, then by mean monthly cost) and simulates the winner, and
// the best of the other kind, again with every seed at the full step; ranks them again.
void settle_winners(const Catalog& catalog, const PlanRequest& request, const std::vector<SimulateReport>& sims,
                    std::vector<PlanEntry>& entries);

// best, best_selfhost and best_api from the ranked candidates.
void index_winners(PlanReport& report);

}  // namespace nimcost
