// What every subcommand shares: output options (--format, --output, --color), catalog options
// (--data, --catalog), the workload and self-hosting flags, and the step that writes a report.
#pragma once

#include <nimcost/catalog.hpp>
#include <nimcost/render/render.hpp>
#include <nimcost/scenario.hpp>

#include <CLI/CLI.hpp>

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
  std::string output;  // empty: stdout
  std::string color = "auto";
};

struct CatalogOptions {
  std::string data_dir;
  std::vector<std::string> catalog_files;
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
  bool non_production = false;
};

// Everything `crossover` and `compare` take: a workload at one volume, the APIs and the fleet.
struct VolumeOptions {
  OutputOptions output;
  CatalogOptions catalog;
  WorkloadFlags workload;
  SelfHostFlags selfhost;
  std::vector<std::string> providers;
};

void add_output_options(CLI::App& app, OutputOptions& options);
void add_volume_options(CLI::App& app, VolumeOptions& options);
void add_catalog_options(CLI::App& app, CatalogOptions& options);
void add_workload_flags(CLI::App& app, WorkloadFlags& flags, bool tokens_required);
void add_selfhost_flags(CLI::App& app, SelfHostFlags& flags);
void add_provider_flag(CLI::App& app, std::vector<std::string>& providers);

// The built-in catalog, or --data's, merged with each --catalog file.
struct LoadedCatalog {
  Catalog catalog;
  std::vector<std::string> sources;  // names in merge order, for the report
};
LoadedCatalog load_catalog_for(const CatalogOptions& options);

// The crossover/compare request from parsed flags.
CrossoverRequest make_request(const WorkloadFlags& workload, const SelfHostFlags& selfhost,
                              const std::vector<std::string>& providers);

// Checks --format and --color before any work, so a typo fails fast.
Format parse_format(const std::string& text);
void check_output_options(const OutputOptions& options);

// Renders and writes a report: JSON from `json`, the other formats from `document`. Writes --output
// atomically and refuses to overwrite an input file.
void emit(const OutputOptions& options, const CatalogOptions& inputs, const nlohmann::ordered_json& json,
          const std::function<Document()>& document);

RenderContext render_context(const LoadedCatalog& loaded);

}  // namespace nimcost::cli
