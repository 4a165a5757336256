// Scenario files: TOML that says which workload to cost, which APIs to compare and which fleet
// would serve it, plus any catalog entries to add or re-price ([[api_model]], [[rental]], ...).
// A scenario may `include` others (paths relative to the including file): included files are read
// first and the including file's keys win. Unknown keys are input errors naming file, line and
// key, with the nearest known key.
#pragma once

#include <nimcost/load/catalog_toml.hpp>
#include <nimcost/resolve/scenario.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace nimcost {

struct LoadedScenario {
  ScenarioSpec spec;
  std::vector<CatalogSource> catalog_sources;  // files that hold catalog tables, in include order
};

// Text of a file by path; throws an input error when it cannot be read.
using ReadText = std::function<std::string(const std::filesystem::path&)>;

// Reads `path` and everything it includes through `read` (so tests and the fuzzer need no files).
LoadedScenario load_scenario(const std::filesystem::path& path, const ReadText& read);

// The same, reading from disk.
LoadedScenario read_scenario_file(const std::filesystem::path& path);

}  // namespace nimcost
