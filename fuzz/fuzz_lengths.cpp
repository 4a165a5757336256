// Fuzz target for the request-length histogram reader (--lengths): the input is parsed as CSV and
// its shape run through the throughput model on the built-in catalog's Llama 3.1 8B. It must succeed
// or raise nimcost::Error; a crash, a hang, a sanitizer report or a non-finite rate is a bug.
#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/lengths_csv.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nimcost::Catalog catalog = nimcost::load_catalog(nimcost::embedded_catalog_sources());
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto bins = nimcost::parse_lengths_csv(text, "fuzz.csv");
    const nimcost::SequenceShape shape = nimcost::shape_of(bins);
    nimcost::ReplicaSpec r;
    r.model = catalog.served_model("llama-3.1-8b");
    r.gpu = catalog.gpu("h100-sxm");
    r.factors = *catalog.factors_for("trtllm", nimcost::Precision::fp8, "dense");
    if (shape.isl >= 1.0 && shape.osl >= 1.0) {
      const double rate = nimcost::at_concurrency(r, shape, 8.0).output_tokens_per_s;
      if (!std::isfinite(rate) || rate < 0.0) std::abort();
    }
  } catch (const nimcost::Error&) {
  }
  return 0;
}
