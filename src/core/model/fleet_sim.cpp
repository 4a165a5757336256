// The month simulation. Work is counted in replica-seconds: a part's tokens take tokens /
// replica_tokens_per_s of one replica's time, so realtime and batch traffic share one fleet through
// one currency. Each step: replicas that finished starting up join, batch jobs arrive, realtime
// demand (the profile's curve times a mean-1 lognormal variation that follows an AR(1) process, so
// its statistics do not depend on the step size) is served first, batch jobs take what is left in
// deadline order, and what cannot be served either waits (an SLO violation) or, under the hybrid
// policy, goes to the API. The autoscaler then sizes the fleet for the next step.
#include "fleet_month.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/base/units.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

namespace nimcost {

namespace {

using fleet_month::k_histogram_bins;
constexpr double k_eps = 1e-9;

Band band_of(std::vector<double> values) {
  Band b;
  if (values.empty()) return b;
  std::sort(values.begin(), values.end());
  // Nearest rank on the sorted seeds: a percentile is one of the simulated months.
  auto at = [&](double q) {
    const auto n = static_cast<double>(values.size());
    const auto rank = static_cast<std::size_t>(std::clamp(std::ceil(q * n) - 1.0, 0.0, n - 1.0));
    return values[rank];
  };
  b.p5 = at(0.05);
  b.p50 = at(0.50);
  b.p95 = at(0.95);
  double sum = 0.0;
  for (double v : values) sum += v;
  b.mean = sum / static_cast<double>(values.size());
  return b;
}

Band band_of_histogram(const std::vector<double>& histogram) {
  Band b;
  double total = 0.0, mean = 0.0;
  for (std::size_t i = 0; i < histogram.size(); ++i) {
    total += histogram[i];
    mean += histogram[i] * static_cast<double>(i) / (k_histogram_bins - 1);
  }
  if (total <= 0.0) return b;
  b.mean = mean / total;
  auto at = [&](double q) {
    double seen = 0.0;
    for (std::size_t i = 0; i < histogram.size(); ++i) {
      seen += histogram[i];
      if (seen >= q * total - k_eps) return static_cast<double>(i) / (k_histogram_bins - 1);
    }
    return 1.0;
  };
  b.p5 = at(0.05);
  b.p50 = at(0.50);
  b.p95 = at(0.95);
  return b;
}

// Each hour of the week and figure banded across the seeds that kept their week.
std::vector<WeekHour> week_bands(const std::vector<fleet_month::WeekValues>& weeks) {
  std::vector<WeekHour> out(fleet_month::k_hours_per_week);
  std::vector<double> values(weeks.size());
  for (std::size_t how = 0; how < out.size(); ++how) {
    for (std::size_t f = 0; f < fleet_month::k_week_figures.size(); ++f) {
      for (std::size_t i = 0; i < weeks.size(); ++i) values[i] = weeks[i][how][f];
      out[how].*fleet_month::k_week_figures[f] = band_of(values);
    }
  }
  return out;
}

}  // namespace

const char* policy_name(FleetPolicy p) {
  switch (p) {
    case FleetPolicy::fixed: return "fixed";
    case FleetPolicy::autoscale: return "autoscale";
    case FleetPolicy::hybrid: return "hybrid";
  }
  return "fixed";
}

FleetPolicy parse_policy(std::string_view text) {
  if (text == "fixed") return FleetPolicy::fixed;
  if (text == "autoscale") return FleetPolicy::autoscale;
  if (text == "hybrid") return FleetPolicy::hybrid;
  throw usage_error(fmt::format("--policy must be fixed, autoscale or hybrid, got '{}'", text));
}

void check_setup(const SimSetup& s) {
  if (s.parts.empty()) throw usage_error("nothing to simulate: no workload");
  if (!(s.step_s >= 1.0) || s.step_s > 3600.0) {
    throw usage_error(fmt::format("--step must be from 1s to 1h, got {:g} s", s.step_s));
  }
  if (!(s.hours > 0.0) || s.hours > 744.0) throw usage_error("hours per month must be above 0 and at most 744");
  for (const auto& p : s.parts) {
    if (!(p.replica_tokens_per_s > 0.0)) {
      throw usage_error(fmt::format("workload '{}': a replica must serve more than 0 tokens/s", p.name));
    }
    if (!(p.tokens_per_month >= 0.0) || !std::isfinite(p.tokens_per_month)) {
      throw usage_error(fmt::format("workload '{}': tokens per month must be a finite number >= 0", p.name));
    }
  }
  const PolicySpec& p = s.policy;
  if (p.replicas < 0 || p.min_replicas < 0 || p.max_replicas < p.min_replicas || p.max_replicas > 100000 ||
      p.replicas > 100000) {
    throw usage_error(fmt::format("replicas must be 0 to 100000 with min <= max, got {} ({}..{})", p.replicas,
                                  p.min_replicas, p.max_replicas));
  }
  // Spot replicas are followed one by one: a bound keeps a month to seconds.
  if (p.committed_replicas < 0 || p.spot_replicas < 0 || p.committed_replicas > 100000 || p.spot_replicas > 1000) {
    throw usage_error(fmt::format("committed replicas must be 0 to 100000 and spot replicas 0 to 1000, got {} and {}",
                                  p.committed_replicas, p.spot_replicas));
  }
  if (p.policy == FleetPolicy::fixed && p.replicas + p.committed_replicas + p.spot_replicas < 1) {
    throw usage_error("a fixed fleet needs at least 1 replica");
  }
  if (p.spot_replicas > 0 && (!(s.spot_interruptions_per_day >= 0.0) || s.spot_interruptions_per_day > 1440.0 ||
                              !(s.spot_mean_interruption_s >= 1.0) || s.spot_mean_interruption_s > 30.0 * 86400.0)) {
    throw usage_error(fmt::format("spot interruptions must be 0 to 1440 per day and last 1 s to 30 days on average, got "
                                  "{:g} per day of {:g} s",
                                  s.spot_interruptions_per_day, s.spot_mean_interruption_s));
  }
  for (double price : {s.usd_per_gpu_hour, s.committed_usd_per_gpu_hour, s.spot_usd_per_gpu_hour}) {
    if (!(price >= 0.0) || !std::isfinite(price)) throw usage_error("GPU-hour prices must be finite numbers >= 0");
  }
  if (p.policy == FleetPolicy::autoscale && p.max_replicas < 1) throw usage_error("--max-replicas must be at least 1");
  if (!(p.target_utilization > 0.0) || p.target_utilization > 1.0) {
    throw usage_error("the autoscaler's target utilization must be above 0 and at most 1");
  }
  if (!(p.scale_up_delay_s >= 0.0) || !(p.scale_down_after_s >= 0.0)) {
    throw usage_error("scale-up delay and scale-down time must be >= 0");
  }
}

SimResult simulate(const SimSetup& setup, std::uint64_t seed, int seeds, int threads,
                   const std::function<void(int)>& progress) {
  check_setup(setup);
  if (seeds < 1 || seeds > 1'000'000) throw usage_error(fmt::format("--seeds must be 1 to 1000000, got {}", seeds));
  const fleet_month::Plan plan = fleet_month::make_plan(setup);
  std::vector<fleet_month::SeedOutcome> outcomes(static_cast<std::size_t>(seeds));
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, seeds);
  std::vector<std::vector<double>> histograms(static_cast<std::size_t>(threads), std::vector<double>(k_histogram_bins, 0.0));
  // The first seeds' weeks, each in its seed's slot (10 kB a seed, so a bounded number of them).
  std::vector<fleet_month::WeekValues> weeks(static_cast<std::size_t>(std::min(seeds, k_max_week_seeds)));

