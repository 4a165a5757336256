// Renderers: free functions from a report (or its Document view) to a string. Nothing here writes
// to a stream or decides where output goes; the CLI does that.
#pragma once

#include <nimcost/render/document.hpp>
#include <nimcost/report/attribute_report.hpp>
#include <nimcost/report/calibrate_report.hpp>
#include <nimcost/report/compare_report.hpp>
#include <nimcost/report/crossover_report.hpp>
#include <nimcost/report/diff_report.hpp>
#include <nimcost/report/plan_report.hpp>
#include <nimcost/report/prices_report.hpp>
#include <nimcost/report/run_report.hpp>
#include <nimcost/report/simulate_report.hpp>
#include <nimcost/report/sweep_report.hpp>
#include <nimcost/report/throughput_report.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace nimcost {

enum class Format { table, json, csv, markdown, html };

// What every report's JSON says about the run besides the report itself.
struct RenderContext {
  std::string version;                       // nimcost version
  std::vector<std::string> catalog_sources;  // catalog files in merge order
};

struct TableStyle {
  bool color = false;
  std::size_t width = 100;  // prose wraps here; tables fit it when clip_cells
  bool clip_cells = true;   // shorten the widest text column to fit (a terminal); never in a pipe or file
};

// The verdicts in words, from the reports' fields (JSON "verdict" texts, the tables' closing line).
std::string crossover_verdict_text(const CrossoverReport& report);
std::string attribution_verdict_text(const AttributionReport& report);
std::string simulate_verdict_text(const SimulateReport& report);
std::string diff_summary_text(const DiffReport& report);
std::string plan_verdict_text(const PlanReport& report);

// Document views of each report, for the table, Markdown and CSV renderers.
Document crossover_document(const CrossoverReport& report);
Document compare_document(const CompareReport& report);
Document compare_scenarios_document(const ScenarioCompareReport& report);
Document prices_document(const PricesReport& report);
Document throughput_document(const ThroughputReport& report);
Document calibration_document(const CalibrationReport& report);
Document attribution_document(const AttributionReport& report);
Document sweep_document(const SweepReport& report);
Document run_document(const RunReport& report);
Document simulate_document(const SimulateReport& report);
Document diff_document(const DiffReport& report);
// The plan's ranked candidates: the first `top`, then any on the Pareto front or named by the
// verdict further down; `top` 0: every candidate, a column per figure (the CSV).
Document plan_document(const PlanReport& report, std::size_t top = 0);
// Every option's monthly cost at every volume: the CSV of `nimcost sweep`.
Document sweep_csv_document(const SweepReport& report);

// JSON reports (DESIGN.md section 5: schema, command, assumptions, results, warnings).
nlohmann::ordered_json crossover_json(const CrossoverReport& report, const RenderContext& context);
nlohmann::ordered_json compare_json(const CompareReport& report, const RenderContext& context);
nlohmann::ordered_json compare_scenarios_json(const ScenarioCompareReport& report, const RenderContext& context);
nlohmann::ordered_json prices_json(const PricesReport& report, const RenderContext& context);
nlohmann::ordered_json throughput_json(const ThroughputReport& report, const RenderContext& context);
nlohmann::ordered_json calibration_json(const CalibrationReport& report, const RenderContext& context);
nlohmann::ordered_json attribution_json(const AttributionReport& report, const RenderContext& context);
nlohmann::ordered_json sweep_json(const SweepReport& report, const RenderContext& context);
nlohmann::ordered_json run_json(const RunReport& report, const RenderContext& context);
nlohmann::ordered_json simulate_json(const SimulateReport& report, const RenderContext& context);
nlohmann::ordered_json diff_json(const DiffReport& report, const RenderContext& context);
nlohmann::ordered_json plan_json(const PlanReport& report, const RenderContext& context);
// A diff as a pull-request comment: the summary line first, the gates, then the changes.
std::string render_diff_markdown(const DiffReport& report);
// The cost curves as a character chart for a terminal: `width` columns (at least 60), `height` rows;
// `top` > 0 draws only the that many cheapest APIs.
std::string render_sweep_chart(const SweepReport& report, int width, int height, int top = 0);
// The cost curves as an SVG 1.1 document (log-log, break-evens marked, legend); `top` as above.
std::string render_sweep_svg(const SweepReport& report, int top = 0);

// A typical week and day of demand against capacity (P5-P95 band, realtime and batch stacked, spill
// and SLO-violating hours marked) and a utilization heat map (SVG 1.1).
std::string render_simulate_svg(const SimulateReport& report);
// The plan's candidates: monthly cost against TPOT by way of paying, the Pareto front, the cheapest
// API as a level and the TPOT target (SVG 1.1).
std::string render_plan_svg(const PlanReport& report);
// Each group's cost split into busy and idle, and its realized $/M against the APIs (SVG 1.1).
std::string render_attribution_svg(const AttributionReport& report);

// The fitted factors as a catalog file ([[engine_factors]] tables), for data/engine_factors.toml.
std::string factors_toml(const CalibrationResult& result);

// A JSON value as the CLI prints it: two-space indent, trailing newline.
std::string render_json(const nlohmann::ordered_json& report);
// An aligned terminal table.
std::string render_table(const Document& document, const TableStyle& style);
// GitHub-flavoured Markdown.
std::string render_markdown(const Document& document);
// RFC 4180 CSV of the document's first table, with raw numbers.
std::string render_csv(const Document& document);
// One self-contained HTML5 page (inline CSS and SVG, no script, nothing fetched; prints on A4): the
// verdict, the document's facts and tables, `pictures` (SVG documents), its notes, and from the JSON
// `report` every assumption, every price with its source and date, and the price age.
std::string render_html(const Document& document, const nlohmann::ordered_json& report,
                        const std::vector<std::string>& pictures);

}  // namespace nimcost
