// `nimcost plan`: the cheapest way to serve a workload at a quality and latency target, searched
// over served models, GPUs, precisions, tensor parallelism, hosting offers and fleet policies, and
// every API of the quality. From flags or a scenario file.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/base/limits.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/plan.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/load/text_file.hpp>

namespace nimcost::cli {

namespace {

struct PlanOptions {
  OutputOptions output;
  CatalogOptions catalog;
  WorkloadFlags workload;
  ReplicaFlags replica;  // engine, lengths and the latency target; model is --model
  SelfHostFlags selfhost;
  std::vector<std::string> providers, gpus, precisions, tps;
  std::string scenario, profile, min_quality, max_slo_violation, seed = "1", seeds, search_seeds;
  std::string shortlist, top = "12", threads, plot;
};

// The self-hosting template's flags over a scenario file's [selfhost]: what is given wins.
void apply_template_flags(const PlanOptions& o, const CrossoverRequest& flags, SelfHostRequest& to) {
  const SelfHostRequest& from = flags.selfhost;
  if (!o.selfhost.license.empty()) to.license = from.license;
  if (!o.selfhost.hours_per_month.empty()) to.hours_per_month = from.hours_per_month;
  if (!o.selfhost.ops_monthly_usd.empty()) to.ops_monthly_usd = from.ops_monthly_usd;
  ReplicaRequest replica = to.replica.value_or(*from.replica);
  if (!o.replica.engine.empty()) replica.engine = from.replica->engine;
  if (!o.replica.isl.empty()) replica.isl = from.replica->isl;
  if (!o.replica.osl.empty()) replica.osl = from.replica->osl;
  to.replica = replica;
}

// The workload, APIs and self-hosting template from flags (one part) or the scenario file.
ScenarioSpec plan_spec(const PlanOptions& o, std::vector<CatalogSource>& extra, CatalogOptions& catalog) {
  VolumeOptions v;
  v.workload = o.workload;
  v.selfhost = o.selfhost;
  v.providers = o.providers;
  ReplicaFlags template_flags = o.replica;
  template_flags.model = "template";  // each configuration names its own
  v.replica = template_flags;
  ScenarioSpec spec;
  if (!o.scenario.empty()) {
    LoadedScenario loaded = read_scenario_file(o.scenario);
    catalog.other_inputs.insert(catalog.other_inputs.end(), loaded.spec.files.begin(), loaded.spec.files.end());
    extra.insert(extra.end(), loaded.catalog_sources.begin(), loaded.catalog_sources.end());
    spec = loaded.spec;
    apply_template_flags(o, make_request(v), spec.request.selfhost);
  } else {
    if (o.workload.tokens.empty()) throw usage_error("give --tokens (per month) or a scenario file");
    spec.name = "plan";
    spec.file = "(flags)";
    spec.request = make_request(v);
    WorkloadPart part;
    part.name = "workload";
    part.tokens = spec.request.workload.tokens;
    part.input_share = spec.request.workload.input_share;
    part.cached_input_share = spec.request.workload.cached_input_share;
    if (!o.profile.empty()) part.profile = o.profile;
    spec.parts = {part};
  }
  return spec;
}

// The scenario's [plan] table (if any), then the flags given over it.
PlanRequest plan_request(const PlanOptions& o, const ScenarioSpec& spec) {
  PlanRequest request = plan_request_for(spec);
  const LatencyTarget target = make_latency_target(o.replica);
  if (target.ttft_ms) request.spec.request.selfhost.target.ttft_ms = target.ttft_ms;
  if (target.tpot_ms) request.spec.request.selfhost.target.tpot_ms = target.tpot_ms;
  if (!o.replica.model.empty() || !o.min_quality.empty()) {
    request.model.reset();
    request.min_quality.reset();
  }
  if (!o.replica.model.empty()) request.model = o.replica.model;
  if (auto v = optional_number("--min-quality", o.min_quality, "a quality score")) request.min_quality = *v;
  if (!o.gpus.empty()) request.gpus = o.gpus;
  if (!o.precisions.empty()) request.precisions = o.precisions;
  if (!o.tps.empty()) request.tps.clear();
  for (const auto& tp : o.tps) request.tps.push_back(*optional_count("--tp", tp, 1, k_max_tp));
  if (auto v = optional_fraction("--max-slo-violation", o.max_slo_violation)) request.max_slo_violation = *v;
  request.seed = static_cast<std::uint64_t>(flag_value("--seed", o.seed, [](const std::string& t) { return parse_count(t, 0); }));
  if (auto v = optional_count("--seeds", o.seeds, 1, k_max_seeds)) request.seeds = *v;
  if (auto v = optional_count("--search-seeds", o.search_seeds, 1, k_max_seeds)) request.search_seeds = *v;
  if (auto v = optional_count("--shortlist", o.shortlist, 1, 100000)) request.shortlist = *v;
  request.threads = optional_count("--threads", o.threads, 1, 1024).value_or(0);
  return request;
}

int run_plan(PlanOptions o) {
  std::vector<CatalogSource> extra;
  ScenarioSpec spec;
  std::size_t top = 12;
  const auto check = [&] {
    spec = plan_spec(o, extra, o.catalog);
    top = static_cast<std::size_t>(optional_count("--top", o.top, 1, 100000).value_or(12));
    if (parse_format(o.output.format) == Format::csv) top = 0;
    if (!o.plot.empty()) refuse_input_as_output(o.plot, o.catalog, "--plot");
    refuse_same_outputs({{"--output", o.output.output}, {"--plot", o.plot}});
  };
  const auto evaluate = [&](const LoadedCatalog& loaded) {
    const PlanRequest request = plan_request(o, spec);
    Progress progress;
    try {
      return evaluate_plan(loaded.catalog, request, [&](int done, int total) {
        progress.show([&] {
          return fmt::format("planning: {}/{} configurations simulated{}", done, total, progress.time_left(done, total));
        });
      });
    } catch (const Error& e) {
      // Core messages speak of flags; what a scenario file set is the file's to fix.
      const std::string message = e.what();
      if (o.scenario.empty() || message.rfind("--", 0) == 0 || message.rfind(input_name(o.scenario), 0) == 0) throw;
      throw input_error(fmt::format("{}: {}", input_name(o.scenario), message));
    }
  };
  run_report<PlanReport>(o.output, o.catalog,
                         {.check = check,
                          .sources = [&] { return extra; },
                          .evaluate = evaluate,
                          .json = plan_json,
                          .document = [&](const PlanReport& report) { return plan_document(report, top); },
                          .write_extras = [&](const PlanReport& report) {
                            if (!o.plot.empty()) write_file(o.plot, render_plan_svg(report), o.catalog, "--plot");
                          },
                          .pictures = [](const PlanReport& report) { return std::vector<std::string>{render_plan_svg(report)}; }});
  return 0;
}

}  // namespace

Command plan_command() {
  return {"plan", "Search the cheapest way to serve a workload at a quality and latency target",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<PlanOptions>();
            CLI::Option* scenario = app.add_option("scenario", o->scenario, "A scenario file (its workloads, APIs and "
                                                   "license)")->type_name("SCENARIO.toml");
            const std::size_t first = app.get_options().size();
            add_workload_flags(app, o->workload, false);
            app.add_option("--profile", o->profile, "Traffic profile: realtime (default), batch, or any ID of nimcost "
                           "prices --kind profile")->type_name("P");
            add_provider_flag(app, o->providers);
            exclude_with_scenario(app, first, scenario);
            app.add_option("--model", o->replica.model, "Search this served model only (default: every one of the quality)")
                ->type_name("ID");
            app.add_option("--min-quality", o->min_quality, "Quality score to reach (default: --model's, else "
                           "llama-3.3-70b's; nimcost prices --kind quality)")->type_name("X");
            const auto list = [&](const char* flag, std::vector<std::string>& to, const char* help, const char* type) {
              app.add_option(flag, to, help)->type_name(type)->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->delimiter(',');
            };
            list("--gpu", o->gpus, "Only these GPUs (repeatable or comma-separated; default: every one with an "
                 "on-demand offer)", "ID");
            list("--precision", o->precisions, "Only these precisions (default: bf16, fp8, int4, fp4 where the GPU runs them)", "P");
            list("--tp", o->tps, "Only these tensor-parallel degrees (default: 1, 2, 4, 8)", "N");
            app.add_option("--ttft-ms", o->replica.ttft_ms, "Time to first token target (default: the profile's)")->type_name("MS");
            app.add_option("--tpot-ms", o->replica.tpot_ms, "Time per output token target (default: the profile's)")->type_name("MS");
            app.add_option("--max-slo-violation", o->max_slo_violation, "Allowed SLO-violating time (default 0.01)")->type_name("F");
            app.add_option("--engine", o->replica.engine, "Engine calibration: trtllm (default), trtllm-pytorch, vllm, sglang, nim")
                ->type_name("E");
            app.add_option("--isl", o->replica.isl, "Prompt tokens per request (default: 2000 split by the input share)")->type_name("N");
            app.add_option("--osl", o->replica.osl, "Output tokens per request")->type_name("N");
            app.add_option("--license", o->selfhost.license, "NIM license (default enterprise-annual)")->type_name("PLAN");
            app.add_option("--hours-per-month", o->selfhost.hours_per_month, "Hours per month (default 730)")->type_name("H");
            app.add_option("--ops-monthly-usd", o->selfhost.ops_monthly_usd, "Fixed operations overhead per month")->type_name("X");
            app.add_option("--shortlist", o->shortlist, "The most configurations simulated, cheapest estimate first; those whose lower bound is above the best found are skipped (default 24)")
                ->type_name("N");
            app.add_option("--search-seeds", o->search_seeds, "Monte Carlo months per shortlisted fleet (default 4)")->type_name("N");
            app.add_option("--seeds", o->seeds, "Monte Carlo months for the winner (default 100)")->type_name("N");
            app.add_option("--seed", o->seed, "First random seed (default 1)")->type_name("N");
            app.add_option("--top", o->top, "Candidates in the table (default 12; CSV lists every one, a column per figure)")->type_name("N");
            app.add_option("--threads", o->threads, "Threads for the seeds (default: all cores)")->type_name("N");
            app.add_option("--plot", o->plot, "Write the candidates' cost against TPOT and the Pareto front as SVG")
                ->type_name("FILE.svg");
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Examples:\n"
                       "  nimcost plan --tokens 2B --ttft-ms 1000 --tpot-ms 40\n"
                       "  nimcost plan --tokens 20B --model llama-3.3-70b --gpu h100-sxm,h200 --plot plan.svg\n"
                       "  nimcost plan --tokens 5B --profile batch --min-quality 1350\n"
                       "  nimcost plan examples/mixed-workload.toml --format json");
            return [o] { return run_plan(*o); };
          }};
}

}  // namespace nimcost::cli
