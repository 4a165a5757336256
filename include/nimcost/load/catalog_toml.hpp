// Loading the catalog from TOML text. Sources are merged in order: an entry whose ID is already
// known replaces the fields it gives (so a user file can re-price gpt-4.1 in two lines plus its
// source and as_of), a new ID adds an entry. Unknown keys, missing fields, bad numbers and dangling
// references are input errors that name the file, line and key.
#pragma once

#include <nimcost/catalog/catalog.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace nimcost {

// One TOML document and the name to use for it in messages (a path, or "data/x.toml (built in)").
struct CatalogSource {
  std::string name;
  std::string text;
  // Top-level keys another reader owns and the catalog skips (a scenario file's [workload], ...).
  std::vector<std::string> other_keys = {};
  // Compiled into the binary (data/*.toml), not input: the nesting check that guards the parser's
  // stack against hostile files is skipped (it cost a twentieth of a crossover process).
  bool built_in = false;
  // Built in: the file parsed when nimcost was built, as packed tables (text is then empty).
  std::string_view packed{};
};

// Parses and merges the sources, then checks the result as a whole. Pure: no file access.
Catalog load_catalog(const std::vector<CatalogSource>& sources);

// The data/*.toml files compiled into the binary, in file-name order.
std::vector<CatalogSource> embedded_catalog_sources();
// The newest as_of date in those files.
std::string embedded_catalog_newest_as_of();

// Reads one file (an input error when it cannot be read).
CatalogSource read_catalog_file(const std::filesystem::path& path);

// Reads every *.toml file in a directory, in file-name order (an input error when there is none).
std::vector<CatalogSource> read_catalog_dir(const std::filesystem::path& dir);

}  // namespace nimcost
