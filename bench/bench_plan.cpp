// Benchmark of `nimcost plan`: the default search for one workload (every served model of Llama 3.3
// 70B's quality x every GPU with an on-demand offer x 4 precisions x TP 1/2/4/8, the shortlist
// simulated, the winner with 100 seeds), at 2B tokens a month (the README's example) and at 200B,
// where fleets are larger and more configurations stay close to the winner.
#include <nimcost/evaluate/plan.hpp>
#include <nimcost/load/catalog_toml.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace nimcost;

const Catalog& catalog() {
  static const Catalog c = load_catalog(embedded_catalog_sources());
  return c;
}

PlanRequest chat(double tokens) {
  PlanRequest r;
  WorkloadPart part;
  part.name = "workload";
  part.tokens = Tokens(tokens);
  part.profile = "realtime";
  r.spec.parts = {part};
  r.spec.request.selfhost.replica = ReplicaRequest{};
  r.spec.request.selfhost.target = LatencyTarget{1000.0, 40.0};
  return r;
}

void plan(benchmark::State& state, double tokens) {
  const PlanRequest request = chat(tokens);
  int configurations = 0, simulated = 0;
  for (auto _ : state) {
    const PlanReport r = evaluate_plan(catalog(), request);
    configurations = r.search.configurations;
    simulated = r.search.simulations;
    benchmark::DoNotOptimize(r.candidates.data());
  }
  state.counters["configurations"] = configurations;
  state.counters["fleets_simulated"] = simulated;
}

void BM_PlanDefault2B(benchmark::State& state) { plan(state, 2e9); }
BENCHMARK(BM_PlanDefault2B)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PlanDefault200B(benchmark::State& state) { plan(state, 200e9); }
BENCHMARK(BM_PlanDefault200B)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
