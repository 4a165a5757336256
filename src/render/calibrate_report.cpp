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

namespace {

int rows_used(const CalibrationResult& r) { return r.overall.rows + r.overall_holdout.rows; }

std::string summary_text(const ErrorSummary& s) {
  return fmt::format("{} rows, median {}, worst {}", s.rows, format_percent(s.median_abs), format_percent(s.max_abs));
}

std::string latency_text(const LatencySummary& l) {
  std::string text = fmt::format("{} rows: throughput median {}", l.throughput.rows, format_percent(l.throughput.median_abs));
  if (l.ttft.rows > 0) text += fmt::format(", TTFT median {} ({} rows)", format_percent(l.ttft.median_abs), l.ttft.rows);
  if (l.tpot.rows > 0) text += fmt::format(", TPOT median {} ({} rows)", format_percent(l.tpot.median_abs), l.tpot.rows);
  return text;
}

Cell optional_fraction(const ErrorSummary& s, double value) {
  return s.rows > 0 ? Cell::of_fraction(value) : Cell::of_text("-");
}

json summary_json(const ErrorSummary& s) {
  return {{"rows", s.rows},
          {"median_abs_error_fraction", fraction(s.median_abs)},
          {"max_abs_error_fraction", fraction(s.max_abs)}};
}

json latency_json(const LatencySummary& l) {
  return {{"throughput", summary_json(l.throughput)}, {"ttft", summary_json(l.ttft)}, {"tpot", summary_json(l.tpot)}};
}

}  // namespace

Document calibration_document(const CalibrationReport& r) {
  Document doc;
  doc.title = fmt::format("nimcost calibrate: {} ({} rows used of {})", r.table, rows_used(r.result), r.rows_read);
  doc.facts.push_back({"Method", r.fitted ? "Levenberg-Marquardt on log(predicted / measured), one set of factors "
                                            "per engine family and precision (and per architecture, dense or mixture of experts, where both have enough rows)"
                                          : "--no-fit: the catalog's factors, checked against the table"});
  doc.facts.push_back({r.fitted ? "Fitted rows" : "Rows", summary_text(r.result.overall)});
  if (r.result.overall_holdout.rows > 0) doc.facts.push_back({"Held out", summary_text(r.result.overall_holdout)});
  if (r.result.overall_latency.throughput.rows > 0) {
    doc.facts.push_back({"Latency-bound", latency_text(r.result.overall_latency)});
  }
  TableBlock groups;
  groups.title = "Factors per engine family and precision";
  groups.columns = {{"Engine", "engine"},        {"Prec", "precision"},           {"Models", "architecture"}, {"Rows", "rows"},
                    {"Compute", "compute_efficiency"}, {"HBM", "bandwidth_efficiency"}, {"Iter ms", "step_overhead_ms"},
                    {"Prefill ms", "prefill_overhead_ms"}, {"Seq us", "sequence_overhead_us"}, {"AR us", "allreduce_latency_us"}, {"Link", "link_efficiency"},
                    {"Median", "median_abs_error"}, {"Worst", "max_abs_error"}, {"Held", "holdout_rows"},
                    {"Median", "holdout_median_abs_error"}, {"Worst", "holdout_max_abs_error"},
                    {"Online", "latency_rows"}, {"TPOT", "latency_tpot_median_abs_error"}};
  for (const auto& g : r.result.groups) {
    const EngineFactors& f = g.factors;
    groups.rows.push_back({Cell::of_text(f.engine), Cell::of_text(f.precision), Cell::of_text(architecture_text(f)),
                           Cell::of_count(g.summary.rows),
                           Cell::of_fraction(f.compute_efficiency), Cell::of_fraction(f.bandwidth_efficiency),
                           Cell::of_decimal(f.step_overhead_ms, 2), Cell::of_decimal(f.prefill_overhead_ms, 1),
                           Cell::of_decimal(f.sequence_overhead_us, 2),
                           Cell::of_decimal(f.allreduce_latency_us, 1), Cell::of_fraction(f.link_efficiency),
                           optional_fraction(g.summary, g.summary.median_abs),
                           optional_fraction(g.summary, g.summary.max_abs), Cell::of_count(g.holdout.rows),
                           optional_fraction(g.holdout, g.holdout.median_abs),
                           optional_fraction(g.holdout, g.holdout.max_abs), Cell::of_count(g.latency.throughput.rows),
                           optional_fraction(g.latency.tpot, g.latency.tpot.median_abs)});
  }
  TableBlock rows;
  rows.title = "Rows: predicted against measured output tokens/s per replica";
  rows.columns = {{"Row", "origin"}, {"Measurement", "label"}, {"Measured", "measured_output_tokens_per_s"},
                  {"Model", "predicted_output_tokens_per_s"}, {"Error", "error_fraction"}, {"Split", "split"},
                  {"TPOT err", "tpot_error_fraction"}};
  const bool several = r.table.find(' ') != std::string::npos;
  for (const auto& g : r.result.groups) {
    for (const auto& f : g.rows) {
      const std::string& origin = f.row->origin;
      // One table: its line numbers; several: file:line, without the folders.
      const std::string where = several ? origin.substr(origin.rfind('/') + 1) : origin.substr(origin.rfind(':') + 1);
      rows.rows.push_back({Cell::of_text(where), Cell::of_text(f.row->label),
                           Cell::of_count(f.row->output_tokens_per_s), Cell::of_count(f.predicted),
                           Cell::of_text(fmt::format("{:+.1f}%", f.error * 100.0)),
                           Cell::of_text(f.row->holdout ? "held" : "fit"),
                           Cell::of_text(f.tpot_error ? fmt::format("{:+.1f}%", *f.tpot_error * 100.0) : "")});
      if (std::abs(f.error) > 0.25) rows.highlighted_rows.push_back(static_cast<int>(rows.rows.size() - 1));
    }
  }
  doc.tables.push_back(std::move(rows));
  doc.tables.push_back(std::move(groups));
  doc.verdict = fmt::format("{} {}rows: median error {}, worst {}", r.result.overall.rows, r.fitted ? "fitted " : "",
                            format_percent(r.result.overall.median_abs), format_percent(r.result.overall.max_abs));
  if (r.result.overall_holdout.rows > 0) {
    doc.verdict += fmt::format("; {} held-out rows: median {}, worst {}", r.result.overall_holdout.rows,
                               format_percent(r.result.overall_holdout.median_abs),
                               format_percent(r.result.overall_holdout.max_abs));
  }
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
    f["holdout"] = summary_json(g.holdout);
    f["latency_bound"] = latency_json(g.latency);
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
                      {"error_fraction", fraction(f.error)},
                      {"split", m.holdout ? "holdout" : "fit"},
                      {"pp", m.spec.pp},
                      {"ep", m.spec.ep},
                      {"dp_attention", m.spec.dp_attention},
                      {"measured_ttft_ms", m.ttft_ms ? json(*m.ttft_ms) : json(nullptr)},
                      {"predicted_ttft_ms", f.ttft_ms ? json(round_to(*f.ttft_ms, 4)) : json(nullptr)},
                      {"measured_tpot_ms", m.tpot_ms ? json(*m.tpot_ms) : json(nullptr)},
                      {"predicted_tpot_ms", f.tpot_ms ? json(round_to(*f.tpot_ms, 4)) : json(nullptr)}});
    }
  }
  json assumptions = {{"table", r.table}, {"rows_read", r.rows_read}, {"fit", r.fitted}};
  json results = {{"factors", factors},
                  {"rows_used", rows_used(r.result)},
                  {"median_abs_error_fraction", fraction(r.result.overall.median_abs)},
                  {"max_abs_error_fraction", fraction(r.result.overall.max_abs)},
                  {"holdout", summary_json(r.result.overall_holdout)},
                  {"latency_bound", latency_json(r.result.overall_latency)},
                  {"rows", rows},
                  {"skipped", r.skipped}};
  std::vector<std::string> warnings = r.result.warnings;
  return envelope("calibrate", std::move(assumptions), std::move(results), warnings, context);
}

