// Shared CLI plumbing. Flags are taken as strings and parsed with nimcost's parsers (not CLI11's
// validators) so that every bad value produces the same "nimcost: error: --flag: ..." shape.
#include "common.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/base/limits.hpp>
#include <nimcost/base/provenance.hpp>
#include <nimcost/resolve/replica.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/lengths_csv.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/base/quantity.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NIMCOST_VERSION
#define NIMCOST_VERSION "0.0.0"
#endif

namespace nimcost::cli {

std::optional<double> optional_number(const char* flag, const std::string& text, const char* what) {
  if (text.empty()) return std::nullopt;
  return flag_value(flag, text, [&](const std::string& t) { return parse_non_negative(t, what); });
}

std::optional<double> optional_fraction(const char* flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return flag_value(flag, text, [](const std::string& t) { return parse_fraction(t); });
}

std::string as_of_date(const std::string& text) {
  if (text.empty()) {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day ymd{days};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  }
  if (!is_calendar_date(text)) throw usage_error(fmt::format("--as-of must be a date such as 2026-11-25, got '{}'", text));
  return text;
}

std::optional<int> optional_count(const char* flag, const std::string& text, int minimum, int maximum) {
  if (text.empty()) return std::nullopt;
  const long long v = flag_value(flag, text, [&](const std::string& t) { return parse_count(t, minimum); });
  if (v > maximum) throw usage_error(fmt::format("{}: must be at most {}, got {}", flag, maximum, v));
  return static_cast<int>(v);
}

void add_catalog_options(CLI::App& app, CatalogOptions& options) {
  app.add_option("--data", options.data_dir, "Use the *.toml catalog files in DIR instead of the built-in data")
      ->type_name("DIR");
  app.add_option("--catalog", options.catalog_files, "Merge a catalog TOML FILE over the data (repeatable)")
      ->type_name("FILE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_workload_flags(CLI::App& app, WorkloadFlags& flags, bool tokens_required) {
  auto* tokens = app.add_option("--tokens", flags.tokens, "Monthly tokens, input + output: 500M, 1.5B, 750k, 5e8")
                     ->type_name("QTY");
  if (tokens_required) tokens->required();
  app.add_option("--input-share", flags.input_share,
                 "Fraction of tokens that are input (default 1/3, the article's 1:2 mix; chat is often 0.75)")
      ->type_name("F");
  app.add_option("--cached-share", flags.cached_share,
                 "Fraction of input tokens billed at the provider's cached-input price (default 0)")
      ->type_name("F");
  app.add_flag("--batch-api", flags.batch_api, "Price API traffic at the provider's batch discount");
}

void add_selfhost_flags(CLI::App& app, SelfHostFlags& f) {
  auto* group = &app;
  group->add_option("--gpu", f.gpu, "GPU SKU to self-host on (default h100-sxm)")->type_name("ID");
  group->add_option("--rental", f.rental, "Rental offer that prices the GPU (default runpod-h100-sxm)")->type_name("ID");
  group->add_option("--gpu-hourly-usd", f.gpu_hourly_usd, "Price the GPU at X USD per GPU-hour instead")->type_name("X");
  group->add_option("--gpu-monthly-usd", f.gpu_monthly_usd, "Price the GPU at X USD per GPU-month instead")->type_name("X");
  group->add_option("--gpus", f.gpus, "Pin the fleet to N GPUs instead of sizing it by volume")->type_name("N");
  group->add_option("--hours-per-month", f.hours_per_month, "Billed hours per month (default 730 = 8760/12)")
      ->type_name("H");
  group->add_option("--license", f.license,
                    "NIM license: none, developer, enterprise-annual (default), enterprise-hourly, evaluation")
      ->type_name("PLAN");
  group->add_option("--ops-monthly-usd", f.ops_monthly_usd, "Fixed operations overhead, USD per month (default 0)")
      ->type_name("X");
  group->add_option("--capacity-tokens-per-s", f.capacity_tokens_per_s,
                    "Tokens/s (input + output) one GPU serves (default 1000 on h100-sxm)")
      ->type_name("X");
  group->add_option("--max-utilization", f.max_utilization, "Size the fleet to run at or under F (default 0.6)")
      ->type_name("F");
  group->add_flag("--non-production", f.non_production, "Dev/test use: allows the free developer license");
  add_purchase_flags(app, f);
}

void add_provider_flag(CLI::App& app, std::vector<std::string>& providers) {
  app.add_option("--provider", providers,
                 "API model ID, alias or provider name to compare (repeatable, or comma-separated; default: all)")
      ->type_name("ID")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->delimiter(',');
}

void add_api_flags(CLI::App& app, VolumeOptions& o) {
  add_provider_flag(app, o.providers);
  app.add_option("--compare-to", o.compare_to, "APIs the verdict weighs: comparable (default: the same model per "
                 "token and APIs of its quality or better), same-model, or all")->type_name("SET");
  app.add_option("--min-quality", o.min_quality,
                 "Quality score an API needs to count as comparable (default: the self-hosted model's; see "
                 "nimcost prices --kind quality)")
      ->type_name("X");
}

void add_replica_flags(CLI::App& app, ReplicaFlags& f, bool model_required) {
  auto* model = app.add_option("--model", f.model, "Served model to self-host: llama-3.1-8b, llama-3.1-70b, mixtral-8x7b, "
                                                   "... (nimcost prices --kind model)")
                    ->type_name("ID");
  if (model_required) model->required();
  app.add_option("--precision", f.precision, "fp8 (default where the GPU has it), bf16, fp16, int8, int4 or fp4")
      ->type_name("P");
  app.add_option("--tp", f.tp, "Tensor-parallel GPUs per replica (default: the fewest that fit)")->type_name("N");
  app.add_option("--isl", f.isl,
                 "Prompt (input) tokens per request (throughput: default 1000; crossover: 2000 split by the input share)")
      ->type_name("N");
  app.add_option("--osl", f.osl, "Output tokens per request (default as --isl)")->type_name("N");
  app.add_option("--pp", f.pp, "Pipeline-parallel stages per replica (default 1); a replica is tp x pp GPUs")
      ->type_name("N");
  app.add_option("--ep", f.ep, "Expert-parallel GPUs of a mixture of experts (whole experts split over N of the tp GPUs)")
      ->type_name("N");
  app.add_flag("--dp-attention", f.dp_attention, "Attention data parallel (a mixture of experts): each GPU attends "
               "to its own sequences, so the KV cache is split, not copied, and the weights outside the routed experts "
               "are copied (SGLang: the attention's only)");
  app.add_option("--lengths", f.lengths, "CSV of request lengths (isl,osl[,count] per row; '-' for stdin) instead of "
                 "--isl/--osl")
      ->type_name("FILE");
  app.add_option("--prefix-cache-hit", f.prefix_cache_hit, "Share of prompt tokens found in the prefix cache "
                 "(default: the workload's --cached-share)")
      ->type_name("F");
  app.add_option("--speculative-tokens", f.speculative_tokens, "Speculative decoding: tokens drafted per step "
                 "(a one-layer draft head, as EAGLE or MTP); needs --acceptance")
      ->type_name("N");
  app.add_option("--acceptance", f.acceptance, "Speculative decoding: chance each drafted token is accepted")
      ->type_name("F");
  app.add_option("--engine", f.engine, "Engine calibration to use: trtllm (default), trtllm-pytorch (TensorRT-LLM 1.x), "
                 "vllm, sglang, nim (NIM's TRT-LLM profiles; nim-vllm and nim-sglang are vllm and sglang), "
                 "trtllm-legacy (before 0.9), vllm-legacy (before 0.6)")
      ->type_name("NAME");
  app.add_option("--ttft-ms", f.ttft_ms, "Latency target: time to first token, milliseconds")->type_name("MS");
  app.add_option("--tpot-ms", f.tpot_ms, "Latency target: time per output token, milliseconds")->type_name("MS");
}

ReplicaRequest make_replica_request(const ReplicaFlags& f, const std::string& gpu) {
  ReplicaRequest r;
  r.model = f.model;
  if (!gpu.empty()) r.gpu = gpu;
  if (!f.precision.empty()) r.precision = f.precision;
  r.tp = optional_count("--tp", f.tp, 1, k_max_tp);
  if (auto v = optional_count("--isl", f.isl, 1, k_max_request_tokens)) r.isl = *v;
  if (auto v = optional_count("--osl", f.osl, 1, k_max_request_tokens)) r.osl = *v;
  if (!f.engine.empty()) r.engine = f.engine;
  r.pp = optional_count("--pp", f.pp, 1, k_max_tp);
  r.ep = optional_count("--ep", f.ep, 1, k_max_tp);
  r.dp_attention = f.dp_attention;
  r.prefix_cache_hit = optional_fraction("--prefix-cache-hit", f.prefix_cache_hit);
  r.speculative_tokens = optional_count("--speculative-tokens", f.speculative_tokens, 1, 16);
  r.acceptance = optional_fraction("--acceptance", f.acceptance);
  if (!f.lengths.empty()) {
    r.lengths = parse_lengths_csv(read_text_file(f.lengths, "the request lengths"), input_name(f.lengths));
    r.lengths_source = input_name(f.lengths);
  }
  return r;
}

LatencyTarget make_latency_target(const ReplicaFlags& f) {
  LatencyTarget t;
  t.ttft_ms = optional_number("--ttft-ms", f.ttft_ms, "milliseconds");
  t.tpot_ms = optional_number("--tpot-ms", f.tpot_ms, "milliseconds");
  for (const auto& [v, flag] : {std::pair{t.ttft_ms, "--ttft-ms"}, {t.tpot_ms, "--tpot-ms"}}) {
    if (v && !(*v > 0.0)) throw usage_error(fmt::format("{}: must be above 0", flag));
  }
  return t;
}

std::size_t add_scenario_flags(CLI::App& app, VolumeOptions& o) {
  const std::size_t first = app.get_options().size();
  add_workload_flags(app, o.workload, false);
  add_api_flags(app, o);
  add_selfhost_flags(app, o.selfhost);
  add_replica_flags(app, o.replica, false);
  return first;
}

void add_volume_options(CLI::App& app, VolumeOptions& o, bool tokens_required) {
  add_workload_flags(app, o.workload, tokens_required);
  add_api_flags(app, o);
  add_selfhost_flags(app, o.selfhost);
  add_replica_flags(app, o.replica, false);
  app.add_option("--profile", o.profile,
                 "With --model: realtime (default; the largest concurrency meeting the latency target) or batch "
                 "(the memory-bound maximum)")
      ->type_name("P");
  add_catalog_options(app, o.catalog);
  add_output_options(app, o.output);
}

std::vector<CatalogSource> catalog_sources_for(const CatalogOptions& options) {
  std::vector<CatalogSource> sources =
      options.data_dir.empty() ? embedded_catalog_sources() : read_catalog_dir(options.data_dir);
  for (const auto& file : options.catalog_files) sources.push_back(read_catalog_file(file));
  return sources;
}

LoadedCatalog load_catalog_for(const CatalogOptions& options, const std::vector<CatalogSource>& extra) {
  std::vector<CatalogSource> sources = catalog_sources_for(options);
  sources.insert(sources.end(), extra.begin(), extra.end());
  LoadedCatalog loaded{load_catalog(sources), {}};
  for (const auto& source : sources) loaded.sources.push_back(source.name);
  return loaded;
}

CrossoverRequest make_request(const VolumeOptions& o) {
  const WorkloadFlags& w = o.workload;
  const SelfHostFlags& s = o.selfhost;
  CrossoverRequest r;
  if (!w.tokens.empty()) {
    r.workload.tokens = flag_value("--tokens", w.tokens, [](const std::string& t) { return parse_tokens(t); });
  }
  r.workload.input_share = optional_fraction("--input-share", w.input_share);
  r.workload.cached_input_share = optional_fraction("--cached-share", w.cached_share).value_or(0.0);
  r.workload.batch_api = w.batch_api;

  auto text = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
  r.selfhost.gpu = text(s.gpu);
  r.selfhost.rental = text(s.rental);
  r.selfhost.license = text(s.license);
  r.selfhost.gpu_hourly_usd = optional_number("--gpu-hourly-usd", s.gpu_hourly_usd, "a price in USD per GPU-hour");
  r.selfhost.gpu_monthly_usd = optional_number("--gpu-monthly-usd", s.gpu_monthly_usd, "a price in USD per GPU-month");
  r.selfhost.hours_per_month = optional_number("--hours-per-month", s.hours_per_month, "hours per month");
  r.selfhost.ops_monthly_usd = optional_number("--ops-monthly-usd", s.ops_monthly_usd, "USD per month").value_or(0.0);
  r.selfhost.capacity_tokens_per_s =
      optional_number("--capacity-tokens-per-s", s.capacity_tokens_per_s, "tokens per second");
  r.selfhost.max_utilization = optional_fraction("--max-utilization", s.max_utilization);
  if (!s.gpus.empty()) {
    r.selfhost.gpus = optional_count("--gpus", s.gpus, 1, k_max_gpus);
  }
  r.selfhost.production = !s.non_production;
  apply_purchase_flags(s, r.selfhost);
  const ReplicaFlags& m = o.replica;
  if (!m.model.empty()) {
    r.selfhost.replica = make_replica_request(m, s.gpu);
  } else if (!m.precision.empty() || !m.tp.empty() || !m.isl.empty() || !m.osl.empty() || !m.engine.empty() ||
             !m.pp.empty() || !m.ep.empty() || !m.lengths.empty() || !m.prefix_cache_hit.empty() ||
             !m.speculative_tokens.empty() || !m.acceptance.empty() || m.dp_attention) {
    throw usage_error("--precision, --tp, --pp, --ep, --dp-attention, --isl, --osl, --lengths, --prefix-cache-hit, "
                      "--speculative-tokens, --acceptance and --engine describe the served model; give --model too");
  }
  if (!o.profile.empty()) r.selfhost.profile = o.profile;
  r.selfhost.target = make_latency_target(m);
  r.providers = o.providers;
  if (!o.compare_to.empty()) r.compare_to = parse_compare_to(o.compare_to);
  r.min_quality = optional_number("--min-quality", o.min_quality, "a quality score");
  return r;
}

void exclude_with_scenario(CLI::App& app, std::size_t first, CLI::Option* scenario, const std::vector<std::string>& keep) {
  const auto options = app.get_options();
  for (std::size_t i = first; i < options.size(); ++i) {
    if (std::find(keep.begin(), keep.end(), options[i]->get_name()) == keep.end()) options[i]->excludes(scenario);
  }
}

std::string nimcost_version() { return NIMCOST_VERSION; }

RenderContext render_context(const LoadedCatalog& loaded) { return {NIMCOST_VERSION, loaded.sources}; }

void add_gate_flags(CLI::App& app, GateFlags& flags) {
  app.add_option("--fail-if-cost-increase-above", flags.cost_increase_above,
                 "Exit 1 if a scenario's or the total cost rises over PCT%")
      ->type_name("PCT");
  app.add_option("--fail-above-monthly-usd", flags.above_monthly_usd,
                 "Exit 1 if the scenarios together cost over X USD/month")
      ->type_name("X");
  app.add_flag("--fail-if-verdict-changes", flags.verdict_changes,
               "Exit 1 if a scenario's cheapest option changes");
  app.add_option("--fail-if-prices-older-than", flags.prices_older_than,
                 "Exit 1 if a price the head used is older than AGE (180, 26w, 6m, 1y) on --today")
      ->type_name("AGE");
}

GateThresholds make_gates(const GateFlags& flags) {
  GateThresholds g;
  if (!flags.cost_increase_above.empty()) {
    std::string text = flags.cost_increase_above;
    if (!text.empty() && text.back() == '%') text.pop_back();
    g.cost_increase_fraction =
        flag_value("--fail-if-cost-increase-above", text,
                   [](const std::string& t) { return parse_non_negative(t, "a percentage such as 10 or 12.5%"); }) /
        100.0;
  }
  g.above_monthly_usd = optional_number("--fail-above-monthly-usd", flags.above_monthly_usd, "USD per month");
  g.verdict_changes = flags.verdict_changes;
  return g;
}

int gate_exit_code(const std::vector<GateResult>& gates) {
  for (const auto& g : gates) {
    if (g.tripped) std::fprintf(stderr, "nimcost: gate --%s tripped: %s\n", g.gate.c_str(), g.detail.c_str());
  }
  return any_tripped(gates) ? 1 : 0;
}

Progress::Progress() : m_start(clock::now()), m_on(isatty(2) != 0) {}

Progress::~Progress() {
  if (m_shown) std::fputs("\r\033[K", stderr);
}

std::string Progress::time_left(double done, double total) const {
  if (!(done > 0.0) || !(total > done)) return "";
  const double elapsed = std::chrono::duration<double>(clock::now() - m_start).count();
  const double left = elapsed * (total - done) / done;
  if (left < 60.0) return fmt::format(", about {:.0f} s left", std::ceil(left));
  if (left < 3600.0) return fmt::format(", about {:.0f} min left", std::ceil(left / 60.0));
  return fmt::format(", about {:.1f} h left", left / 3600.0);
}

void Progress::show(const std::function<std::string()>& text) {
  if (!m_on) return;
  const auto now = clock::now();
  if (now - m_start < std::chrono::seconds(1) || now - m_last < std::chrono::milliseconds(200)) return;
  m_last = now;
  m_shown = true;
  const std::string line = "\rnimcost: " + text() + "\033[K";
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace nimcost::cli
