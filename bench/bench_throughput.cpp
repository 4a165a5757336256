// Benchmarks of the throughput model: one operating point, the latency-target search, a sweep,
// crossover sized with --model, and the calibration fit on the shared table.
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/measurements_csv.hpp>
#include <nimcost/model/calibration_fit.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/resolve/request.hpp>

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

namespace {

using namespace nimcost;

const Catalog& catalog() {
  static const Catalog c = load_catalog(embedded_catalog_sources());
  return c;
}

ReplicaSpec replica_70b_tp2() {
  std::vector<std::string> warnings;
  ReplicaRequest q;
  q.model = "llama-3.1-70b";
  q.tp = 2;
  return resolve_replica(catalog(), q, SequenceShape{1000.0, 1000.0}, warnings).spec;
}

void BM_OfflineMax(benchmark::State& state) {
  const ReplicaSpec r = replica_70b_tp2();
  for (auto _ : state) benchmark::DoNotOptimize(offline_max(r, {1000.0, 1000.0}));
}
BENCHMARK(BM_OfflineMax);

void BM_BestUnderLatencyTarget(benchmark::State& state) {
  const ReplicaSpec r = replica_70b_tp2();
  const LatencyTarget target{2000.0, 50.0};
  for (auto _ : state) benchmark::DoNotOptimize(best_under_target(r, {1000.0, 1000.0}, target));
}
BENCHMARK(BM_BestUnderLatencyTarget)->Unit(benchmark::kMicrosecond);

void BM_ConcurrencySweep(benchmark::State& state) {
  const ReplicaSpec r = replica_70b_tp2();
  for (auto _ : state) benchmark::DoNotOptimize(concurrency_sweep(r, {1000.0, 1000.0}));
}
BENCHMARK(BM_ConcurrencySweep)->Unit(benchmark::kMicrosecond);

void BM_CrossoverWithModel(benchmark::State& state) {
  CrossoverRequest request;
  request.workload.tokens = Tokens(2e10);
  ReplicaRequest q;
  q.model = "llama-3.1-70b";
  request.selfhost.replica = q;
  for (auto _ : state) benchmark::DoNotOptimize(evaluate_crossover(catalog(), request));
}
BENCHMARK(BM_CrossoverWithModel)->Unit(benchmark::kMicrosecond);

void BM_CalibrateSharedTable(benchmark::State& state) {
  std::ifstream in(std::string(NIMCOST_SOURCE_DIR) + "/tests/data/throughput-measured.csv");
  std::ostringstream text;
  text << in.rdbuf();
  const ResolvedTable table = resolve_measurements(catalog(), parse_measurements_csv(text.str(), "t.csv"));
  for (auto _ : state) benchmark::DoNotOptimize(calibrate(catalog(), table, true, "t.csv", "2026-11-25"));
}
BENCHMARK(BM_CalibrateSharedTable)->Unit(benchmark::kMillisecond);

}  // namespace