std::string factors_toml(const CalibrationResult& result) {
  std::string out =
      "# Engine efficiency factors, one set per engine family and precision (and per architecture, dense or\n"
      "# mixture of experts, where both had enough rows), written by `nimcost calibrate`.\n"
      "# Each set was fitted to the rows named in its source; `nimcost calibrate --no-fit TABLE` checks them.\n";
  for (const auto& g : result.groups) {
    if (!g.fitted) continue;
    const EngineFactors& f = g.factors;
    out += fmt::format("\n[[engine_factors]]\nid = \"{}\"\nengine = \"{}\"\nprecision = \"{}\"\n", f.id, f.engine,
                       f.precision);
    out += fmt::format("architecture = \"{}\"\n", architecture_text(f));
    out += fmt::format("compute_efficiency = {:.6f}\nbandwidth_efficiency = {:.6f}\nstep_overhead_ms = {:.6f}\n",
                       f.compute_efficiency, f.bandwidth_efficiency, f.step_overhead_ms);
    out += fmt::format("prefill_overhead_ms = {:.6f}\n", f.prefill_overhead_ms);
    out += fmt::format("sequence_overhead_us = {:.6f}\nallreduce_latency_us = {:.6f}\nlink_efficiency = {:.6f}\n",
                       f.sequence_overhead_us, f.allreduce_latency_us, f.link_efficiency);
    out += fmt::format("overlap_exponent = {:.6f}\n", f.overlap_exponent);
    out += fmt::format("kv_memory_fraction = {}\nruntime_reserve_gib = {}\nmax_batch = {}\nmax_num_tokens = {}\n",
                       f.kv_memory_fraction, f.runtime_reserve_gib, f.max_batch, f.max_num_tokens);
    out += fmt::format("fit_rows = {}\nfit_median_abs_error = {:.6f}\nfit_max_abs_error = {:.6f}\n", g.summary.rows,
                       g.summary.median_abs, g.summary.max_abs);
    if (g.holdout.rows > 0) {
      out += fmt::format("holdout_rows = {}\nholdout_median_abs_error = {:.6f}\nholdout_max_abs_error = {:.6f}\n",
                         g.holdout.rows, g.holdout.median_abs, g.holdout.max_abs);
    }
    out += fmt::format("source = \"{}\"\nas_of = {}\n", f.provenance.source, f.provenance.as_of);
  }
  return out;
}

}  // namespace nimcost
