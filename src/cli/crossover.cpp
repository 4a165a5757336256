// `nimcost crossover`: every API model against a self-hosted NIM fleet at one monthly volume, with
// the break-even volume and required utilization per API and a one-line verdict.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/evaluate/crossover.hpp>
#include <nimcost/report/crossover_report.hpp>

namespace nimcost::cli {

namespace {

int run_crossover(const VolumeOptions& o) {
  run_report<CrossoverReport>(o.output, o.catalog,
                              {.evaluate = [&](const LoadedCatalog& l) { return evaluate_crossover(l.catalog, make_request(o)); },
                               .json = crossover_json,
                               .document = crossover_document});
  return 0;
}

}  // namespace

Command crossover_command() {
  return {"crossover", "API cost vs a self-hosted NIM fleet at one volume, with break-even points",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<VolumeOptions>();
            add_volume_options(app, *o);
            app.footer("Examples:\n"
                       "  nimcost crossover --tokens 500M\n"
                       "  nimcost crossover --tokens 2B --provider gpt-4.1 --provider mistral --input-share 0.75\n"
                       "  nimcost crossover --tokens 500M --gpus 1 --license none --format json");
            return [o] { return run_crossover(*o); };
          }};
}

}  // namespace nimcost::cli
