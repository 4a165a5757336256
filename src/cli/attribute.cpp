// `nimcost attribute METRICS`: DCGM exporter metrics -> GPU-hours, utilization and cost per
// namespace (or pod, container, GPU, node, model), and with --tokens the effective $/M tokens
// against the APIs. The file streams through; progress goes to stderr on a terminal after a second.
#include "commands.hpp"
#include "common.hpp"
#include "prometheus_flags.hpp"
#include "runner.hpp"

#include <nimcost/base/quantity.hpp>
#include <nimcost/base/timestamp.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/load/prometheus.hpp>
#include <nimcost/load/prometheus_http.hpp>
#include <nimcost/report/attribute_report.hpp>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <unistd.h>

namespace nimcost::cli {

namespace {

struct AttributeOptions {
  OutputOptions output;
  CatalogOptions catalog;
  std::string metrics;
  std::string by = "namespace";
  std::string rental, gpu_hourly_usd, license, period, max_gap, power_usd_per_kwh, tokens, input_share,
      max_utilization;
  std::string plot;
  std::vector<std::string> providers;
  PrometheusFlags prometheus;
  bool tokens_from_metrics = false;
};

// The DCGM series a server read asks for: power only when it is priced.
std::vector<std::string> queried_metrics(bool power, bool tokens) {
  std::vector<std::string> names;
  for (DcgmMetric m : {DcgmMetric::engine_active, DcgmMetric::gpu_util, DcgmMetric::fb_used, DcgmMetric::power}) {
    if (m != DcgmMetric::power || power) names.emplace_back(dcgm_metric_name(m));
  }
  if (tokens) {
    for (const char* name : {"prompt_tokens_total", "generation_tokens_total", "vllm:prompt_tokens_total",
                             "vllm:generation_tokens_total"}) {
      names.emplace_back(name);
    }
  }
  return names;
}

// Where each sample goes: GPU usage, or with --tokens-from-metrics the token counters.
struct Sinks {
  UsageAccumulator& usage;
  std::optional<TokenCounter>& tokens;
  long long token_samples = 0;
  void operator()(const DcgmSample& s) {
    if (is_token_counter(s.metric)) {
      ++token_samples;
      if (tokens) tokens->add(s);
    } else {
      usage.add(s);
    }
  }
};

// The file streams through; progress in MiB (with the time left for a plain file).
ReadStats read_file(const std::string& path, Sinks& sinks) {
  Progress progress;
  const std::string name = path == "-" ? "stdin" : path;
  // The time left is known for a plain file (its size); gzip hides the size it will expand to.
  std::error_code ec;
  const bool plain = path != "-" && std::filesystem::path(path).extension() != ".gz";
  const double size = plain ? static_cast<double>(std::filesystem::file_size(path, ec)) : 0.0;
  const auto line = [&](long long bytes) {
    return fmt::format("reading {}: {} MiB{}", name, bytes >> 20, ec ? "" : progress.time_left(static_cast<double>(bytes), size));
  };
  return read_metrics_file(
      path, [&](const DcgmSample& s) { sinks(s); },
      [&](long long bytes) { progress.show([&] { return line(bytes); }); });
}

// Every page of every metric from the server, with its warnings kept for the report.
ReadStats read_server(const PrometheusQuery& query, Sinks& sinks, std::vector<std::string>& warnings, long long& requests) {
  QueryRangeReader reader([&](const DcgmSample& s) { sinks(s); });
  Progress progress;
  requests = read_prometheus(query, reader, [&](int done, int total) {
    progress.show([&] {
      return fmt::format("reading {}: {}/{} requests{}", redacted_url(query.url), done, total,
                         progress.time_left(done, total));
    });
  });
  warnings.insert(warnings.end(), reader.warnings().begin(), reader.warnings().end());
  return reader.stats();
}

int run_attribute(AttributeOptions o) {
  UsageOptions usage_options;
  AttributeRequest request;
  std::optional<PrometheusQuery> query;
  const auto check = [&] {
    usage_options.by = parse_group_by(o.by);
    if (!o.period.empty()) usage_options.period_s = flag_value("--period", o.period, [](const std::string& t) { return parse_duration(t); });
    if (!o.max_gap.empty()) usage_options.max_gap_s = flag_value("--max-gap", o.max_gap, [](const std::string& t) { return parse_duration(t); });
    if (!o.rental.empty()) request.rental = o.rental;
    request.gpu_hourly_usd = optional_number("--gpu-hourly-usd", o.gpu_hourly_usd, "a price in USD per GPU-hour");
    if (!o.license.empty()) request.license = o.license;
    request.power_usd_per_kwh = optional_number("--power-usd-per-kwh", o.power_usd_per_kwh, "a price in USD per kWh");
    if (!o.tokens.empty()) request.tokens = flag_value("--tokens", o.tokens, [](const std::string& t) { return parse_tokens(t); });
    request.input_share = optional_fraction("--input-share", o.input_share);
    request.max_utilization = optional_fraction("--max-utilization", o.max_utilization);
    request.providers = o.providers;
    if (!o.providers.empty() && !request.tokens && !o.tokens_from_metrics) {
      throw usage_error("--provider compares APIs for the tokens served: give --tokens or --tokens-from-metrics too");
    }
    if (o.tokens_from_metrics && request.tokens) throw usage_error("give --tokens or --tokens-from-metrics, not both");

    if (o.metrics.empty() == o.prometheus.url.empty()) {
      throw usage_error("give a metrics FILE or --prometheus URL (one of them)");
    }
    if (o.prometheus.url.empty() && (!o.prometheus.start.empty() || !o.prometheus.end.empty())) {
      throw usage_error("--start and --end choose the range read from --prometheus; a file holds its own");
    }
    if (!o.prometheus.url.empty()) {
      query = prometheus_query(o.prometheus,
                               queried_metrics(request.power_usd_per_kwh.has_value(), o.tokens_from_metrics));
      if (!o.period.empty()) throw usage_error("--period is for a single scrape without timestamps, not --prometheus");
    } else {
      o.catalog.other_inputs.push_back(o.metrics);  // "-": the file stdin reads, if it is one
    }
    if (!o.output.output.empty() && o.output.output != "-") refuse_input_as_output(o.output.output, o.catalog);
    if (!o.plot.empty()) refuse_input_as_output(o.plot, o.catalog, "--plot");
    refuse_same_outputs({{"--output", o.output.output}, {"--plot", o.plot}});
  };
  const auto evaluate = [&](const LoadedCatalog& loaded) {
    UsageAccumulator accumulator(usage_options, loaded.catalog);
    std::optional<TokenCounter> tokens;
    if (o.tokens_from_metrics) tokens.emplace(usage_options.by);
    Sinks sinks{accumulator, tokens};
    std::vector<std::string> server_warnings;
    const std::string input = query ? fmt::format("{} from {} to {} every {:g}s", redacted_url(query->url),
                                                  format_timestamp(query->start_s), format_timestamp(query->end_s), query->step_s)
                                    : (o.metrics == "-" ? "stdin" : o.metrics);
    long long requests = 0;
    const ReadStats stats =
        query ? read_server(*query, sinks, server_warnings, requests) : read_file(o.metrics, sinks);
    if (stats.samples == sinks.token_samples) {
      throw input_error(fmt::format("{}: no DCGM_FI_DEV_GPU_UTIL, DCGM_FI_PROF_GR_ENGINE_ACTIVE, DCGM_FI_DEV_FB_USED or "
                                    "DCGM_FI_DEV_POWER_USAGE samples",
                                    input));
    }
    if (tokens) {
      request.measured_tokens = tokens->finish();
      if (sinks.token_samples == 0) {
        server_warnings.push_back("--tokens-from-metrics: no prompt_tokens_total or generation_tokens_total samples "
                                  "(NIM's, or vLLM's with the vllm: prefix) were read");
      }
    }
    AttributionReport report = evaluate_attribution(loaded.catalog, request, accumulator.finish());
    report.warnings.insert(report.warnings.begin(), server_warnings.begin(), server_warnings.end());
    report.input = input;
    report.lines = stats.lines;
    report.requests = requests;
    report.other_metrics = stats.other_metrics;
    report.max_gap_s = usage_options.max_gap_s;
    return report;
  };
  const auto plot = [&](const AttributionReport& report) {
    if (!o.plot.empty()) write_file(o.plot, render_attribution_svg(report), o.catalog, "--plot");
  };
  run_report<AttributionReport>(o.output, o.catalog,
                                {.check = check,
                                 .evaluate = evaluate,
                                 .json = attribution_json,
                                 .document = attribution_document,
                                 .write_extras = plot,
                                 .pictures = [](const AttributionReport& report) {
                                   return std::vector<std::string>{render_attribution_svg(report)};
                                 }});
  return 0;
}

}  // namespace

Command attribute_command() {
  return {"attribute", "GPU-hours, utilization and cost per team from DCGM exporter metrics",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<AttributeOptions>();
            app.add_option("metrics", o->metrics,
                           "DCGM exporter scrape(s) in Prometheus text format, or a query_range JSON; gzip is fine; "
                           "- for stdin (or --prometheus)")
                ->type_name("FILE");
            app.add_option("--by", o->by, "Group by namespace (default), pod, container, gpu, node or model")
                ->type_name("KEY");
            app.add_option("--rental", o->rental, "Price GPU-hours at this rental offer")->type_name("ID");
            app.add_option("--plot", o->plot, "Write cost per group (busy and idle) and realized $/M as an SVG file")
                ->type_name("FILE.svg");
            app.add_option("--gpu-hourly-usd", o->gpu_hourly_usd, "Price GPU-hours at X USD")->type_name("X");
            app.add_option("--license", o->license, "NIM license plan per GPU-hour (default enterprise-annual)")
                ->type_name("PLAN");
            app.add_option("--power-usd-per-kwh", o->power_usd_per_kwh,
                           "Add power cost from DCGM_FI_DEV_POWER_USAGE at X USD/kWh")
                ->type_name("X");
            app.add_option("--period", o->period, "What a single scrape without timestamps covers: 30d, 720h ...")
                ->type_name("DURATION");
            app.add_option("--max-gap", o->max_gap,
                           "Longest interval between samples still charged (default 5m, Prometheus' staleness)")
                ->type_name("DURATION");
            app.add_option("--tokens", o->tokens, "Tokens served in the period: effective $/M against the APIs")
                ->type_name("QTY");
            app.add_option("--input-share", o->input_share, "Input share of those tokens (default 1/3)")->type_name("F");
            app.add_option("--max-utilization", o->max_utilization,
                           "Target utilization for the 'at target' $/M (default 0.6)")
                ->type_name("F");
            app.add_flag("--tokens-from-metrics", o->tokens_from_metrics,
                         "Count tokens served from NIM/vLLM counters: realized $/M per group and model");
            add_provider_flag(app, o->providers);
            add_prometheus_flags(app, o->prometheus);
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Examples:\n"
                       "  nimcost attribute metrics.prom --rental runpod-h100-sxm\n"
                       "  nimcost attribute scrape.prom --period 30d --gpu-hourly-usd 0.35 --by pod\n"
                       "  nimcost attribute --prometheus http://prom:9090 --start 30d --rental runpod-h100-sxm\n"
                       "  NIMCOST_PROMETHEUS_TOKEN=... nimcost attribute --prometheus https://mimir/prometheus \\\n"
                       "      --header 'X-Scope-OrgID: ml' --start 2026-11-01 --end 2026-12-01 --format json");
            return [o] { return run_attribute(*o); };
          }};
}

}  // namespace nimcost::cli
