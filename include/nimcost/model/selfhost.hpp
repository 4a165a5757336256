// Self-hosting cost: a fleet of rented GPUs (whole GPUs, never fractions) with a NIM license and a
// fixed operations overhead. The fleet is sized so its utilization stays at or under a target;
// idle GPU time costs the same as busy time.
#pragma once

#include <nimcost/catalog/catalog.hpp>
#include <nimcost/model/owned_server.hpp>
#include <nimcost/model/throughput.hpp>
#include <nimcost/base/units.hpp>

#include <optional>
#include <string>

namespace nimcost {

// How the throughput model sized one replica (absent when capacity is a default or typed by hand).
struct ReplicaSizing {
  std::string model;
  std::string precision;
  int tp = 1;
  int pp = 1;
  int ep = 1;
  bool dp_attention = false;
  Speculation speculation;
  SequenceShape shape;
  std::string lengths_source;  // the --lengths file, if the shape came from one
  std::string profile;  // "realtime" or "batch"
  LatencyTarget target; // the realtime target the concurrency meets
  std::string tp_source;
  std::string engine_factors;  // "trtllm-fp8"
  OperatingPoint point;
  int max_batch = 0;
};

// A resolved self-hosting option: every figure the cost depends on, with where it came from.
struct SelfHostPlan {
  std::string served_model;  // the model self-hosted (its quality is the verdict's yardstick)
  GpuSku gpu;
  std::optional<RentalOffer> rental;  // absent when the rate was typed by hand
  std::optional<PurchaseOffer> purchase;  // bought servers instead of a rate (flags' overrides applied)
  double usd_per_gpu_hour = 0.0;
  std::optional<Usd> gpu_monthly_override;  // a flat $/GPU-month instead of rate x hours
  std::string rate_source;                   // "rental runpod-h100-sxm" or "--gpu-hourly-usd"
  Hours hours_per_month{730.0};
  LicensePlan license;
  Usd ops_monthly;
  double capacity_tokens_per_s_per_gpu = 1000.0;  // all tokens (input + output) one GPU serves
  std::string capacity_source;
  int gpus_per_replica = 1;              // the fleet grows in whole replicas of this many GPUs
  std::optional<ReplicaSizing> sizing;   // --model: capacity from the throughput model
  double max_utilization = 0.6;  // size the fleet to run at or under this
  std::optional<int> pinned_gpus;  // --gpus: a fixed fleet
  bool production = true;
};

// One GPU's rental for the month; for bought servers, the part that does not move with utilization
// (owned_fixed_per_gpu).
Usd gpu_monthly_cost_per_gpu(const SelfHostPlan& plan);
// What one more token served costs besides: bought servers' power from idle to full load; 0 for rentals.
double marginal_usd_per_token(const SelfHostPlan& plan);
// The GPUs paid for at once: a bought server, a rented instance (8 for AWS p5.48xlarge), else 1.
int unit_gpus(const SelfHostPlan& plan);
// "servers" or "instances", for messages about unit_gpus.
const char* unit_name(const SelfHostPlan& plan);
// The GPUs the fleet grows by: whole replicas in whole servers or instances.
int fleet_unit(const SelfHostPlan& plan);
// One GPU's license for the month.
Usd license_monthly_cost_per_gpu(const SelfHostPlan& plan);
// Everything that scales with the GPU count, per GPU per month.
Usd per_gpu_monthly_cost(const SelfHostPlan& plan);
// Tokens one GPU serves in a month at 100% utilization.
Tokens full_capacity_per_gpu(const SelfHostPlan& plan);
// Tokens one GPU may serve in a month at the utilization target.
Tokens target_capacity_per_gpu(const SelfHostPlan& plan);

// GPUs the fleet has at `volume`: the pinned count, else the fewest whole replicas that keep
// utilization at or under the target (at least one replica).
int fleet_gpus(const SelfHostPlan& plan, Tokens volume);

struct SelfHostCost {
  int gpus = 0;
  Usd gpu;
  Usd license;
  Usd ops;
  Usd total;
  double utilization = 0.0;          // served tokens / (fleet capacity x hours); 0 when idle
  std::optional<OwnedServerCost> owned;  // bought servers: the fleet's month by part (gpu is their total)
  int servers = 0;                       // bought servers: how many
  std::optional<PerMtok> per_mtok;   // absent at zero volume
  bool over_capacity = false;        // a pinned fleet cannot serve the volume
  bool over_target = false;          // a pinned fleet runs above the utilization target
};

// The monthly cost of serving `volume` tokens with `plan`.
SelfHostCost selfhost_cost(const SelfHostPlan& plan, Tokens volume);

// The monthly cost of `gpus` GPUs under `plan`, whatever the volume.
Usd fleet_monthly_cost(const SelfHostPlan& plan, int gpus);

}  // namespace nimcost
