// Fuzz target for the TOML catalog loader: the input is loaded alone and as a user file merged over
// the built-in catalog. It must load or raise nimcost::Error (an input error); a crash, a sanitizer
// report or any other exception is a bug. A catalog that loads must also price a crossover.
#include <nimcost/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/replica.hpp>
#include <nimcost/scenario.hpp>

#include <cstdint>
#include <string>

namespace {

void exercise(const nimcost::Catalog& catalog) {
  nimcost::CrossoverRequest request;
  request.workload.tokens = nimcost::Tokens(5e8);
  try {
    (void)nimcost::evaluate_crossover(catalog, request);
  } catch (const nimcost::Error&) {
    // A user catalog can make the defaults unusable (say, a dev-only default license): a clean error.
  }
  // Every served model through the throughput model, and one through crossover's fleet sizing.
  for (std::size_t i = 0; i < catalog.served_models.size() && i < 4; ++i) {
    nimcost::ThroughputRequest t;
    t.replica.model = catalog.served_models[i].id;
    t.sweep = true;
    try {
      (void)nimcost::evaluate_throughput(catalog, t);
      request.selfhost.replica = t.replica;
      (void)nimcost::evaluate_crossover(catalog, request);
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
