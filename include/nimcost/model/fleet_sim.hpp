// A month of traffic against a fleet, step by step: demand from each part's traffic profile, the
// fleet's capacity under a policy (fixed, autoscaled, or a fixed base that spills to an API), what
// the fleet serves, what waits, what spills, and what it all costs. Monte Carlo over seeds gives
// P5/P50/P95 bands. Pure: no I/O; threads only to spread seeds over cores, with results that do not
// depend on how seeds were split.
#pragma once

#include <nimcost/catalog/catalog.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace nimcost {

enum class FleetPolicy { fixed, autoscale, hybrid };

const char* policy_name(FleetPolicy p);
// "fixed", "autoscale" or "hybrid"; a usage error otherwise.
FleetPolicy parse_policy(std::string_view text);

// One traffic class of the simulated workload.
struct SimPart {
  std::string name;
  TrafficProfile profile;
  double tokens_per_month = 0.0;      // expected demand, input + output
  double replica_tokens_per_s = 0.0;  // what one replica serves of this traffic (at its latency target)
  double api_per_mtok_usd = 0.0;      // what the API charges for it (spill and API-only)
};

struct PolicySpec {
  FleetPolicy policy = FleetPolicy::fixed;
  int replicas = 1;                   // fixed and hybrid: always-on replicas (hybrid may have 0)
  int min_replicas = 0;               // autoscale
  int max_replicas = 8;               // autoscale
  double scale_up_delay_s = 300.0;    // a new replica serves this long after it is asked for (and billed)
  double scale_down_after_s = 900.0;  // replicas idle beyond the need this long are released
  double target_utilization = 0.7;    // autoscale sizes realtime demand to this busy share
  bool realtime_to_api = false;       // hybrid: all realtime traffic to the API, the fleet for batch only
  // Capacity under the policy's (on-demand) replicas, held all month whatever the policy: a committed
  // base, billed every hour of the month busy or not, and spot replicas, billed while they run, that
  // the vendor takes back at random. The autoscaler sizes the on-demand part above what they serve.
  int committed_replicas = 0;
  int spot_replicas = 0;
};

// A hybrid fleet of no GPUs at all: the API alone.
inline bool api_only(const PolicySpec& p) {
  return p.policy == FleetPolicy::hybrid && p.replicas == 0 && p.committed_replicas == 0 && p.spot_replicas == 0;
}

struct SimSetup {
  std::vector<SimPart> parts;
  PolicySpec policy;
  int gpus_per_replica = 1;
  double usd_per_gpu_hour = 0.0;           // the policy's (on-demand) replicas
  double committed_usd_per_gpu_hour = 0.0; // committed replicas: every hour of the month
  double spot_usd_per_gpu_hour = 0.0;      // spot replicas: while they run (or start up)
  double spot_interruptions_per_day = 0.0; // per day a spot replica runs: each is taken back at this rate
  double spot_mean_interruption_s = 0.0;   // mean time until it can start again (then it starts up, billed)
  double spot_billing_granularity_s = 1.0; // a spot replica's session is billed in whole units of this
  double billing_granularity_s = 60.0;  // a replica's session is billed in whole units of this
  double license_usd_per_gpu_month = 0.0;  // annual plans: licenses for the most GPUs held at once
  double license_usd_per_gpu_hour = 0.0;   // hourly plans: per billed GPU-hour
  double ops_monthly_usd = 0.0;
  double hours = 730.0;
  double step_s = 60.0;
};

struct Band {
  double p5 = 0.0, p50 = 0.0, p95 = 0.0, mean = 0.0;
};

// One hour of the typical week (the month starts on a Monday at midnight): each seed's time-weighted
// average over the month's occurrences of that hour, banded across seeds. Replicas are replica-
// seconds per second: work arrived or served per second, or replicas held on average.
struct WeekHour {
  Band realtime_demand;  // realtime work arrived, with what --realtime-to-api sends to the API
  Band batch_demand;     // batch work arrived (scheduled jobs and continuous work)
  Band realtime_served;  // busy replicas by kind
  Band batch_served;
  Band spilled;          // work sent to the API: realtime overflow, overdue batch, realtime to the API
  Band capacity;         // replicas serving: on-demand active, committed, spot serving
  Band held;             // replicas billed: also those starting up and spot replicas starting
  Band slo_violating;    // share of the hour's time with a violating step (a fraction, not replicas)
  Band demand;           // realtime and batch demand together, banded as one (the P5-P95 of the sum)
};

// The week's bands come from the first seeds only: 168 hours x 8 figures per seed add up at a million.
inline constexpr int k_max_week_seeds = 1000;

struct SimResult {
  std::uint64_t seed = 1;
  int seeds = 1;
  long long steps = 0;
  Band total_usd;
  Band utilization;           // the month's busy / billed share, across seeds
  Band utilization_over_time; // per step, pooled over seeds
  Band spilled_tokens;
  Band slo_violation_fraction;
  double gpu_usd = 0.0;       // means over seeds; GPUs of every term
  double committed_usd = 0.0; // of which committed replicas
  double spot_usd = 0.0;      // of which spot replicas
  double spot_interruptions = 0.0;      // spot replicas taken back in the month
  double spot_serving_fraction = 0.0;   // share of spot replica-time serving (not away, not starting)
  double license_usd = 0.0;
  double ops_usd = 0.0;
  double api_spill_usd = 0.0;
  double api_only_usd = 0.0;
  double demand_tokens = 0.0;
  double billed_gpu_hours = 0.0;
  double peak_replicas = 0.0;
  std::optional<double> effective_per_mtok_usd;  // mean total / mean demand
  std::vector<WeekHour> week;  // 168 hours, Monday 00:00 first; banded over the first week_seeds seeds
  int week_seeds = 0;          // min(seeds, k_max_week_seeds)
};

// Checks a setup (a usage error for what cannot run: no parts, a step outside 1 s to 1 h, ...).
void check_setup(const SimSetup& setup);

// Seed `seed + i` for i in [0, seeds), over `threads` threads (0: all cores). `progress`, when
// set, is called from the calling thread with the seeds done so far.
SimResult simulate(const SimSetup& setup, std::uint64_t seed, int seeds, int threads = 0,
                   const std::function<void(int)>& progress = nullptr);

}  // namespace nimcost
