// `nimcost plan`: the cheapest way to serve a workload at a quality and latency target. Every served
// model of the quality (or the one asked for) x every GPU with an on-demand offer x the precisions
// it runs x tensor parallelism 1/2/4/8 is sized by the throughput model; each configuration's
// hosting options are priced analytically (a fleet sized for the peak on each GPU's cheapest offer
// of each term, and bought servers); the cheapest configurations by that estimate are simulated
// (fixed, autoscaled and hybrid fleets on on-demand, committed and spot capacity, a few Monte Carlo
// months each), and the winner with every seed. Every API of the quality is a candidate too.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/report/plan_report.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nimcost {

struct PlanRequest {
  // The workload's parts (each with a traffic profile), the APIs (providers), and the self-hosting
  // template: license, operations, hours, and the replica's lengths and serving options (engine,
  // isl/osl, prefix cache, speculation); model, GPU, precision, TP and offer are what the plan searches.
  ScenarioSpec spec;
  std::optional<std::string> model;      // --model: this served model only
  std::optional<double> min_quality;     // else the quality of --model, else of the catalog's default model
  std::vector<std::string> gpus;         // --gpu: only these (empty: every GPU with an on-demand offer)
  std::vector<std::string> precisions;   // --precision: only these (empty: bf16, fp8, int4, fp4)
  std::vector<int> tps;                  // --tp: only these (empty: 1, 2, 4, 8)
  double max_slo_violation = 0.01;
  std::uint64_t seed = 1;
  int seeds = 100;         // the winner's (and the best of the other kind's) Monte Carlo months
  int search_seeds = 4;    // each shortlisted policy's
  double step_s = 60.0;    // the winner's time step
  double search_step_s = 300.0;
  int shortlist = 24;      // the most configurations simulated (cheapest estimate first, bound-pruned)
  int threads = 0;
};

// The plan a scenario asks for: its workload, APIs and self-hosting template, with its [plan]
// table's targets and limits (the defaults where it has none).
PlanRequest plan_request_for(const ScenarioSpec& spec);

// `progress(done, most)`: configurations simulated, of at most --shortlist.
PlanReport evaluate_plan(const Catalog& catalog, const PlanRequest& request,
                         const std::function<void(int, int)>& progress = nullptr);

// Marks each candidate on the Pareto front of monthly cost against time per output token: none
// other meets the SLO at no more cost and no more TPOT, and less of one. Only SLO-meeting
// self-hosted candidates take part (an API's latency is not modelled).
void mark_pareto(std::vector<PlanCandidate>& candidates);

}  // namespace nimcost
