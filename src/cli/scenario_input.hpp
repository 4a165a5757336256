// What run and diff share: scenario files evaluated against the catalog (built in or --data, then
// --catalog files, then each scenario's own entries), and reports read back as diff snapshots.
#pragma once

#include "common.hpp"

#include <nimcost/load/scenario_toml.hpp>
#include <nimcost/model/report_snapshot.hpp>
#include <nimcost/report/run_report.hpp>

#include <string>
#include <vector>

namespace nimcost::cli {

// Evaluates each scenario file; errors name the file. Every file read (includes too) joins
// catalog.other_inputs, so no output overwrites it.
// `read` (default: the files on disk, "-" stdin) gives a file's text.
RunReport evaluate_scenario_files(const std::vector<std::string>& files, CatalogOptions& catalog,
                                  const ReadText& read = {});

// Version and catalog sources (built in or --data, then --catalog) for a report's envelope.
RenderContext scenario_context(const CatalogOptions& catalog);

// The JSON `run` writes for a report.
nlohmann::ordered_json run_report_json(const RunReport& report, const CatalogOptions& catalog);

// A side of a diff: a JSON report (run or crossover) as written, or scenario files evaluated now.
ReportSnapshot snapshot_of(const std::string& file, CatalogOptions& catalog);

// The base side: as snapshot_of, or with `allow_missing` a base of no scenarios when the file does not
// exist (the first pull request that adds cost files has nothing to compare against).
ReportSnapshot base_snapshot_of(const std::string& file, bool allow_missing, CatalogOptions& catalog);

}  // namespace nimcost::cli
