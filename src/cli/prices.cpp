// `nimcost prices`: the catalog as loaded (built-in, --data, --catalog), filterable, with every
// figure's source and date.
#include "commands.hpp"
#include "common.hpp"

#include <nimcost/scenario.hpp>

namespace nimcost::cli {

namespace {

struct PricesOptions {
  OutputOptions output;
  CatalogOptions catalog;
  std::string kind = "all";
  std::string filter;
};

int run_prices(const PricesOptions& o) {
  check_output_options(o.output);
  const LoadedCatalog loaded = load_catalog_for(o.catalog);
  const PricesReport report = evaluate_prices(loaded.catalog, o.kind, o.filter);
  emit(o.output, o.catalog, prices_json(report, render_context(loaded)), [&] { return prices_document(report); });
  return 0;
}

}  // namespace

Command prices_command() {
  return {"prices", "The price and hardware catalog, with sources and dates",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<PricesOptions>();
            app.add_option("--kind", o->kind, "What to list: all, api, gpu, rental, license or model")
                ->type_name("KIND")
                ->default_str("all");
            app.add_option("--filter", o->filter, "Only entries whose ID, name, provider or vendor contains TEXT")
                ->type_name("TEXT");
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Examples:\n"
                       "  nimcost prices --kind api --filter anthropic\n"
                       "  nimcost prices --kind rental --format csv");
            return [o] { return run_prices(*o); };
          }};
}

}  // namespace nimcost::cli
