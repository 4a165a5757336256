// What every subcommand shares: output options (--format, --output, --color), catalog options
// (--data, --catalog), the workload and self-hosting flags, and the step that writes a report.
#pragma once

#include <nimcost/base/error.hpp>
#include <nimcost/catalog/catalog.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/report/diff_report.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/resolve/request.hpp>

#include "price_age.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace nimcost::cli {

// A subcommand: its name, one line for the command list, and a setup that registers its flags and
// returns what to run once parsing is done.
struct Command {
  const char* name;
  const char* description;
  std::function<std::function<int()>(CLI::App&)> setup;
};

struct OutputOptions {
  std::string format = "table";
  bool html = false;   // --format html allowed: set by add_output_options for the commands with an HTML page
  std::string output;  // empty: stdout
  std::string color = "auto";
  PriceAgeFlags age;   // --today, --max-price-age (price_age.hpp)
};

struct CatalogOptions {
  std::string data_dir;
  std::vector<std::string> catalog_files;
  std::vector<std::string> other_inputs;  // files a command reads besides the catalog (never overwritten)
};

// Flags as typed; parsed by nimcost's own parsers so every error reads the same way.
struct WorkloadFlags {
  std::string tokens;
  std::string input_share;
  std::string cached_share;
  bool batch_api = false;
};

struct SelfHostFlags {
  std::string gpu, rental, gpu_hourly_usd, gpu_monthly_usd, gpus, hours_per_month, license, ops_monthly_usd,
      capacity_tokens_per_s, max_utilization;
  std::string purchase, usd_per_kwh, pue, depreciation_years;  // bought servers (purchase_flags.cpp)
  bool non_production = false;
};

// The served model and how it runs (throughput, and crossover's fleet sizing).
struct ReplicaFlags {
  std::string model, precision, tp, isl, osl, engine;
  std::string ttft_ms, tpot_ms;
  std::string pp, ep, lengths, prefix_cache_hit, speculative_tokens, acceptance;
  bool dp_attention = false;
};

// Everything `crossover` and `compare` take: a workload at one volume, the APIs and the fleet.
struct VolumeOptions {
  OutputOptions output;
  CatalogOptions catalog;
  WorkloadFlags workload;
  SelfHostFlags selfhost;
  ReplicaFlags replica;
  std::string profile;
  std::vector<std::string> providers;
  std::string compare_to;   // --compare-to comparable|same-model|all
  std::string min_quality;  // --min-quality X
};

// --purchase and the flags that override its figures (purchase_flags.cpp), and their request fields.
void add_purchase_flags(CLI::App& app, SelfHostFlags& flags);
void apply_purchase_flags(const SelfHostFlags& flags, SelfHostRequest& request);

// Whether `command` writes --format html (crossover, compare, run, diff, simulate, attribute, plan).
bool has_html_page(const std::string& command);
void add_output_options(CLI::App& app, OutputOptions& options);
void add_volume_options(CLI::App& app, VolumeOptions& options, bool tokens_required = true);
// What a scenario file stands for in sweep and simulate: the workload (--tokens optional), --provider,
// the fleet and the served model. Returns the index of the first, for exclude_with_scenario.
std::size_t add_scenario_flags(CLI::App& app, VolumeOptions& options);
void add_catalog_options(CLI::App& app, CatalogOptions& options);
void add_workload_flags(CLI::App& app, WorkloadFlags& flags, bool tokens_required);
void add_selfhost_flags(CLI::App& app, SelfHostFlags& flags);
void add_provider_flag(CLI::App& app, std::vector<std::string>& providers);
// --provider, and which of them the verdict weighs: --compare-to, --min-quality.
void add_api_flags(CLI::App& app, VolumeOptions& options);
// --model, --precision, --tp, --isl, --osl, --engine, --ttft-ms, --tpot-ms.
void add_replica_flags(CLI::App& app, ReplicaFlags& flags, bool model_required);
// The replica request from parsed flags (gpu from --gpu, may be empty).
ReplicaRequest make_replica_request(const ReplicaFlags& flags, const std::string& gpu);
LatencyTarget make_latency_target(const ReplicaFlags& flags);

