// Fuzz target for the DCGM metrics readers (nimcost attribute): the input is parsed as Prometheus
// text (in two chunks split at a byte the input chooses) and as query_range JSON, accumulated, and
// priced. It must succeed or raise nimcost::Error, and what it prices has finite figures; a crash, a
// hang or a sanitizer report is a bug.
#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/prometheus.hpp>
#include <nimcost/model/gpu_usage.hpp>
#include <nimcost/render/render.hpp>

#include "finite_figures.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

void price(const nimcost::Catalog& catalog, const nimcost::UsageAccumulator& acc) {
  const nimcost::UsageTotals totals = acc.finish();
  if (!(totals.fleet.gpu_hours >= 0.0) || !(totals.fleet.active_gpu_hours <= totals.fleet.gpu_hours * (1 + 1e-9) + 1e-12)) {
    std::abort();  // active time never exceeds billed time
  }
  nimcost::AttributeRequest request;
  request.gpu_hourly_usd = 2.0;
  request.tokens = nimcost::Tokens(1e6);
  nimcost::fuzz::require_finite(nimcost::attribution_json(nimcost::evaluate_attribution(catalog, request, totals), {}));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nimcost::Catalog catalog = nimcost::load_catalog(nimcost::embedded_catalog_sources());
  const std::string text(reinterpret_cast<const char*>(data), size);
  nimcost::UsageOptions options;
  options.period_s = 3600.0;
  options.by = size > 0 ? static_cast<nimcost::GroupBy>(data[0] % 6) : nimcost::GroupBy::kube_namespace;
  try {
    nimcost::UsageAccumulator acc(options, catalog);
    nimcost::PrometheusTextParser parser("fuzz.prom", [&](const nimcost::DcgmSample& s) { acc.add(s); });
    const std::size_t split = size > 1 ? data[size - 1] % size : 0;
    parser.feed(std::string_view(text).substr(0, split));
    parser.feed(std::string_view(text).substr(split));
    parser.finish();
    price(catalog, acc);
  } catch (const nimcost::Error&) {
  }
  try {
    nimcost::UsageAccumulator acc(options, catalog);
    nimcost::parse_prometheus_json(text, "fuzz.json", [&](const nimcost::DcgmSample& s) { acc.add(s); });
    price(catalog, acc);
  } catch (const nimcost::Error&) {
  }
  return 0;
}
