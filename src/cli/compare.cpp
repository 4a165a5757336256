// `nimcost compare`: one $/M-token table across every API model and every rental offer in the
// catalog at one volume, cheapest first.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/evaluate/compare.hpp>
#include <nimcost/report/compare_report.hpp>

namespace nimcost::cli {

namespace {

int run_compare(const VolumeOptions& o) {
  run_report<CompareReport>(o.output, o.catalog,
                            {.evaluate = [&](const LoadedCatalog& l) { return evaluate_compare(l.catalog, make_request(o)); },
                             .json = compare_json,
                             .document = compare_document});
  return 0;
}

}  // namespace

Command compare_command() {
  return {"compare", "$/M tokens across all API models and hosting options at one volume",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<VolumeOptions>();
            add_volume_options(app, *o);
            app.footer("Examples:\n"
                       "  nimcost compare --tokens 1B\n"
                       "  nimcost compare --tokens 1B --provider openai --format markdown");
            return [o] { return run_compare(*o); };
          }};
}

}  // namespace nimcost::cli
