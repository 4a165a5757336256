// `nimcost plan`: the configurations searched for one workload (served model x GPU x precision x
// tensor parallelism x hosting offer x fleet policy, and every API of the quality asked for), ranked
// by simulated monthly cost, with the Pareto front of cost against time per output token.
#pragma once

#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/model/workload.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nimcost {

// One way to serve the workload: a self-hosted fleet (kind "selfhost") or an API (kind "api").
struct PlanCandidate {
  std::string kind;       // "selfhost" or "api"
  std::string model;      // the served model, or the API model
  std::string provider;   // api: who sells it
  std::string gpu;        // selfhost only
  std::string precision;  // selfhost only
  int tp = 0;             // selfhost only: tensor-parallel degree (GPUs per replica)
  int replicas = 0;       // the most replicas held at once (peak)
  int gpus = 0;           // the most GPUs held at once (bought: the servers' GPUs)
  std::string offer;      // the rental or purchase offer IDs, "+"-joined when a fleet mixes terms
  std::string term;       // "on-demand", "1-year", "3-year", "spot", "purchase", or "+"-joined; api: "api"
  std::string policy;     // "fixed", "autoscale", "hybrid"; api: "api"
  PolicySpec policy_spec; // selfhost: the simulated policy
  Band monthly_usd;       // simulated months (a single value for APIs and bought fleets)
  double per_mtok_usd = 0.0;
  std::optional<double> ttft_ms;  // selfhost: at the realtime operating point (absent for APIs)
  std::optional<double> tpot_ms;
  double utilization = 0.0;       // busy share of billed GPU time (0 for APIs)
  double slo_violation = 0.0;     // mean share of the month's time violating the SLO
  double api_spill_usd = 0.0;     // hybrid: what the spilled traffic costs on the API
  std::string spill_api;          // the API overflow goes to
  std::optional<double> quality_score;
  std::string as_of;              // the price's date and source: the fleet's largest offer, or the API's
  std::string source;
  int seeds = 0;                  // Monte Carlo months behind the figures (0: not simulated)
  bool meets_slo_target = false;
  bool pareto = false;
};

// A configuration that could not serve the workload at the target, kept to say what the closest achieves.
struct PlanMiss {
  std::string model, gpu, precision;
  int tp = 0;
  double ttft_ms = 0.0;  // at one request at a time: the least the configuration can do
  double tpot_ms = 0.0;
};

// How big the search was and how it was cut.
struct PlanSearch {
  int models = 0;
  int gpus = 0;
  int configurations = 0;   // model x GPU x precision x TP tried
  int fitting = 0;          // ... whose weights fit
  int meeting_latency = 0;  // ... with a concurrency that meets the latency target
  int hosting_options = 0;  // those x each GPU's offers and purchases: priced analytically
  int simulated_configurations = 0;
  int simulations = 0;      // policies simulated (each over search_seeds months)
  int not_ruled_out = 0;    // configurations left unsimulated whose lower bound is under the best
  int search_seeds = 0;
  double search_step_s = 0.0;
  int seeds = 0;            // the winner's months
  double step_s = 0.0;
};

struct PlanReport {
  ScenarioSpec spec;
  std::vector<Workload> workloads;      // per part
  std::vector<TrafficProfile> profiles; // per part
  Workload total;
  double min_quality = 0.0;
  std::string quality_from;             // "--min-quality", or the model whose score sets it
  std::vector<std::string> models;      // served models searched
  std::vector<std::string> gpus;        // GPUs searched
  std::vector<std::string> precisions;  // precisions tried
  std::vector<int> tps;                 // tensor-parallel degrees tried
  std::string engine;
  LatencyTarget target;                 // the realtime target (after the profile's defaults)
  double max_slo_violation = 0.01;
  std::vector<PlanCandidate> candidates;  // SLO-meeting first, each group by mean monthly cost
  std::optional<std::size_t> best;        // the cheapest that meets the SLO
  std::optional<std::size_t> best_selfhost;
  std::optional<std::size_t> best_api;
  std::optional<PlanMiss> closest;        // when no configuration meets the latency target
  std::string best_served_model;          // when no served model reaches the quality: the best there is
  std::optional<double> best_served_score;
  PlanSearch search;
  std::vector<std::string> warnings;
};

}  // namespace nimcost
