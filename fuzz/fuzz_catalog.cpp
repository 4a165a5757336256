// Fuzz target for the TOML catalog loader: the input is loaded alone and as a user file merged over
// the built-in catalog. It must load or raise nimcost::Error (an input error); a crash, a sanitizer
// report or any other exception is a bug. A catalog that loads must also price a crossover, and each
// traffic profile must simulate an hour-stepped month to finite figures; every figure of the crossover
// and throughput reports it yields must be finite (a value the loader should refuse shows up here).
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/throughput.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/resolve/request.hpp>

#include "finite_figures.hpp"

#include <cmath>
#include <cstdlib>

#include <cstdint>
#include <string>

namespace {

void exercise(const nimcost::Catalog& catalog) {
  nimcost::CrossoverRequest request;
  request.workload.tokens = nimcost::Tokens(5e8);
  try {
    nimcost::fuzz::require_finite(nimcost::crossover_json(nimcost::evaluate_crossover(catalog, request), {}));
  } catch (const nimcost::Error&) {
    // A user catalog can make the defaults unusable (say, a dev-only default license): a clean error.
  }
  for (std::size_t i = 0; i < catalog.traffic_profiles.size() && i < 8; ++i) {
    nimcost::SimSetup setup;
    setup.parts.push_back({"fuzz", catalog.traffic_profiles[i], 1e9, 1000.0, 1.0});
    setup.step_s = 3600.0;
    setup.usd_per_gpu_hour = 2.0;
    for (auto policy : {nimcost::FleetPolicy::fixed, nimcost::FleetPolicy::autoscale, nimcost::FleetPolicy::hybrid}) {
      setup.policy.policy = policy;
      const nimcost::SimResult r = nimcost::simulate(setup, 1, 1, 1);
      if (!std::isfinite(r.total_usd.mean) || !std::isfinite(r.utilization.mean) || r.utilization.mean > 1.0 + 1e-9) {
        std::abort();  // a profile that loads must simulate to finite, sane figures
      }
    }
  }
  // Every served model through the throughput model, and one through crossover's fleet sizing.
  for (std::size_t i = 0; i < catalog.served_models.size() && i < 4; ++i) {
    nimcost::ThroughputRequest t;
    t.replica.model = catalog.served_models[i].id;
    t.sweep = true;
    try {
      nimcost::fuzz::require_finite(nimcost::throughput_json(nimcost::evaluate_throughput(catalog, t), {}));
      request.selfhost.replica = t.replica;
      nimcost::fuzz::require_finite(nimcost::crossover_json(nimcost::evaluate_crossover(catalog, request), {}));
    } catch (const nimcost::Error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    exercise(nimcost::load_catalog({{"fuzz.toml", text}}));
  } catch (const nimcost::Error&) {
  }
  static const auto builtin = nimcost::embedded_catalog_sources();
  auto sources = builtin;
  sources.push_back({"fuzz.toml", text});
  try {
    exercise(nimcost::load_catalog(sources));
  } catch (const nimcost::Error&) {
  }
  return 0;
}
