// `nimcost calibrate`: the fitted factors per engine and precision with their errors (document and
// JSON), and the factors as a catalog file (--write-factors).
#include "engine_factors_text.hpp"
#include "json_parts.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace nimcost {

using namespace json_parts;

Document calibration_document(const CalibrationReport& r) {
  Document doc;
  doc.title = fmt::format("nimcost calibrate: {} ({} rows used of {})", r.table, r.result.overall.rows, r.rows_read);
  doc.facts.push_back({"Method", r.fitted ? "Levenberg-Marquardt on log(predicted / measured), one set of factors "
                                            "per engine family and precision"
                                          : "--no-fit: the catalog's factors, checked against the table"});
  doc.facts.push_back({"Overall", fmt::format("median absolute error {}, worst row {}",
                                              format_percent(r.result.overall.median_abs),
                                              format_percent(r.result.overall.max_abs))});
  TableBlock groups;
  groups.title = "Factors per engine family and precision";
  groups.columns = {{"Engine", "engine"},        {"Prec", "precision"},           {"Rows", "rows"},
                    {"Compute", "compute_efficiency"}, {"HBM", "bandwidth_efficiency"}, {"Iter ms", "step_overhead_ms"},
                    {"Seq us", "sequence_overhead_us"}, {"AR us", "allreduce_latency_us"}, {"Link", "link_efficiency"},
                    {"Median", "median_abs_error"}, {"Worst", "max_abs_error"}};
  for (const auto& g : r.result.groups) {
    const EngineFactors& f = g.factors;
    groups.rows.push_back({Cell::of_text(f.engine), Cell::of_text(f.precision), Cell::of_count(g.summary.rows),
                           Cell::of_fraction(f.compute_efficiency), Cell::of_fraction(f.bandwidth_efficiency),
                           Cell::of_decimal(f.step_overhead_ms, 2), Cell::of_decimal(f.sequence_overhead_us, 2),
                           Cell::of_decimal(f.allreduce_latency_us, 1), Cell::of_fraction(f.link_efficiency),
                           Cell::of_fraction(g.summary.median_abs), Cell::of_fraction(g.summary.max_abs)});
  }
  TableBlock rows;
  rows.title = "Rows: predicted against measured output tokens/s per replica";
  rows.columns = {{"Row", "origin"}, {"Measurement", "label"}, {"Measured", "measured_output_tokens_per_s"},
                  {"Model", "predicted_output_tokens_per_s"}, {"Error", "error_fraction"}};
  for (const auto& g : r.result.groups) {
    for (const auto& f : g.rows) {
      const std::string& origin = f.row->origin;
      rows.rows.push_back({Cell::of_text(origin.substr(origin.rfind(':') + 1)), Cell::of_text(f.row->label),
                           Cell::of_count(f.row->output_tokens_per_s), Cell::of_count(f.predicted),
                           Cell::of_text(fmt::format("{:+.1f}%", f.error * 100.0))});
      if (std::abs(f.error) > 0.25) rows.highlighted_rows.push_back(static_cast<int>(rows.rows.size() - 1));
    }
  }
  doc.tables.push_back(std::move(rows));
  doc.tables.push_back(std::move(groups));
  doc.verdict = fmt::format("{} rows: median error {}, worst {}", r.result.overall.rows,
                            format_percent(r.result.overall.median_abs), format_percent(r.result.overall.max_abs));
  for (const auto& s : r.skipped) doc.notes.push_back("skipped " + s);
  doc.warnings = r.result.warnings;
  return doc;
}

nlohmann::ordered_json calibration_json(const CalibrationReport& r, const RenderContext& context) {
  json factors = json::array();
  for (const auto& g : r.result.groups) {
    json f = factors_json(g.factors);
    f["rows"] = g.summary.rows;
    f["median_abs_error_fraction"] = fraction(g.summary.median_abs);
    f["max_abs_error_fraction"] = fraction(g.summary.max_abs);
    f["fitted"] = g.fitted;
    factors.push_back(std::move(f));
  }
  json rows = json::array();
  for (const auto& g : r.result.groups) {
    for (const auto& f : g.rows) {
      const Measurement& m = *f.row;
      rows.push_back({{"origin", m.origin},
                      {"label", m.label},
                      {"engine", m.engine},
                      {"model", m.spec.model.id},
                      {"precision", precision_name(m.spec.precision)},
                      {"gpu", m.spec.gpu.id},
                      {"tp", m.spec.tp},
                      {"isl", m.shape.isl},
                      {"osl", m.shape.osl},
                      {"measured_output_tokens_per_s", m.output_tokens_per_s},
                      {"predicted_output_tokens_per_s", round_to(f.predicted, 3)},
                      {"error_fraction", fraction(f.error)}});
    }
  }
  json assumptions = {{"table", r.table}, {"rows_read", r.rows_read}, {"fit", r.fitted}};
  json results = {{"factors", factors},
                  {"rows_used", r.result.overall.rows},
                  {"median_abs_error_fraction", fraction(r.result.overall.median_abs)},
                  {"max_abs_error_fraction", fraction(r.result.overall.max_abs)},
                  {"rows", rows},
                  {"skipped", r.skipped}};
  std::vector<std::string> warnings = r.result.warnings;
  return envelope("calibrate", std::move(assumptions), std::move(results), warnings, context);
}

std::string factors_toml(const CalibrationResult& result) {
  std::string out =
      "# Engine efficiency factors, one set per engine family and precision, written by `nimcost calibrate`.\n"
      "# Each set was fitted to the rows named in its source; `nimcost calibrate --no-fit TABLE` checks them.\n";
  for (const auto& g : result.groups) {
    if (!g.fitted) continue;
    const EngineFactors& f = g.factors;
    out += fmt::format("\n[[engine_factors]]\nid = \"{}\"\nengine = \"{}\"\nprecision = \"{}\"\n", f.id, f.engine,
                       f.precision);
    out += fmt::format("compute_efficiency = {:.6f}\nbandwidth_efficiency = {:.6f}\nstep_overhead_ms = {:.6f}\n",
                       f.compute_efficiency, f.bandwidth_efficiency, f.step_overhead_ms);
    out += fmt::format("sequence_overhead_us = {:.6f}\nallreduce_latency_us = {:.6f}\nlink_efficiency = {:.6f}\n",
                       f.sequence_overhead_us, f.allreduce_latency_us, f.link_efficiency);
    out += fmt::format("overlap_exponent = {:.6f}\n", f.overlap_exponent);
    out += fmt::format("kv_memory_fraction = {}\nruntime_reserve_gib = {}\nmax_batch = {}\nmax_num_tokens = {}\n",
                       f.kv_memory_fraction, f.runtime_reserve_gib, f.max_batch, f.max_num_tokens);
    out += fmt::format("fit_rows = {}\nfit_median_abs_error = {:.6f}\nfit_max_abs_error = {:.6f}\n", g.summary.rows,
                       g.summary.median_abs, g.summary.max_abs);
    out += fmt::format("source = \"{}\"\nas_of = {}\n", f.provenance.source, f.provenance.as_of);
  }
  return out;
}

}  // namespace nimcost
