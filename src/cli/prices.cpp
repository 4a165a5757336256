// `nimcost prices`: the catalog as loaded (built-in, --data, --catalog), filterable, with every
// figure's source and date.
#include "commands.hpp"
#include "common.hpp"
#include "runner.hpp"

#include <nimcost/evaluate/prices.hpp>
#include <nimcost/load/litellm.hpp>
#include <nimcost/load/text_file.hpp>
#include <nimcost/report/prices_report.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace nimcost::cli {

namespace {

struct PricesOptions {
  OutputOptions output;
  CatalogOptions catalog;
  std::string kind = "all";
  std::string filter;
};

struct ImportOptions {
  CatalogOptions catalog;
  std::string file;
  std::string output;
  std::string as_of;
};


// `nimcost prices import-litellm FILE`: the catalog TOML to stdout or --output; the counts on stderr.
int run_import(ImportOptions o) {
  const std::string as_of = as_of_date(o.as_of);
  o.catalog.other_inputs.push_back(o.file);
  if (!o.output.empty() && o.output != "-") refuse_input_as_output(o.output, o.catalog);
  const std::string text = read_text_file(o.file, "the price table");
  const LoadedCatalog loaded = load_catalog_for(o.catalog);
  const std::string name = std::filesystem::path(o.file).filename().string();
  const LiteLlmImport im = import_litellm(text, name, as_of, loaded.catalog);
  if (im.models.empty()) {
    throw input_error(fmt::format("{}: no chat model with a price among {} entries", o.file, im.entries));
  }
  const std::string toml = litellm_catalog_toml(im);
  if (o.output.empty() || o.output == "-") {
    if (std::fwrite(toml.data(), 1, toml.size(), stdout) != toml.size() || std::fflush(stdout) != 0) {
      throw output_error(fmt::format("cannot write the catalog to stdout: {}", std::strerror(errno)));
    }
  } else {
    write_file(o.output, toml, o.catalog);
  }
  std::fprintf(stderr,
               "nimcost: imported %zu chat models of %d entries (skipped %d not chat, %d without a price, %d "
               "duplicates, %d aliases, %d unusable); prices as of %s, sha256 %s\n",
               im.models.size(), im.entries, im.skipped_not_chat, im.skipped_no_price, im.skipped_duplicate,
               im.skipped_alias, im.skipped_invalid, im.as_of.c_str(), im.sha256.substr(0, 12).c_str());
  return 0;
}

int run_prices(const PricesOptions& o) {
  // CSV is one table of one kind of entry: all kinds at once would need a file each.
  if (o.kind == "all" && parse_format(o.output.format) == Format::csv) {
    throw usage_error("--format csv writes one table: give --kind api, gpu, rental, purchase, license, model, profile or quality");
  }
  run_report<PricesReport>(o.output, o.catalog,
                           {.evaluate = [&](const LoadedCatalog& l) { return evaluate_prices(l.catalog, o.kind, o.filter); },
                            .json = prices_json,
                            .document = prices_document});
  return 0;
}

}  // namespace

Command prices_command() {
  return {"prices", "The price and hardware catalog, with sources and dates",
          [](CLI::App& app) -> std::function<int()> {
            auto o = std::make_shared<PricesOptions>();
            app.add_option("--kind", o->kind, "What to list: all, api, gpu, rental, purchase, license, model, profile or quality")
                ->type_name("KIND")
                ->default_str("all");
            app.add_option("--filter", o->filter, "Only entries whose ID, name, provider or vendor contains TEXT")
                ->type_name("TEXT");
            add_catalog_options(app, o->catalog);
            add_output_options(app, o->output);
            app.footer("Examples:\n"
                       "  nimcost prices --kind api --filter anthropic\n"
                       "  nimcost prices --kind rental --format csv\n"
                       "  nimcost prices import-litellm model_prices_and_context_window.json -o litellm.toml");
            auto im = std::make_shared<ImportOptions>();
            CLI::App* import = app.add_subcommand(
                "import-litellm", "Turn LiteLLM's price table (model_prices_and_context_window.json) into a catalog file");
            import->add_option("file", im->file, "LiteLLM's model_prices_and_context_window.json")
                ->required()
                ->type_name("FILE");
            import->add_option("-o,--output", im->output, "Write the catalog TOML to FILE (atomically)")
                ->type_name("FILE");
            import->add_option("--as-of", im->as_of, "Price date when the file has no last_updated (default today)")
                ->type_name("DATE");
            add_catalog_options(*import, im->catalog);
            import->footer("Chat models with an input and output price become [[api_model]] entries with the file's\n"
                           "SHA-256 and date as provenance; other entries are counted and skipped. Merge the result\n"
                           "with --catalog FILE on any command.");
            return [o, im, import] { return *import ? run_import(*im) : run_prices(*o); };
          }};
}

}  // namespace nimcost::cli
