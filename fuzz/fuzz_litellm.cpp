// Fuzz target for `nimcost prices import-litellm`: the input is imported as a LiteLLM price table,
// and whatever it yields is written as a catalog file and loaded back over the built-in catalog.
// Import must succeed or raise nimcost::Error, and what it writes must always load.
#include <nimcost/base/error.hpp>
#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/load/litellm.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto builtin = nimcost::embedded_catalog_sources();
  static const nimcost::Catalog catalog = nimcost::load_catalog(builtin);
  const std::string text(reinterpret_cast<const char*>(data), size);
  nimcost::LiteLlmImport im;
  try {
    im = nimcost::import_litellm(text, "fuzz.json", "2026-11-25", catalog);
  } catch (const nimcost::Error&) {
    return 0;
  }
  if (im.models.empty()) return 0;
  auto sources = builtin;
  sources.push_back({"litellm.toml", nimcost::litellm_catalog_toml(im)});
  try {
    (void)nimcost::load_catalog(sources);
  } catch (const nimcost::Error&) {
    std::abort();  // the importer wrote a catalog nimcost cannot load
  }
  return 0;
}
