// Benchmark of `nimcost sweep`'s core: one million grid points (1,000 volumes x 1,000 utilization
// targets) of fleet cost on Eigen arrays, and a million-volume sweep of every option.
#include <nimcost/base/limits.hpp>
#include <nimcost/evaluate/sweep.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/model/cost_curves.hpp>
#include <nimcost/resolve/request.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace nimcost;

const Catalog& catalog() {
  static const Catalog c = load_catalog(embedded_catalog_sources());
  return c;
}

void BM_SweepGridMillionPoints(benchmark::State& state) {
  std::vector<std::string> warnings;
  const SelfHostPlan plan = resolve_selfhost(catalog(), SelfHostRequest{}, warnings);
  const Eigen::ArrayXd volumes = log_spaced(1e7, 1e11, 1000);
  const Eigen::ArrayXd utils = lin_spaced(0.05, 1.0, 1000);
  for (auto _ : state) benchmark::DoNotOptimize(selfhost_monthly_grid(plan, volumes, utils));
  state.counters["points/s"] = benchmark::Counter(1e6, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SweepGridMillionPoints)->Unit(benchmark::kMillisecond);

void BM_SweepMaxVolumesAllApis(benchmark::State& state) {
  SweepRequest q;
  q.points = k_max_sweep_points;  // 100,000: the most --points allows
  q.from = Tokens(1e6);
  q.to = Tokens(1e12);
  for (auto _ : state) benchmark::DoNotOptimize(evaluate_sweep(catalog(), q));
}
BENCHMARK(BM_SweepMaxVolumesAllApis)->Unit(benchmark::kMillisecond);

}  // namespace
