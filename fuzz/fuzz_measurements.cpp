// Fuzz target for the measurement-table reader (nimcost calibrate): the input is parsed as CSV,
// resolved against the built-in catalog and every usable row predicted with the shipped factors.
// It must succeed or raise nimcost::Error; a crash, a hang or a sanitizer report is a bug.
#include <nimcost/model/calibration_fit.hpp>
#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/measurements_csv.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nimcost::Catalog catalog = nimcost::load_catalog(nimcost::embedded_catalog_sources());
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto rows = nimcost::parse_measurements_csv(text, "fuzz.csv");
    const auto table = nimcost::resolve_measurements(catalog, rows);
    const auto result = nimcost::calibrate(catalog, table, false, "fuzz.csv", "2026-11-25");
    for (const auto& group : result.groups) {
      for (const auto& row : group.rows) {
        // A prediction is a finite, non-negative rate.
        if (!(row.predicted >= 0.0) || !std::isfinite(row.predicted)) std::abort();
      }
    }
  } catch (const nimcost::Error&) {
  }
  return 0;
}