// The CI gates of run and diff: --fail-if-cost-increase-above, --fail-above-monthly-usd,
// --fail-if-verdict-changes.
struct GateFlags {
  std::string cost_increase_above;
  std::string above_monthly_usd;
  bool verdict_changes = false;
  std::string prices_older_than;  // evaluated by price_age_gate, not the core's gates
};
void add_gate_flags(CLI::App& app, GateFlags& flags);
GateThresholds make_gates(const GateFlags& flags);
// Prints each tripped gate on stderr (CI logs show why the step failed) and returns the exit code.
int gate_exit_code(const std::vector<GateResult>& gates);

// The built-in catalog, or --data's, merged with each --catalog file.
struct LoadedCatalog {
  Catalog catalog;
  std::vector<std::string> sources;  // names in merge order, for the report
};
LoadedCatalog load_catalog_for(const CatalogOptions& options, const std::vector<CatalogSource>& extra = {});
// The sources load_catalog_for merges: built in (or --data), then each --catalog file.
std::vector<CatalogSource> catalog_sources_for(const CatalogOptions& options);

// The crossover/compare request from parsed flags.
CrossoverRequest make_request(const VolumeOptions& options);

// A scenario option says what the workload, API and fleet flags would: each option registered
// after the first `first` (but the `keep` ones) excludes it, so giving both is a usage error.
void exclude_with_scenario(CLI::App& app, std::size_t first, CLI::Option* scenario,
                           const std::vector<std::string>& keep = {});

// --format's value, html included: check_output_options says which formats a command takes.
Format parse_format(const std::string& text);
// How a table is drawn where the report goes: colour, and the width of the terminal (or 100).
TableStyle table_style(const OutputOptions& options);
// Checks --format (html only where the command has an HTML page) and --color before any work, so a
// typo fails fast.
void check_output_options(const OutputOptions& options);

// Renders and writes a report: JSON from `json`, the other formats from `document`, each built only
// when its format is asked for (a report's JSON cost a seventh of a crossover process). Writes
// --output atomically and refuses to overwrite an input file.
// `markdown`, when given, replaces the document's Markdown (diff's PR comment); `pictures`, when given,
// are the SVG documents the HTML page shows.
void emit(const OutputOptions& options, const CatalogOptions& inputs, const std::function<nlohmann::ordered_json()>& json,
          const std::function<Document()>& document, const std::function<std::string()>& markdown = nullptr,
          const std::function<std::vector<std::string>()>& pictures = nullptr);

RenderContext render_context(const LoadedCatalog& loaded);
std::string nimcost_version();

// A usage error when `output` is a directory or one of the inputs.
void refuse_input_as_output(const std::filesystem::path& output, const CatalogOptions& inputs,
                            const char* flag = "--output");
// A usage error when two outputs of one run (--output, --plot, --write-factors) are the same file.
void refuse_same_outputs(const std::vector<std::pair<const char*, std::string>>& outputs);
// Writes a file atomically, refusing to overwrite any input.
void write_file(const std::string& path, const std::string& text, const CatalogOptions& inputs,
                const char* flag = "--output");

// A progress line on stderr ("nimcost: simulating: 412/1000 seeds"), only on a terminal and only
// once the work has taken a second; redrawn at most five times a second and cleared at the end.
class Progress {
public:
  Progress();
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // `text` is called only when the line is redrawn.
  void show(const std::function<std::string()>& text);
  // ", about 12 s left" once `done` of `total` took the time so far (empty before any is done).
  std::string time_left(double done, double total) const;

private:
  using clock = std::chrono::steady_clock;
  clock::time_point m_start;
  clock::time_point m_last{};
  bool m_on = false;
  bool m_shown = false;
};

// Runs `parse` on a flag's text, prefixing any error with the flag's name.
template <typename F>
auto flag_value(const char* flag, const std::string& text, F parse) {
  try {
    return parse(text);
  } catch (const Error& e) {
    throw usage_error(fmt::format("{}: {}", flag, e.what()));
  }
}

// --as-of: the date as given (YYYY-MM-DD; a usage error otherwise), or today's date when empty.
std::string as_of_date(const std::string& text);

// Flag texts to values; empty text (flag not given) is nullopt.
std::optional<double> optional_number(const char* flag, const std::string& text, const char* what);
std::optional<double> optional_fraction(const char* flag, const std::string& text);
std::optional<int> optional_count(const char* flag, const std::string& text, int minimum, int maximum);

}  // namespace nimcost::cli
