// `nimcost simulate`: a month of traffic against a fleet (fixed, autoscaled or hybrid), Monte Carlo
// over seeds, from flags or a scenario file; --optimize searches the policy and fleet size.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/base/limits.hpp>
#include <nimcost/base/quantity.hpp>
#include <nimcost/evaluate/simulate.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/model/fleet_sim.hpp>
#include <nimcost/report/simulate_report.hpp>
#include <nimcost/resolve/request.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <filesystem>

namespace nimcost::cli {

namespace {

struct SimulateOptions {
  VolumeOptions volume;
  std::string scenario;
  std::string tokens_per_day;
  std::string policy, min_replicas, max_replicas, scale_up_delay, scale_down_after, target_utilization;
  std::string committed, committed_rental, spot, spot_rental, interruptions_per_day, mean_interruption;
  std::string batch_window, billing, step = "1m", seed = "1", seeds = "100", max_slo_violation, threads;
  std::string plot;
  bool optimize = false;
  bool break_even = false;
  bool realtime_to_api = false;
};

std::optional<double> duration_flag(const char* flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  return flag_value(flag, text, [](const std::string& t) { return parse_duration(t); });
}

int run_simulate(SimulateOptions o) {
  SimulateRequest request;
  std::vector<CatalogSource> extra;
  std::string profile;
  const auto check = [&] {
    // --profile FILE: a catalog file of [[traffic_profile]] entries; its first one is the profile.
    profile = o.volume.profile;
    const bool profile_file = !profile.empty() && (profile == "-" || std::filesystem::path(profile).extension() == ".toml" ||
                                                   std::filesystem::exists(profile));
    if (profile_file) {
      extra.push_back(read_catalog_file(profile));
      o.volume.catalog.other_inputs.push_back(profile);
      profile.clear();
    }

    if (!o.scenario.empty()) {
      LoadedScenario loaded = read_scenario_file(o.scenario);
      auto& inputs = o.volume.catalog.other_inputs;
      inputs.insert(inputs.end(), loaded.spec.files.begin(), loaded.spec.files.end());
      request.spec = loaded.spec;
      extra.insert(extra.end(), loaded.catalog_sources.begin(), loaded.catalog_sources.end());
    } else {
      if (o.volume.workload.tokens.empty() == o.tokens_per_day.empty()) {
        throw usage_error("give --tokens (per month) or --tokens-per-day, or a scenario file");
      }
      VolumeOptions v = o.volume;
      v.profile.clear();  // a traffic profile here, not crossover's sizing profile
      const CrossoverRequest base = make_request(v);
      request.spec.name = "simulate";
      request.spec.file = "(flags)";
      request.spec.request = base;
      WorkloadPart part;
      part.name = "workload";
      if (!o.tokens_per_day.empty()) {
        part.tokens_per_day = flag_value("--tokens-per-day", o.tokens_per_day, [](const std::string& t) { return parse_tokens(t); });
      } else {
        part.tokens = base.workload.tokens;
      }
      part.input_share = base.workload.input_share;
      part.cached_input_share = base.workload.cached_input_share;
      request.spec.parts = {part};
    }
    if (!o.plot.empty()) refuse_input_as_output(o.plot, o.volume.catalog, "--plot");
    refuse_same_outputs({{"--output", o.volume.output.output}, {"--plot", o.plot}});
  };
  const auto evaluate = [&](const LoadedCatalog& loaded) {
    if (!o.volume.profile.empty()) {
      if (profile.empty()) {
        // The profile file's first traffic profile (by its position among the catalog's).
        const auto& all = loaded.catalog.traffic_profiles;
        for (const auto& t : all) {
          if (t.provenance.origin.rfind(input_name(o.volume.profile), 0) == 0) {
            profile = t.id;
            break;
          }
        }
        if (profile.empty()) throw input_error(input_name(o.volume.profile) + ": no [[traffic_profile]] in this file");
      }
      for (auto& part : request.spec.parts) part.profile = profile;
    }

    if (!o.policy.empty()) request.policy = flag_value("--policy", o.policy, [](const std::string& t) { return parse_policy(t); });
    request.min_replicas = optional_count("--min-replicas", o.min_replicas, 0, 100000);
    request.max_replicas = optional_count("--max-replicas", o.max_replicas, 1, 100000);
    request.scale_up_delay_s = duration_flag("--scale-up-delay", o.scale_up_delay);
    request.scale_down_after_s = duration_flag("--scale-down-after", o.scale_down_after);
    request.target_utilization = optional_fraction("--target-utilization", o.target_utilization);
    request.committed_replicas = optional_count("--committed", o.committed, 0, 100000);
    if (!o.committed_rental.empty()) request.committed_rental = o.committed_rental;
    request.spot_replicas = optional_count("--spot", o.spot, 0, 100000);
    if (!o.spot_rental.empty()) request.spot_rental = o.spot_rental;
    request.interruptions_per_day = optional_number("--interruptions-per-day", o.interruptions_per_day, "a rate per day");
    request.mean_interruption_s = duration_flag("--mean-interruption", o.mean_interruption);
    request.batch_window_s = duration_flag("--batch-window", o.batch_window);
    if (request.batch_window_s && *request.batch_window_s < 60.0) throw usage_error("--batch-window must be at least 1m");
    if (!o.billing.empty()) request.billing = o.billing;
    request.step_s = *duration_flag("--step", o.step);
    request.seed = static_cast<std::uint64_t>(flag_value("--seed", o.seed, [](const std::string& t) { return parse_count(t, 0); }));
    request.seeds = optional_count("--seeds", o.seeds, 1, k_max_seeds).value_or(100);
    request.optimize = o.optimize;
    request.break_even = o.break_even;
    request.realtime_to_api = o.realtime_to_api;
    if (auto v = optional_fraction("--max-slo-violation", o.max_slo_violation)) request.max_slo_violation = *v;
    request.threads = optional_count("--threads", o.threads, 1, 1024).value_or(0);
    Progress progress;
    return evaluate_simulation(loaded.catalog, request, [&](int done, int total) {
      progress.show([&] {
        return total > 0 ? fmt::format("simulating: {}/{} seeds{}", done, total, progress.time_left(done, total))
                         : fmt::format("searching: {} fleets simulated", done);
      });
    });
  };
  run_report<SimulateReport>(o.volume.output, o.volume.catalog,
                             {.check = check,
                              .sources = [&] { return extra; },
                              .evaluate = evaluate,
                              .json = simulate_json,
                              .document = simulate_document,
                              .write_extras = [&](const SimulateReport& report) {
                                if (!o.plot.empty()) write_file(o.plot, render_simulate_svg(report), o.volume.catalog, "--plot");
                              },
                              .pictures = [](const SimulateReport& report) {
                                return std::vector<std::string>{render_simulate_svg(report)};
                              }});
  return 0;
}

}  // namespace

Command simulate_command() {
  return {"simulate", "A month of traffic against a fixed, autoscaled or hybrid fleet, Monte Carlo",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<SimulateOptions>();
            CLI::Option* scenario =
                app.add_option("scenario", o->scenario, "A scenario file (its workloads, APIs and fleet)")
                    ->type_name("SCENARIO.toml");
            const std::size_t before = add_scenario_flags(app, o->volume);
            app.add_option("--tokens-per-day", o->tokens_per_day, "Daily tokens instead of --tokens")->type_name("QTY");
            app.add_option("--profile", o->volume.profile,
                           "Traffic profile ID (nimcost prices --kind profile) or a TOML FILE")
                ->type_name("P|FILE");
            exclude_with_scenario(app, before, scenario, {"--profile"});
            app.add_option("--policy", o->policy, "fixed (default), autoscale or hybrid (fixed base, overflow to the API)")
                ->type_name("P");
            app.add_flag("--realtime-to-api", o->realtime_to_api,
                         "hybrid: every realtime request to the API, the fleet for batch only");
            app.add_option("--min-replicas", o->min_replicas, "autoscale: the floor (default 0)")->type_name("N");
            app.add_option("--max-replicas", o->max_replicas, "autoscale: the ceiling (default twice the sized fleet)")
                ->type_name("N");
            app.add_option("--scale-up-delay", o->scale_up_delay, "autoscale: start-up time, billed (default 5m)")
                ->type_name("DURATION");
            app.add_option("--scale-down-after", o->scale_down_after, "autoscale: release after this long (default 15m)")
                ->type_name("DURATION");
            app.add_option("--target-utilization", o->target_utilization,
                           "autoscale: realtime load per replica (default --max-utilization)")
                ->type_name("F");
            app.add_option("--committed", o->committed,
                           "Replicas on a 1- or 3-year commitment, billed all month (without --gpus: the whole held "
                           "fleet; with it, on top)")
                ->type_name("N");
            app.add_option("--committed-rental", o->committed_rental,
                           "The commitment (default: the GPU's cheapest 1- or 3-year offer)")
                ->type_name("ID");
            app.add_option("--spot", o->spot,
                           "Spot replicas, taken back at random (without --gpus: the whole held fleet; with it, on top)")
                ->type_name("N");
            app.add_option("--spot-rental", o->spot_rental, "The spot offer (default: the GPU's cheapest)")->type_name("ID");
            app.add_option("--interruptions-per-day", o->interruptions_per_day,
                           "Spot: how often a running replica is taken back (default: the offer's)")
                ->type_name("X");
            app.add_option("--mean-interruption", o->mean_interruption,
                           "Spot: mean time until it can start again (default: the offer's)")
                ->type_name("DURATION");
            app.add_option("--batch-window", o->batch_window, "Batch jobs' completion window, e.g. 8h")->type_name("DURATION");
            app.add_option("--billing", o->billing, "per-second, per-minute or per-hour (default: the rental's)")->type_name("UNIT");
            app.add_option("--step", o->step, "Time step, 1s to 1h (default 1m)")->type_name("DURATION");
            app.add_option("--seed", o->seed, "First random seed (default 1)")->type_name("N");
            app.add_option("--seeds", o->seeds, "Monte Carlo months (default 100)")->type_name("N");
            app.add_option("--plot", o->plot, "Write a typical week and day against capacity, and a utilization heat map, as SVG")
                ->type_name("FILE.svg");
            app.add_flag("--optimize", o->optimize, "Search the policy and fleet size of least cost under the SLO");
            app.add_flag("--break-even", o->break_even,
                         "Also find the volume from which a fixed fleet keeps beating the API");
            app.add_option("--max-slo-violation", o->max_slo_violation, "Allowed SLO-violating time (default 0.01)")
                ->type_name("F");
            app.add_option("--threads", o->threads, "Threads for the seeds (default: all cores)")->type_name("N");
            add_catalog_options(app, o->volume.catalog);
            add_output_options(app, o->volume.output);
            app.footer("Utilization is over billed GPU time. The month starts on a Monday at midnight.\n\n"
                       "Examples:\n"
                       "  nimcost simulate --tokens 3B --profile realtime --provider gpt-4.1 --model llama-3.1-8b\n"
                       "  nimcost simulate --tokens-per-day 1B --profile batch --policy autoscale --model llama-3.1-70b\n"
                       "  nimcost simulate examples/mixed-workload.toml --optimize\n"
                       "  nimcost simulate --tokens 3B --model llama-3.1-8b --gpu h100 --policy autoscale --committed 2\n"
                       "  nimcost simulate --tokens 3B --model llama-3.1-8b --gpu h100 --policy hybrid --spot 3 \\\n"
                       "      --interruptions-per-day 2 --mean-interruption 30m");
            return [o] { return run_simulate(*o); };
          }};
}

}  // namespace nimcost::cli
