// Benchmark of `nimcost simulate`: a month of a realtime part and a nightly batch part on an
// autoscaled fleet (the policy with the most work per step), for 1,000 Monte Carlo seeds at
// 1-minute steps and for one seed at 1-second steps. Counters give simulated steps per second.
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/model/fleet_sim.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace nimcost;

const Catalog& catalog() {
  static const Catalog c = load_catalog(embedded_catalog_sources());
  return c;
}

SimSetup mixed(double step_s, FleetPolicy policy) {
  SimSetup s;
  s.parts.push_back({"chat", catalog().traffic_profile("realtime"), 6e9, 3600.0, 0.88});
  s.parts.push_back({"nightly", catalog().traffic_profile("batch"), 6e9, 3953.0, 0.88});
  s.policy.policy = policy;
  s.policy.replicas = 2;
  s.policy.min_replicas = 0;
  s.policy.max_replicas = 8;
  s.usd_per_gpu_hour = 2.69;
  s.license_usd_per_gpu_month = 375.0;
  s.step_s = step_s;
  return s;
}

void month(benchmark::State& state, double step_s, int seeds, int threads, FleetPolicy policy) {
  const SimSetup setup = mixed(step_s, policy);
  long long steps = 0;
  for (auto _ : state) {
    const SimResult r = simulate(setup, 1, seeds, threads);
    steps = r.steps * seeds;
    benchmark::DoNotOptimize(r.total_usd.mean);
  }
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Simulate1000SeedsMinuteSteps(benchmark::State& state) { month(state, 60.0, 1000, 0, FleetPolicy::autoscale); }
BENCHMARK(BM_Simulate1000SeedsMinuteSteps)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Simulate1000SeedsMinuteStepsOneThread(benchmark::State& state) {
  month(state, 60.0, 1000, 1, FleetPolicy::autoscale);
}
BENCHMARK(BM_Simulate1000SeedsMinuteStepsOneThread)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Simulate1000SeedsMinuteStepsHybrid(benchmark::State& state) { month(state, 60.0, 1000, 0, FleetPolicy::hybrid); }
BENCHMARK(BM_Simulate1000SeedsMinuteStepsHybrid)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SimulateOneSeedSecondSteps(benchmark::State& state) { month(state, 1.0, 1, 1, FleetPolicy::autoscale); }
BENCHMARK(BM_SimulateOneSeedSecondSteps)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