  // Seeds are dealt round-robin; each outcome lands in its own slot, so the result is the same for
  // any thread count. The calling thread only reports progress.
  std::atomic<int> done{0};
  auto work = [&](int worker) {
    for (int i = worker; i < seeds; i += threads) {
      const auto slot = static_cast<std::size_t>(i);
      outcomes[slot] = fleet_month::run_seed(setup, plan, seed + static_cast<std::uint64_t>(i),
                                             &histograms[static_cast<std::size_t>(worker)],
                                             slot < weeks.size() ? &weeks[slot] : nullptr);
      done.fetch_add(1, std::memory_order_relaxed);
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w) pool.emplace_back(work, w);
    if (progress) {
      while (done.load(std::memory_order_relaxed) < seeds) {
        progress(done.load(std::memory_order_relaxed));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    for (auto& thread : pool) thread.join();
  }
  if (progress) progress(seeds);

  SimResult r;
  r.seed = seed;
  r.seeds = seeds;
  r.steps = plan.steps;
  std::vector<double> total, utilization, spilled, slo;
  double n = static_cast<double>(seeds);
  for (const auto& o : outcomes) {
    total.push_back(o.total_usd);
    utilization.push_back(o.utilization);
    spilled.push_back(o.spilled_tokens);
    slo.push_back(o.slo_violation_fraction);
    r.gpu_usd += o.gpu_usd / n;
    r.committed_usd += o.committed_usd / n;
    r.spot_usd += o.spot_usd / n;
    r.spot_interruptions += static_cast<double>(o.spot_interruptions) / n;
    r.spot_serving_fraction += o.spot_serving_fraction / n;
    r.license_usd += o.license_usd / n;
    r.api_spill_usd += o.api_spill_usd / n;
    r.api_only_usd += o.api_only_usd / n;
    r.demand_tokens += o.demand_tokens / n;
    r.billed_gpu_hours += o.billed_replica_s / k_seconds_per_hour * setup.gpus_per_replica / n;
    r.peak_replicas += o.peak_replicas / n;
  }
  r.ops_usd = setup.ops_monthly_usd;
  r.total_usd = band_of(total);
  r.utilization = band_of(utilization);
  r.spilled_tokens = band_of(spilled);
  r.slo_violation_fraction = band_of(slo);
  std::vector<double> pooled(k_histogram_bins, 0.0);
  for (const auto& h : histograms) {
    for (std::size_t i = 0; i < pooled.size(); ++i) pooled[i] += h[i];
  }
  r.utilization_over_time = band_of_histogram(pooled);
  if (r.demand_tokens > 0.0) r.effective_per_mtok_usd = r.total_usd.mean / (r.demand_tokens / 1e6);
  r.week = week_bands(weeks);
  r.week_seeds = static_cast<int>(weeks.size());
  return r;
}

}  // namespace nimcost
