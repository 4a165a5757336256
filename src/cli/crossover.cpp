// `nimcost crossover`: every API model against a self-hosted NIM fleet at one monthly volume, with
// the break-even volume and required utilization per API and a one-line verdict. --from-report
// takes the volume, mix and fleet an `nimcost attribute` report measured.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/base/error.hpp>
#include <nimcost/evaluate/attribute.hpp>
#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/evaluate/sweep.hpp>
#include <nimcost/load/attribute_input.hpp>
#include <nimcost/report/crossover_report.hpp>

namespace nimcost::cli {

namespace {

struct CrossoverOptions {
  VolumeOptions volume;
  std::string from_report;
};

// The measured workload and fleet where the flags do not say otherwise: the volume and mix, the
// GPUs as many as the report's GPU-hours kept busy on average, its GPU and its price.
void apply_measured(const Catalog& catalog, const MeasuredFleet& m, const VolumeOptions& o, CrossoverRequest& r) {
  if (!o.workload.tokens.empty()) throw usage_error("--from-report gives the volume; drop --tokens");
  r.workload.tokens = Tokens(m.monthly_tokens);
  if (!r.workload.input_share) r.workload.input_share = m.input_share;
  if (!r.selfhost.gpus && !r.selfhost.purchase) r.selfhost.gpus = m.gpus;
  const bool priced = r.selfhost.rental || r.selfhost.gpu_hourly_usd || r.selfhost.gpu_monthly_usd || r.selfhost.purchase;
  if (!r.selfhost.gpu && !m.gpu_model.empty()) {
    if (const GpuSku* g = gpu_for_model_name(catalog, m.gpu_model)) r.selfhost.gpu = g->id;
  }
  if (!priced && m.rental) r.selfhost.rental = m.rental;
  if (!priced && !m.rental && m.usd_per_gpu_hour) r.selfhost.gpu_hourly_usd = m.usd_per_gpu_hour;
}

// The page's picture: every compared option's cost from a thirtieth to thirty times the volume, marked.
std::string cost_curves(const Catalog& catalog, const CrossoverRequest& request) {
  SweepRequest sweep;
  sweep.base = request;
  const double given = request.workload.tokens ? request.workload.tokens->value : 0.0;
  const double tokens = given > 0.0 ? given : 1e9;
  sweep.from = Tokens(tokens / 30.0);
  sweep.to = Tokens(tokens * 30.0);
  return render_sweep_svg(evaluate_sweep(catalog, sweep));
}

int run_crossover(CrossoverOptions o) {
  std::optional<MeasuredFleet> measured;
  const Catalog* catalog = nullptr;  // for the page's picture, while run_report holds it loaded
  CrossoverRequest used;
  const auto check = [&] {
    if (o.from_report.empty() && o.volume.workload.tokens.empty()) throw usage_error("give --tokens or --from-report");
    if (!o.from_report.empty()) {
      o.volume.catalog.other_inputs.push_back(o.from_report);  // never the --output
      CrossoverRequest probe = make_request(o.volume);
      measured = read_attribute_report(o.from_report, probe.selfhost.hours_per_month.value_or(730.0));
    }
  };
  run_report<CrossoverReport>(o.volume.output, o.volume.catalog,
                              {.check = check,
                               .evaluate =
                                   [&](const LoadedCatalog& l) {
                                     CrossoverRequest request = make_request(o.volume);
                                     if (measured) apply_measured(l.catalog, *measured, o.volume, request);
                                     CrossoverReport report = evaluate_crossover(l.catalog, request);
                                     report.measured = measured;
                                     catalog = &l.catalog;
                                     used = request;
                                     return report;
                                   },
                               .json = crossover_json,
                               .document = crossover_document,
                               .pictures = [&](const CrossoverReport&) {
                                 return std::vector<std::string>{cost_curves(*catalog, used)};
                               }});
  return 0;
}

}  // namespace

Command crossover_command() {
  return {"crossover", "API cost vs a self-hosted NIM fleet at one volume, with break-even points",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<CrossoverOptions>();
            add_volume_options(app, o->volume, false);
            app.add_option("--from-report", o->from_report,
                           "An attribute JSON report: its measured volume, mix and fleet are the workload")
                ->type_name("FILE");
            app.footer("Examples:\n"
                       "  nimcost crossover --tokens 500M\n"
                       "  nimcost crossover --tokens 2B --provider gpt-4.1 --provider mistral --input-share 0.75\n"
                       "  nimcost crossover --tokens 500M --gpus 1 --license none --format json\n"
                       "  nimcost attribute --prometheus URL --start 30d --tokens-from-metrics --format json -o a.json\n"
                       "  nimcost crossover --from-report a.json");
            return [o] { return run_crossover(*o); };
          }};
}

}  // namespace nimcost::cli
