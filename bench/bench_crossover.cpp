// Benchmarks of what one `nimcost crossover` does: load the built-in catalog (TOML), evaluate every
// API against the fleet (break-even per API), and render the JSON and the table. The solver alone
// is measured too, since sweeps will call it millions of times.
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/model/break_even.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/resolve/request.hpp>
#include <nimcost/resolve/selfhost_plan.hpp>

#include <benchmark/benchmark.h>

namespace {

const nimcost::Catalog& catalog() {
  static const nimcost::Catalog c = nimcost::load_catalog(nimcost::embedded_catalog_sources());
  return c;
}

nimcost::CrossoverRequest request() {
  nimcost::CrossoverRequest r;
  r.workload.tokens = nimcost::Tokens(5e8);
  return r;
}

void BM_ParseTokens(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(nimcost::parse_tokens("1.5B"));
}
BENCHMARK(BM_ParseTokens);

void BM_LoadBuiltinCatalog(benchmark::State& state) {
  const auto sources = nimcost::embedded_catalog_sources();
  for (auto _ : state) benchmark::DoNotOptimize(nimcost::load_catalog(sources));
}
BENCHMARK(BM_LoadBuiltinCatalog)->Unit(benchmark::kMicrosecond);

void BM_BreakEvenOneApi(benchmark::State& state) {
  std::vector<std::string> warnings;
  nimcost::SelfHostRequest selfhost;
  selfhost.ops_monthly_usd = 5000;
  const nimcost::SelfHostPlan plan = nimcost::resolve_selfhost(catalog(), selfhost, warnings);
  double rate = 6.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(nimcost::break_even(nimcost::PerMtok(rate), plan));
    rate = rate < 20 ? rate + 0.01 : 6.0;
  }
}
BENCHMARK(BM_BreakEvenOneApi);

void BM_EvaluateCrossover(benchmark::State& state) {
  const auto r = request();
  for (auto _ : state) benchmark::DoNotOptimize(nimcost::evaluate_crossover(catalog(), r));
}
BENCHMARK(BM_EvaluateCrossover)->Unit(benchmark::kMicrosecond);

void BM_RenderCrossoverJson(benchmark::State& state) {
  const auto report = nimcost::evaluate_crossover(catalog(), request());
  const nimcost::RenderContext context{"bench", {"built in"}};
  for (auto _ : state) benchmark::DoNotOptimize(nimcost::render_json(nimcost::crossover_json(report, context)));
}
BENCHMARK(BM_RenderCrossoverJson)->Unit(benchmark::kMicrosecond);

void BM_RenderCrossoverTable(benchmark::State& state) {
  const auto report = nimcost::evaluate_crossover(catalog(), request());
  for (auto _ : state) {
    benchmark::DoNotOptimize(nimcost::render_table(nimcost::crossover_document(report), nimcost::TableStyle{}));
  }
}
BENCHMARK(BM_RenderCrossoverTable)->Unit(benchmark::kMicrosecond);

}  // namespace
